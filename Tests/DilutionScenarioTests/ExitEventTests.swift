import DilutionExact
import DilutionModel
import DilutionScenario
import Testing

/// The `exit` event as the loader reads it: its terms, and every bad key or value named with
/// file:line:column.
@Suite("Exit events")
struct ExitEventTests {
    static let head = """
        version: 1
        capitalization:
          common: 1000000
        events:
          - id: sale
            type: exit
            date: 2027-01-01

        """

    static func diagnostic(_ text: String) -> String? {
        do {
            _ = try ScenarioLoader.load(text: text, file: "test.yaml")
            return nil
        } catch {
            return error.description
        }
    }

    @Test func termsAreRead() throws {
        let loaded = try ScenarioLoader.load(
            text: Self.head + "    value: 43,000,000\n    debt: 2,000,000.50\n    costs: 100000\n    carve-out: 5%\n",
            file: "test.yaml")
        guard case .exit(let sale) = try #require(loaded.scenario.events.last).action else {
            Issue.record("the last event is not an exit")
            return
        }
        #expect(sale == ExitSale(value: Money(43_000_000), debt: Money("2000000.50"), costs: Money(100_000), carveOut: Ratio("0.05")))
        #expect(loaded.stochastic.parameterPaths.contains("sale.value"))
        #expect(loaded.stochastic.parameterPaths.contains("sale.carve-out"))
    }

    /// The command line's `M`/`B` suffixes in the file too, exactly: 1.2B is 1,200,000,000, not 1.2 × 10⁹ in binary.
    @Test func moneyTakesTheCommandLineSuffixes() throws {
        let loaded = try ScenarioLoader.load(
            text: Self.head + "    value: 1.2B\n    debt: 25.5M\n    costs: 350k\n", file: "test.yaml")
        guard case .exit(let sale) = try #require(loaded.scenario.events.last).action else {
            Issue.record("the last event is not an exit")
            return
        }
        #expect(sale.value == Money(1_200_000_000))
        #expect(sale.debt == Money(25_500_000))
        #expect(sale.costs == Money(350_000))
        // The same on a path a sweep or --set may change (read through the uncertain-input path).
        let swept = try ScenarioLoader.load(
            text: Self.head + "    value: 0.1B\n", file: "test.yaml", variable: ["sale.value"])
        guard case .exit(let other) = try #require(swept.scenario.events.last).action else {
            Issue.record("the last event is not an exit")
            return
        }
        #expect(other.value == Money(100_000_000))
    }

    /// Several exits, last: an early offer that may happen, then a later sale.
    @Test func exitsMayFollowAnExit() throws {
        let loaded = try ScenarioLoader.load(
            text: Self.head + "    value: 20M\n    probability: 1\n  - id: later\n    type: exit\n    date: 2029-01-01\n"
                + "    value: 60M\n",
            file: "test.yaml")
        let exits = loaded.scenario.events.compactMap { event -> Money? in
            if case .exit(let sale) = event.action { return sale.value }
            return nil
        }
        #expect(exits == [Money(20_000_000), Money(60_000_000)])
    }

    @Test func anUncertainValueIsAnInput() throws {
        let loaded = try ScenarioLoader.load(
            text: Self.head + "    value: {distribution: lognormal, median: 60000000, sigma: 0.5}\n", file: "test.yaml")
        #expect(loaded.stochastic.inputs.map(\.path) == ["sale.value"])
        // The central scenario takes the median.
        guard case .exit(let sale) = try #require(loaded.scenario.events.last).action else {
            Issue.record("the last event is not an exit")
            return
        }
        #expect(sale.value == Money(60_000_000))
    }

    static let cases: [(String, String)] = [
        (
            "    valeu: 43000000\n",
            "test.yaml:8:5: unknown key 'valeu' in event 'sale'; did you mean 'value'?"
        ),
        (
            "    debt: 1000\n",
            "test.yaml:5:5: missing key 'value' in event 'sale'"
        ),
        (
            "    value: 1.2X\n",
            "test.yaml:8:12: invalid amount of money '1.2X' for 'events[0].value': 'X' is not part of a decimal "
                + "number; write it as 43000000, 43,000,000, 700M or 1.2B"
        ),
        (
            "    value: 1.000000001M\n",
            "test.yaml:8:12: 'value' in event 'sale' must be in whole cents, not 1000000.001"
        ),
        (
            "    value: 1000.005\n",
            "test.yaml:8:12: 'value' in event 'sale' must be in whole cents, not 1000.005"
        ),
        (
            "    value: 1000000\n    carve-out: 100%\n",
            "test.yaml:9:16: 'carve-out' in event 'sale' must be at least 0 and below 100% (a fraction such as 0.05 "
                + "or a percentage such as 5%), not 1"
        ),
        (
            "    value: 1000000\n    debt: 900000\n    costs: 200000\n",
            "test.yaml:8:12: the debt and costs of event 'sale' ($1,100,000.00) exceed its value ($1,000,000.00)"
        ),
        (
            "    value: {distribution: uniform, low: -5, high: 10}\n",
            "test.yaml:8:12: 'value' in event 'sale' must be zero or more, but it is a uniform distribution that can "
                + "draw -5"
        ),
        (
            "    value: 1000000\n  - id: later\n    type: split\n    date: 2027-02-01\n    ratio: \"2:1\"\n",
            "test.yaml:10:11: event 'later' follows the exit 'sale'; only another exit may follow an exit (the exits "
                + "come last, and the first that happens is the sale)"
        ),
    ]

    @Test(arguments: 0..<cases.count)
    func badKeysAndValuesArePlaced(_ index: Int) {
        let (lines, expected) = Self.cases[index]
        #expect(Self.diagnostic(Self.head + lines) == expected)
    }
}
