import DilutionScenario
import Testing

/// A scenario text and the whole diagnostic expected for it, `file:line:column: message`.
struct ScenarioErrorCase: Sendable, CustomTestStringConvertible {
    var name: String
    var yaml: String
    var expected: String
    var testDescription: String { name }
}

/// The description of the error `ScenarioLoader` reports for `text` (file "test.yaml"), or `nil` if it loads.
private func loadDiagnostic(_ text: String) -> String? {
    do {
        _ = try ScenarioLoader.load(text: text, file: "test.yaml")
        return nil
    } catch {
        return error.description
    }
}

/// The description of the error running `text` reports, `nil` if it runs; a load error is returned as is.
private func runDiagnostic(_ text: String) -> String? {
    do {
        let loaded = try ScenarioLoader.load(text: text, file: "test.yaml")
        _ = try loaded.run()
        return nil
    } catch {
        return error.description
    }
}

/// Problems the loader finds while reading the file.
private let loadCases: [ScenarioErrorCase] = [
    ScenarioErrorCase(
        name: "YAML syntax error",
        yaml: """
            version: 1
            capitalization:
              common: [1, 2
            events: []
            """,
        expected: "test.yaml:4:7: invalid YAML: did not find expected ',' or ']' "
            + "(while parsing a flow sequence that starts at line 3, column 11)"),
    ScenarioErrorCase(
        name: "unknown top-level key with a suggestion",
        yaml: """
            version: 1
            cascde: sequential
            capitalization:
              common: 1000
            events: []
            """,
        expected: "test.yaml:2:1: unknown key 'cascde' in the scenario; did you mean 'cascade'?"),
    ScenarioErrorCase(
        name: "unknown key in a preferred series",
        yaml: """
            version: 1
            capitalization:
              common: 1000
              preferred:
                - id: series-a
                  shares: 100
                  stated-value: 10
                  convertion-price: 10
            events: []
            """,
        expected: "test.yaml:8:7: unknown key 'convertion-price' in preferred series 'series-a'; "
            + "did you mean 'conversion-price'?"),
    ScenarioErrorCase(
        name: "unknown key in a clause",
        yaml: """
            version: 1
            capitalization:
              common: 1000
              preferred:
                - id: series-a
                  shares: 100
                  stated-value: 10
                  conversion-price: 10
                  clause:
                    type: weighted-average
                    base: broad
                    round-prize: 0.01
            events: []
            """,
        expected: "test.yaml:12:9: unknown key 'round-prize' in the clause of preferred series 'series-a'; "
            + "did you mean 'round-price'?"),
    ScenarioErrorCase(
        name: "missing date in an event",
        yaml: """
            version: 1
            capitalization:
              common: 1000
            events:
              - id: bridge
                type: issue
                cash: 100
                common: 100
            """,
        expected: "test.yaml:5:5: missing key 'date' in event 'bridge'"),
    ScenarioErrorCase(
        name: "missing conversion price",
        yaml: """
            version: 1
            capitalization:
              common: 1000
              preferred:
                - id: series-a
                  shares: 100
                  stated-value: 10
            events: []
            """,
        expected: "test.yaml:5:7: missing key 'conversion-price' in preferred series 'series-a'"),
    ScenarioErrorCase(
        name: "wrong version",
        yaml: """
            version: 2
            capitalization:
              common: 1000
            events: []
            """,
        expected: "test.yaml:1:10: this version of dilution reads scenario format version 1, not 2"),
    ScenarioErrorCase(
        name: "negative shares",
        yaml: """
            version: 1
            capitalization:
              common: 1000
              warrants:
                - id: warrants-a
                  shares: -5
                  exercise-price: 1
            events: []
            """,
        expected: "test.yaml:6:15: 'shares' in warrant tranche 'warrants-a' must be more than zero, not -5"),
    ScenarioErrorCase(
        name: "negative common",
        yaml: """
            version: 1
            capitalization:
              common: -1000
            events: []
            """,
        expected: "test.yaml:3:11: 'common' in the capitalization must be zero or more, not -1000"),
    ScenarioErrorCase(
        name: "zero conversion price",
        yaml: """
            version: 1
            capitalization:
              common: 1000
              preferred:
                - id: series-a
                  shares: 100
                  stated-value: 10
                  conversion-price: 0
            events: []
            """,
        expected: "test.yaml:8:25: 'conversion-price' in preferred series 'series-a' must be more than zero, not 0"),
    ScenarioErrorCase(
        name: "zero exercise price",
        yaml: """
            version: 1
            capitalization:
              common: 1000
              options:
                - id: options-a
                  shares: 100
                  exercise-price: 0.00
            events: []
            """,
        expected: "test.yaml:7:23: 'exercise-price' in option grant 'options-a' must be more than zero, not 0"),
    ScenarioErrorCase(
        name: "negative cash",
        yaml: """
            version: 1
            capitalization:
              common: 1000
            events:
              - id: bridge
                type: issue
                date: 2024-01-01
                cash: -$500
                common: 100
            """,
        expected: "test.yaml:8:11: 'cash' in event 'bridge' must be zero or more, not -500"),
    ScenarioErrorCase(
        name: "a price finer than the engine carries",
        yaml: """
            version: 1
            capitalization:
              common: 1000
              preferred:
                - id: series-a
                  shares: 100
                  stated-value: 10
                  conversion-price: 1.0000000000001
            events: []
            """,
        expected: "test.yaml:8:25: 'conversion-price' in preferred series 'series-a' has more decimal places "
            + "than a price carries (12): 1.0000000000001"),
    ScenarioErrorCase(
        name: "unknown event type",
        yaml: """
            version: 1
            capitalization:
              common: 1000
            events:
              - id: bridge
                type: merger
                date: 2024-01-01
            """,
        expected: "test.yaml:6:11: invalid value 'merger' for 'events[0].type'; expected one of 'financing', 'issue', "
            + "'grant', 'exercise', 'expire', 'split', 'convert', 'transfer', 'ipo', 'exit' or 'closing'"),
    ScenarioErrorCase(
        name: "unknown base term with a suggestion",
        yaml: """
            version: 1
            capitalization:
              common: 1000
              preferred:
                - id: series-a
                  shares: 100
                  stated-value: 10
                  conversion-price: 10
                  clause:
                    type: weighted-average
                    base: [common, optons]
            events: []
            """,
        expected: "test.yaml:11:24: unknown base term 'optons'; did you mean 'options'?"),
    ScenarioErrorCase(
        name: "empty base",
        yaml: """
            version: 1
            capitalization:
              common: 1000
              preferred:
                - id: series-a
                  shares: 100
                  stated-value: 10
                  conversion-price: 10
                  clause:
                    type: weighted-average
                    base: []
            events: []
            """,
        expected: "test.yaml:11:15: the base of the clause of preferred series 'series-a' lists no terms, so its "
            + "denominator A + C could be zero; list at least one term or use 'broad' or 'narrow'"),
    ScenarioErrorCase(
        name: "a base naming an unknown instrument",
        yaml: """
            version: 1
            capitalization:
              common: 1000
              preferred:
                - id: series-a
                  shares: 100
                  stated-value: 10
                  conversion-price: 10
                  clause:
                    type: weighted-average
                    base: [common, "other:notes"]
              other:
                - id: note
                  shares: 50
            events: []
            """,
        expected: "test.yaml:11:24: unknown instrument 'notes' in a clause base; did you mean 'note'?"),
    ScenarioErrorCase(
        name: "exercise of an unknown instrument",
        yaml: """
            version: 1
            capitalization:
              common: 1000
              warrants:
                - id: warrants-a
                  shares: 100
                  exercise-price: 1
            events:
              - type: exercise
                date: 2024-01-01
                instrument: warrant-a
            """,
        expected: "test.yaml:11:17: unknown instrument 'warrant-a'; did you mean 'warrants-a'?"),
    ScenarioErrorCase(
        name: "exercise naming a preferred series",
        yaml: """
            version: 1
            capitalization:
              common: 1000
              preferred:
                - id: series-a
                  shares: 100
                  stated-value: 10
                  conversion-price: 10
            events:
              - type: exercise
                date: 2024-01-01
                instrument: series-a
            """,
        expected: "test.yaml:12:17: 'series-a' is a preferred series, but an event that exercises needs "
            + "a warrant tranche or an option grant"),
    ScenarioErrorCase(
        name: "dates out of order",
        yaml: """
            version: 1
            capitalization:
              common: 1000
            events:
              - id: first
                type: issue
                date: 2024-06-01
                common: 100
              - id: second
                type: issue
                date: 2024-05-31
                common: 100
            """,
        expected: "test.yaml:11:11: event 'second' is dated 2024-05-31, before event 'first' (2024-06-01); "
            + "events must be in date order"),
    ScenarioErrorCase(
        name: "duplicate instrument id",
        yaml: """
            version: 1
            capitalization:
              common: 1000
              preferred:
                - id: series-a
                  shares: 100
                  stated-value: 10
                  conversion-price: 10
              warrants:
                - id: series-a
                  shares: 100
                  exercise-price: 1
            events: []
            """,
        expected: "test.yaml:10:11: the id 'series-a' is already used by the preferred series defined at line 5, "
            + "column 11; instrument ids must be unique"),
    ScenarioErrorCase(
        name: "duplicate instrument id between the capitalization and an event",
        yaml: """
            version: 1
            capitalization:
              common: 1000
              warrants:
                - id: warrants-a
                  shares: 100
                  exercise-price: 1
            events:
              - type: issue
                date: 2024-01-01
                warrants:
                  - id: warrants-a
                    shares: 100
                    exercise-price: 1
            """,
        expected: "test.yaml:12:13: the id 'warrants-a' is already used by the warrant tranche defined at "
            + "line 5, column 11; instrument ids must be unique"),
    ScenarioErrorCase(
        name: "duplicate event id",
        yaml: """
            version: 1
            capitalization:
              common: 1000
            events:
              - id: bridge
                type: issue
                date: 2024-01-01
                common: 100
              - id: bridge
                type: issue
                date: 2024-02-01
                common: 100
            """,
        expected: "test.yaml:9:9: the event id 'bridge' is already used at line 5, column 9"),
    ScenarioErrorCase(
        name: "convert of an unknown series",
        yaml: """
            version: 1
            capitalization:
              common: 1000
              preferred:
                - id: series-a
                  shares: 100
                  stated-value: 10
                  conversion-price: 10
            events:
              - type: convert
                date: 2024-01-01
                instrument: series-b
            """,
        expected: "test.yaml:12:17: unknown instrument 'series-b'; did you mean 'series-a'?"),
    ScenarioErrorCase(
        name: "holders that do not add up to the tranche",
        yaml: """
            version: 1
            capitalization:
              common: 1000
              warrants:
                - id: warrants-a
                  shares: 100
                  exercise-price: 1
                  holders:
                    - name: Harbor Bank
                      shares: 60
                    - name: Keel Credit
                      shares: 30
            events: []
            """,
        expected: "test.yaml:9:9: the holders of warrant tranche 'warrants-a' hold 90 shares in all, "
            + "but the tranche has 100"),
    ScenarioErrorCase(
        name: "rounding step zero",
        yaml: """
            version: 1
            capitalization:
              common: 1000
              preferred:
                - id: series-a
                  shares: 100
                  stated-value: 10
                  conversion-price: 10
                  clause:
                    type: full-ratchet
                    round-price: {step: 0, direction: down}
            events: []
            """,
        expected: "test.yaml:11:29: the rounding step for 'capitalization.preferred[0].clause.round-price.step' "
            + "must be more than zero, not 0"),
    ScenarioErrorCase(
        name: "rounding direction sideways",
        yaml: """
            version: 1
            capitalization:
              common: 1000
              preferred:
                - id: series-a
                  shares: 100
                  stated-value: 10
                  conversion-price: 10
                  clause:
                    type: full-ratchet
                    round-price: {step: 0.01, direction: sideways}
            events: []
            """,
        expected: "test.yaml:11:46: invalid value 'sideways' for "
            + "'capitalization.preferred[0].clause.round-price.direction'; expected one of 'nearest', 'down' or 'up'"),
    ScenarioErrorCase(
        name: "a share rounding step finer than a share count carries",
        yaml: """
            version: 1
            capitalization:
              common: 1000
              preferred:
                - id: series-a
                  shares: 100
                  stated-value: 10
                  conversion-price: 10
                  clause:
                    type: weighted-average
                    base: broad
                    round-consideration-shares: 0.0000001
            events: []
            """,
        expected: "test.yaml:12:37: the rounding step for "
            + "'capitalization.preferred[0].clause.round-consideration-shares' is finer than the engine's resolution "
            + "(6 decimal places): 0.0000001"),
    ScenarioErrorCase(
        name: "a price rounding step finer than a price carries",
        yaml: """
            version: 1
            capitalization:
              common: 1000
              preferred:
                - id: series-a
                  shares: 100
                  stated-value: 10
                  conversion-price: 10
                  clause:
                    type: full-ratchet
                    round-price: {step: 0.0000000000001, direction: up}
            events: []
            """,
        expected: "test.yaml:11:29: the rounding step for 'capitalization.preferred[0].clause.round-price.step' "
            + "is finer than the engine's resolution (12 decimal places): 0.0000000000001"),
    ScenarioErrorCase(
        name: "bad split ratio",
        yaml: """
            version: 1
            capitalization:
              common: 1000
            events:
              - type: split
                date: 2024-01-01
                ratio: "2-1"
            """,
        expected: "test.yaml:7:12: invalid split ratio '2-1' in event 'event-1'; write it as new:old, "
            + "for example '2:1' for a split or '1:10' for a reverse split"),
    ScenarioErrorCase(
        name: "split ratio with a zero",
        yaml: """
            version: 1
            capitalization:
              common: 1000
            events:
              - type: split
                date: 2024-01-01
                ratio: "0:1"
            """,
        expected: "test.yaml:7:12: invalid split ratio '0:1' in event 'event-1'; write it as new:old, "
            + "for example '2:1' for a split or '1:10' for a reverse split"),
    ScenarioErrorCase(
        name: "cascade-order without cascade: sequential",
        yaml: """
            version: 1
            cascade-order: [series-a]
            capitalization:
              common: 1000
              preferred:
                - id: series-a
                  shares: 100
                  stated-value: 10
                  conversion-price: 10
            events: []
            """,
        expected: "test.yaml:2:16: 'cascade-order' applies only to 'cascade: sequential'"),
    ScenarioErrorCase(
        name: "issuance that issues nothing",
        yaml: """
            version: 1
            capitalization:
              common: 1000
            events:
              - id: nothing
                type: financing
                date: 2024-01-01
                cash: 1,000
            """,
        expected: "test.yaml:5:5: event 'nothing' issues nothing: give 'common' or a list of 'preferred', "
            + "'warrants', 'options' or 'other'"),
    ScenarioErrorCase(
        name: "a base term of the wrong kind",
        yaml: """
            version: 1
            capitalization:
              common: 1000
              preferred:
                - id: series-a
                  shares: 100
                  stated-value: 10
                  conversion-price: 10
                  clause:
                    type: weighted-average
                    base: [common, "preferred:warrants-a"]
              warrants:
                - id: warrants-a
                  shares: 100
                  exercise-price: 1
            events: []
            """,
        expected: "test.yaml:11:24: the base term 'preferred:warrants-a' names a warrant tranche, "
            + "not a preferred series; use 'warrant:warrants-a'"),
    ScenarioErrorCase(
        name: "a base term naming an option grant",
        yaml: """
            version: 1
            capitalization:
              common: 1000
              preferred:
                - id: series-a
                  shares: 100
                  stated-value: 10
                  conversion-price: 10
                  clause:
                    type: weighted-average
                    base: [common, "other:options-a"]
              options:
                - id: options-a
                  shares: 100
                  exercise-price: 1
            events: []
            """,
        expected: "test.yaml:11:24: the base term 'other:options-a' names an option grant, not an other security; "
            + "use 'options' (every option grant)"),
    ScenarioErrorCase(
        name: "both stated value and original issue price",
        yaml: """
            version: 1
            capitalization:
              common: 1000
              preferred:
                - id: series-a
                  shares: 100
                  stated-value: 10
                  original-issue-price: 12
                  conversion-price: 10
            events: []
            """,
        expected: "test.yaml:8:29: give either 'stated-value' or 'original-issue-price' in preferred series "
            + "'series-a', not both"),
    ScenarioErrorCase(
        name: "a share count too large to represent",
        yaml: """
            version: 1
            capitalization:
              common: 1000000000000000000000000000000000
            events: []
            """,
        expected: "test.yaml:3:11: 'common' in the capitalization is too large for the engine to represent exactly: "
            + "1000000000000000000000000000000000"),
    ScenarioErrorCase(
        name: "a split ratio too large to represent",
        yaml: """
            version: 1
            capitalization:
              common: 1000
            events:
              - type: split
                date: 2024-01-01
                ratio: "100000:0.0000000000000000000000000000000001"
            """,
        expected: "test.yaml:7:12: the split ratio '100000:0.0000000000000000000000000000000001' in event 'event-1' "
            + "is too large for the engine to represent exactly"),
    ScenarioErrorCase(
        name: "a negative stock dividend",
        yaml: """
            version: 1
            capitalization:
              common: 1000
            events:
              - type: split
                date: 2024-01-01
                stock-dividend: -5%
            """,
        expected: "test.yaml:7:21: 'stock-dividend' in event 'event-1' must be more than zero, not -0.05"),
    ScenarioErrorCase(
        name: "max-rounds without cascade: fixed-point",
        yaml: """
            version: 1
            cascade: sequential
            max-rounds: 10
            capitalization:
              common: 1000
            events: []
            """,
        expected: "test.yaml:3:13: 'max-rounds' applies only to 'cascade: fixed-point'"),
    ScenarioErrorCase(
        name: "max-rounds below one",
        yaml: """
            version: 1
            cascade: fixed-point
            max-rounds: 0
            capitalization:
              common: 1000
            events: []
            """,
        expected: "test.yaml:3:13: 'max-rounds' must be at least 1, not 0"),
    ScenarioErrorCase(
        name: "a grant that issues a preferred series",
        yaml: """
            version: 1
            capitalization:
              common: 1000
              option-pool: 500
            events:
              - id: grant
                type: grant
                date: 2024-01-01
                preferred:
                  - id: series-a
                    shares: 100
                    stated-value: 10
                    conversion-price: 10
            """,
        expected: "test.yaml:6:5: a grant issues options only, but event 'grant' issues the preferred series "
            + "'series-a'"),
    ScenarioErrorCase(
        name: "convert naming a warrant tranche",
        yaml: """
            version: 1
            capitalization:
              common: 1000
              warrants:
                - id: warrants-a
                  shares: 100
                  exercise-price: 1
            events:
              - type: convert
                date: 2024-01-01
                instrument: warrants-a
            """,
        expected: "test.yaml:11:17: 'warrants-a' is a warrant tranche, but an event that converts needs "
            + "a preferred series"),
    ScenarioErrorCase(
        name: "unknown key in an event with a suggestion",
        yaml: """
            version: 1
            capitalization:
              common: 1000
            events:
              - id: units
                type: financing
                date: 2024-01-01
                units: 10
                unit-prize: 1000
                common: 10
            """,
        expected: "test.yaml:9:5: unknown key 'unit-prize' in event 'units'; did you mean 'unit-price'?"),
    ScenarioErrorCase(
        name: "an empty file",
        yaml: "",
        expected: "test.yaml:1:1: the file is empty"),
]

/// Problems the engine finds when the scenario runs, placed at the event's key.
private let runCases: [ScenarioErrorCase] = [
    ScenarioErrorCase(
        name: "exercising more warrants than are outstanding",
        yaml: """
            version: 1
            capitalization:
              common: 1000
              warrants:
                - id: warrants-a
                  shares: 100
                  exercise-price: 1
            events:
              - id: exercise-all
                type: exercise
                date: 2024-01-01
                instrument: warrants-a
                shares: 150
            """,
        expected: "test.yaml:13:5: Event 'exercise-all' exercises 150 shares of 'warrants-a', "
            + "but only 100 are outstanding."),
    ScenarioErrorCase(
        name: "net exercise at a fair value not above the exercise price",
        yaml: """
            version: 1
            capitalization:
              common: 1000
              warrants:
                - id: warrants-a
                  shares: 100
                  exercise-price: 1.50
            events:
              - id: cashless
                type: exercise
                date: 2024-01-01
                instrument: warrants-a
                method: net
                fair-value: 1.50
            """,
        expected: "test.yaml:14:5: Event 'cashless' net-exercises 'warrants-a' at a fair value of $1.50, "
            + "not above the exercise price of $1.50: a net exercise would issue no shares."),
]

@Suite("Scenario errors")
struct ScenarioErrorTests {
    @Test("the loader names the problem with file, line and column", arguments: loadCases)
    func loadError(_ testCase: ScenarioErrorCase) {
        #expect(loadDiagnostic(testCase.yaml) == testCase.expected)
    }

    @Test("running reports the engine's problem at the event's key", arguments: runCases)
    func runError(_ testCase: ScenarioErrorCase) {
        #expect(loadDiagnostic(testCase.yaml) == nil)
        #expect(runDiagnostic(testCase.yaml) == testCase.expected)
    }
}
