import DilutionExact
import DilutionModel
import DilutionScenario
import Foundation
import Testing

/// The package's root folder, found from this file's path (`Tests/DilutionScenarioTests/…`).
private let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

/// A full ratchet on Series A (100,000 shares, $10 stated value and price) and two common issues: $500,000 for
/// 100,000 shares ($5), then $100,000 for 50,000 ($2). By hand: the price goes 10 → 5 → 2.
let smallScenario = """
    version: 1
    name: Small
    capitalization:
      common: 1,000,000
      preferred:
        - id: series-a
          shares: 100,000
          stated-value: 10
          conversion-price: 10
          clause: {type: full-ratchet}
    events:
      - id: down-round
        type: issue
        date: 2024-01-01
        cash: 500,000
        common: 100,000
      - id: bridge
        type: issue
        date: 2024-06-01
        cash: 100,000
        common: 50,000
    variants:
      cheaper:
        description: the down round raises $200,000
        set:
          down-round.cash: 200,000
      no-bridge:
        remove: [bridge]
    """

private func load(_ text: String = smallScenario, set: [String] = [], variant: String? = nil) throws
    -> LoadedScenario
{
    try ScenarioLoader.load(
        text: text, file: "small.yaml", overrides: try set.map { try Override(argument: $0) }, variant: variant)
}

/// The Series A conversion price after every event.
private func finalPrice(_ loaded: LoadedScenario) throws -> Price? {
    let table = try loaded.run().final
    return table.instruments.first { $0.id == "series-a" }?.price
}

/// The message of the `ScenarioError` `body` throws.
private func failure(_ body: () throws -> Void) -> ScenarioError? {
    do {
        try body()
        return nil
    } catch let error as ScenarioError {
        return error
    } catch {
        return ScenarioError("unexpected \(error)", at: nil)
    }
}

@Suite("Variants and overrides")
struct VariantTests {
    @Test func theVariantsSectionIsRead() throws {
        let loaded = try load()
        #expect(loaded.variants.map(\.name) == ["cheaper", "no-bridge"])
        #expect(loaded.variants[0].description == "the down round raises $200,000")
        #expect(loaded.variants[0].overrides.map(\.path) == ["down-round.cash"])
        #expect(loaded.variants[0].location == SourceLocation(file: "small.yaml", line: 23, column: 3))
        #expect(loaded.variants[1].removedEvents == ["bridge"])
        #expect(loaded.variant == nil)
        // The base is the file as written: 10 → 5 → 2.
        #expect(try finalPrice(loaded) == Price("2"))
        #expect(loaded.scenario.events.count == 2)
    }

    @Test func aVariantChangesAValue() throws {
        let loaded = try load(variant: "cheaper")
        #expect(loaded.variant == "cheaper")
        guard case .issue(let issue) = loaded.scenario.events[0].action else {
            Issue.record("not an issue")
            return
        }
        #expect(issue.cash == Money("200000"))
        // $200,000 for 100,000 shares is $2; the bridge at $2 is not below it.
        let timeline = try loaded.run()
        #expect(timeline.steps.map(\.adjustments.count) == [1, 0])
        #expect(try finalPrice(loaded) == Price("2"))
    }

    @Test func aVariantRemovesAnEvent() throws {
        let loaded = try load(variant: "no-bridge")
        #expect(loaded.scenario.events.map(\.id) == ["down-round"])
        #expect(try finalPrice(loaded) == Price("5"))
    }

    @Test func setOverridesAndInsertsKeys() throws {
        #expect(try finalPrice(try load(set: ["down-round.cash=800000"])) == Price("2"))
        // Inserted key: an exempt down round leaves the price at 10 until the bridge.
        let exempt = try load(set: ["down-round.exempt=true"])
        #expect(try exempt.run().steps.map(\.adjustments.count) == [0, 1])
        // An instrument of the capitalization, and the capitalization itself.
        let lower = try load(set: ["series-a.conversion-price=1.50", "capitalization.common=2,000,000"])
        #expect(lower.scenario.common == Shares(2_000_000))
        #expect(try finalPrice(lower) == Price("1.50"))
        // --set applies after the variant.
        #expect(try finalPrice(try load(set: ["down-round.cash=450000"], variant: "no-bridge")) == Price("4.50"))
    }

    @Test func setReachesInstrumentsCreatedByEvents() throws {
        let text = smallScenario.replacingOccurrences(
            of: "    common: 50,000\n",
            with: """
                    common: 50,000
                    warrants:
                      - id: bridge-warrants
                        shares: 1,000
                        exercise-price: 3

                """)
        let loaded = try load(text, set: ["bridge.bridge-warrants.exercise-price=4"])
        guard case .issue(let issue) = loaded.scenario.events[1].action else {
            Issue.record("not an issue")
            return
        }
        #expect(issue.instruments.first?.price == Price("4"))
    }

    @Test("--set errors name the argument and have no location")
    func setErrors() {
        let cases: [(String, String)] = [
            ("down-round", "invalid --set 'down-round': expected PATH=VALUE, e.g. next-raise.price=0.45"),
            ("=1", "invalid --set '=1': the path before '=' is empty"),
            ("down-round..cash=1",
             "invalid --set 'down-round..cash=1': a path is ID.KEY, e.g. next-raise.price or "
                + "capitalization.common"),
            ("down-rond.cash=1",
             "--set 'down-rond.cash=1': no event or instrument 'down-rond'; did you mean 'down-round'?"),
            ("down-round=1", "--set 'down-round=1': the path names event 'down-round', not one of its keys; "
                + "write 'down-round.KEY'"),
            ("down-round.cash=abc",
             "in --set 'down-round.cash=abc': invalid amount of money 'abc' for 'events[0].cash': "
                + "'a' is not part of a decimal number; write it as 43000000, 43,000,000, 700M or 1.2B"),
            ("down-round.cash.low=1",
             "--set 'down-round.cash.low=1': 'cash' in event 'down-round' is '500,000', "
                + "not a mapping with a key 'low'"),
        ]
        for (argument, message) in cases {
            let error = failure { _ = try load(set: [argument]) }
            #expect(error?.message == message, "\(argument)")
            #expect(error?.location == nil, "\(argument)")
        }
        let unknownKey = failure { _ = try load(set: ["down-round.cashh=1"]) }
        let prefix = "in --set 'down-round.cashh=1': unknown key 'cashh' in event 'down-round'"
        #expect(unknownKey?.message.hasPrefix(prefix) == true)
        #expect(unknownKey?.location == nil)
    }

    @Test func anUnknownPathListsWhatExists() {
        let error = failure { _ = try load(set: ["zzz.price=1"]) }
        #expect(error?.message == "--set 'zzz.price=1': no event or instrument 'zzz'; a path starts with an event id "
            + "('down-round' and 'bridge'), an instrument id in the capitalization ('series-a') or 'capitalization'")
    }

    @Test("errors in variants are located in the file")
    func variantErrors() {
        func variants(_ body: String) -> String {
            smallScenario.components(separatedBy: "variants:")[0] + "variants:\n" + body
        }
        let cases: [(String, String)] = [
            ("  bad:\n    set:\n      down-rond.cash: 1\n",
             "small.yaml:25:7: the override 'down-rond.cash': no event or instrument 'down-rond'; "
                + "did you mean 'down-round'?"),
            ("  bad:\n    remove: [brige]\n",
             "small.yaml:24:14: variant 'bad' removes the event 'brige', which the scenario does not have; "
                + "did you mean 'bridge'?"),
            ("  bad:\n    sett: {down-round.cash: 1}\n",
             "small.yaml:24:5: unknown key 'sett' in variant 'bad'; did you mean 'set'?"),
            ("  bad:\n    description: nothing\n",
             "small.yaml:24:5: variant 'bad' changes nothing; give it 'set' or 'remove'"),
            ("  bad:\n    set:\n      down-round.cashh: 1\n",
             "small.yaml:25:7: unknown key 'cashh' in event 'down-round'; the keys allowed here are"),
        ]
        for (body, message) in cases {
            // Errors in a variant's values appear when that variant is loaded; the rest on any load.
            let error = failure { _ = try load(variants(body), variant: "bad") }
            #expect(error?.description.hasPrefix(message) == true, "\(error?.description ?? "no error")")
        }
    }

    @Test func anUnknownVariantIsAnError() {
        #expect(failure { _ = try load(variant: "cheapr") }?.message
            == "the scenario has no variant 'cheapr'; did you mean 'cheaper'?")
        #expect(failure { _ = try load(variant: "other") }?.message
            == "the scenario has no variant 'other'; its variants are 'cheaper' and 'no-bridge'")
    }

    @Test("the Vsource outlook's variants: cash, net and a readjusting lapse")
    func vsourceOutlookVariants() throws {
        let path = root.appendingPathComponent("scenarios/vsource-2005-outlook.yaml").path
        let base = try ScenarioLoader.load(path: path)
        #expect(base.variants.map(\.name) == ["exercised-cash", "exercised-net", "expired"])
        func last(_ variant: String) throws -> EventAction {
            try #require(try ScenarioLoader.load(path: path, variant: variant).scenario.events.last).action
        }
        let baseAction = try #require(base.scenario.events.last).action
        guard case .exercise(let cash) = try last("exercised-cash"),
            case .exercise(let net) = try last("exercised-net"),
            case .expire(_, _, let readjust) = try last("expired"), case .expire(_, _, let baseReadjust) = baseAction
        else {
            Issue.record("unexpected actions")
            return
        }
        #expect(cash.method == .cash)
        #expect(net.method == .net(fairValue: Price("0.90")))
        #expect(readjust)
        #expect(!baseReadjust)
    }
}
