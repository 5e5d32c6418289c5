import DilutionExact
import DilutionModel
import DilutionWaterfall
import Testing

@Suite("Cumulative dividends")
struct DividendTests {
    static func day(_ text: String) -> CalendarDate { CalendarDate(iso: text)! }

    // 8 % a year on $1,000,000, actual/365. Simple over 2024-01-01 → 2025-01-01 (366 days, a leap year):
    // 80,000 × 366 / 365 = 80,219.178082191…, to 10⁻⁸: 80,219.17808219. Over 2024-06-01 → 2025-06-01
    // (365 days): 80,000. Compound from 2020-03-01 to 2023-09-01: three anniversaries, 1,000,000 × 1.08³
    // = 1,259,712, then 184 days simple: 1,259,712 × 0.08 × 184 / 365 = 50,802.63189041…; accrued
    // 310,514.63189041. Non-cumulative: nothing. Before the start: nothing.
    @Test(
        "Accrual",
        arguments: [
            (Dividends.Compounding.simple, true, "2024-01-01", "2025-01-01", "80219.17808219"),
            (.simple, true, "2024-06-01", "2025-06-01", "80000"),
            (.compound, true, "2020-03-01", "2023-09-01", "310514.63189041"),
            (.compound, false, "2020-03-01", "2023-09-01", "0"),
            (.simple, true, "2026-01-01", "2025-01-01", "0"),
        ]
    )
    func accrual(
        compounding: Dividends.Compounding,
        cumulative: Bool,
        from: String,
        to: String,
        expected: String
    ) throws {
        let dividends = Dividends(
            rate: Ratio("0.08"),
            compounding: compounding,
            from: Self.day(from),
            cumulative: cumulative
        )
        #expect(try dividends.accrued(on: Money(1_000_000), at: Self.day(to)) == Money(expected))
    }

    // Series A, $1M at $1, 1× plus 8 % simple cumulative from 2024-06-01, on 1,000,000 common. At a
    // $1.5M exit on 2025-06-01 it is owed 1,080,000 and holds (converting pays 750,000): common 420,000.
    // It converts only above $2,160,000, where half the exit passes 1,080,000.
    @Test func dividendsAddToThePreference() throws {
        let terms = LiquidationTerms(dividends: Dividends(rate: Ratio("0.08"), from: Self.day("2024-06-01")))
        let table = CapTable(
            common: Shares(1_000_000),
            instruments: [WaterfallTests.series("series-a", terms: terms)]
        )
        let waterfall = try Waterfall(table, on: Self.day("2025-06-01"))
        let result = try waterfall.distribute(ExitTerms(value: Money(1_500_000)))
        #expect(WaterfallTests.proceeds(result) == ["series-a": Money(1_080_000), "common": Money(420_000)])
        #expect(result.payout("series-a")?.holder.accruedDividends == Money(80_000))
        let points = try waterfall.breakpoints(upTo: Money(3_000_000), terms: ExitTerms(value: .zero))
        #expect(
            BreakpointTests.rows(points) == [
                "1,080,000.00 series-a preference-paid", "2,160,000.00000001 series-a converts",
            ]
        )
        #expect(throws: WaterfallError.needsDate("series-a")) { try Waterfall(table) }
    }
}
