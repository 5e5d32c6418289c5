import ArgumentParser
import DilutionCommands
import DilutionScenario
import Foundation
import Testing

@Suite("dilution sweep")
struct SweepCommandTests {
    static let outlook = Golden.scenario("vsource-2005-outlook.yaml")

    static func file(_ outcome: Outcome, endingWith suffix: String) -> String? {
        outcome.files.files.first { $0.path.hasSuffix(suffix) }?.contents
    }

    @Test func parsesTheOptions() throws {
        _ = try Dilution.parseAsRoot(["sweep", "a.yaml", "--vary", "x.price=1:2:1", "--vary", "y.amount=1,2"])
        _ = try Dilution.parseAsRoot(["sweep", "a.yaml", "--tornado", "--metric", "m"])
        do {
            _ = try Dilution.parseAsRoot(["sweep", "a.yaml"])
            Issue.record("parsed a sweep with nothing to vary")
        } catch {
            #expect(Dilution.exitCode(for: error) == ExitCode(64))
        }
    }

    @Test func oneInputWritesTheTidyAndBreakEvenFiles() throws {
        let outcome = try Operations.sweep(
            SweepRequest(file: Self.outlook, outDirectory: "o", vary: ["next-raise.price=0.20:0.40:0.02"]))
        let tidy = try #require(Self.file(outcome, endingWith: "vsource-2005-outlook.sweep.csv"))
        let lines = tidy.split(separator: "\n")
        #expect(lines.count == 12)
        #expect(lines[0].hasPrefix("next-raise.price,series-2a.price,"))
        #expect(lines[1].hasPrefix("0.2,"))
        #expect(lines[11].hasPrefix("0.4,"))
        let breakEven = try #require(Self.file(outcome, endingWith: "vsource-2005-outlook.sweep-breakeven.csv"))
        #expect(breakEven.contains("series-5a,0.3125,0.3125,0.3,"))
        #expect(Self.file(outcome, endingWith: "sweep-matrix.csv") == nil)
        #expect(outcome.stdout.contains("Break-even"))
    }

    /// The CSVs keep the ids as keys and add the names: the break-even table's `name` column, and for the sweep
    /// table (whose columns are the metrics) a table of its columns' names beside it.
    @Test func sweepTablesNameTheInstruments() throws {
        let outcome = try Operations.sweep(
            SweepRequest(file: Self.outlook, outDirectory: "o", vary: ["next-raise.price=0.20:0.60:0.05"]))
        let breakEven = try #require(Self.file(outcome, endingWith: "vsource-2005-outlook.sweep-breakeven.csv"))
        let rows = breakEven.split(separator: "\n").map(String.init)
        #expect(rows[0] == "instrument,price_before,exact_threshold,grid_breakeven,note,name")
        #expect(rows.contains { $0.hasPrefix("series-5a,0.3125,") && $0.hasSuffix(",Series 5-A Convertible Preferred") })
        #expect(rows.contains { $0.hasPrefix("series-2a,4.51,4.51,not reached,")
            && $0.hasSuffix(",Series 2-A Convertible Preferred") })
        #expect(rows.contains { $0.hasPrefix("warrants-2005,") && $0.hasSuffix(",July 2005 warrants") })
        let tidy = try #require(Self.file(outcome, endingWith: "vsource-2005-outlook.sweep.csv"))
        let names = try #require(Self.file(outcome, endingWith: "vsource-2005-outlook.sweep-names.csv"))
        let lines = names.split(separator: "\n").map(String.init)
        #expect(lines[0] == "metric,name")
        // One row per metric column of the sweep table, in its order.
        let columns = tidy.prefix { $0 != "\n" }.split(separator: ",").dropFirst().map(String.init)
        #expect(lines.dropFirst().map { String($0.prefix { $0 != "," }) } == columns)
        #expect(lines.contains("series-6a.price,Series 6-A Convertible Preferred (hypothetical): price"))
        #expect(lines.contains("common.ownership,other common holders: ownership"))
        #expect(lines.contains("fd_shares,fully diluted shares"))
    }

    @Test func twoInputsWriteAMatrix() throws {
        let outcome = try Operations.sweep(
            SweepRequest(
                file: Self.outlook, outDirectory: "o",
                vary: ["next-raise.price=0.2,0.3", "next-raise.amount=1000000:3000000:1000000"],
                metric: "series-5a.price"))
        let matrix = try #require(Self.file(outcome, endingWith: "sweep-matrix.csv"))
        let lines = matrix.split(separator: "\n")
        #expect(lines[0] == "next-raise.price \\ next-raise.amount,1000000,2000000,3000000")
        #expect(lines.count == 3)
    }

    @Test func theTableShowsEveryRowOrSaysHowManyItShows() throws {
        let one = try Operations.sweep(
            SweepRequest(file: Self.outlook, outDirectory: "o", vary: ["next-raise.price=0.20:0.45:0.01"]))
        // 26 inputs, each on its row, in dollars.
        for cents in 20...45 { #expect(one.stdout.contains("$0.\(cents) ")) }
        #expect(!one.stdout.contains("rows shown"))
        // Names where a person reads; the CSV keeps the ids.
        #expect(one.stdout.contains("Series 2-A Convertible Preferred: price (series-2a.price)"))
        #expect(one.stdout.contains("July 2005 warrants "))
        #expect(!one.stdout.contains("warrants-2005 "))
        let two = try Operations.sweep(
            SweepRequest(
                file: Self.outlook, outDirectory: "o",
                vary: ["next-raise.price=0.20:0.45:0.01", "next-raise.amount=1000000:3000000:1000000"]))
        #expect(two.stdout.contains("21 of 26 rows shown; all in vsource-2005-outlook.sweep.csv\n"))
        #expect(two.stdout.contains("$1,000,000.00"))
        let tidy = try #require(Self.file(two, endingWith: "vsource-2005-outlook.sweep.csv"))
        #expect(tidy.split(separator: "\n").count == 1 + 26 * 3)
    }

    @Test func badPathsAndMetricsAreSentences() {
        #expect(throws: (any Error).self) {
            try Operations.sweep(SweepRequest(file: Self.outlook, vary: ["next-raise.prize=1:2:1"]))
        }
        do {
            _ = try Operations.sweep(SweepRequest(file: Self.outlook, vary: ["next-raise.prize=1:2:1"]))
        } catch {
            #expect(describe(error).contains("did you mean 'next-raise.price'"))
        }
        do {
            _ = try Operations.sweep(
                SweepRequest(file: Self.outlook, vary: ["next-raise.price=1:2:1"], metric: "series-5a.prise"))
        } catch {
            #expect(describe(error).contains("did you mean 'series-5a.price'"))
        }
    }

    @Test func tornadoWritesItsTable() throws {
        let outcome = try Operations.sweep(
            SweepRequest(file: Self.outlook, outDirectory: "o", metric: "series-5a.price", tornado: true))
        let csv = try #require(Self.file(outcome, endingWith: "vsource-2005-outlook.tornado.csv"))
        let lines = csv.split(separator: "\n")
        #expect(lines[0]
            == "input,low_input,high_input,series-5a.price_at_low,series-5a.price_at_high,swing,central,metric_name,"
                + "input_name")
        #expect(lines[1].hasPrefix("next-raise.price,"))
        // The central value in every row ($0.3125: no event of the central path goes below it), then the metric's
        // name and the input's (the event's description, else its id, and the field), and the two events of
        // fixed probability (0.7 and 0.4) moved to 0 and 1.
        #expect(lines.dropFirst().allSatisfy { $0.contains(",0.3125,Series 5-A Convertible Preferred: price,") })
        #expect(lines[1].hasSuffix(",hypothetical Series 6-A round: price"))
        #expect(lines.contains { $0.hasPrefix("warrant-exercise.probability,") && $0.hasSuffix(",warrant-exercise: probability") })
        // The console names each input and gives its path, which --vary and --set take.
        #expect(outcome.stdout.contains("hypothetical Series 6-A round: price "))
        #expect(outcome.stdout.contains(" next-raise.price\n"))
        #expect(lines.contains { $0.hasPrefix("next-raise.probability,0,1,") })
        #expect(lines.contains { $0.hasPrefix("bridge.probability,0,1,") })
        #expect(outcome.stdout.contains("for an event's fixed probability, at 0 and 1"))
        #expect(outcome.stdout.contains("Tornado of Series 5-A Convertible Preferred: price (series-5a.price; "))
    }
}
