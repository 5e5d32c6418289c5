/// Checked 128-bit integer helpers: every exact quantity computes through these, so an overflow
/// becomes an `ArithmeticError` rather than a trap or a wrong number.
@usableFromInline
package enum Wide {
    /// 10^exponent for 0 ≤ exponent ≤ 38, as a jump table: no lazy global to check on every call.
    @inlinable
    package static func pow10(_ exponent: Int) -> Int128 {
        switch exponent {
        case 0: return 1
        case 1: return 10
        case 2: return 100
        case 3: return 1000
        case 4: return 10000
        case 5: return 100000
        case 6: return 1000000
        case 7: return 10000000
        case 8: return 100000000
        case 9: return 1000000000
        case 10: return 10000000000
        case 11: return 100000000000
        case 12: return 1000000000000
        case 13: return 10000000000000
        case 14: return 100000000000000
        case 15: return 1000000000000000
        case 16: return 10000000000000000
        case 17: return 100000000000000000
        case 18: return 1000000000000000000
        case 19: return 10000000000000000000
        case 20: return 100000000000000000000
        case 21: return 1000000000000000000000
        case 22: return 10000000000000000000000
        case 23: return 100000000000000000000000
        case 24: return 1000000000000000000000000
        case 25: return 10000000000000000000000000
        case 26: return 100000000000000000000000000
        case 27: return 1000000000000000000000000000
        case 28: return 10000000000000000000000000000
        case 29: return 100000000000000000000000000000
        case 30: return 1000000000000000000000000000000
        case 31: return 10000000000000000000000000000000
        case 32: return 100000000000000000000000000000000
        case 33: return 1000000000000000000000000000000000
        case 34: return 10000000000000000000000000000000000
        case 35: return 100000000000000000000000000000000000
        case 36: return 1000000000000000000000000000000000000
        case 37: return 10000000000000000000000000000000000000
        case 38: return 100000000000000000000000000000000000000
        default: preconditionFailure("10^\(exponent) does not fit in Int128")
        }
    }

    @inlinable @inline(__always)
    package static func multiply(_ a: Int128, _ b: Int128, _ what: @autoclosure () -> String) throws(ArithmeticError)
        -> Int128
    {
        let (result, overflow) = a.multipliedReportingOverflow(by: b)
        if overflow { throw .overflow(what()) }
        return result
    }

    @inlinable @inline(__always)
    package static func add(_ a: Int128, _ b: Int128, _ what: @autoclosure () -> String) throws(ArithmeticError)
        -> Int128
    {
        let (result, overflow) = a.addingReportingOverflow(b)
        if overflow { throw .overflow(what()) }
        return result
    }

    @inlinable @inline(__always)
    package static func subtract(_ a: Int128, _ b: Int128, _ what: @autoclosure () -> String) throws(ArithmeticError)
        -> Int128
    {
        let (result, overflow) = a.subtractingReportingOverflow(b)
        if overflow { throw .overflow(what()) }
        return result
    }

    /// Divides with an explicit rounding direction. `nearest` rounds halves away from zero.
    @inlinable
    package static func divide(
        _ numerator: Int128, _ denominator: Int128, _ direction: RoundingDirection,
        _ what: @autoclosure () -> String
    ) throws(ArithmeticError) -> Int128 {
        if denominator == 0 { throw .divisionByZero(what()) }
        var n = numerator
        var d = denominator
        if d < 0 {
            if n == .min || d == .min { throw .overflow(what()) }
            n = -n
            d = -d
        }
        if n == .min {
            // |n| does not fit: the general path, with truncation toward zero.
            let (q, r) = n.quotientAndRemainder(dividingBy: d)
            if r == 0 { return q }
            switch direction {
            case .down: return q - 1
            case .up: return q
            case .nearest: return r.magnitude * 2 >= d.magnitude ? q - 1 : q
            }
        }
        let negative = n < 0
        let magnitude = n.magnitude
        let divisor = d.magnitude
        // Divide magnitudes with 64-bit hardware divisions where the divisor allows: 128-bit
        // division by a 64-bit divisor is two of them (the high word, then the remainder and the
        // low word), several times faster than the general 128-bit routine.
        let q: UInt128
        let r: UInt128
        if divisor <= UInt128(UInt64.max) {
            let d64 = UInt64(divisor)
            let high = UInt64(magnitude >> 64)
            let low = UInt64(truncatingIfNeeded: magnitude)
            if high == 0 {
                let (q64, r64) = low.quotientAndRemainder(dividingBy: d64)
                q = UInt128(q64)
                r = UInt128(r64)
            } else {
                let (qHigh, rHigh) = high.quotientAndRemainder(dividingBy: d64)
                let (qLow, rLow) = d64.dividingFullWidth((high: rHigh, low: low))
                q = UInt128(qHigh) << 64 | UInt128(qLow)
                r = UInt128(rLow)
            }
        } else {
            (q, r) = magnitude.quotientAndRemainder(dividingBy: divisor)
        }
        // |q| < 2^127 here (n ≠ .min), so it converts back exactly.
        var rounded = q
        if r != 0 {
            switch direction {
            case .down: if negative { rounded += 1 }
            case .up: if !negative { rounded += 1 }
            case .nearest: if r * 2 >= divisor { rounded += 1 }
            }
        }
        if rounded > UInt128(Int128.max) {
            if negative, rounded == UInt128(Int128.max) + 1 { return .min }
            throw .overflow(what())
        }
        return negative ? -Int128(rounded) : Int128(rounded)
    }
}
