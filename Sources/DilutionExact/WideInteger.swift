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
        // Operands within 64 bits (nearly every product of the engine) cannot overflow: one
        // 64 × 64 → 128-bit multiplication, without the checks of the general 128-bit product.
        let a64 = Int64(truncatingIfNeeded: a)
        let b64 = Int64(truncatingIfNeeded: b)
        if Int128(a64) == a, Int128(b64) == b { return Int128(a64) &* Int128(b64) }
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
        // Both operands within 64 bits and a positive divisor (nearly every division of the engine):
        // one hardware division, rounded from its truncated quotient and remainder.
        let n64 = Int64(truncatingIfNeeded: numerator)
        let d64 = Int64(truncatingIfNeeded: denominator)
        if d64 > 0, Int128(n64) == numerator, Int128(d64) == denominator {
            return Int128(round64(n64, d64, direction))
        }
        return try divideWide(numerator, denominator, direction, what())
    }

    /// `n ÷ d` for `d > 0`, rounded: the quotient truncated toward zero, moved by one where the
    /// remainder says (it cannot overflow: a quotient of `Int64.max` needs `d == 1`, which leaves no remainder).
    @inlinable @inline(__always)
    static func round64(_ n: Int64, _ d: Int64, _ direction: RoundingDirection) -> Int64 {
        let (q, r) = n.quotientAndRemainder(dividingBy: d)
        if r == 0 { return q }
        switch direction {
        case .down: return r < 0 ? q - 1 : q
        case .up: return r > 0 ? q + 1 : q
        case .nearest:
            // |r| < d ≤ Int64.max, so 2|r| fits in a UInt64.
            guard r.magnitude &* 2 >= d.magnitude else { return q }
            return r < 0 ? q - 1 : q + 1
        }
    }

    /// `numerator ÷ (denominator × factor)` with an explicit rounding direction: the same result as
    /// `divide(numerator, denominator × factor, direction, what)`, without the general 128-bit division
    /// when the product needs more than 64 bits but each factor fits in 64 (a share count times a rounding
    /// step, say). The caller has checked that `denominator × factor` does not overflow.
    @inlinable
    package static func divide(
        _ numerator: Int128, _ denominator: Int128, times factor: Int128, _ direction: RoundingDirection,
        _ what: @autoclosure () -> String
    ) throws(ArithmeticError) -> Int128 {
        let product = try multiply(denominator, factor, what())
        guard denominator > 0, factor > 0, numerator != .min, product > Int128(UInt64.max),
            denominator <= Int128(UInt64.max), factor <= Int128(UInt64.max)
        else { return try divide(numerator, product, direction, what()) }
        // ⌊⌊N / D⌋ / S⌋ = ⌊N / (D·S)⌋, and the remainder of N by D·S is (⌊N / D⌋ mod S)·D + N mod D, below
        // D·S < 2¹²⁷: no step below can overflow, so none is checked.
        if let (q, r) = divideByEstimate(numerator.magnitude, product.magnitude) {
            return try roundMagnitude(
                UInt128(q), remainder: r, divisor: product.magnitude, negative: numerator < 0, direction, what)
        }
        let d64 = UInt64(truncatingIfNeeded: denominator)
        let (q1, r1) = divideMagnitude(numerator.magnitude, by: d64)
        let (q, r2) = divideMagnitude(q1, by: UInt64(truncatingIfNeeded: factor))
        let remainder = UInt128(r2) &* UInt128(d64) &+ UInt128(r1)
        return try roundMagnitude(
            q, remainder: remainder, divisor: UInt128(truncatingIfNeeded: product), negative: numerator < 0,
            direction, what)
    }

    /// A 128-bit magnitude divided by a 64-bit divisor: a hardware division of the high word, then of the
    /// remainder and the low word (`dividingFullWidth`, which this toolchain compiles to a call of
    /// `__udivti3` that takes its 64-bit-divisor path), cheaper than the general 128-bit routine.
    @inlinable @inline(__always)
    static func divideMagnitude(_ magnitude: UInt128, by d64: UInt64) -> (quotient: UInt128, remainder: UInt64) {
        let high = UInt64(truncatingIfNeeded: magnitude >> 64)
        let low = UInt64(truncatingIfNeeded: magnitude)
        if high == 0 {
            let (q64, r64) = low.quotientAndRemainder(dividingBy: d64)
            return (UInt128(q64), r64)
        }
        let (qHigh, rHigh) = high.quotientAndRemainder(dividingBy: d64)
        let (qLow, rLow) = d64.dividingFullWidth((high: rHigh, low: low))
        return (UInt128(qHigh) &<< 64 | UInt128(qLow), rLow)
    }

    /// ⌊n / d⌋ and n mod d, exactly, for 0 < d ≤ 2¹²⁷ and n ≤ 2¹²⁷, when the quotient is below 2⁵³; `nil` otherwise.
    ///
    /// A binary floating-point quotient says where to start, and integer arithmetic finds the result: the exact
    /// remainder n − q·d is computed and q is moved by one until 0 ≤ r < d. The estimate is within a few units of the
    /// quotient (each conversion and the division err by at most 2⁻⁵³ relatively, so below 2⁵³ the error is under 8),
    /// so the correction takes a step or two; it never affects the result, only how soon it is reached. It replaces
    /// two or three dependent hardware divisions of a 128-bit value (a weighted average's numerator, a share count
    /// times a stated value) with one pipelined floating-point division and a multiplication.
    @inlinable @inline(__always)
    static func divideByEstimate(_ n: UInt128, _ d: UInt128) -> (quotient: UInt64, remainder: UInt128)? {
        correct(approximate(n) / approximate(d), n, d)
    }

    /// `divideByEstimate(n, d)` with d's reciprocal known (`Reciprocal`): a multiplication in place of the division.
    @inlinable @inline(__always)
    static func divideByEstimate(_ n: UInt128, _ d: UInt128, reciprocal: Double)
        -> (quotient: UInt64, remainder: UInt128)?
    {
        correct(approximate(n) * reciprocal, n, d)
    }

    /// The exact quotient and remainder of n ÷ d found from an estimate of the quotient within a few units of it.
    @inlinable @inline(__always)
    static func correct(_ estimate: Double, _ n: UInt128, _ d: UInt128) -> (quotient: UInt64, remainder: UInt128)? {
        guard estimate < 0x1p53 else { return nil }
        // 0 ≤ estimate < 2⁵³: an exact integer after truncation (through Int64, one instruction). q·d ≤ n·(1 + 2⁻⁵⁰)
        // < 2¹²⁸, so nothing wraps.
        var q = UInt64(truncatingIfNeeded: Int64(estimate))
        var product = UInt128(q) &* d
        while product > n {
            q &-= 1
            product &-= d
        }
        var r = n &- product
        while r >= d {
            q &+= 1
            r &-= d
        }
        return (q, r)
    }

    /// `value` as the nearest double or one of its neighbours (relative error at most 2⁻⁵²): an estimate only.
    @inlinable @inline(__always)
    static func approximate(_ value: UInt128) -> Double {
        Double(UInt64(truncatingIfNeeded: value &>> 64)) * 0x1p64 + Double(UInt64(truncatingIfNeeded: value))
    }

    /// The quotient of magnitudes rounded in `direction` for a result of the given sign, as a signed value.
    @inlinable @inline(__always)
    static func roundMagnitude(
        _ q: UInt128, remainder r: UInt128, divisor: UInt128, negative: Bool, _ direction: RoundingDirection,
        _ what: () -> String
    ) throws(ArithmeticError) -> Int128 {
        // q ≤ 2¹²⁷ and r < divisor ≤ 2¹²⁷, so neither the step nor 2r overflows.
        var rounded = q
        if r != 0 {
            switch direction {
            case .down: if negative { rounded &+= 1 }
            case .up: if !negative { rounded &+= 1 }
            case .nearest: if r &<< 1 >= divisor { rounded &+= 1 }
            }
        }
        if rounded > UInt128(Int128.max) {
            if negative, rounded == UInt128(Int128.max) + 1 { return .min }
            throw .overflow(what())
        }
        // In range: converted without the checks of the trapping conversions.
        let value = Int128(truncatingIfNeeded: rounded)
        return negative ? 0 &- value : value
    }

    /// `divide` beyond 64 bits, or with a divisor that is not positive. Never inlined, so that `divide` stays
    /// small enough to be inlined with its 64-bit path at every call site.
    @inlinable @inline(never)
    static func divideWide(
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
        let magnitude = n.magnitude
        let divisor = d.magnitude
        let q: UInt128
        let r: UInt128
        if let (q64, r128) = divideByEstimate(magnitude, divisor) {
            q = UInt128(q64)
            r = r128
        } else if divisor <= UInt128(UInt64.max) {
            let (q128, r64) = divideMagnitude(magnitude, by: UInt64(divisor))
            q = q128
            r = UInt128(r64)
        } else {
            (q, r) = magnitude.quotientAndRemainder(dividingBy: divisor)
        }
        // |q| < 2^127 here (n ≠ .min), so it converts back exactly.
        return try roundMagnitude(q, remainder: r, divisor: divisor, negative: n < 0, direction, what)
    }
}
