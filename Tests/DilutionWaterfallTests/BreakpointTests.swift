import DilutionExact
import DilutionModel
import DilutionWaterfall
import Testing

@Suite("Breakpoints")
struct BreakpointTests {
    static func rows(_ points: [Breakpoint]) -> [String] {
        points.map { "\($0.exitValue.fullText(minimumPlaces: 2)) \($0.classID) \($0.event.rawValue)" }
    }

    // Series A 1× non-participating on 1,000,000 common: its preference is paid in full at $1M; it
    // converts once half the exit exceeds $1M, i.e. from $2,000,000.00000001 (at $2M exactly it holds).
    @Test func nonParticipating() throws {
        let waterfall = try WaterfallTests.waterfall([WaterfallTests.series("series-a")])
        let points = try waterfall.breakpoints(upTo: Money(5_000_000), terms: ExitTerms(value: .zero))
        #expect(Self.rows(points) == ["1,000,000.00 series-a preference-paid", "2,000,000.00000001 series-a converts"])
    }

    // Capped at 2×: preference paid at $1M, cap reached when the price per common share is $1
    // (1M + 1M + 1M = $3M), conversion above $4M.
    @Test func cappedParticipation() throws {
        let terms = LiquidationTerms(participation: .capped(multiple: Ratio(2)))
        let waterfall = try WaterfallTests.waterfall([WaterfallTests.series("series-a", terms: terms)])
        let points = try waterfall.breakpoints(upTo: Money(6_000_000), terms: ExitTerms(value: .zero))
        #expect(
            Self.rows(points) == [
                "1,000,000.00 series-a preference-paid", "3,000,000.00 series-a cap-reached",
                "4,000,000.00000001 series-a converts",
            ]
        )
    }

    // Options at $1.00 on 1,000,000 common come into the money at $1M; with $200,000 of debt and a
    // 20 % carve-out, net proceeds of $1M need (1M / 0.8) + 200,000 = $1,450,000, less 10⁻⁸: the
    // carve-out rounds down, so at 1,249,999.99999999 after debt it is 249,999.99999999 and the net $1M.
    @Test func optionsAndDeductions() throws {
        let options = Instrument(id: "options", kind: .option, shares: Shares(100_000), price: Price("1.00"))
        let waterfall = try WaterfallTests.waterfall([options])
        let plain = try waterfall.breakpoints(upTo: Money(3_000_000), terms: ExitTerms(value: .zero))
        #expect(Self.rows(plain) == ["1,000,000.00 options in-the-money"])
        let deducted = try waterfall.breakpoints(
            upTo: Money(3_000_000),
            terms: ExitTerms(value: .zero, debt: Money(200_000), carveOut: Ratio("0.2"))
        )
        #expect(Self.rows(deducted) == ["1,449,999.99999999 options in-the-money"])
    }

    // Between breakpoints the payouts are linear: the midpoint's payout is the mean of the ends'.
    @Test func payoutsAreLinearBetweenBreakpoints() throws {
        let waterfall = try WaterfallPropertyTests.waterfall()
        let points = try waterfall.breakpoints(upTo: Money(40_000_000), terms: ExitTerms(value: .zero))
        #expect(points.count >= 5)
        var edges = [Money.zero] + points.map(\.exitValue) + [Money(40_000_000)]
        edges = edges.map { Money(units: ($0.units + 999_999) / 1_000_000 * 1_000_000) }
        for (low, high) in zip(edges, edges.dropFirst()) where high.units - low.units >= 4_000_000 {
            // Stay off the edges: a breakpoint's own value belongs to the segment above it.
            let a = Money(units: low.units + 1_000_000)
            let b = Money(units: high.units - 1_000_000)
            guard (b.units - a.units) % 2_000_000 == 0 else { continue }
            let m = Money(units: (a.units + b.units) / 2)
            let ra = try waterfall.distribute(ExitTerms(value: a))
            let rb = try waterfall.distribute(ExitTerms(value: b))
            let rm = try waterfall.distribute(ExitTerms(value: m))
            for ((pa, pb), pm) in zip(zip(ra.payouts, rb.payouts), rm.payouts) {
                let mean = (pa.exact.units + pb.exact.units) / 2
                #expect(abs(pm.exact.units - mean) <= 2, "\(pm.holder.id) between \(a) and \(b)")
            }
        }
    }
}
