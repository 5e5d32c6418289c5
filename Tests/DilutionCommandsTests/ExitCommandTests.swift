import DilutionCommands
import DilutionExact
import DilutionReports
import Foundation
import Testing

/// `dilution exit` and `dilution explain --exit`, in process and through the built binary.
@Suite("Exit commands", .serialized)
struct ExitCommandTests {
    /// `../shared/worked-examples.md` §2 c with hypothetical terms: 1× non-participating, B senior.
    static let chain = """
        version: 1
        name: Worked example 2 c
        capitalization:
          common: 8000000
          preferred:
            - id: series-a
              name: Series A
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
                name: Series B
                shares: 4000000
                original-issue-price: 1.00
                conversion-price: 1.00
                clause: {type: none}
                liquidation: {preference: 1x, seniority: 1}

        """

    @Test(
        "Money on the command line",
        arguments: [
            ("700M", "700000000"), ("1.2B", "1200000000"), ("2b", "2000000000"), ("350K", "350000"),
            ("$43,000,000", "43000000"), ("1500000.25", "1500000.25"),
        ]
    )
    func money(text: String, expected: String) throws {
        #expect(try ExitArguments.money(text, option: "--at") == Money(expected))
    }

    @Test(
        "Bad money is refused in a sentence",
        arguments: [
            (
                "12Q",
                "--at '12Q' is not an amount of money ('Q' is not part of a decimal number): write it as 700M, 1.2B, "
                    + "350K or 43000000."
            ),
            // A percentage was once read as a fraction of a dollar: 5% is not $0.05.
            (
                "5%",
                "--at '5%' is not an amount of money (it is a percentage, not an amount of money): write it as 700M, "
                    + "1.2B, 350K or 43000000."
            ),
            ("1.000000001M", "--at '1.000000001M' must be a non-negative amount in whole cents."),
            ("-5M", "--at '-5M' must be a non-negative amount in whole cents."),
        ]
    )
    func badMoney(text: String, message: String) {
        #expect(throws: CommandError(message)) { try ExitArguments.money(text, option: "--at") }
    }

    @Test func valueListsAndRanges() throws {
        #expect(try ExitArguments.values(["700M,1.2B", "2B"]) == [Money(700_000_000), Money(1_200_000_000), Money(2_000_000_000)])
        #expect(try ExitArguments.values(["0:2B:500M"]) == [0, 500, 1000, 1500, 2000].map { Money($0 * 1_000_000) })
        #expect(try ExitArguments.values(["1M:1.25M:0.1M"]) == [Money(1_000_000), Money(1_100_000), Money(1_200_000)])
        #expect(throws: CommandError("--at '2B:1B:1M' needs LO at most HI and a STEP above zero.")) {
            try ExitArguments.values(["2B:1B:1M"])
        }
        #expect(throws: CommandError("--at '0:1B:1K' has 1000001 values; at most 10,000 are allowed.")) {
            try ExitArguments.values(["0:1B:1K"])
        }
        #expect(throws: CommandError("--at '1:2' is not a value or a range LO:HI:STEP such as 0:2B:50M.")) {
            try ExitArguments.values(["1:2"])
        }
        #expect(throws: CommandError("--at needs at least one exit value, e.g. --at 700M,1.2B,2B.")) {
            try ExitArguments.values([])
        }
    }

    @Test func parsesTheExitCommand() throws {
        _ = try Dilution.parseAsRoot(["exit", "a.yaml", "--at", "700M,1.2B", "--debt", "5M", "--carve-out", "5%"])
        _ = try Dilution.parseAsRoot(["explain", "a.yaml", "--exit", "1.2B", "--costs", "2M"])
    }

    @Test func exitWritesTidyCSVsAndATable() throws {
        let folder = try TemporaryFolder()
        let file = try folder.write("chain.yaml", Self.chain)
        let out = folder.url.appendingPathComponent("out")
        let result = try Binary.run(["exit", file, "--at", "5M,43M", "--out", out.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: out.path).sorted() == [
                "chain.exit-breakpoints.csv", "chain.exit.csv",
            ]
        )
        let csv = try String(contentsOf: out.appendingPathComponent("chain.exit.csv"), encoding: .utf8)
        #expect(
            csv == """
                exit_value,class,name,kind,election,shares,common_equivalent,proceeds,price_per_share,multiple,preference_paid,net_proceeds
                5000000,series-b,Series B,preferred,holds,4000000,4000000,4000000,1,1,4000000,5000000
                5000000,series-a,Series A,preferred,holds,2000000,2333333.333333,1000000,0.5,0.25,1000000,5000000
                5000000,common,Common,common,common,8000000,8000000,0,0,,0,5000000
                43000000,series-b,Series B,preferred,converts,4000000,4000000,12000000,3,3,0,43000000
                43000000,series-a,Series A,preferred,converts,2000000,2333333.333333,7000000,3.5,1.75,0,43000000
                43000000,common,Common,common,common,8000000,8000000,24000000,3,,0,43000000

                """
        )
        // Series B (senior) is paid in full at $4M, Series A at $8M; B converts once a third of
        // (N − 4M) exceeds 4M, i.e. above $16M (the first 10⁻⁸ step at which it receives strictly more
        // at 10⁻⁸ dollar); A once 2,333,333.333333 / 14,333,333.333333 of N exceeds 4M.
        let breakpoints = try String(
            contentsOf: out.appendingPathComponent("chain.exit-breakpoints.csv"),
            encoding: .utf8
        )
        #expect(
            breakpoints == """
                exit_value,net_proceeds,class,event
                4000000,4000000,series-b,preference-paid
                8000000,8000000,series-a,preference-paid
                16000000.00000002,16000000.00000002,series-b,converts
                24571428.57143155,24571428.57143155,series-a,converts

                """
        )
        #expect(result.stdout.contains("Series A  converts  2,000,000   $7,000,000.00    $3.5000     1.75x"))
        #expect(result.stderr == "wrote \(out.path)/chain.exit.csv\nwrote \(out.path)/chain.exit-breakpoints.csv\n")
    }

    @Test func explainExitTellsTheWaterfallStepByStep() throws {
        let folder = try TemporaryFolder()
        let file = try folder.write("chain.yaml", Self.chain)
        let result = try Binary.run(["explain", file, "--exit", "6M"])
        #expect(result.status == 0, "\(result.stderr)")
        // At $6M both hold: B is paid its $4M, A the $2M left of its $4M; common receives nothing.
        #expect(result.stdout.contains("Series A **does not convert**"))
        #expect(result.stdout.contains("Rank 1: Series B is paid its preference in full, $4,000,000.00."))
        #expect(
            result.stdout.contains(
                "Rank 2: Series A is owed $4,000,000.00 but only $2,000,000.00 is left; nothing remains for the ranks below or for common."
            )
        )
        let high = try Binary.run(["explain", file, "--exit", "43M", "--debt", "1M", "--carve-out", "5%"])
        #expect(high.status == 0, "\(high.stderr)")
        #expect(
            high.stdout.contains(
                "1. Exit value $43,000,000.00, less $1,000,000.00 of debt repaid: $42,000,000.00 for the shareholders; the "
                    + "management carve-out of 5 % takes $2,100,000.00 first. Net proceeds: **$39,900,000.00**."
            )
        )
        #expect(high.stdout.contains("Series B **converts** to 4,000,000 common"))
    }

    @Test func returnTargets() throws {
        let folder = try TemporaryFolder()
        let file = try folder.write("chain.yaml", Self.chain)
        let out = folder.url.appendingPathComponent("out")
        let result = try Binary.run([
            "exit", file, "--at", "43M", "--target", "series-a=3x", "--target", "series-b=1x", "--out", out.path,
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let csv = try String(contentsOf: out.appendingPathComponent("chain.exit-targets.csv"), encoding: .utf8)
        #expect(
            csv == """
                class,multiple,target_proceeds,exit_value,searched_up_to
                series-a,3,12000000,73714285.72,43000000000
                series-b,1,4000000,4000000,43000000000

                """
        )
        #expect(result.stdout.contains("Series A     3.00x  $12,000,000.00  $73,714,285.72"))
        let bad = try Binary.run(["exit", file, "--at", "43M", "--target", "series-a", "--out", out.path])
        #expect(bad.status == 1)
        #expect(
            bad.stderr
                == "--target 'series-a' is not SERIES=MULTIPLE or HOLDER=MULTIPLE with a multiple above zero, e.g. series-b=3x.\n"
        )
    }

    /// The bundled Northwind scenario's waterfall (hypothetical terms), recorded for review.
    @Test func northwindWaterfallMatchesTheGoldenFiles() throws {
        let folder = try TemporaryFolder()
        let scenario = Golden.scenario("stress-northwind-sequential.yaml")
        let explain = try Binary.run(["explain", scenario, "--exit", "40M"])
        #expect(explain.status == 0, "\(explain.stderr)")
        try Golden.check(explain.stdout, against: "northwind-exit-40M.md")
        let exit = try Binary.run(["exit", scenario, "--at", "10M,25M,40M,60M", "--out", folder.url.path, "--quiet"])
        #expect(exit.status == 0, "\(exit.stderr)")
        for name in [
            "stress-northwind-sequential.exit.csv", "stress-northwind-sequential.exit-breakpoints.csv",
            "stress-northwind-sequential.exit-holders.csv",
        ] {
            try Golden.check(try String(contentsOfFile: folder.path(name), encoding: .utf8), against: name)
        }
    }

    @Test func cumulativeDividendsNeedTheDayOfTheExit() throws {
        let folder = try TemporaryFolder()
        let file = try folder.write(
            "chain.yaml",
            Self.chain.replacingOccurrences(
                of: "{preference: 1x, seniority: 1}",
                with: "{preference: 1x, seniority: 1, dividends: {rate: 8%, from: 2024-06-01}}"
            )
        )
        let undated = try Binary.run(["explain", file, "--exit", "6M"])
        #expect(undated.status == 1)
        #expect(
            undated.stderr == "The preferred series 'series-b' has cumulative dividends, which accrue to the day of "
                + "the exit: give that day (--date YYYY-MM-DD).\n"
        )
        // One year (365 days) at 8 % on $4M: $320,000 more for Series B, $320,000 less for Series A.
        let dated = try Binary.run(["explain", file, "--exit", "6M", "--date", "2025-06-01"])
        #expect(dated.status == 0, "\(dated.stderr)")
        #expect(
            dated.stdout.contains(
                "Series B's preference of $4,320,000.00 includes $320,000.00 of accrued cumulative dividends."
            )
        )
        #expect(dated.stdout.contains("Rank 2: Series A is owed $4,000,000.00 but only $1,680,000.00 is left"))
        let badDate = try Binary.run(["explain", file, "--exit", "6M", "--date", "2025-13-01"])
        #expect(badDate.stderr == "--date '2025-13-01' is not a day written YYYY-MM-DD, such as 2027-06-30.\n")
    }

    @Test func exitPlotStacksThePayoutsAndMarksTheBreakpoints() throws {
        let folder = try TemporaryFolder()
        let file = try folder.write("chain.yaml", Self.chain)
        let out = folder.url.appendingPathComponent("out")
        let result = try Binary.run(["exit", file, "--at", "0:60M:2M", "--out", out.path, "--quiet", "--plot"])
        #expect(result.status == 0, "\(result.stderr)")
        let png = out.appendingPathComponent("chain.exit.png").path
        let size = try FileManager.default.attributesOfItem(atPath: png)[.size] as? Int ?? 0
        #expect(size > 1000)
        let svg = folder.path("exit.svg")
        let plot = try Binary.run(["plot", out.appendingPathComponent("chain.exit.csv").path, "--out", svg])
        #expect(plot.status == 0, "\(plot.stderr)")
        let picture = try String(contentsOfFile: svg, encoding: .utf8)
        #expect(picture.contains("Series B converts"))
        #expect(picture.contains("Series A preference-paid"))
        let csv = try String(contentsOf: out.appendingPathComponent("chain.exit.csv"), encoding: .utf8)
        #expect(csv.split(separator: "\n").count == 1 + 31 * 3)
    }

    @Test func badExitInputExitsOneAndWritesNothing() throws {
        let folder = try TemporaryFolder()
        let file = try folder.write("chain.yaml", Self.chain)
        let out = folder.url.appendingPathComponent("out")
        let bad = try Binary.run(["exit", file, "--at", "5M,12Q", "--out", out.path])
        #expect(bad.status == 1)
        #expect(
            bad.stderr
                == "--at '12Q' is not an amount of money ('Q' is not part of a decimal number): write it as 700M, "
                + "1.2B, 350K or 43000000.\n")
        let tooMuchDebt = try Binary.run(["exit", file, "--at", "5M", "--debt", "6M", "--out", out.path])
        #expect(tooMuchDebt.status == 1)
        #expect(
            tooMuchDebt.stderr == "Debt and costs ($6,000,000.00) exceed the exit value ($5,000,000.00), so nothing is "
                + "left for the shareholders.\n"
        )
        let typo = try folder.write(
            "typo.yaml",
            Self.chain.replacingOccurrences(of: "{preference: 1x, seniority: 2}", with: "{preferense: 1x}")
        )
        let located = try Binary.run(["exit", typo, "--at", "5M", "--out", out.path])
        #expect(located.status == 1)
        #expect(
            located.stderr == "\(typo):12:21: unknown key 'preferense' in the liquidation terms of preferred series "
                + "'series-a'; did you mean 'preference'?\n"
        )
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }

    /// Two exit events (scenarios/wren-two-exits.yaml): on a path the first that happens is the sale. The early
    /// offer (probability 0.3, uniform $20M to $40M) or else the later sale (lognormal, median $90M, sigma 0.5), so
    /// the mean exit value is 0.3 × $30M + 0.7 × $90M × e^(0.5²/2) = $80,388,352.48; the central path (`run`) has
    /// no early offer (probability below ½) and sells at the median.
    @Test func severalExitsTheFirstThatHappensIsTheSale() throws {
        let folder = try TemporaryFolder()
        let out = folder.url.appendingPathComponent("out")
        let scenario = "scenarios/wren-two-exits.yaml"
        let simulated = try Binary.run(["simulate", scenario, "--paths", "20000", "--seed", "3", "--out", out.path, "--quiet"])
        #expect(simulated.status == 0, "\(simulated.stderr)")
        let summary = try CSVReader.parse(
            try String(contentsOf: out.appendingPathComponent("wren-two-exits.simulation-summary.csv"), encoding: .utf8))
        let row = try #require(summary.rows.first { $0.first == "exit.value" })
        func statistic(_ column: String) throws -> Double {
            let index = try #require(summary.header.firstIndex(of: column))
            return try #require(Double(row[index]))
        }
        let count = try statistic("count")
        let mean = try statistic("mean")
        let se = try statistic("se")
        #expect(count == 20000)
        let expected = 0.3 * 30_000_000 + 0.7 * 90_000_000 * Foundation.exp(0.125)
        #expect(abs(mean - expected) < 4 * se, "mean \(mean), expected \(expected) ± 4 × \(se)")
        // Below $40M: the offer's 0.3 of the paths, and 0.7 × P(lognormal < $40M) = 0.7 × Φ(ln(4/9) / 0.5) ≈ 0.04
        // of the later sale's, so the 25th percentile is an early offer.
        #expect(try statistic("p25") < 40_000_000)
        let run = try Binary.run(["run", scenario, "--out", out.path, "--quiet"])
        #expect(run.status == 0, "\(run.stderr)")
        let exit = try String(contentsOf: out.appendingPathComponent("wren-two-exits.exit.csv"), encoding: .utf8)
        #expect(exit.split(separator: "\n").dropFirst().allSatisfy { $0.hasPrefix("90000000,") })
    }
}
