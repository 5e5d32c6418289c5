import DilutionExact
import DilutionModel
import DilutionScenario
import Testing

@Suite("Liquidation terms in scenario files")
struct LiquidationTermsTests {
    static func scenario(_ terms: String) -> String {
        """
        version: 1
        capitalization:
          common: 1000
          preferred:
            - id: series-a
              shares: 100
              original-issue-price: 2.00
              conversion-price: 2.00
              clause: {type: none}
              liquidation: \(terms)
        events: []

        """
    }

    @Test(
        "Terms are read exactly",
        arguments: [
            ("{preference: 1x}", LiquidationTerms()),
            (
                "{preference: 1.5x, participation: full, seniority: 2}",
                LiquidationTerms(multiple: Ratio("1.5"), participation: .full, seniority: 2)
            ),
            (
                "{preference: 2, participation: capped, cap: 3x}",
                LiquidationTerms(multiple: Ratio(2), participation: .capped(multiple: Ratio(3)))
            ),
            ("{preference: 1×, issue-price: 1.75}", LiquidationTerms(issuePrice: Money("1.75"))),
            ("{}", LiquidationTerms()),
            (
                "{dividends: {rate: 8%, from: 2024-06-01, compounding: compound}}",
                LiquidationTerms(
                    dividends: Dividends(
                        rate: Ratio("0.08"),
                        compounding: .compound,
                        from: CalendarDate(iso: "2024-06-01")!
                    )
                )
            ),
            (
                "{dividends: {rate: 0.06, from: 2024-06-01, cumulative: false}}",
                LiquidationTerms(
                    dividends: Dividends(rate: Ratio("0.06"), from: CalendarDate(iso: "2024-06-01")!, cumulative: false)
                )
            ),
        ]
    )
    func read(terms: String, expected: LiquidationTerms) throws {
        let loaded = try ScenarioLoader.load(text: Self.scenario(terms), file: "t.yaml")
        #expect(loaded.scenario.instruments[0].liquidation == expected)
    }

    @Test func withoutTheKeyThereAreNoTerms() throws {
        let text = Self.scenario("{}").replacingOccurrences(of: "      liquidation: {}\n", with: "")
        let loaded = try ScenarioLoader.load(text: text, file: "t.yaml")
        #expect(loaded.scenario.instruments[0].liquidation == nil)
    }

    @Test(
        "Bad terms are named with line and column",
        arguments: [
            (
                "{preferense: 1x}",
                "t.yaml:10:21: unknown key 'preferense' in the liquidation terms of preferred series 'series-a'; did you mean 'preference'?"
            ),
            (
                "{participation: capped}",
                "t.yaml:10:20: missing key 'cap' in the liquidation terms of preferred series 'series-a': 'participation: capped' needs the cap, as a multiple of the original issue price (for example 'cap: 3x')"
            ),
            (
                "{participation: full, cap: 3x}",
                "t.yaml:10:47: 'cap' in the liquidation terms of preferred series 'series-a' applies only with 'participation: capped', not 'full'"
            ),
            (
                "{preference: 2x, participation: capped, cap: 1.5x}",
                "t.yaml:10:65: the cap in the liquidation terms of preferred series 'series-a' (1.5x) is below the preference (2x); a cap counts the preference, so it must be at least the preference"
            ),
            (
                "{participation: partial}",
                "t.yaml:10:36: invalid value 'partial' for 'capitalization.preferred[0].liquidation.participation'; expected one of 'none', 'full' or 'capped'"
            ),
            (
                "{seniority: 0}",
                "t.yaml:10:32: 'seniority' in the liquidation terms of preferred series 'series-a' must be a whole number from 1 (paid first), not 0"
            ),
            (
                "{preference: -1x}",
                "t.yaml:10:33: 'preference' in the liquidation terms of preferred series 'series-a' must be zero or more, not -1x"
            ),
            (
                "{dividends: {rate: 8%, from: 2024-06-01, compunding: simple}}",
                "t.yaml:10:61: unknown key 'compunding' in the dividends of preferred series 'series-a'; did you mean 'compounding'?"
            ),
            (
                "{dividends: {rate: 8%}}",
                "t.yaml:10:32: missing key 'from' in the dividends of preferred series 'series-a'"
            ),
            (
                "{preference: onex}",
                "t.yaml:10:33: invalid multiple 'onex' for 'capitalization.preferred[0].liquidation.preference': expected a number followed by 'x', such as 1x or 1.5x"
            ),
        ]
    )
    func bad(terms: String, expected: String) {
        #expect {
            try ScenarioLoader.load(text: Self.scenario(terms), file: "t.yaml")
        } throws: { error in
            let text = String(describing: error)
            if text != expected { Issue.record("got: \(text)") }
            return text == expected
        }
    }

    /// A SAFE's or note's `seniority`: the rank of its cash-out at an exit; left out, `nil` (the most junior rank).
    @Test func aSafesSeniorityIsRead() throws {
        func terms(_ extra: String) throws -> ConvertibleTerms? {
            let text = """
                version: 1
                capitalization:
                  common: 1000
                  safes:
                    - {id: safe, amount: 100000, cap: 1000000\(extra)}
                events: []

                """
            let loaded = try ScenarioLoader.load(text: text, file: "t.yaml")
            guard case .convertible(let terms) = loaded.scenario.instruments.first?.kind else { return nil }
            return terms
        }
        #expect(try terms(", seniority: 2")?.seniority == 2)
        #expect(try terms("")?.seniority == nil)
        #expect {
            try terms(", seniority: 0")
        } throws: { error in
            String(describing: error)
                == "t.yaml:5:59: 'seniority' in SAFE 'safe' must be a whole number from 1 (the rank paid first), not 0"
        }
    }
}
