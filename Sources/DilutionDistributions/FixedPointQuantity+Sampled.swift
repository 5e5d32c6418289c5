import DilutionExact

extension FixedPointQuantity {
    /// Converts a sampled number to the exact quantity nearest to it (or below or above it), with one rounding.
    ///
    /// The binary value of `value` is converted exactly and rounded once to the type's resolution, so a sampled
    /// 4.51 (really 4.5099999999999997868…) becomes the price 4.51 and never 4.509999999999. Apply the scenario's own
    /// rounding rule afterwards if one is wanted.
    @inlinable
    package init(sampled value: Double, rounding direction: RoundingDirection = .nearest) throws(SamplingError) {
        var typeName: String { String(describing: Self.self) }
        guard value.isFinite else { throw .notRepresentable(value: value, type: typeName) }
        if value == 0 {
            self.init(units: 0)
            return
        }
        // value = significand × 2^(-shift), with an integer significand below 2⁵³, read from the bits (the
        // generic `exponent` and conversion from a double to `Int128` cost more than the rest of the conversion).
        let bits = value.bitPattern
        let biased = Int((bits >> 52) & 0x7FF)
        guard biased != 0 else {
            // Subnormal: far below one unit of any quantity (its shift is beyond 126), so the rounding decides.
            switch direction {
            case .nearest: self.init(units: 0)
            case .down: self.init(units: value < 0 ? -1 : 0)
            case .up: self.init(units: value > 0 ? 1 : 0)
            }
            return
        }
        let shift = 1075 - biased
        let mantissa = Int64(bitPattern: bits & 0x000F_FFFF_FFFF_FFFF | 0x0010_0000_0000_0000)
        let significand = Int128(value < 0 ? -mantissa : mantissa)
        do {
            let scaled = try Wide.multiply(significand, Wide.pow10(Self.decimals), "a sampled \(typeName)")
            if shift <= 0 {
                guard -shift < 126 else { throw ArithmeticError.overflow("") }
                self.init(units: try Wide.multiply(scaled, Int128(1) << -shift, "a sampled \(typeName)"))
            } else if shift < 126 {
                // A division by 2^shift: a shift, rounded as `Wide.divide` rounds (|scaled| < 2⁹⁴, no overflow).
                switch direction {
                case .down: self.init(units: scaled >> shift)
                case .up: self.init(units: -((-scaled) >> shift))
                case .nearest:
                    let half = UInt128(1) << (shift - 1)
                    let quotient = Int128((scaled.magnitude + half) >> shift)
                    self.init(units: scaled < 0 ? -quotient : quotient)
                }
            } else {
                // |scaled| < 2¹²⁶ / 2^shift ≤ 1: less than one unit, so the rounding decides alone.
                switch direction {
                case .nearest: self.init(units: 0)
                case .down: self.init(units: value < 0 ? -1 : 0)
                case .up: self.init(units: value > 0 ? 1 : 0)
                }
            }
        } catch {
            throw .notRepresentable(value: value, type: typeName)
        }
    }
}
