import ArgumentParser
import DilutionCommands
import DilutionScenario
import Foundation
import Testing

/// A full ratchet on Series A (100,000 shares, $10) and two common issues: $500,000 for 100,000 shares ($5), then
/// $100,000 for 50,000 ($2). By hand, with 1,000,000 common before:
///
/// - base: price 10 → 5 → 2, rate 10 / 2 = 5, Series A as converted 500,000, fully diluted 1,150,000 + 500,000 =
///   1,650,000, cash 600,000, 2 adjustments;
/// - `cheaper` ($200,000 for the down round, so $2): price 2 at once, the bridge at $2 is not below it — 1
///   adjustment, cash 300,000, the rest unchanged;
/// - `no-bridge`: price 5, rate 2, as converted 200,000, fully diluted 1,300,000, cash 500,000, 1 adjustment.
private let small = """
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

@Suite("dilution compare")
struct CompareTests {
    @Test("deterministic deltas match the ones derived by hand")
    func deterministicCSV() throws {
        let folder = try TemporaryFolder()
        let path = try folder.write("small.yaml", small)
        let outcome = try Operations.compare(CompareRequest(file: path, outDirectory: folder.url.path))
        #expect(outcome.files.files.map { URL(fileURLWithPath: $0.path).lastPathComponent } == ["small.compare.csv"])
        let csv = try #require(outcome.files.files.first).contents
        #expect(csv == """
            metric,base,cheaper,cheaper_delta,cheaper_relative,no-bridge,no-bridge_delta,no-bridge_relative,name
            series-a.price,2,2,0,0,5,3,1.5,series-a: price
            series-a.rate,5,5,0,0,2,-3,-0.6,series-a: rate
            series-a.ownership,0.303030303,0.303030303,0,0,0.1538461538,-0.1491841492,-0.4923076923,series-a: ownership
            common.ownership,0.696969697,0.696969697,0,0,0.8461538462,0.1491841492,0.2140468227,other common holders: ownership
            fd_shares,1650000,1650000,0,0,1300000,-350000,-0.2121212121,fully diluted shares
            cash_raised,600000,300000,-300000,-0.5,500000,-100000,-0.1666666667,cash raised
            adjustments,2,1,-1,-0.5,1,-1,-0.5,adjustments

            """)
        #expect(outcome.stdout.contains("cheaper: the down round raises $200,000"))
        let cash = try #require(outcome.stdout.split(separator: "\n").first { $0.hasPrefix("cash raised") })
        #expect(cash.split(separator: " ").map(String.init) == [
            "cash", "raised", "$600,000.00", "$300,000.00", "-$300,000.00", "$500,000.00", "-$100,000.00",
        ])
        #expect(try folder.contents().count == 1)  // only the input: nothing written yet
    }

    @Test("--base compares the scenario as written and the other variants with one variant")
    func baseVariant() throws {
        let folder = try TemporaryFolder()
        let path = try folder.write("small.yaml", small)
        var request = CompareRequest(file: path, outDirectory: folder.url.path)
        request.base = "cheaper"
        let outcome = try Operations.compare(request)
        let csv = try #require(outcome.files.files.first).contents.split(separator: "\n").map(String.init)
        #expect(csv[0] == "metric,base,as-written,as-written_delta,as-written_relative,no-bridge,no-bridge_delta,"
            + "no-bridge_relative,name")
        #expect(csv.contains("cash_raised,300000,600000,300000,1,500000,200000,0.6666666667,cash raised"))
        #expect(csv.contains("adjustments,1,2,1,1,1,0,0,adjustments"))
        #expect(outcome.stdout.contains("base: variant cheaper, the down round raises $200,000"))
        request.variants = ["cheaper"]
        #expect(throws: CommandError.self) { try Operations.compare(request) }
        request.variants = []
        request.base = "nothing"
        #expect(throws: CommandError.self) { try Operations.compare(request) }
        _ = try Dilution.parseAsRoot(["compare", "a.yaml", "--base", "cheaper"])
    }

    @Test("a metric only a variant has is aligned by name; a missing value and a zero base leave the cell empty")
    func missingMetrics() throws {
        let folder = try TemporaryFolder()
        let text = small.replacingOccurrences(of: "  no-bridge:\n    remove: [bridge]", with: """
              warrants:
                set:
                  bridge.warrants: [{id: bridge-warrants, shares: 1000, exercise-price: 3}]
            """)
        let path = try folder.write("small.yaml", text)
        let outcome = try Operations.compare(
            CompareRequest(file: path, outDirectory: folder.url.path, variants: ["warrants"]))
        let lines = try #require(outcome.files.files.first).contents.split(separator: "\n").map(String.init)
        #expect(lines[0] == "metric,base,warrants,warrants_delta,warrants_relative,name")
        #expect(lines.contains("bridge-warrants.price,,3,,,bridge-warrants: price"))
        #expect(lines.contains("bridge-warrants.shares,,1000,,,bridge-warrants: shares"))
        // After the Series A rows, before the common holders'.
        #expect(lines.firstIndex(of: "bridge-warrants.price,,3,,,bridge-warrants: price")!
            > lines.firstIndex { $0.hasPrefix("series-a.") }!)
    }

    @Test func setAppliesToEveryScenario() throws {
        let folder = try TemporaryFolder()
        let path = try folder.write("small.yaml", small)
        let outcome = try Operations.compare(
            CompareRequest(file: path, outDirectory: folder.url.path, set: ["capitalization.common=2000000"]))
        let csv = try #require(outcome.files.files.first).contents
        #expect(csv.contains("\nfd_shares,2650000,2650000,0,0,2300000,-350000,"))
    }

    @Test func errors() throws {
        let folder = try TemporaryFolder()
        let plain = try folder.write("plain.yaml", "version: 1\ncapitalization: {common: 10}\nevents: []\n")
        #expect(throws: CommandError(
            "\(plain) has no variants to compare; add a 'variants' section (see docs/scenario-format.md).")) {
            try Operations.compare(CompareRequest(file: plain))
        }
        let path = try folder.write("small.yaml", small)
        #expect(throws: CommandError("The scenario has no variant 'x'; its variants are: cheaper, no-bridge.")) {
            try Operations.compare(CompareRequest(file: path, variants: ["x"]))
        }
        #expect(throws: ScenarioError("--set 'bridg.cash=1': no event or instrument 'bridg'; did you mean 'bridge'?",
                                      at: nil)) {
            try Operations.compare(CompareRequest(file: path, set: ["bridg.cash=1"]))
        }
    }

    @Test func monteCarloComparesMeansWithStandardErrors() throws {
        let folder = try TemporaryFolder()
        let text = small.replacingOccurrences(
            of: "    cash: 100,000\n", with: "    cash: 100,000\n    probability: 0.5\n")
        let path = try folder.write("small.yaml", text)
        let request = CompareRequest(file: path, outDirectory: folder.url.path, paths: 2_000, seed: 7, threads: 1)
        let outcome = try Operations.compare(request)
        let lines = try #require(outcome.files.files.first).contents.split(separator: "\n").map(String.init)
        #expect(lines[0] == "metric,base,base_se,cheaper,cheaper_se,cheaper_delta,cheaper_delta_se,cheaper_relative,"
            + "no-bridge,no-bridge_se,no-bridge_delta,no-bridge_delta_se,no-bridge_relative,name")
        let price = lines.first { $0.hasPrefix("series-a.price,") }!
            .split(separator: ",", omittingEmptySubsequences: false)
        // Base: 2 or 5 with probability one half each; cheaper: always 2; without the bridge, always 5 (no spread).
        let mean = try #require(Double(price[1]))
        let baseSE = try #require(Double(price[2]))
        #expect(abs(mean - 3.5) < 0.2)
        #expect(baseSE > 0)
        #expect(price[3] == "2" && price[4] == "0")
        #expect(price[8] == "5" && price[9] == "0")
        // On the same draws each path's difference is 2 − base or 5 − base: its spread is the base's, so the paired
        // standard error of either difference is the base's, 3 × √(¼) / √2000 ≈ 0.0335 (within 5 %: the spread of a
        // proportion estimated from 2,000 paths is about 2 %).
        for index in [6, 11] {
            let deltaSE = try #require(Double(price[index]))
            #expect(abs(deltaSE - baseSE) <= 1e-9 * baseSE)
            #expect(abs(deltaSE - 1.5 / 2000.0.squareRoot()) < 0.05 * 1.5 / 2000.0.squareRoot())
        }
        // The same seed gives the same bytes.
        #expect(try Operations.compare(request).files.files == outcome.files.files)
    }

    @Test func theCommandParses() throws {
        _ = try Dilution.parseAsRoot(["compare", "a.yaml", "--only", "x", "--set", "a.b=1", "--paths", "10"])
        _ = try Dilution.parseAsRoot(["run", "a.yaml", "--set", "a.b=1", "--set", "c.d=2", "--variant", "v"])
        #expect(throws: (any Error).self) { try Dilution.parseAsRoot(["compare", "a.yaml", "--variant", "v"]) }
    }

    @Test("end to end: the binary writes the CSV and prints the table")
    func endToEnd() throws {
        let folder = try TemporaryFolder()
        let path = try folder.write("small.yaml", small)
        let result = try Binary.run(["compare", path, "--out", folder.url.path])
        #expect(result.status == 0)
        let price = try #require(result.stdout.split(separator: "\n").first { $0.hasPrefix("series-a: price") })
        #expect(price.split(separator: " ").map(String.init) == [
            "series-a:", "price", "$2.00", "$2.00", "$0.00", "$5.00", "+$3.00",
        ])
        #expect(result.stderr == "wrote \(folder.url.path)/small.compare.csv\n")
        let csv = try String(contentsOfFile: "\(folder.url.path)/small.compare.csv", encoding: .utf8)
        #expect(csv.hasPrefix("metric,base,cheaper,cheaper_delta,cheaper_relative,no-bridge,"))

        let bad = try Binary.run(["run", path, "--set", "down-round.cash=abc", "--out", folder.url.path])
        #expect(bad.status == 1)
        #expect(bad.stderr == "in --set 'down-round.cash=abc': invalid amount of money 'abc' for 'events[0].cash': "
            + "'a' is not part of a decimal number; write it as 43000000, 43,000,000, 700M or 1.2B\n")
        let variant = try Binary.run(["validate", path, "--variant", "no-bridge"])
        #expect(variant.stdout.contains("1 events, 1 adjustments"))
        let all = try Binary.run(["validate", path])
        #expect(all.stdout.hasSuffix("2 variants valid: cheaper, no-bridge.\n"))
    }
}
