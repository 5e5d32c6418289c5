import DilutionExact
import DilutionModel
import Testing

@Suite("The Vsource notice of July 19, 2005")
struct VsourceTests {
    let adjustment: Adjustment

    init() throws {
        let timeline = try Engine(Fixtures.vsource).run()
        let adjustments = timeline.steps[0].adjustments
        #expect(adjustments.count == 1)
        adjustment = try #require(adjustments.first)
    }

    @Test func newConversionPriceIsFourFiftyOne() {
        #expect(adjustment.priceBefore == Price("14.20"))
        #expect(adjustment.priceAfter == Price("4.51"))
    }

    @Test func conversionRateIsOneFortyTwo() {
        #expect(adjustment.rateBefore == Ratio("0.45"))
        #expect(adjustment.rateAfter == Ratio("1.42"))
    }

    @Test func numeratorComponents() {
        #expect(adjustment.base.map(\.value) == [Shares(2_101_345), Shares(317_596)])
        #expect(adjustment.considerationShares == Shares(135_310))
        #expect(adjustment.considerationSharesExact.formatted(places: 2) == "135,309.86")
        #expect(adjustment.numerator == Shares(2_554_251))
    }

    @Test func denominatorComponents() {
        #expect(adjustment.additional.map(\.value) == [Shares(4_729_600), Shares(886_800)])
        #expect(adjustment.additionalTotal == Shares(5_616_400))
        #expect(adjustment.denominator == Shares(8_035_341))
    }

    @Test func considerationCountsTheWarrantExercisePayment() {
        #expect(adjustment.consideration.map(\.value) == [Money(1_478_000), Money(443_400)])
        #expect(adjustment.considerationTotal == Money(1_921_400))
    }
}
