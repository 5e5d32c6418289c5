import DilutionExact
import DilutionModel
import DilutionWaterfall
import Testing

/// Hand-derived cases: each figure below is worked out in the comment beside it.
@Suite("Liquidation waterfall")
struct WaterfallTests {
    static func series(
        _ id: String,
        shares: Int = 1_000_000,
        issue: String = "1",
        conversion: String = "1",
        terms: LiquidationTerms? = LiquidationTerms()
    ) -> Instrument {
        Instrument(
            id: id,
            kind: .preferred(statedValue: Money(issue)),
            shares: Shares(shares),
            price: Price(conversion),
            liquidation: terms
        )
    }

    static func waterfall(common: Int = 1_000_000, _ instruments: [Instrument], pool: Int = 0) throws -> Waterfall {
        try Waterfall(CapTable(common: Shares(common), pool: Shares(pool), instruments: instruments))
    }

    static func at(_ waterfall: Waterfall, _ value: String) throws -> WaterfallResult {
        try waterfall.distribute(ExitTerms(value: Money(value)))
    }

    static func proceeds(_ result: WaterfallResult) -> [String: Money] {
        Dictionary(uniqueKeysWithValues: result.payouts.map { ($0.holder.id, $0.proceeds) })
    }

    // 1,000,000 common and Series A: 1,000,000 shares at $1, 1× non-participating, converting 1:1.
    // Holding pays $1M; converting pays half the exit. Below $2M it holds, above it converts, and at
    // exactly $2M the two are equal: a tie is not a reason to convert, so it holds.
    @Test(
        "1× non-participating: holds below the conversion point, holds at the tie, converts above",
        arguments: [
            ("1500000", Election.holds, "1000000", "500000"),
            ("2000000", Election.holds, "1000000", "1000000"),
            ("2000000.02", Election.converts, "1000000.01", "1000000.01"),
            ("3000000", Election.converts, "1500000", "1500000"),
            ("600000", Election.holds, "600000", "0"),
        ]
    )
    func nonParticipating(value: String, election: Election, seriesA: String, common: String) throws {
        let result = try Self.at(try Self.waterfall([Self.series("series-a")]), value)
        let a = try #require(result.payout("series-a"))
        #expect(a.election == election)
        #expect(a.proceeds == Money(seriesA))
        #expect(result.payout("common")?.proceeds == Money(common))
        #expect(a.multiple == (try Exact.ratio(Money(seriesA), Money(1_000_000))))
    }

    // Fully participating: $1M preference, then half of the rest. At $3M: 1M + 1M = 2M, common 1M;
    // converting would pay 1.5M, so it holds.
    @Test func fullParticipation() throws {
        let terms = LiquidationTerms(participation: .full)
        let result = try Self.at(try Self.waterfall([Self.series("series-a", terms: terms)]), "3000000")
        let a = try #require(result.payout("series-a"))
        #expect(a.election == .holds)
        #expect(a.proceeds == Money(2_000_000))
        #expect(a.preferencePaid == Money(1_000_000))
        #expect(a.alternative == Money(1_500_000))
        #expect(result.payout("common")?.proceeds == Money(1_000_000))
        #expect(result.pricePerCommonShare == Price(1))
    }

    // Capped at 2× ($2M in all). $2.5M: 1M + 0.75M = 1.75M, under the cap. $3.5M: 1M + 1.25M would pass
    // the cap, so 2M and common 1.5M (converting: 1.75M). $4M: capped 2M = converting 2M, a tie: holds.
    // $5M: capped 2M < converting 2.5M: converts.
    @Test(
        "Participation cap not reached, reached, tied with conversion, exceeded",
        arguments: [
            ("2500000", Election.holds, false, "1750000", "750000"),
            ("3500000", Election.holds, true, "2000000", "1500000"),
            ("4000000", Election.holds, true, "2000000", "2000000"),
            ("5000000", Election.converts, false, "2500000", "2500000"),
        ]
    )
    func participationCap(value: String, election: Election, capped: Bool, seriesA: String, common: String) throws {
        let terms = LiquidationTerms(participation: .capped(multiple: Ratio(2)))
        let result = try Self.at(try Self.waterfall([Self.series("series-a", terms: terms)]), value)
        let a = try #require(result.payout("series-a"))
        #expect(a.election == election)
        #expect(a.capReached == capped)
        #expect(a.proceeds == Money(seriesA))
        #expect(result.payout("common")?.proceeds == Money(common))
    }

    // Series B senior to Series A, each $1M of preference: at $1.5M, B is paid in full and A gets the
    // remaining $0.5M; pari passu, they share pro rata to what they are owed: $750,000 each.
    @Test func stackedSeniorityAgainstPariPassu() throws {
        let stacked = try Self.waterfall([
            Self.series("series-a", terms: LiquidationTerms(seniority: 2)),
            Self.series("series-b", terms: LiquidationTerms(seniority: 1)),
        ])
        let s = Self.proceeds(try Self.at(stacked, "1500000"))
        #expect(s == ["series-b": Money(1_000_000), "series-a": Money(500_000), "common": .zero])
        let flat = try Self.waterfall([Self.series("series-a"), Self.series("series-b")])
        let f = Self.proceeds(try Self.at(flat, "1500000"))
        #expect(f == ["series-b": Money(750_000), "series-a": Money(750_000), "common": .zero])
        let tiers = try Self.at(stacked, "1500000").tiers
        #expect(tiers.map(\.rank) == [1, 2])
        #expect(tiers.map(\.fullyPaid) == [true, false])
    }

    // 1,000,000 common and 100,000 options at $1.00. At a $1,000,000 exit the price per common share
    // is exactly $1.00, the strike: not exercised. A cent more and they are strictly in the money:
    // p = (1,000,000.01 + 100,000) / 1,100,000 = 1.0000000090909…, the options net
    // 100,000 × 0.0000000090909… = $0.00090909, which rounds to no cent (the common's remainder is larger).
    // At $2,200,000: p = 2,300,000 / 1,100,000 = 2.0909…; options net $109,090.91, common $2,090,909.09.
    @Test func optionsAtTheirStrikeAndACentAbove() throws {
        let options = Instrument(id: "options", kind: .option, shares: Shares(100_000), price: Price("1.00"))
        let waterfall = try Self.waterfall([options], pool: 50_000)
        let atStrike = try Self.at(waterfall, "1000000")
        #expect(atStrike.payout("options")?.election == .notExercised)
        #expect(atStrike.payout("options")?.proceeds == .zero)
        #expect(atStrike.payout("common")?.proceeds == Money(1_000_000))
        #expect(atStrike.forfeitedPool == Shares(50_000))
        let above = try Self.at(waterfall, "1000000.01")
        let o = try #require(above.payout("options"))
        #expect(o.election == .exercised)
        #expect(o.exact == Money("0.00090909"))
        #expect(o.proceeds == .zero)
        #expect(above.payout("common")?.proceeds == Money("1000000.01"))
        let high = Self.proceeds(try Self.at(waterfall, "2200000"))
        #expect(high == ["options": Money("109090.91"), "common": Money("2090909.09")])
    }

    // $100.00 among three holders of one share each: $33.333… each, rounded down to $33.33, and the
    // cent left goes to the largest remainder; all three remainders are equal, so to the first in the
    // canonical order: preferred series without terms (by id) before the common.
    @Test func lastCentRule() throws {
        let result = try Self.at(
            try Self.waterfall(
                common: 1,
                [
                    Self.series("b", shares: 1, terms: nil), Self.series("a", shares: 1, terms: nil),
                ]
            ),
            "100"
        )
        #expect(Self.proceeds(result) == ["a": Money("33.34"), "b": Money("33.33"), "common": Money("33.33")])
        #expect(result.payout("a")?.receivedRoundingCent == true)
        #expect(result.payouts.map(\.holder.id) == ["a", "b", "common"])
    }

    // Two non-participating series on 1,000,000 common: A ($1M, 1,000,000 shares) and B ($3M,
    // 1,000,000 shares at $3, converting 1:1). At $6M: both holding leaves $2M to common; A converting
    // alone gets (6 − 3) / 2 = 1.5M > 1M, so A converts; B converting too would get 2M < 3M: B holds.
    @Test func conversionEquilibriumOfTwoSeries() throws {
        let waterfall = try Self.waterfall([
            Self.series("series-a"), Self.series("series-b", issue: "3", conversion: "3"),
        ])
        let result = try Self.at(waterfall, "6000000")
        #expect(result.payout("series-a")?.election == .converts)
        #expect(result.payout("series-b")?.election == .holds)
        #expect(
            Self.proceeds(result) == [
                "series-a": Money(1_500_000), "series-b": Money(3_000_000), "common": Money(1_500_000),
            ]
        )
        #expect(result.payout("series-a")?.alternative == Money(1_000_000))
        #expect(result.payout("series-b")?.alternative == Money(2_000_000))
        if case .enumeration(let count) = result.method { #expect(count == 1) } else { Issue.record("not enumerated") }
    }

    // A carve-out and deductions: $10M − $1M debt − $0.5M costs = $8.5M; 10 % carve-out $850,000;
    // $7,650,000 to share. Series A holds ($1M) or converts (half of 7.65M = 3.825M): converts.
    @Test func deductionsAndCarveOut() throws {
        let waterfall = try Self.waterfall([Self.series("series-a")])
        let result = try waterfall.distribute(
            ExitTerms(value: Money(10_000_000), debt: Money(1_000_000), costs: Money(500_000), carveOut: Ratio("0.1"))
        )
        #expect(result.distributable == Money(8_500_000))
        #expect(result.carveOut == Money(850_000))
        #expect(result.netProceeds == Money(7_650_000))
        #expect(Self.proceeds(result) == ["series-a": Money(3_825_000), "common": Money(3_825_000)])
        #expect(throws: WaterfallError.self) {
            try waterfall.distribute(ExitTerms(value: Money(1_000_000), debt: Money(2_000_000)))
        }
        #expect(throws: WaterfallError.notWholeCents(what: "exit value", value: Money("1.001"))) {
            try waterfall.distribute(ExitTerms(value: Money("1.001")))
        }
    }

    // 1,000,000 common and 300 warrants at $0.50 held 200 : 100. At $1,500,300 the price per common share is
    // (1,500,300 + 150) / 1,000,300 = $1.50, the tranche nets 300 × $1.00 = $300: $200 and $100.
    @Test func warrantHoldersShareTheirTranche() throws {
        let warrants = Instrument(
            id: "warrants", kind: .warrant, shares: Shares(300), price: Price("0.50"),
            holders: [Holder(name: "Harbor Bank", shares: Shares(200)), Holder(name: "Keel", shares: Shares(100))])
        let result = try Self.at(try Self.waterfall([warrants]), "1500300")
        let payout = try #require(result.payout("warrants"))
        #expect(result.pricePerCommonShare == Price("1.5"))
        #expect(payout.proceeds == Money(300))
        #expect(payout.holderProceeds == [Money(200), Money(100)])
    }
}
