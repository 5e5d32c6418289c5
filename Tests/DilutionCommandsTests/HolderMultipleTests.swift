import DilutionExact
import DilutionModel
import DilutionScenario
import Foundation
import Testing

/// Holders' money invested and multiples at an exit (`HolderInvestment`, `NAME.exit-holders.csv`): where the
/// events record what each holder paid for a series, and only there.
@Suite("Holders' multiples at an exit", .serialized)
struct HolderMultipleTests {
    /// 8,000,000 common held by Founder; a Series A priced from an $8M pre-money on those 8,000,000 shares:
    /// $1.00 a share, Fund A $3,000,000 (3,000,000 shares), Fund B $1,000,000 (1,000,000); then Founder sells
    /// 500,000 common to Fund C at $2.00 that become Series A. `extra` is appended to the events.
    static func round(_ extra: String = "") -> String {
        """
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
              - {name: Fund A, amount: 3M}
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
        \(extra)
        """
    }

    // Fund A paid its $3,000,000, Fund B its $1,000,000, Fund C 500,000 × $2.00 = $1,000,000. After a pro-rata
    // sale of 450,000 Series A to Fund D at $3.00 (Fund A 300,000, Fund B 100,000, Fund C 50,000), the sellers'
    // money is no longer known (what their remaining shares cost is not recorded); Fund D paid $1,350,000.
    @Test func theMoneyEachHolderPaid() throws {
        let loaded = try ScenarioLoader.load(text: Self.round(), file: "round.yaml")
        #expect(
            HolderInvestment.known(in: loaded.scenario)
                == ["series-a": ["Fund A": Money(3_000_000), "Fund B": Money(1_000_000), "Fund C": Money(1_000_000)]])
        let sold = try ScenarioLoader.load(
            text: Self.round(
                """
                  - id: secondary
                    type: transfer
                    date: 2025-01-01
                    class: series-a
                    from: pro-rata
                    shares: 450000
                    to: Fund D
                    price: 3.00
                """), file: "round.yaml")
        #expect(
            HolderInvestment.known(in: sold.scenario) == ["series-a": ["Fund D": Money(1_350_000)]])
    }

    // A SAFE converting in the round counts its purchase amount for its holder (whatever shares it got), a
    // note its principal (not the interest); the founders' common and a series without a round have none.
    @Test func convertiblesCountWhatTheyInvested() throws {
        let text = """
            version: 1
            capitalization:
              common:
                holders:
                  - {name: Founder, shares: 8000000}
              safes:
                - {id: safe, holder: Angel, amount: 500000, cap: 10000000}
              notes:
                - {id: note, holder: Fund A, principal: 250000, issued: 2023-01-01, interest: {rate: 10%}}
            events:
              - id: series-a
                type: financing
                date: 2024-01-01
                pre-money: 8M
                investors:
                  - {name: Fund A, amount: 3M}
                preferred:
                  - id: series-a
                    clause: {type: none}

            """
        let loaded = try ScenarioLoader.load(text: text, file: "safe.yaml")
        let invested = HolderInvestment.known(in: loaded.scenario)
        #expect(invested == ["series-a": ["Fund A": Money(3_250_000), "Angel": Money(500_000)]])
    }

    // Series A: 4,500,000 shares (1:1 for the 500,000 that became it), a $4,500,000 preference; as converted
    // 4.5 of 12 million. At $6M converting would pay $2,250,000: it holds and takes $4,500,000, a dollar a share:
    // Fund A $3,000,000 on $3,000,000 (1x), Fund B 1x, Fund C $500,000 on $1,000,000 (0.5x).
    // At $24M it converts, 4.5/12 of it is $9,000,000, $2 a share: Fund A and B 2x, Fund C 1x.
    // The Founder holds all 7,500,000 common: at $6M the $1,500,000 left after the preference, at $24M 7.5/12 of
    // $24,000,000 = $15,000,000 (no money invested recorded for common: empty cells).
    @Test func theExitHoldersCSVHasTheirMultiples() throws {
        let folder = try TemporaryFolder()
        let file = try folder.write("round.yaml", Self.round())
        let out = folder.url.appendingPathComponent("out")
        let result = try Binary.run(["exit", file, "--at", "6M,24M", "--out", out.path])
        #expect(result.status == 0, "\(result.stderr)")
        let csv = try String(contentsOf: out.appendingPathComponent("round.exit-holders.csv"), encoding: .utf8)
        #expect(
            csv == """
                exit_value,class,holder,shares,proceeds,invested,multiple
                6000000,series-a,Fund A,3000000,3000000,3000000,1
                6000000,series-a,Fund B,1000000,1000000,1000000,1
                6000000,series-a,Fund C,500000,500000,1000000,0.5
                6000000,common,Founder,7500000,1500000,,
                24000000,series-a,Fund A,3000000,6000000,3000000,2
                24000000,series-a,Fund B,1000000,2000000,1000000,2
                24000000,series-a,Fund C,500000,1000000,1000000,1
                24000000,common,Founder,7500000,15000000,,

                """)
    }

    /// `round`'s extra event: the Founder sells 500,000 common to Fund A at $2.00, which stay common.
    static let commonSale = """
          - id: secondary
            type: transfer
            date: 2025-01-01
            class: common
            from: Founder
            shares: 500000
            to: Fund A
            price: 2.00
        """

    // Founder then sells 500,000 common to Fund A at $2.00 that stay common: Fund A paid $1,000,000 for it (it
    // held no common before), the Founder's money stays unknown. Series A 4,500,000 shares, common 7,500,000
    // (Founder 7,000,000, Fund A 500,000).
    // At $6M Series A holds ($4,500,000) and the $1,500,000 left is $0.20 a common share: Fund A's common
    // $100,000 on $1,000,000 (0.1x), its total $3,100,000 on $4,000,000 (0.775x). At $24M everything is $2 a
    // share: Fund A's common $1,000,000 (1x), its total $7,000,000 on $4,000,000 (1.75x). Fund B and C hold one
    // class each: no total line; the Founder one (common): none either.
    @Test func commonBoughtInATransferAndEachHoldersTotal() throws {
        let folder = try TemporaryFolder()
        let file = try folder.write("round.yaml", Self.round(Self.commonSale))
        let out = folder.url.appendingPathComponent("out")
        let result = try Binary.run(["exit", file, "--at", "6M,24M", "--out", out.path])
        #expect(result.status == 0, "\(result.stderr)")
        let csv = try String(contentsOf: out.appendingPathComponent("round.exit-holders.csv"), encoding: .utf8)
        #expect(
            csv == """
                exit_value,class,holder,shares,proceeds,invested,multiple
                6000000,series-a,Fund A,3000000,3000000,3000000,1
                6000000,series-a,Fund B,1000000,1000000,1000000,1
                6000000,series-a,Fund C,500000,500000,1000000,0.5
                6000000,common,Founder,7000000,1400000,,
                6000000,common,Fund A,500000,100000,1000000,0.1
                6000000,total,Fund A,,3100000,4000000,0.775
                24000000,series-a,Fund A,3000000,6000000,3000000,2
                24000000,series-a,Fund B,1000000,2000000,1000000,2
                24000000,series-a,Fund C,500000,1000000,1000000,1
                24000000,common,Founder,7000000,14000000,,
                24000000,common,Fund A,500000,1000000,1000000,1
                24000000,total,Fund A,,7000000,4000000,1.75

                """)
    }

    // A holder who held common before buying more, or who received common otherwise, has no known money in it.
    @Test func commonHeldBeforeABuyIsNotCounted() throws {
        let text = """
            version: 1
            capitalization:
              common:
                holders:
                  - {name: Founder, shares: 6000000}
                  - {name: Cofounder, shares: 2000000}
            events:
              - id: buy
                type: transfer
                date: 2025-01-01
                class: common
                from: Founder
                shares: 1000000
                to: [{name: Cofounder, shares: 500000}, {name: Newcomer, shares: 500000}]
                price: 1.50
            """
        let loaded = try ScenarioLoader.load(text: text, file: "buy.yaml")
        #expect(HolderInvestment.known(in: loaded.scenario) == ["common": ["Newcomer": Money(750_000)]])
    }

    // A SAFE outstanding at the exit has its holder's line. Post-money cap $10M over 8,000,000 common: converting
    // would give it about 5 % of the proceeds, $200,000 at $4M, less than its $500,000 purchase amount, which it
    // takes (1x); the $3,500,000 left goes to the Founder's common.
    @Test func anOutstandingSAFEHasItsHoldersLine() throws {
        let folder = try TemporaryFolder()
        let file = try folder.write(
            "safe.yaml",
            """
            version: 1
            capitalization:
              common:
                holders:
                  - {name: Founder, shares: 8000000}
              safes:
                - {id: safe, holder: Angel, amount: 500000, cap: 10000000}
            events: []

            """)
        let out = folder.url.appendingPathComponent("out")
        let result = try Binary.run(["exit", file, "--at", "4M", "--out", out.path])
        #expect(result.status == 0, "\(result.stderr)")
        let csv = try String(contentsOf: out.appendingPathComponent("safe.exit-holders.csv"), encoding: .utf8)
        #expect(
            csv == """
                exit_value,class,holder,shares,proceeds,invested,multiple
                4000000,safe,Angel,,500000,500000,1
                4000000,common,Founder,8000000,3500000,,

                """)
    }

    // Fund A as above: $3,000,000 in Series A and $1,000,000 for 500,000 common. Above $12M the series converts and
    // every share takes V/12,000,000, so Fund A's 3,500,000 shares take 3.5/12 of V: 1.5× its $4,000,000 is
    // reached at V = 6,000,000 × 12 / 3.5 = $20,571,428.5714…; in whole cents (each of its two parts rounded
    // twice, for the class and among the class's holders, each time by less than a cent, the left-over cents going
    // to the largest remainders) the search gives a value within four cents of it ($20,571,428.55), where its
    // total reaches $6,000,000 and a cent below does not.
    // The Founder's money is not recorded: an error, nothing written.
    @Test func aHoldersReturnTarget() throws {
        let folder = try TemporaryFolder()
        let file = try folder.write("round.yaml", Self.round(Self.commonSale))
        let out = folder.url.appendingPathComponent("out")
        let result = try Binary.run(["exit", file, "--at", "24M", "--target", "Fund A=1.5x", "--out", out.path])
        #expect(result.status == 0, "\(result.stderr)")
        let csv = try String(contentsOf: out.appendingPathComponent("round.exit-targets.csv"), encoding: .utf8)
        let row = try #require(csv.split(separator: "\n").dropFirst().first).split(separator: ",").map(String.init)
        #expect(row[0] == "holder[Fund A]" && row[1] == "1.5" && row[2] == "6000000")
        let value = try #require(Double(row[3]))
        #expect(abs(value - 20_571_428.5714) <= 0.04)
        #expect(result.stdout.contains("Fund A (holder)"))
        let below = String(format: "%.2f", value - 0.01)
        let check = try Binary.run(["exit", file, "--at", "\(below),\(row[3])", "--out", out.path, "--quiet"])
        #expect(check.status == 0, "\(check.stderr)")
        let holders = try String(contentsOf: out.appendingPathComponent("round.exit-holders.csv"), encoding: .utf8)
        let totals = holders.split(separator: "\n").filter { $0.contains(",total,Fund A,") }
            .map { line -> Money? in
                let text = String(line.split(separator: ",", omittingEmptySubsequences: false)[4])
                return (try? DecimalNumber(parsing: text)).flatMap { try? Money(exactly: $0) }
            }
        #expect(totals.count == 2)
        #expect(totals.first! != nil && totals.first!! < Money(6_000_000))
        #expect(totals.last! == Money(6_000_000) || (totals.last!.map { $0 > Money(6_000_000) } ?? false))
        let founder = try Binary.run([
            "exit", file, "--at", "24M", "--target", "Founder=2x", "--out", folder.url.appendingPathComponent("none").path,
        ])
        #expect(founder.status == 1)
        #expect(founder.stderr.contains("the money Founder invested in Common is not recorded"))
        #expect(!FileManager.default.fileExists(atPath: folder.url.appendingPathComponent("none").path))
    }
}
