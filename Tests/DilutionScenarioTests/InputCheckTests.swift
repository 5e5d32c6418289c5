import DilutionExact
import DilutionScenario
import Testing

/// Input that used to be accepted with exit status 0 (issue 12): each is now an error with its whole message.
@Suite("Inputs checked like plain values")
struct InputCheckTests {
    static func event(_ lines: String) -> String {
        """
        version: 1
        capitalization:
          common: 1000
          preferred:
            - id: series-a
              shares: 10
              stated-value: 1
              conversion-price: 1
        events:
          - id: raise
            type: issue
            date: 2024-01-01
        \(lines)

        """
    }

    static let cases: [(String, String)] = [
        (
            "    price: 0.5\n    amount: {distribution: fixed, value: -5000000}",
            "test.yaml:14:13: 'amount' in event 'raise' must be zero or more, but it is fixed at -5000000"
        ),
        (
            "    probability: {distribution: fixed, value: 2}\n    common: 10",
            "test.yaml:13:18: 'probability' in event 'raise' must be between 0 and 1, but it is fixed at 2"
        ),
        (
            "    probability: {distribution: uniform, low: 0.5, high: 1.5}\n    common: 10",
            "test.yaml:13:18: 'probability' in event 'raise' must be between 0 and 1, but it is a uniform "
                + "distribution that can draw 1.5"
        ),
        (
            "    price: {distribution: fixed, value: -1}\n    amount: 1000",
            "test.yaml:13:12: 'price' in event 'raise' must be more than zero, but it is fixed at -1"
        ),
        (
            "    price: {distribution: fixed, value: 0}\n    amount: 1000",
            "test.yaml:13:12: 'price' in event 'raise' must be more than zero, but it is fixed at 0"
        ),
        (
            "    common: {distribution: discrete, values: [10, -3], weights: [1, 1]}",
            "test.yaml:13:13: 'common' in event 'raise' must be zero or more, but it is a discrete distribution that "
                + "can draw -3"
        ),
        (
            "    price: 0.5\n    amount: {distribution: fixed, value: 4000000000000000000000000000000}",
            "test.yaml:14:13: 'amount' in event 'raise' is too large for the engine to represent exactly: it is "
                + "fixed at 4e+30"
        ),
        (
            "    price: 0.5\n    amount: {distribution: uniform, low: 1, high: 100000000000000000000000000000000000}",
            "test.yaml:14:13: 'amount' in event 'raise' is too large for the engine to represent exactly: it is "
                + "a uniform distribution that can draw 1e+35"
        ),
        (
            "    price: 0.5\n    amount: {distribution: lognormal, median: 100000000000000000000000000000000, sigma: 1}",
            "test.yaml:14:13: 'amount' in event 'raise' is too large for the engine to represent exactly: its "
                + "median is 1e+32"
        ),
        (
            "    common: 1,2,3",
            "test.yaml:13:13: invalid number '1,2,3' for 'events[0].common': its digit separators must split the "
                + "whole part into groups of three digits, as in 1,478,000"
        ),
        (
            "    common: 10\n    preferred:\n      - id: series-b\n        shares: 10\n        stated-value: 1\n"
                + "        conversion-price: 50%",
            "test.yaml:18:27: 'conversion-price' in preferred series 'series-b' is a price, not a percentage: 50%"
        ),
        (
            "    common: 10\n  - id: series-a\n    type: issue\n    date: 2024-02-01\n    common: 10",
            "test.yaml:14:9: the event id 'series-a' is also the id of a preferred series in the capitalization "
                + "(line 5, column 11); a path 'series-a.KEY' would name both, so give one of them another id"
        ),
    ]

    @Test("Rejected with line, column and the whole message", arguments: cases)
    func rejected(lines: String, expected: String) {
        #expect {
            try ScenarioLoader.load(text: Self.event(lines), file: "test.yaml")
        } throws: { error in
            let text = String(describing: error)
            if text != expected { Issue.record("got: \(text)") }
            return text == expected
        }
    }

    @Test func aDuplicateInTheCascadeOrderIsAnError() {
        let text = """
            version: 1
            cascade: sequential
            cascade-order: [series-a, series-a]
            capitalization:
              common: 1000
              preferred:
                - id: series-a
                  shares: 10
                  stated-value: 1
                  conversion-price: 1
            events: []

            """
        #expect {
            try ScenarioLoader.load(text: text, file: "test.yaml")
        } throws: { error in
            String(describing: error) == "test.yaml:3:27: the instrument 'series-a' is listed twice in 'cascade-order'"
        }
    }

    @Test(arguments: ["1,478,000", "1_478_000", "478", "1,000.5", "14.20", "$1,000", "12.5%", "0"])
    func wellGroupedNumbersStillRead(text: String) throws {
        _ = try DecimalNumber(parsing: text)
    }

    @Test(arguments: ["1,2,3", "12,34", "1234,567", ",123", "1,,000", "1,000,00", "1,0000.5", "1_00"])
    func badlyGroupedNumbersAreRefused(text: String) {
        #expect(throws: DecimalParseError.self) { try DecimalNumber(parsing: text) }
    }

    @Test(arguments: [
        ("name=[unclosed", "in --set 'name=[unclosed': "),
        ("name=a: b: c", "in --set 'name=a: b: c': "),
    ])
    func invalidYAMLInASetIsAnError(argument: String, unused: String) {
        #expect {
            try Override(argument: argument)
        } throws: { error in
            let text = String(describing: error)
            return text.hasPrefix("invalid --set '\(argument)': the value is not valid YAML (")
                && text.hasSuffix("); to set it as text, quote it: name='\"\(argument.dropFirst(5))\"'")
        }
    }

    @Test func aSetValueThatIsPlainTextStillReads() throws {
        _ = try Override(argument: "name=plain text")
        _ = try Override(argument: "next-raise.price=0.45")
    }
}

@Suite("YAML mistakes with a hint")
struct YAMLHintTests {
    @Test func commasInsideBracesSayWhy() {
        let text = """
            version: 1
            capitalization:
              common: 1000
            events:
              - id: raise
                type: issue
                date: 2024-01-01
                price: 1
                amount: {distribution: uniform, low: 1,000,000, high: 3,000,000}

            """
        #expect {
            try ScenarioLoader.load(text: text, file: "test.yaml")
        } throws: { error in
            String(describing: error)
                == "test.yaml:9:48: duplicate key '000'; it is already given at line 9, column 44 (inside {…} or […] a "
                + "comma separates entries: write 1000000, or quote \"1,000,000\")"
        }
    }

    @Test func aColonInPlainTextSaysToQuote() {
        let text = "version: 1\nname: Vsource: the outlook\ncapitalization:\n  common: 1000\nevents: []\n"
        #expect {
            try ScenarioLoader.load(text: text, file: "test.yaml")
        } throws: { error in
            String(describing: error)
                == "test.yaml:2:14: invalid YAML: mapping values are not allowed in this context; a colon followed by a "
                + "space starts a key, so quote text that holds one: name: \"Vsource: the outlook\""
        }
    }
}

@Suite("Aliases")
struct AliasLocationTests {
    /// The error used to point at the anchor (line 2), not where the bad value is used.
    @Test func anErrorInAnAliasedValueIsReportedWhereTheAliasIsUsed() {
        let text = """
            version: 1
            name: &n -5
            capitalization:
              common: 1000
              preferred:
                - id: a
                  shares: *n
                  stated-value: 1
                  conversion-price: 1
            events: []

            """
        #expect {
            try ScenarioLoader.load(text: text, file: "test.yaml")
        } throws: { error in
            String(describing: error) == "test.yaml:7:15: 'shares' in preferred series 'a' must be more than zero, not -5"
        }
    }
}
