import DilutionScenario
import Testing

/// A misspelt key is named, with its suggestion, even where another rule would fire first.
@Suite("Unknown keys first")
struct UnknownKeyFirstTests {
    static func scenario(preferred: String = "", event: String) -> String {
        """
        version: 1
        capitalization:
          common: 1000
          preferred:
            - id: series-a
              shares: 10
        \(preferred.isEmpty ? "      stated-value: 1" : preferred)
              conversion-price: 1
          warrants:
            - id: w
              shares: 100
              exercise-price: 1
        events:
          - id: e
            date: 2024-01-01
        \(event)

        """
    }

    static let cases: [(String, String, String)] = [
        (
            "", "    type: financing\n    unitz: 10\n    unit-price: 100\n    common: 10",
            "test.yaml:17:5: unknown key 'unitz' in event 'e'; did you mean 'units'?"
        ),
        ("", "    type: split\n    rato: 2", "test.yaml:17:5: unknown key 'rato' in event 'e'; did you mean 'ratio'?"),
        (
            "", "    type: exercise\n    instrument: w\n    metod: net\n    fair-value: 2",
            "test.yaml:18:5: unknown key 'metod' in event 'e'; did you mean 'method'?"
        ),
        (
            "      stated-valeu: 1", "    type: split\n    ratio: 2",
            "test.yaml:7:7: unknown key 'stated-valeu' in preferred series 'series-a'; did you mean 'stated-value'?"
        ),
        (
            "      issue-price: 1", "    type: split\n    ratio: 2",
            "test.yaml:7:7: unknown key 'issue-price' in preferred series 'series-a'; the keys allowed here are "
                + "'clause', 'conversion-price', 'holders', 'id', 'ipo-ratchet', 'liquidation', 'name', 'original-issue-price', 'shares' and "
                + "'stated-value'"
        ),
    ]

    @Test(arguments: cases)
    func misspeltKeyIsNamedFirst(preferred: String, event: String, expected: String) {
        #expect {
            try ScenarioLoader.load(text: Self.scenario(preferred: preferred, event: event), file: "test.yaml")
        } throws: { error in
            let text = String(describing: error)
            if text != expected { Issue.record("got: \(text)") }
            return text == expected
        }
    }
}
