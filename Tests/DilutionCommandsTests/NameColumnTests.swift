import DilutionCommands
import DilutionReports
import Foundation
import Testing

/// The CSVs behind the sweep, break-even, tornado, fan, histogram and compare charts keep the ids as their keys and
/// add the names a person reads, and the charts drawn from them use the names.
@Suite("Name columns")
struct NameColumnTests {
    static let outlook = Golden.scenario("vsource-2005-outlook.yaml")

    static func rows(_ outcome: Outcome, _ suffix: String) throws -> [[String]] {
        let text = try #require(outcome.files.files.first { $0.path.hasSuffix(suffix) }?.contents)
        let table = try CSVReader.parse(text)
        return [table.header] + table.rows
    }

    @Test func compareNamesEachMetric() throws {
        let outcome = try Operations.compare(CompareRequest(file: Self.outlook, outDirectory: "o", quiet: true))
        let rows = try Self.rows(outcome, ".compare.csv")
        #expect(rows[0].first == "metric" && rows[0].last == "name")
        let named = Dictionary(rows.dropFirst().map { ($0[0], $0.last!) }, uniquingKeysWith: { a, _ in a })
        #expect(named["series-2a.price"] == "Series 2-A Convertible Preferred: price")
        #expect(named["series-6a.ownership"] == "Series 6-A Convertible Preferred (hypothetical): ownership")
        #expect(named["warrants-2005.exercised"] == "July 2005 warrants: exercised")
        #expect(named["common.ownership"] == "other common holders: ownership")
        #expect(named["fd_shares"] == "fully diluted shares")
        // The variants are still the columns with a delta beside them; `name` is not one.
        #expect(!rows[0].contains("name_delta"))
    }

    @Test func simulationSummaryAndHistogramNameEachMetric() throws {
        let outcome = try Operations.simulate(
            SimulateRequest(file: Self.outlook, outDirectory: "o", paths: 256, seed: 3, threads: 1, quiet: true,
                progress: false))
        let summary = try Self.rows(outcome, ".simulation-summary.csv")
        #expect(summary[0] == ["metric", "count", "mean", "sd", "se", "min", "p1", "p5", "p25", "p50", "p75", "p95",
            "p99", "max", "name"])
        let named = Dictionary(summary.dropFirst().map { ($0[0], $0[14]) }, uniquingKeysWith: { a, _ in a })
        #expect(named["series-5a.price"] == "Series 5-A Convertible Preferred: price")
        #expect(named["warrants-2005.ownership"] == "July 2005 warrants: ownership")
        #expect(named["cash_raised"] == "cash raised")
        let histogram = try Self.rows(outcome, ".simulation-histogram.csv")
        #expect(histogram[0] == ["metric", "bin_low", "bin_high", "count", "name"])
        #expect(histogram.dropFirst().allSatisfy { named[$0[0]] == $0[4] })
    }

    /// The fan and compare charts reshaped from the commands' own tables: classes by name, not id.
    @Test func chartsOfTheCommandsTablesUseTheNames() throws {
        let simulated = try Operations.simulate(
            SimulateRequest(file: Self.outlook, outDirectory: "o", paths: 256, seed: 3, threads: 1, quiet: true,
                progress: false))
        let summary = try CSVReader.parse(
            try #require(simulated.files.files.first { $0.path.hasSuffix(".simulation-summary.csv") }?.contents))
        let fan = try PlotReshaping.job(.simulationSummary, table: summary, name: "t")
        #expect(fan.data[0].contents.contains(",\"Series 5-A Conv. Preferred\","))
        #expect(fan.data[0].contents.contains(",\"other common holders\","))
        #expect(!fan.data[0].contents.contains("\"series-5a\""))
        let compared = try Operations.compare(CompareRequest(file: Self.outlook, outDirectory: "o", quiet: true))
        let table = try CSVReader.parse(try #require(compared.files.files.first?.contents))
        let compare = try PlotReshaping.job(.compare, table: table, name: "t")
        #expect(compare.data[0].contents.hasPrefix("class,\"base\",\"exercised-cash\",\"exercised-net\",\"expired\"\n"))
        #expect(compare.data[0].contents.contains("\n\"July 2005 warrants\","))
        #expect(compare.variable("ncols") == .number(5))
        let histogram = try CSVReader.parse(
            try #require(simulated.files.files.first { $0.path.hasSuffix(".simulation-histogram.csv") }?.contents))
        let chart = try PlotReshaping.job(.simulationHistogram, table: histogram, name: "t")
        #expect(chart.variable("title")
            == .string("Distribution of Series 2-A Convertible Preferred: price over 256 simulated paths — t"))
    }
}
