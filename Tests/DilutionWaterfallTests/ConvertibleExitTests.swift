import DilutionExact
import DilutionModel
import DilutionWaterfall
import Testing

/// SAFEs and notes still outstanding at an exit: the greater of the cash-out and conversion, as an
/// equilibrium with the other elections. Each figure is derived in the comment beside it.
@Suite("SAFEs and notes at an exit")
struct ConvertibleExitTests {
    static func safe(
        _ id: String, amount: String, cap: String? = nil, discount: String? = nil,
        form: ConvertibleTerms.Form = .postMoneySafe, interest: NoteInterest? = nil, issued: CalendarDate? = nil
    ) -> Instrument {
        let terms = ConvertibleTerms(
            form: form, amount: Money(amount), cap: cap.map { Money($0) }, discount: discount.map { Ratio($0) },
            interest: interest, issued: issued)
        return Instrument(id: id, kind: .convertible(terms), shares: .zero)
    }

    static func waterfall(common: Int, _ instruments: [Instrument], on date: CalendarDate? = nil) throws -> Waterfall {
        try Waterfall(CapTable(common: Shares(common), instruments: instruments), on: date)
    }

    // $1M post-money SAFE at a $10M cap, 9,000,000 common. Converting, it owns amount ÷ cap = 10 % of the
    // liquidity capitalization L = 9,000,000 + s, s = L ÷ 10: L = 9,000,000 ÷ 0.9 = 10,000,000, s = 1,000,000.
    // It converts when 10 % of the exit beats $1M, i.e. above $10M; at $10M exactly the two tie and it
    // takes its cash-out (a tie is not a reason to convert).
    @Test(
        "A $1M post-money SAFE at a $10M cap over 9,000,000 common",
        arguments: [
            // exit, election, SAFE, common, the other election's pay
            ("5000000", Election.holds, "1000000", "4000000", "500000"),
            ("10000000", Election.holds, "1000000", "9000000", "1000000"),
            ("10000000.10", Election.converts, "1000000.01", "9000000.09", "1000000"),
            ("50000000", Election.converts, "5000000", "45000000", "1000000"),
            ("600000", Election.holds, "600000", "0", "60000"),
        ]
    )
    func postMoneySafe(value: String, election: Election, safe: String, common: String, other: String) throws {
        let waterfall = try Self.waterfall(common: 9_000_000, [Self.safe("safe", amount: "1000000", cap: "10000000")])
        let result = try waterfall.distribute(ExitTerms(value: Money(value)))
        let payout = try #require(result.payout("safe"))
        #expect(payout.holder.kind == .convertible)
        #expect(payout.election == election)
        #expect(payout.proceeds == Money(safe))
        #expect(result.payout("common")?.proceeds == Money(common))
        #expect(payout.alternative == Money(other))
        #expect(payout.conversionShares == Shares(1_000_000))
        #expect(payout.liquidityCapitalization == Shares(10_000_000))
        #expect(result.payouts.reduce(Money.zero) { try! $0 + $1.proceeds } == result.netProceeds)
    }

    // At $50M the SAFE takes 10 % of the proceeds: its multiple on the $1M purchase amount is 5.
    @Test("The SAFE's multiple on its purchase amount")
    func multiple() throws {
        let waterfall = try Self.waterfall(common: 9_000_000, [Self.safe("safe", amount: "1000000", cap: "10000000")])
        let payout = try #require(try waterfall.distribute(ExitTerms(value: Money("50000000"))).payout("safe"))
        #expect(payout.multiple == Ratio(5))
    }

    // Two post-money SAFEs: $1M at a $10M cap and $2M at a $20M cap, 8,000,000 common. Both converting:
    // they own 10 % + 10 % of L, L = 8,000,000 ÷ 0.8 = 10,000,000, 1,000,000 common each; at $100M each
    // takes $10M and the common $80M. Holding, each takes $1M or $2M: both convert.
    @Test("Two post-money SAFEs: the liquidity capitalization counts both conversions")
    func twoSafes() throws {
        let waterfall = try Self.waterfall(
            common: 8_000_000,
            [Self.safe("safe-b", amount: "2000000", cap: "20000000"), Self.safe("safe-a", amount: "1000000", cap: "10000000")])
        let result = try waterfall.distribute(ExitTerms(value: Money("100000000")))
        for id in ["safe-a", "safe-b"] {
            let payout = try #require(result.payout(id))
            #expect(payout.election == .converts)
            #expect(payout.proceeds == Money("10000000"))
            #expect(payout.conversionShares == Shares(1_000_000))
            #expect(payout.liquidityCapitalization == Shares(10_000_000))
        }
        #expect(result.payout("common")?.proceeds == Money("80000000"))
        // The same classes listed the other way round give the same result.
        let reversed = try Self.waterfall(
            common: 8_000_000,
            [Self.safe("safe-a", amount: "1000000", cap: "10000000"), Self.safe("safe-b", amount: "2000000", cap: "20000000")])
        #expect(try reversed.distribute(ExitTerms(value: Money("100000000"))) == result)
    }

    // A $500,000 note at 8 % simple interest (actual/365) from 2025-01-01, capped at $5M, 9,000,000 common;
    // exit on 2026-01-01: 365 days, $40,000 of interest, $540,000 owed. Converting, the $540,000 buys
    // common at $5M ÷ 9,000,000 (a note's cap divides the capitalization without the note):
    // 540,000 × 9,000,000 ÷ 5,000,000 = 972,000 common, 972 ÷ 9,972 of the proceeds. That equals $540,000
    // at an exit of 540,000 × 9,972 ÷ 972 = $5,540,000 (a tie: it is repaid).
    // At $20M: 20,000,000 × 972 ÷ 9,972 = $1,949,458.48375…, the common $18,050,541.51624…; rounded down
    // they leave a cent, which goes to the larger remainder, the common's.
    @Test(
        "A note with interest: repaid with its interest, or converted",
        arguments: [
            ("3000000", Election.holds, "540000", "2460000"),
            ("5540000", Election.holds, "540000", "5000000"),
            ("20000000", Election.converts, "1949458.48", "18050541.52"),
        ]
    )
    func note(value: String, election: Election, note: String, common: String) throws {
        let issued = try #require(CalendarDate(year: 2025, month: 1, day: 1))
        let exit = try #require(CalendarDate(year: 2026, month: 1, day: 1))
        let instrument = Self.safe(
            "note", amount: "500000", cap: "5000000", form: .note, interest: NoteInterest(rate: Ratio("0.08")),
            issued: issued)
        let waterfall = try Self.waterfall(common: 9_000_000, [instrument], on: exit)
        let result = try waterfall.distribute(ExitTerms(value: Money(value)))
        let payout = try #require(result.payout("note"))
        #expect(payout.holder.preference == Money("540000"))
        #expect(payout.election == election)
        #expect(payout.proceeds == Money(note))
        #expect(result.payout("common")?.proceeds == Money(common))
        #expect(payout.conversionShares == Shares(972_000))
    }

    @Test("A note accruing interest needs the exit date")
    func noteNeedsDate() throws {
        let instrument = Self.safe(
            "note", amount: "500000", cap: "5000000", form: .note, interest: NoteInterest(rate: Ratio("0.08")),
            issued: CalendarDate(year: 2025, month: 1, day: 1))
        #expect(throws: WaterfallError.noteNeedsDate("note")) {
            _ = try Self.waterfall(common: 9_000_000, [instrument])
        }
    }

    // An uncapped $800,000 SAFE with a 20 % discount: converting at 0.8 × the price per share p, it holds
    // 800,000 ÷ 0.8p shares, worth $1,000,000 whatever p: a fixed claim on what is left. At $5M it takes
    // $1M (common $4M); at $900,000 it takes all $900,000 (more than its $800,000 cash-out); at $700,000
    // both elections pay $700,000 and it is paid its cash-out.
    @Test(
        "An uncapped SAFE with a discount",
        arguments: [
            ("5000000", Election.converts, "1000000", "4000000"),
            ("900000", Election.converts, "900000", "0"),
            ("700000", Election.holds, "700000", "0"),
        ]
    )
    func uncapped(value: String, election: Election, safe: String, common: String) throws {
        let waterfall = try Self.waterfall(common: 9_000_000, [Self.safe("safe", amount: "800000", discount: "0.2")])
        let result = try waterfall.distribute(ExitTerms(value: Money(value)))
        let payout = try #require(result.payout("safe"))
        #expect(payout.election == election)
        #expect(payout.proceeds == Money(safe))
        #expect(result.payout("common")?.proceeds == Money(common))
    }

    // Series A: 1,000,000 shares at $1, 1× non-participating, 1:1; the $1M SAFE at a $10M cap; 8,000,000
    // common. At $1.5M both take their preference: owed $2M pari passu, $750,000 each, common nothing.
    // Converting, the SAFE would hold 10 % of L = (8,000,000 common + 1,000,000 Series A as converted, which
    // the liquidity capitalization counts converting or not) ÷ 0.9 = 10,000,000: 1,000,000 common, sharing
    // the $500,000 left after Series A's preference with the 8,000,000 common: $500,000 ÷ 9 = $55,555.5555…,
    // $55,555.55555556 to 10⁻⁸ dollar (the leftover unit to the larger remainder, the SAFE's 5/9 against 4/9).
    @Test("The SAFE's cash-out is pari passu with the preferred's preference, senior to common")
    func pariPassu() throws {
        let series = Instrument(
            id: "series-a", kind: .preferred(statedValue: Money(1)), shares: Shares(1_000_000), price: Price(1),
            liquidation: LiquidationTerms())
        let waterfall = try Self.waterfall(
            common: 8_000_000, [series, Self.safe("safe", amount: "1000000", cap: "10000000")])
        let result = try waterfall.distribute(ExitTerms(value: Money("1500000")))
        #expect(result.payout("series-a")?.proceeds == Money(750_000))
        #expect(result.payout("safe")?.proceeds == Money(750_000))
        #expect(result.payout("safe")?.alternative == Money("55555.55555556"))
        #expect(result.payout("common")?.proceeds == .zero)
        #expect(result.tiers.count == 1)
        #expect(result.tiers.first?.members == ["safe", "series-a"])
    }

    // The same company at $1.5M with the SAFE's cash-out given a rank of its own (`seniority`):
    // - rank 2, behind Series A (rank 1): Series A takes its $1,000,000 first, the SAFE the $500,000 left
    //   (converting it would share those $500,000 with 8,000,000 common, 1/9 of it: less); common nothing;
    // - rank 1, ahead of Series A moved to rank 2: the SAFE takes its $1,000,000, Series A the $500,000 left
    //   (converting, Series A would hold 1,000,000 of 9,000,000 common sharing $500,000: less).
    // Without the term (the default), both are at rank 1 pari passu: $750,000 each (`pariPassu` above).
    @Test(
        "A SAFE's cash-out at an explicit seniority",
        arguments: [
            // the SAFE's rank, Series A's rank, the SAFE's proceeds, Series A's, the ranks paid
            (2, 1, "500000", "1000000", [1, 2]),
            (1, 2, "1000000", "500000", [1, 2]),
            (1, 1, "750000", "750000", [1]),
        ]
    )
    func explicitSeniority(safeRank: Int, seriesRank: Int, safe: String, series: String, ranks: [Int]) throws {
        let preferred = Instrument(
            id: "series-a", kind: .preferred(statedValue: Money(1)), shares: Shares(1_000_000), price: Price(1),
            liquidation: LiquidationTerms(seniority: seriesRank))
        var terms = ConvertibleTerms(form: .postMoneySafe, amount: Money(1_000_000), cap: Money(10_000_000))
        terms.seniority = safeRank
        let waterfall = try Self.waterfall(
            common: 8_000_000, [preferred, Instrument(id: "safe", kind: .convertible(terms), shares: .zero)])
        let result = try waterfall.distribute(ExitTerms(value: Money("1500000")))
        #expect(result.payout("safe")?.election == .holds)
        #expect(result.payout("series-a")?.election == .holds)
        #expect(result.payout("safe")?.proceeds == Money(safe))
        #expect(result.payout("series-a")?.proceeds == Money(series))
        #expect(result.payout("common")?.proceeds == .zero)
        #expect(result.tiers.map(\.rank) == ranks)
    }

    // 9,000,000 common, SAFE A ($1M post-money at a $10M cap: 10 % of L) and SAFE B ($1M, no cap, 20 % discount:
    // its common at p × 0.8, a claim of $1,000,000 ÷ 0.8 = $1,250,000 whatever p), sold for $50M; both convert.
    // YC's Liquidity Capitalization counts every converting security, SAFE B's common u = $1,250,000 ÷ p too:
    // L = (9,000,000 + u) ÷ 0.9, and A's common L ÷ 10 makes A 10 % of everything the $50M buys: at p, A takes
    // $5,000,000, B $1,250,000, the common the $43,750,000 left: p = $43,750,000 ÷ 9,000,000 = $4.86111…,
    // u = 257,142.857142…, L = 10,285,714.285714… and A's common 1,028,571.428571… (to 10⁻⁶ share, down).
    // Leaving u out of L (as before) gave A 1,000,000 common of L = 10,000,000 sharing $48,750,000 with the
    // common: A $4,875,000, the common $43,875,000.
    @Test("The liquidity capitalization counts the common of the converting SAFEs without a cap")
    func liquidityCapitalizationCountsUncappedSafes() throws {
        let waterfall = try Self.waterfall(
            common: 9_000_000,
            [Self.safe("safe-a", amount: "1000000", cap: "10000000"), Self.safe("safe-b", amount: "1000000", discount: "0.2")])
        let result = try waterfall.distribute(ExitTerms(value: Money("50000000")))
        let a = try #require(result.payout("safe-a"))
        let b = try #require(result.payout("safe-b"))
        #expect(a.election == .converts)
        #expect(b.election == .converts)
        #expect(a.proceeds == Money(5_000_000))
        #expect(b.proceeds == Money(1_250_000))
        #expect(result.payout("common")?.proceeds == Money(43_750_000))
        #expect(a.liquidityCapitalization == Shares("10285714.285714"))
        #expect(a.conversionShares == Shares("1028571.428571"))
        #expect(result.payouts.reduce(Money.zero) { try! $0 + $1.proceeds } == result.netProceeds)
        // The breakpoints name B's claim paid in full, not a cash-out of A's.
        let points = try waterfall.breakpoints(upTo: Money("50000000"), terms: ExitTerms(value: .zero))
        #expect(!points.contains { $0.classID == "safe-a" && $0.event == .preferencePaid && $0.exitValue > Money(2_000_000) })
    }

    // Breakpoints of the $1M SAFE over 9,000,000 common up to $50M: its cash-out paid in full at $1M, and
    // its conversion just above $10M. At net n (10⁻⁸ dollar) converting pays it ⌊n ÷ 10⌋ plus the unit
    // left over when its remainder (n mod 10, tenths) is at least the common's (9n mod 10), ties to the
    // SAFE (first in canonical order): first more than $1M at n = 10¹⁵ + 5, i.e. $10,000,000.00000005.
    @Test("Breakpoints: the cash-out paid and the conversion point")
    func breakpoints() throws {
        let waterfall = try Self.waterfall(common: 9_000_000, [Self.safe("safe", amount: "1000000", cap: "10000000")])
        let points = try waterfall.breakpoints(upTo: Money("50000000"), terms: ExitTerms(value: .zero))
        let safe = points.filter { $0.classID == "safe" }
        #expect(safe.map(\.event) == [.preferencePaid, .converts])
        #expect(safe.map(\.exitValue) == [Money("1000000"), Money("10000000.00000005")])
    }

    // A $900,000 pre-money SAFE at a $9M cap over 9,000,000 common converts at $9M ÷ 9,000,000 = $1 a share
    // (the cap divides the capitalization without it): 900,000 common, 900/9,900 = 1/11 of the proceeds.
    // That beats $900,000 above $9.9M; at $22M it takes $2,000,000 and the common $20,000,000.
    @Test("A pre-money SAFE converts at its cap ÷ the capitalization without it")
    func preMoneySafe() throws {
        let waterfall = try Self.waterfall(
            common: 9_000_000, [Self.safe("safe", amount: "900000", cap: "9000000", form: .preMoneySafe)])
        let high = try waterfall.distribute(ExitTerms(value: Money("22000000")))
        #expect(high.payout("safe")?.election == .converts)
        #expect(high.payout("safe")?.proceeds == Money(2_000_000))
        #expect(high.payout("safe")?.conversionShares == Shares(900_000))
        #expect(high.payout("safe")?.liquidityCapitalization == nil)
        #expect(high.payout("common")?.proceeds == Money(20_000_000))
        let tie = try waterfall.distribute(ExitTerms(value: Money("9900000")))
        #expect(tie.payout("safe")?.election == .holds)
        #expect(tie.payout("safe")?.proceeds == Money(900_000))
    }

    // The $1M SAFE at a $10M cap reaches 3× its purchase amount, $3M, at 10 % of a $30M exit.
    @Test("A return target for a SAFE")
    func returnTarget() throws {
        let waterfall = try Self.waterfall(common: 9_000_000, [Self.safe("safe", amount: "1000000", cap: "10000000")])
        let target = try waterfall.target(
            "safe", multiple: Ratio(3), terms: ExitTerms(value: .zero), upTo: Money("100000000"))
        #expect(target.exitValue == Money("30000000"))
    }
}
