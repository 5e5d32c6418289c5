import DilutionModel
import DilutionSampling
import DilutionScenario
import DilutionSimulation
import Foundation
import Testing

/// The exit event's metrics: hand-derived on the worked example, a Monte Carlo mean against its
/// analytic value, and the exit value as a sweep axis.
@Suite("Exit metrics")
struct ExitMetricsTests {
    /// `../shared/worked-examples.md` §2 c with a sale: 8,000,000 common; Series A 2,000,000 at $2.00
    /// (narrow-based weighted average); Series B 4,000,000 at $1.00 for $4,000,000, which cuts A's
    /// price to 12/7 (A as converted 2,333,333.333333). Liquidation terms (hypothetical; the example
    /// gives none): 1× non-participating, B senior. `exit` is the sale event's extra lines.
    static func chain(exit: String) -> String {
        """
        version: 1
        capitalization:
          common: 8000000
          preferred:
            - id: series-a
              shares: 2000000
              original-issue-price: 2.00
              conversion-price: 2.00
              clause: {type: weighted-average, base: narrow}
              liquidation: {preference: 1x, seniority: 2}
        events:
          - id: series-b
            type: financing
            date: 2024-06-01
            cash: 4000000
            preferred:
              - id: series-b
                shares: 4000000
                original-issue-price: 1.00
                conversion-price: 1.00
                clause: {type: none}
                liquidation: {preference: 1x, seniority: 1}
          - id: sale
            type: exit
            date: 2027-01-01
        \(exit)

        """
    }

    static func metrics(_ text: String) throws -> [String: Double] {
        let loaded = try ScenarioLoader.load(text: text, file: "test.yaml")
        let model = try SweepModel(loaded: loaded, varying: [])
        var workspace = try model.makeWorkspace()
        var metrics = [Double](repeating: .nan, count: model.metricNames.count)
        try model.evaluate([], metrics: &metrics, workspace: &workspace)
        return Dictionary(uniqueKeysWithValues: zip(model.metricNames, metrics))
    }

    // At $43,000,000, $3 a common share (43M over 14,333,333.333333 fully diluted): founders $24M,
    // Series A $7M (A's exact 6,999,999.9999998 takes the one cent left), Series B $12M, both
    // converting; multiples 7M / 4M = 1.75 and 12M / 4M = 3.
    @Test func workedExampleAt43Million() throws {
        let m = try Self.metrics(Self.chain(exit: "    value: 43,000,000"))
        #expect(m["common.proceeds"] == 24_000_000)
        #expect(m["series-a.proceeds"] == 7_000_000)
        #expect(m["series-b.proceeds"] == 12_000_000)
        #expect(m["series-a.multiple"] == 1.75)
        #expect(m["series-b.multiple"] == 3)
        #expect(m["exit.value"] == 43_000_000)
        #expect(m["exit.net_proceeds"] == 43_000_000)
        #expect(abs(m["exit.price_per_share"]! - 3) < 1e-9)
        // The metrics before the exit are those of the capitalization the sale does not change.
        #expect(m["series-a.price"]! == 12.0 / 7.0 || abs(m["series-a.price"]! - 12.0 / 7.0) < 1e-12)
    }

    // $10,000,000 less $1,000,000 of debt and $500,000 of costs = $8,500,000; a 10 % carve-out takes
    // $850,000, leaving $7,650,000. Converting, A would get 7.65M × 2,333,333.333333 / 14,333,333.333333
    // = $1,245,348.84 < its $4,000,000 preference, and B 7.65M × 4/14.33 = $2,134,883.72 < $4,000,000:
    // both hold. B (rank 1) takes $4,000,000, A (rank 2) the $3,650,000 left, the common nothing.
    @Test func deductionsAndPreferencesAt10Million() throws {
        let m = try Self.metrics(
            Self.chain(exit: "    value: 10,000,000\n    debt: 1,000,000\n    costs: 500,000\n    carve-out: 10%"))
        #expect(m["exit.net_proceeds"] == 7_650_000)
        #expect(m["series-b.proceeds"] == 4_000_000)
        #expect(m["series-a.proceeds"] == 3_650_000)
        #expect(m["common.proceeds"] == 0)
        #expect(m["series-a.multiple"] == 0.9125)
        #expect(m["series-b.multiple"] == 1)
    }

    /// A sale that does not happen leaves every exit metric out (NaN), and the others as they are.
    @Test func anExitThatDoesNotHappenRecordsNaN() throws {
        let m = try Self.metrics(Self.chain(exit: "    value: 43,000,000\n    probability: 0.2"))
        #expect(m["series-b.proceeds"]!.isNaN)
        #expect(m["exit.value"]!.isNaN)
        #expect(m["series-b.ownership"]!.isFinite)
    }

    /// Without an exit event no exit metric exists (and no waterfall runs).
    @Test func noExitNoMetrics() throws {
        let text = Self.chain(exit: "    value: 1").replacingOccurrences(
            of: "  - id: sale\n    type: exit\n    date: 2027-01-01\n    value: 1\n", with: "")
        let model = try ScenarioPathModel(try ScenarioLoader.load(text: text, file: "test.yaml").stochastic)
        #expect(model.exit == nil)
        #expect(!model.metricNames.contains { $0.hasSuffix(".proceeds") })
    }

    /// Common 9,000,000 and Series A 1,000,000 (1× non-participating, $1.00: a $1,000,000 preference,
    /// 10 % as converted); the sale's value V uniform on [$5M, $20M]. A holds below $10M and converts
    /// above, so it receives max($1M, V / 10): E = (1/15M) (5M × 1M + ∫₁₀ᴹ²⁰ᴹ v/10 dv) = (5 + 15) / 15
    /// = $1,333,333.33; the common, the rest: E[V] − that = $12,500,000 − $1,333,333.33. Checked within
    /// four standard errors, with a fixed seed (values are rounded to whole dollars, a bias below $0.05).
    @Test func proceedsMeanMatchesTheAnalyticValue() throws {
        let text = """
            version: 1
            capitalization:
              common: 9000000
              preferred:
                - id: series-a
                  shares: 1000000
                  original-issue-price: 1.00
                  conversion-price: 1.00
                  clause: {type: none}
                  liquidation: {preference: 1x}
            events:
              - id: sale
                type: exit
                date: 2027-01-01
                value: {distribution: uniform, low: 5000000, high: 20000000}

            """
        let model = try ScenarioPathModel(try ScenarioLoader.load(text: text, file: "test.yaml").stochastic)
        let result = try Simulator.run(model: model, options: SimulationOptions(paths: 40_000, seed: 17, threads: 2))
        func summary(_ name: String) throws -> StatisticsSummary {
            result.summaries[try #require(result.metricNames.firstIndex(of: name))]
        }
        let a = try summary("series-a.proceeds")
        let common = try summary("common.proceeds")
        let expectedA = 4_000_000.0 / 3
        #expect(a.count == 40_000)
        #expect(abs(a.mean - expectedA) < 4 * a.standardError)
        #expect(abs(common.mean - (12_500_000 - expectedA)) < 4 * common.standardError)
        // A never receives less than its preference.
        #expect(a.minimum >= 1_000_000)
        let multiple = try summary("series-a.multiple")
        #expect(abs(multiple.mean - expectedA / 1_000_000) < 4 * multiple.standardError)
    }

    // Two exits: an offer at $20M on 2026-01-01 that happens with probability 0.3, else a sale at $60M on
    // 2029-01-01. Series A (1,000,000 shares at $1, 1x, 1:1) over 9,000,000 common converts at both: it takes
    // 10 %, $2M or $6M. The central path leaves the offer out (0.3 < ½): the $60M sale. Over paths the mean
    // of exit.value is 0.3 × 20M + 0.7 × 60M = $48M, of series-a.proceeds $4.8M; every path has a sale.
    static let twoExits = """
        version: 1
        capitalization:
          common: 9000000
          preferred:
            - id: series-a
              shares: 1000000
              original-issue-price: 1.00
              conversion-price: 1.00
              clause: {type: none}
              liquidation: {preference: 1x}
        events:
          - id: offer
            type: exit
            date: 2026-01-01
            probability: 0.3
            value: 20M
          - id: sale
            type: exit
            date: 2029-01-01
            value: 60M

        """

    @Test func theFirstExitThatHappensIsTheSale() throws {
        let central = try Self.metrics(Self.twoExits)
        #expect(central["exit.value"] == 60_000_000)
        #expect(central["series-a.proceeds"] == 6_000_000)
        let certain = try Self.metrics(Self.twoExits.replacingOccurrences(of: "probability: 0.3", with: "probability: 1"))
        #expect(certain["exit.value"] == 20_000_000)
        #expect(certain["series-a.proceeds"] == 2_000_000)
        let model = try ScenarioPathModel(try ScenarioLoader.load(text: Self.twoExits, file: "test.yaml").stochastic)
        let result = try Simulator.run(model: model, options: SimulationOptions(paths: 20_000, seed: 5, threads: 2))
        func summary(_ name: String) throws -> StatisticsSummary {
            result.summaries[try #require(result.metricNames.firstIndex(of: name))]
        }
        let value = try summary("exit.value")
        #expect(value.count == 20_000)
        #expect(value.minimum == 20_000_000 && value.maximum == 60_000_000)
        #expect(abs(value.mean - 48_000_000) < 4 * value.standardError)
        let a = try summary("series-a.proceeds")
        #expect(abs(a.mean - 4_800_000) < 4 * a.standardError)
    }

    /// The exit value as a sweep axis, alone and in a grid with the Series B price.
    @Test func exitValueIsASweepAxis() throws {
        let text = Self.chain(exit: "    value: 43,000,000")
        let model = try SweepModel.load(text: text, file: "test.yaml", varying: ["sale.value"])
        var workspace = try model.makeWorkspace()
        var metrics = [Double](repeating: .nan, count: model.metricNames.count)
        let b = try #require(model.metricNames.firstIndex(of: "series-b.proceeds"))
        let common = try #require(model.metricNames.firstIndex(of: "common.proceeds"))
        try model.evaluate([43_000_000], metrics: &metrics, workspace: &workspace)
        #expect(metrics[b] == 12_000_000)
        #expect(metrics[common] == 24_000_000)
        // At $6,000,000 both hold: B takes its $4,000,000 first, A the $2,000,000 left.
        try model.evaluate([6_000_000], metrics: &metrics, workspace: &workspace)
        #expect(metrics[b] == 4_000_000)
        #expect(metrics[common] == 0)

        let grid = try SweepModel.load(text: text, file: "test.yaml", varying: ["series-b.cash", "sale.value"])
        var gridSpace = try grid.makeWorkspace()
        // Series B paid $2,000,000 instead (an effective price of $0.50): A's price is 2 × (10M + 1M) / 14M
        // = 11/7, A as converted 2,545,454.545454, so at $43M the price per common share is 43M over
        // 14,545,454.545454 = $2.9563 and B, still converting, receives about $11,825,000, less than $12M.
        try grid.evaluate([2_000_000, 43_000_000], metrics: &metrics, workspace: &gridSpace)
        let lower = metrics[b]
        try grid.evaluate([4_000_000, 43_000_000], metrics: &metrics, workspace: &gridSpace)
        #expect(metrics[b] == 12_000_000)
        #expect(lower < 12_000_000)
    }

    /// Named holders of a warrant tranche get their parts of its proceeds as metrics.
    @Test func holdersProceeds() throws {
        let text = """
            version: 1
            capitalization:
              common: 900000
              warrants:
                - id: w
                  shares: 100000
                  exercise-price: 1.00
                  holders:
                    - {name: North, shares: 75000}
                    - {name: South, shares: 25000}
            events:
              - id: sale
                type: exit
                date: 2027-01-01
                value: 5,000,000

            """
        // The warrants are in the money and paid net of their strike: the price per common share p solves
        // 900,000 p + 100,000 (p − 1) = 5,000,000, so p = $5.10 and the tranche receives $410,000, of which
        // North 3/4 and South 1/4; the common $4,590,000.
        let m = try Self.metrics(text)
        #expect(m["w.proceeds"] == 410_000)
        #expect(m["w[North].proceeds"] == 307_500)
        #expect(m["w[South].proceeds"] == 102_500)
        #expect(m["common.proceeds"] == 4_590_000)
    }

    /// A path whose debt and costs exceed its sampled value fails with a sentence placed at `value`.
    @Test func aPathWhoseDeductionsExceedTheValueFailsAtValue() throws {
        let text = Self.chain(exit: "    value: {distribution: uniform, low: 0, high: 10000000}\n    debt: 5,000,000")
        let loaded = try ScenarioLoader.load(text: text, file: "test.yaml")
        let model = try ScenarioPathModel(loaded.stochastic)
        do {
            _ = try Simulator.run(model: model, options: SimulationOptions(paths: 1_000, seed: 3, threads: 1))
            Issue.record("no path failed, though half of them draw a value below the debt")
        } catch let error as SimulationError {
            guard case .pathFailed(_, let underlying) = error, let path = underlying as? PathEventError else {
                Issue.record("unexpected error \(error)")
                return
            }
            let located = loaded.locate(path).description
            #expect(located.hasPrefix("test.yaml:26:5: Debt and costs ($5,000,000.00) exceed the exit value ($"))
        }
    }

    /// Every holder gets its total: a holder named in two tranches the sum of its parts, one named once its part,
    /// the implicit holder of the unnamed common the common's proceeds.
    @Test func aHolderOfSeveralInstrumentsGetsItsTotal() throws {
        let text = """
            version: 1
            capitalization:
              common: 800000
              warrants:
                - id: w1
                  shares: 100000
                  exercise-price: 1.00
                  holders:
                    - {name: North, shares: 60000}
                    - {name: South, shares: 40000}
                - id: w2
                  shares: 100000
                  exercise-price: 2.00
                  holders:
                    - {name: North, shares: 100000}
            events:
              - id: sale
                type: exit
                date: 2027-01-01
                value: 5,000,000

            """
        // p solves 800,000 p + 100,000 (p − 1) + 100,000 (p − 2) = 5,000,000: p = $5.30. w1 receives $430,000
        // (North 60 %: $258,000; South $172,000), w2 $330,000, all North's: North $588,000 in all. The common,
        // 800,000 × $5.30 = $4,240,000, is the implicit holder Common's.
        let m = try Self.metrics(text)
        #expect(m["w1[North].proceeds"] == 258_000)
        #expect(m["w1[South].proceeds"] == 172_000)
        #expect(m["w2[North].proceeds"] == 330_000)
        #expect(m["holder[North].proceeds"] == 588_000)
        #expect(m["holder[South].proceeds"] == 172_000)
        #expect(m["holder[Common].proceeds"] == 4_240_000)
    }

    /// A holder's multiple uses the money of its own path: Fund A's amount is drawn (uniform $2M to $4M) in a Series A
    /// at $1.00 a share (an $8M pre-money over 8,000,000 common), with Fund B's $1M; Fund C buys 500,000 of the
    /// founder's common for $1,000,000 that become Series A. At a $6M sale the series' 1x preference (at most $5.5M)
    /// is paid in full and it holds (converting would pay it less than half of $6M): every Fund gets $1.00 a
    /// share back, so Fund A's multiple is exactly 1 on every path whatever it drew, Fund B's 1 and Fund C's 0.5.
    /// The Founder bought nothing: no multiple.
    @Test func aHoldersMultipleUsesItsPathsMoney() throws {
        let text = """
            version: 1
            capitalization:
              common:
                holders:
                  - {name: Founder, shares: 8000000}
            events:
              - id: series-a
                type: financing
                date: 2024-01-01
                pre-money: 8M
                investors:
                  - {name: Fund A, id: fund-a, amount: {distribution: uniform, low: 2000000, high: 4000000}}
                  - {name: Fund B, amount: 1M}
                preferred:
                  - id: series-a
                    name: Series A
                    clause: {type: none}
                    liquidation: {preference: 1x}
              - id: resale
                type: transfer
                date: 2024-06-01
                class: common
                from: [{name: Founder, shares: 500000}]
                to: Fund C
                price: 2.00
                becomes: series-a
              - id: sale
                type: exit
                date: 2026-01-01
                value: 6,000,000

            """
        let model = try ScenarioPathModel(try ScenarioLoader.load(text: text, file: "test.yaml").stochastic)
        let result = try Simulator.run(model: model, options: SimulationOptions(paths: 500, seed: 9, threads: 2))
        func summary(_ name: String) throws -> StatisticsSummary {
            result.summaries[try #require(result.metricNames.firstIndex(of: name), "\(name)")]
        }
        let fundA = try summary("holder[Fund A].multiple")
        #expect(fundA.count == 500)
        #expect(fundA.minimum == 1 && fundA.maximum == 1)
        // Its proceeds do vary with its draw: the mean is near $3M (uniform's mean), within 4 standard errors.
        let proceeds = try summary("holder[Fund A].proceeds")
        #expect(abs(proceeds.mean - 3_000_000) < 4 * proceeds.standardError)
        #expect(proceeds.minimum < proceeds.maximum)
        #expect(try summary("holder[Fund B].multiple").mean == 1)
        #expect(try summary("holder[Fund C].multiple").mean == 0.5)
        #expect(!result.metricNames.contains("holder[Founder].multiple"))
    }

    /// On every path the holders' totals add up to the net proceeds (each is whole cents, so the sums of their means
    /// agree to the rounding of the means): Kestrel, whose classes include unnamed series, named lenders and options.
    @Test func theHoldersTotalsAddUpToTheNetProceeds() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("scenarios/kestrel-exit.yaml")
        let loaded = try ScenarioLoader.load(text: try String(contentsOf: url, encoding: .utf8), file: "kestrel-exit.yaml")
        let model = try ScenarioPathModel(loaded.stochastic)
        let result = try Simulator.run(model: model, options: SimulationOptions(paths: 2_000, seed: 5, threads: 2))
        let totals = result.metricNames.indices.filter {
            result.metricNames[$0].hasPrefix("holder[") && result.metricNames[$0].hasSuffix("].proceeds")
        }
        #expect(totals.count >= 5)
        let net = result.summaries[try #require(result.metricNames.firstIndex(of: "exit.net_proceeds"))]
        let sum = totals.reduce(0.0) { $0 + result.summaries[$1].mean }
        #expect(net.count == 2_000)
        #expect(abs(sum - net.mean) <= 1e-9 * net.mean)
    }

    /// 9,000,000 common and a $1M post-money SAFE at a $10M cap (and, with `note`, a $500,000 note at 8 %
    /// simple from 2025-01-01 capped at $5M) still outstanding at a sale on 2026-01-01.
    static func safes(value: String, note: Bool = false) -> String {
        """
        version: 1
        capitalization:
          common: 9000000
        \(note ? """
          notes:
            - id: note
              principal: 500000
              cap: 5000000
              interest: {rate: 8%, compounding: simple, day-count: actual/365}
              issued: 2025-01-01
        """ : """
          safes:
            - id: safe
              amount: 1000000
              cap: 10000000
        """)
        events:
          - id: sale
            type: exit
            date: 2026-01-01
            value: \(value)

        """
    }

    // The SAFE converting owns 10 % of 9,000,000 ÷ 0.9 = 10,000,000: $500,000 at $5M (it takes its $1M
    // cash-out, multiple 1), $5,000,000 at $50M (multiple 5).
    @Test(arguments: [("5000000", 1_000_000.0, 4_000_000.0, 1.0), ("50000000", 5_000_000, 45_000_000, 5)])
    func outstandingSafe(value: String, safe: Double, common: Double, multiple: Double) throws {
        let m = try Self.metrics(Self.safes(value: value))
        #expect(m["safe.proceeds"] == safe)
        #expect(m["common.proceeds"] == common)
        #expect(m["safe.multiple"] == multiple)
    }

    // The note owes $500,000 + 8 % × 365/365 = $540,000 on 2026-01-01; converting, 540,000 × 9,000,000 ÷
    // 5,000,000 = 972,000 common, 972/9,972 of $3M = $292,418.77: it is repaid $540,000.
    @Test func outstandingNoteWithInterest() throws {
        let m = try Self.metrics(Self.safes(value: "3000000", note: true))
        #expect(m["note.proceeds"] == 540_000)
        #expect(m["common.proceeds"] == 2_460_000)
    }
}

