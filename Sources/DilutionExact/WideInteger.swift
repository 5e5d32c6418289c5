/// Checked 128-bit integer helpers: every exact quantity computes through these, so an overflow
/// becomes an `ArithmeticError` rather than a trap or a wrong number.
package enum Wide {
    /// Powers of ten that fit in `Int128`.
    package static let powersOfTen: [Int128] = {
        var table: [Int128] = [1]
        for _ in 1...38 { table.append(table[table.count - 1] * 10) }
        return table
    }()

    @inlinable
    package static func pow10(_ exponent: Int) -> Int128 {
        powersOfTen[exponent]
    }

    @inlinable
    package static func multiply(_ a: Int128, _ b: Int128, _ what: @autoclosure () -> String) throws(ArithmeticError)
        -> Int128
    {
        let (result, overflow) = a.multipliedReportingOverflow(by: b)
        if overflow { throw .overflow(what()) }
        return result
    }

    @inlinable
    package static func add(_ a: Int128, _ b: Int128, _ what: @autoclosure () -> String) throws(ArithmeticError)
        -> Int128
    {
        let (result, overflow) = a.addingReportingOverflow(b)
        if overflow { throw .overflow(what()) }
        return result
    }

    @inlinable
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
        // 64-bit fast path: 128-bit division is several times slower than 64-bit division.
        let q: Int128
        let r: Int128
        if n >= 0, n <= Int128(UInt64.max), d <= Int128(UInt64.max) {
            let (q64, r64) = UInt64(n).quotientAndRemainder(dividingBy: UInt64(d))
            q = Int128(q64)
            r = Int128(r64)
        } else {
            (q, r) = n.quotientAndRemainder(dividingBy: d)
        }
        if r == 0 { return q }
        // Truncation went toward zero; adjust by the sign of the exact quotient.
        let negative = n < 0
        switch direction {
        case .down:
            return negative ? q - 1 : q
        case .up:
            return negative ? q : q + 1
        case .nearest:
            let twice = r.magnitude * 2
            if twice >= d.magnitude { return negative ? q - 1 : q + 1 }
            return q
        }
    }
}
