import DilutionExact
import DilutionSampling
import Testing

struct SampledQuantityTests {
    @Test func binaryNoiseIsRoundedAway() throws {
        #expect(try Price(sampled: 4.51) == Price("4.51"))
        #expect(try Money(sampled: 1_921_400.0) == Money("1921400"))
        #expect(try Shares(sampled: 135_309.86) == Shares("135309.86"))
        #expect(try Price(sampled: -0.3125) == Price(units: -312_500_000_000))
        #expect(try Price(sampled: 0) == .zero)
    }

    @Test func directionAppliesAtTheResolution() throws {
        #expect(try Shares(sampled: 0.0000015, rounding: .down) == Shares(units: 1))
        #expect(try Shares(sampled: 0.0000015, rounding: .up) == Shares(units: 2))
        #expect(try Shares(sampled: 1e-300, rounding: .up) == Shares(units: 1))
        #expect(try Shares(sampled: -1e-300, rounding: .down) == Shares(units: -1))
        #expect(try Shares(sampled: 1e-300) == .zero)
    }

    @Test func unrepresentableValuesAreRejected() {
        #expect(throws: SamplingError.notRepresentable(value: 1e40, type: "Price")) { try Price(sampled: 1e40) }
        #expect(
            SamplingError.notRepresentable(value: .nan, type: "Price").description
                == "A sampled price must be a finite number, not nan."
        )
        #expect(
            SamplingError.notRepresentable(value: 1e40, type: "Price").description
                == "The sampled value 1e+40 is too large to be a price."
        )
    }
}
