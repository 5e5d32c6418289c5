import DilutionExact
import DilutionSampling
import Testing

/// `init(sampled:)` as first written, through `Double(sign:exponent:significand:)`: the reference the bit-level
/// conversion is checked against.
private func referenceUnits(_ value: Double, decimals: Int, _ direction: RoundingDirection) -> Int128? {
    guard value.isFinite else { return nil }
    if value == 0 { return 0 }
    let shift = 52 - Int(value.exponent)
    let significand = Int128(Double(sign: .plus, exponent: shift, significand: value))
    let scaled = significand.multipliedReportingOverflow(by: Wide.pow10(decimals))
    guard !scaled.overflow else { return nil }
    if shift <= 0 {
        guard -shift < 126 else { return nil }
        let (units, overflow) = scaled.partialValue.multipliedReportingOverflow(by: Int128(1) << -shift)
        return overflow ? nil : units
    } else if shift < 126 {
        let s = scaled.partialValue
        switch direction {
        case .down: return s >> shift
        case .up: return -((-s) >> shift)
        case .nearest:
            let quotient = Int128((s.magnitude + (UInt128(1) << (shift - 1))) >> shift)
            return s < 0 ? -quotient : quotient
        }
    }
    switch direction {
    case .nearest: return 0
    case .down: return value < 0 ? -1 : 0
    case .up: return value > 0 ? 1 : 0
    }
}

struct SampledQuantityTests {
    @Test func bitLevelConversionMatchesTheReference() throws {
        var values: [Double] = [
            4.51, 0.3125, 1e-300, 5e-324, 2.2250738585072014e-308, 2.225073858507201e-308, 1, 0.5, 1e15, 9.5e16,
            1.7e26, 1e30, 0.0000015, 0.0000005, 123_456.789, 2.5e-7, 1.5e-6,
        ]
        var x = 1.0e-12
        while x < 1e28 {
            values.append(x)
            values.append(x.nextUp)
            values.append(x.nextDown)
            x *= 1.37
        }
        values += values.map { -$0 }
        for value in values {
            for direction in RoundingDirection.allCases {
                for (decimals, convert) in [
                    (Price.decimals, { (v: Double) throws -> Int128 in try Price(sampled: v, rounding: direction).units }),
                    (Money.decimals, { (v: Double) throws -> Int128 in try Money(sampled: v, rounding: direction).units }),
                    (Shares.decimals, { (v: Double) throws -> Int128 in try Shares(sampled: v, rounding: direction).units }),
                ] {
                    let expected = referenceUnits(value, decimals: decimals, direction)
                    #expect((try? convert(value)) == expected, "\(value) at \(decimals) places, \(direction)")
                }
            }
        }
    }

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
