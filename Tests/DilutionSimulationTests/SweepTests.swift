import DilutionExact
import DilutionModel
import DilutionScenario
import DilutionSimulation
import Foundation
import Testing

/// Sweeps: grid syntax, agreement with independent runs, break-even prices and tornado order.
@Suite("Sweeps")
struct SweepTests {
    /// common 1,000,000; Series A 100,000 at $1.00 (full ratchet); Series B 50,000 at $2.00 (broad weighted
    /// average); warrants 200,000 at $0.50 (full ratchet); a priced raise of Series C, then an exercise.
    static func yaml(price: String = "0.80", amount: String = "400000", probability: String = "0.9") -> String {
        """
        version: 1
        capitalization:
          common: 1000000
          preferred:
            - id: series-a
              shares: 100000
              stated-value: 1.00
              conversion-price: 1.00
              clause: {type: full-ratchet}
            - id: series-b
              shares: 50000
              stated-value: 2.00
              conversion-price: 2.00
              clause: {type: weighted-average, base: broad}
          warrants:
            - id: warrants
              shares: 200000
              exercise-price: 0.50
              clause: {type: full-ratchet}
        events:
          - id: raise
            type: financing
            date: 2024-01-01
            price: \(price)
            amount: \(amount)
            preferred:
              - id: series-c
                shares: 1
                stated-value: 1
                conversion-price: 1
          - id: warrant-exercise
            type: exercise
            date: 2025-01-01
            instrument: warrants
            fraction: 0.5
            probability: \(probability)

        """
    }

    static func decimal(_ text: String) -> DecimalNumber { try! DecimalNumber(parsing: text) }

    @Test func linearGridsAreExactDecimals() throws {
        let axis = try SweepAxis.parse("raise.price=0.1:0.7:0.1")
        #expect(axis.path == "raise.price")
        #expect(axis.values.map(\.description) == ["0.1", "0.2", "0.3", "0.4", "0.5", "0.6", "0.7"])
        // 0.1 added seven times in floating point is 0.7000000000000001, never a grid value here.
        let long = try SweepAxis.parse("raise.amount=0:3000000:1000000")
        #expect(long.values.map(\.description) == ["0", "1000000", "2000000", "3000000"])
        let uneven = try SweepAxis.parse("raise.price=0.50:1.00:0.15")
        #expect(uneven.values.map(\.description) == ["0.5", "0.65", "0.8", "0.95"])
    }

    @Test func amountsOfMoneyTakeMagnitudeSuffixes() throws {
        let sale = try SweepAxis.parse("sale.value=20M:60M:20M")
        #expect(sale.values.map(\.description) == ["20000000", "40000000", "60000000"])
        #expect(try SweepAxis.parse("raise.amount=1.5M,$2000000,750k").values.map(\.description)
            == ["1500000", "2000000", "750000"])
        // Exact: 1.2B is 1,200,000,000, not a double's neighbour.
        #expect(try SweepAxis.parse("sale.value=1.2B").values.map(\.description) == ["1200000000"])
        // A suffix is money's only: a price or a probability does not take one, and money takes no percentage.
        #expect(throws: SweepError.self) { try SweepAxis.parse("raise.price=1M") }
        #expect(throws: SweepError.self) { try SweepAxis.parse("raise.amount=5%") }
    }

    @Test func listsAndLogSpacedGrids() throws {
        #expect(try SweepAxis.parse("raise.price=0.9,0.5,1.25").values.map(\.description) == ["0.9", "0.5", "1.25"])
        let log = try SweepAxis.parse("raise.amount=1000:1000000:*4")
        #expect(log.values.map(\.description) == ["1000", "10000", "100000", "1000000"])
        // Prices are rounded to $0.0001.
        let prices = try SweepAxis.parse("raise.price=0.1:1:*3")
        #expect(prices.values.map(\.description) == ["0.1", "0.3162", "1"])
    }

    @Test(arguments: [
        "raise.price", "raise.price=1:0.5:0.1", "raise.price=0.5:1:0", "raise.price=0.12345",
        "raise.price=0:1:0.5", "raise.amount=100.5", "warrant-exercise.probability=1.5", "raise.price=0:1:*3",
        "raise.price=a,b",
    ])
    func badGridsAreRefused(argument: String) {
        #expect(throws: SweepError.self) { try SweepAxis.parse(argument) }
    }

    @Test func unknownPathsListTheValidOnes() throws {
        let text = Self.yaml()
        do {
            _ = try SweepModel.load(text: text, file: "t.yaml", varying: ["raise.prise"])
            Issue.record("accepted a misspelt path")
        } catch let error as SweepError {
            #expect(error.message.contains("did you mean 'raise.price'"))
            #expect(error.message.contains("raise.amount"))
        }
        do {
            _ = try SweepModel.load(text: text, file: "t.yaml", varying: ["raise.date"])
            Issue.record("accepted a date")
        } catch let error as SweepError {
            #expect(error.message.contains("not a number"))
        }
        do {
            _ = try SweepModel.load(text: text, file: "t.yaml", varying: ["rise.price"])
            Issue.record("accepted an unknown event")
        } catch let error as SweepError {
            #expect(error.message.contains("no event 'rise'"))
        }
    }

    /// Every swept point equals `run` of the scenario text with the value written in.
    @Test func sweepEqualsIndependentRuns() throws {
        let axes = [
            try SweepAxis.parse("raise.price=0.30:1.20:0.05"),
            try SweepAxis.parse("warrant-exercise.probability=0.2,0.5,0.9"),
        ]
        let model = try SweepModel.load(text: Self.yaml(), file: "t.yaml", varying: axes.map(\.path))
        let result = try Sweep.run(model, axes: axes, threads: 2)
        let fast = try Sweep.centralMetrics(model, axes: axes, threads: 2)
        #expect(result.count == 19 * 3)
        for p in stride(from: 0, to: result.count, by: 4) {
            let point = result.point(p)
            let text = Self.yaml(price: point[0].description, probability: point[1].description)
            let loaded = try ScenarioLoader.load(text: text, file: "t.yaml")
            let expected = try model.metrics(of: try loaded.run())
            let m = model.metricNames.count
            let got = Array(result.metrics[p * m..<(p + 1) * m])
            let fastPoint = Array(fast[p * m..<(p + 1) * m])
            for (name, (a, b)) in zip(model.metricNames, zip(got, expected)) {
                #expect(a == b || (a.isNaN && b.isNaN), "\(name) at \(point): \(a) vs \(b)")
            }
            for (name, (a, b)) in zip(model.metricNames, zip(fastPoint, expected)) {
                #expect(a == b || (a.isNaN && b.isNaN), "fast \(name) at \(point): \(a) vs \(b)")
            }
        }
    }

    @Test func amountSweepEqualsIndependentRuns() throws {
        let axis = try SweepAxis.parse("raise.amount=100000:1000000:*5")
        let model = try SweepModel.load(text: Self.yaml(), file: "t.yaml", varying: [axis.path])
        let result = try Sweep.run(model, axes: [axis], threads: 1)
        for p in 0..<result.count {
            let loaded = try ScenarioLoader.load(
                text: Self.yaml(amount: axis.values[p].description), file: "t.yaml")
            let expected = try model.metrics(of: try loaded.run())
            let m = model.metricNames.count
            let got = Array(result.metrics[p * m..<(p + 1) * m])
            #expect(got.elementsEqual(expected) { $0 == $1 || ($0.isNaN && $1.isNaN) })
        }
    }

    /// Series A (full ratchet at $1.00) fires strictly below $1.00; Series B (weighted average at $2.00) below
    /// $2.00; the warrants (full ratchet at $0.50) below $0.50.
    @Test func breakEvenPricesByHand() throws {
        let axis = try SweepAxis.parse("raise.price=0.40:2.20:0.05")
        let model = try SweepModel.load(text: Self.yaml(), file: "t.yaml", varying: [axis.path])
        let evens = try Sweep.run(model, axes: [axis], threads: 2).breakEvens
        let byID = Dictionary(uniqueKeysWithValues: evens.map { ($0.instrument, $0) })
        #expect(byID["series-a"]?.exactThreshold == Price("1.00"))
        #expect(byID["series-a"]?.gridBreakEven == Self.decimal("0.95"))
        #expect(byID["series-b"]?.exactThreshold == Price("2.00"))
        #expect(byID["series-b"]?.gridBreakEven == Self.decimal("1.95"))
        #expect(byID["warrants"]?.exactThreshold == Price("0.50"))
        #expect(byID["warrants"]?.gridBreakEven == Self.decimal("0.45"))
        // Series C is issued by the swept event: not outstanding before it.
        #expect(byID["series-c"] == nil || byID["series-c"]?.priceBefore == nil)
    }

    /// On a grid that stops at $0.90, Series A (fires below $1.00) fires at every value, the top included: its
    /// break-even is above the grid, "not reached", not $0.90; the warrants (below $0.50) still have $0.45.
    @Test func breakEvenAtTheTopOfTheGridIsNotReached() throws {
        let axis = try SweepAxis.parse("raise.price=0.40:0.90:0.05")
        let model = try SweepModel.load(text: Self.yaml(), file: "t.yaml", varying: [axis.path])
        let result = try Sweep.run(model, axes: [axis], threads: 2)
        let byID = Dictionary(uniqueKeysWithValues: result.breakEvens.map { ($0.instrument, $0) })
        #expect(byID["series-a"]?.notReached == true)
        #expect(byID["series-a"]?.gridBreakEven == nil)
        #expect(byID["series-a"]?.note.hasSuffix("fires up to the top of the grid (0.9): the break-even is above it, not reached") == true)
        #expect(byID["warrants"]?.notReached == false)
        #expect(byID["warrants"]?.gridBreakEven == Self.decimal("0.45"))
        let lines = result.breakEvenCSV.split(separator: "\n")
        #expect(lines.contains { $0.hasPrefix("series-a,1.00,1.00,not reached,") })
        #expect(lines.contains { $0.hasPrefix("warrants,0.50,0.50,0.45,") })
        // The ids stay the key; the instrument's name is the last column, empty where none is given.
        let named = result.breakEvenCSV(names: ["series-a": "Series A Preferred, 2024"]).split(separator: "\n")
        #expect(named[0] == "instrument,price_before,exact_threshold,grid_breakeven,note,name")
        #expect(named.contains { $0.hasPrefix("series-a,1.00,1.00,not reached,") && $0.hasSuffix(",\"Series A Preferred, 2024\"") })
        #expect(named.contains { $0.hasPrefix("warrants,0.50,0.50,0.45,") && $0.hasSuffix("threshold,") })
        // The sweep table's columns are metric ids: their names are a table of their own, one row per column.
        let metrics = result.metricNamesCSV(names: ["series-a.price": "Series A Preferred: price"])
            .split(separator: "\n").map(String.init)
        #expect(metrics[0] == "metric,name")
        #expect(metrics.dropFirst().map { String($0.prefix { $0 != "," }) } == result.metricNames)
        #expect(metrics.contains("series-a.price,Series A Preferred: price"))
        #expect(metrics.contains("fd_shares,fd_shares"))
    }

    /// With the amount as the second input, the break-even is reported per amount.
    @Test func breakEvenPerLineOfATwoInputSweep() throws {
        let axes = [try SweepAxis.parse("raise.price=0.90:1.10:0.01"), try SweepAxis.parse("raise.amount=1000,500000")]
        let model = try SweepModel.load(text: Self.yaml(), file: "t.yaml", varying: axes.map(\.path))
        let result = try Sweep.run(model, axes: axes, threads: 2)
        let seriesA = result.breakEvens.filter { $0.instrument == "series-a" }
        #expect(seriesA.map(\.line) == [Self.decimal("1000"), Self.decimal("500000")])
        #expect(seriesA.allSatisfy { $0.gridBreakEven == Self.decimal("0.99") && $0.exactThreshold == Price("1.00") })
        let matrix = try result.matrixCSV(metric: "series-a.price")
        let lines = matrix.split(separator: "\n")
        #expect(lines.count == 22)
        #expect(lines[0] == "raise.price \\ raise.amount,1000,500000")
        // A full ratchet goes to the effective price, amount ÷ shares, and shares are rounded down.
        #expect(lines[1] == "0.9,0.900090009001,0.900000900001")
        #expect(lines[21] == "1.1,1,1")
        #expect(result.tidyCSV.split(separator: "\n").count == 1 + 21 * 2)
    }

    /// The raise price dominates Series A's price; the exercise's fraction does not move it at all.
    @Test func tornadoIsSortedBySwing() throws {
        let text = Self.yaml(
            price: "{distribution: uniform, low: 0.5, high: 1.5}",
            amount: "{distribution: uniform, low: 100000, high: 200000}")
            .replacingOccurrences(of: "fraction: 0.5", with: "fraction: {distribution: uniform, low: 0.1, high: 0.9}")
        let loaded = try ScenarioLoader.load(text: text, file: "t.yaml")
        let (central, rows) = try Sweep.tornado(loaded: loaded, metric: "series-a.price")
        #expect(central == 1)
        #expect(rows.first?.path == "raise.price")
        #expect(rows.first?.low == 0.6)
        #expect(rows.first?.high == 1)
        #expect(rows.map(\.swing) == rows.map(\.swing).sorted(by: >))
        #expect(rows.dropFirst().allSatisfy { $0.swing == 0 })
        // The exercise's fixed probability (0.9) is an input too, moved to 0 and 1; it does not move Series A.
        #expect(
            Set(rows.map(\.path))
                == ["raise.price", "raise.amount", "warrant-exercise.fraction", "warrant-exercise.probability"])
    }

    /// An uncertain event's fixed probability is moved to 0 and to 1. By hand: the raise brings $400,000; the
    /// exercise of half of the 200,000 warrants at $0.50 (not ratcheted: $0.80 is above $0.50) brings $50,000.
    @Test(arguments: [("0.9", 450_000.0), ("0.3", 400_000.0)])
    func tornadoMovesAFixedProbabilityToZeroAndOne(probability: String, central expected: Double) throws {
        let loaded = try ScenarioLoader.load(
            text: Self.yaml(amount: "{distribution: uniform, low: 300000, high: 500000}", probability: probability),
            file: "t.yaml")
        let (central, rows) = try Sweep.tornado(loaded: loaded, metric: "cash_raised")
        // The amount's median is $400,000: the central path raises it, and the exercise when p ≥ ½.
        #expect(central == expected)
        let row = try #require(rows.first { $0.path == "warrant-exercise.probability" })
        #expect(row.lowInput == 0)
        #expect(row.highInput == 1)
        #expect(row.low == 400_000)
        #expect(row.high == 450_000)
        #expect(row.swing == 50_000)
        #expect(row.isEventProbability)
        #expect(rows.filter(\.isEventProbability).count == 1)
        // The amount at its 10% and 90% quantiles: 320,000 and 480,000, with the exercise as on the central path.
        let amount = try #require(rows.first { $0.path == "raise.amount" })
        #expect(amount.low == 320_000 + expected - 400_000)
        #expect(amount.high == 480_000 + expected - 400_000)
    }

    /// The central value is in the tornado's CSV (every row), not left for a reader to find in a row with no swing;
    /// it is the metric of the scenario as `run` applies it.
    @Test func tornadoCSVCarriesTheCentralValue() throws {
        let text = Self.yaml(
            price: "{distribution: uniform, low: 0.5, high: 1.5}",
            amount: "{distribution: uniform, low: 100000, high: 200000}")
        let loaded = try ScenarioLoader.load(text: text, file: "t.yaml")
        let (central, rows) = try Sweep.tornado(loaded: loaded, metric: "common.ownership")
        let model = try SweepModel(loaded: loaded, varying: [])
        let run = try model.metrics(of: try loaded.run())
        #expect(central == run[model.metricNames.firstIndex(of: "common.ownership")!])
        #expect(central > 0 && central < 1)
        let csv = Sweep.tornadoCSV(rows, metric: "common.ownership", central: central, metricName: "Common: ownership")
        let lines = csv.split(separator: "\n")
        #expect(lines[0]
            == "input,low_input,high_input,common.ownership_at_low,common.ownership_at_high,swing,central,metric_name,"
                + "input_name")
        #expect(lines.count == rows.count + 1)
        let cells = lines.dropFirst().map { $0.split(separator: ",") }
        #expect(cells.allSatisfy { abs(Double($0[6])! - central) <= 1e-14 })
        // The metric's name in every row, for the chart's title; the metric's id without one.
        #expect(cells.allSatisfy { $0[7] == "Common: ownership" })
        // The input's name last; its path without one.
        #expect(cells.allSatisfy { $0[8] == $0[0] })
        let named = Sweep.tornadoCSV(
            rows, metric: "common.ownership", central: central, inputNames: [rows[0].path: "the raise: price"])
        #expect(named.split(separator: "\n")[1].hasSuffix(",common.ownership,the raise: price"))
        let unnamed = Sweep.tornadoCSV(rows, metric: "common.ownership", central: central).split(separator: "\n")
        #expect(unnamed.dropFirst().allSatisfy { $0.contains(",common.ownership,") })
    }

    @Test func monteCarloAtEachPointUsesTheSameSeed() throws {
        let text = Self.yaml(amount: "{distribution: uniform, low: 100000, high: 900000}")
        let axis = try SweepAxis.parse("raise.price=0.6,0.8")
        let model = try SweepModel.load(text: text, file: "t.yaml", varying: [axis.path])
        let a = try Sweep.run(model, axes: [axis], monteCarlo: SimulationOptions(paths: 2000, seed: 7), threads: 2)
        let b = try Sweep.run(model, axes: [axis], monteCarlo: SimulationOptions(paths: 2000, seed: 7), threads: 1)
        #expect(a.metrics.elementsEqual(b.metrics) { $0 == $1 || ($0.isNaN && $1.isNaN) })
        #expect(abs(a.metric("series-a.price", at: 0)! - 0.6) < 1e-5)
        #expect(a.paths == 2000)
    }
}
