/// A rounding rule resolved for one resolution: its step as raw units (0 for `exact`), made once
/// so that a division that rounds to a step does not convert the step from its decimal every time.
///
/// `RoundingRule.divide` and `round` are this type's operations on a rule resolved at the call;
/// the engine resolves its rules when a plan is compiled.
@usableFromInline
package struct StepRounding: Sendable, Hashable {
    /// The step in raw units at the resolution it was made for; 0 for `exact`.
    @usableFromInline package let stepUnits: Int128
    @usableFromInline package let direction: RoundingDirection

    /// `rule` at `decimals` places; throws when its step is finer than that resolution.
    @inlinable
    package init(_ rule: RoundingRule, decimals: Int, what: @autoclosure () -> String = "a rounding step")
        throws(ArithmeticError)
    {
        direction = rule.direction
        if let step = rule.step {
            stepUnits = try step.units(atDecimals: decimals, what: what())
        } else {
            stepUnits = 0
        }
    }

    /// `numerator ÷ denominator` rounded once, straight to the step (`RoundingRule.divide`).
    @inlinable
    package func divide(_ numerator: Int128, _ denominator: Int128, what: @autoclosure () -> String)
        throws(ArithmeticError) -> Int128
    {
        if let fast = dividePositive(numerator, denominator) { return fast }
        guard stepUnits != 0 else { return try Wide.divide(numerator, denominator, .nearest, what()) }
        let quotient = try Wide.divide(numerator, denominator, times: stepUnits, direction, what())
        return try Wide.multiply(quotient, stepUnits, what())
    }

    /// Raw units rounded to the step (`RoundingRule.round`).
    @inlinable
    package func round(units: Int128, what: @autoclosure () -> String) throws(ArithmeticError) -> Int128 {
        guard stepUnits != 0 else { return units }
        let quotient = try Wide.divide(units, stepUnits, direction, what())
        return try Wide.multiply(quotient, stepUnits, what())
    }
}

extension Exact {
    /// money ÷ price → shares, rounded to a resolved step in shares (`shares(buyableWith:at:rounding:)`).
    @inlinable
    package static func shares(buyableWith money: Money, at price: Price, step rule: StepRounding)
        throws(ArithmeticError) -> Shares
    {
        let scaled = try Wide.multiply(money.units, Wide.pow10(10), "\(money) dollars at $\(price)")
        return Shares(units: try rule.divide(scaled, price.units, what: "the shares $\(money) buys at $\(price)"))
    }

    /// The weighted average with B left unrounded, to a resolved step in dollars (`weightedAverage(…rounding:)`).
    @inlinable
    package static func weightedAverage(
        price: Price, base: Shares, consideration: Money, over denominator: Shares, step rule: StepRounding
    ) throws(ArithmeticError) -> Price {
        func what() -> String { "the weighted average of $\(price) over \(base) + \(consideration) / \(denominator)" }
        let priceTimesBase = try Wide.multiply(price.units, base.units, what())
        let money18 = try Wide.multiply(consideration.units, Wide.pow10(10), what())
        let numerator = try Wide.add(priceTimesBase, money18, what())
        return Price(units: try rule.divide(numerator, denominator.units, what: what()))
    }

    /// price × (numerator ÷ denominator), to a resolved step in dollars (`scale(_:by:over:rounding:)`).
    @inlinable
    package static func scale(_ price: Price, by numerator: Shares, over denominator: Shares, step rule: StepRounding)
        throws(ArithmeticError) -> Price
    {
        let product = try Wide.multiply(price.units, numerator.units, "$\(price) × \(numerator)")
        return Price(units: try rule.divide(product, denominator.units, what: "$\(price) × \(numerator) / \(denominator)"))
    }
}

// MARK: The interpreter's fast path

extension Wide {
    /// a × b, or `nil` when it overflows (then the caller's general path throws its own error).
    @inlinable @inline(__always)
    package static func product(_ a: Int128, _ b: Int128) -> Int128? {
        let a64 = Int64(truncatingIfNeeded: a)
        let b64 = Int64(truncatingIfNeeded: b)
        if Int128(a64) == a, Int128(b64) == b { return Int128(a64) &* Int128(b64) }
        let (result, overflow) = a.multipliedReportingOverflow(by: b)
        return overflow ? nil : result
    }

    /// `divide(numerator, denominator, direction)` for a numerator ≥ 0 and a denominator > 0 whose quotient is below
    /// 2⁵³ (`divideByEstimate`); `nil` otherwise, and then the general division gives the result or the error.
    @inlinable @inline(__always)
    package static func dividePositive(
        _ numerator: Int128,
        _ denominator: Int128,
        _ direction: RoundingDirection
    )
        -> Int128?
    {
        guard numerator >= 0, denominator > 0 else { return nil }
        let divisor = UInt128(truncatingIfNeeded: denominator)
        guard let (q, r) = divideByEstimate(UInt128(truncatingIfNeeded: numerator), divisor) else { return nil }
        return rounded(q, r, divisor, direction)
    }
}

/// The reciprocal of the last divisor seen, as a double: the clauses of one issuance divide by the same A + C (times
/// the same step), so each computes its estimate with a multiplication. It only speeds the estimate; the quotient is
/// exact whatever it holds.
@usableFromInline
package struct Reciprocal: Sendable {
    @usableFromInline var divisor: UInt128 = 0
    @usableFromInline var value = 0.0

    @inlinable package init() {}

    /// 1 / d, from the last call when d is the same.
    @inlinable @inline(__always)
    package mutating func of(_ d: UInt128) -> Double {
        if d != divisor {
            divisor = d
            value = 1 / Wide.approximate(d)
        }
        return value
    }
}

extension Wide {
    /// `dividePositive(numerator, denominator, direction)`, estimated with `reciprocal`.
    @inlinable @inline(__always)
    package static func dividePositive(
        _ numerator: Int128, _ denominator: Int128, _ direction: RoundingDirection, reciprocal: inout Reciprocal
    ) -> Int128? {
        guard numerator >= 0, denominator > 0 else { return nil }
        let divisor = UInt128(truncatingIfNeeded: denominator)
        guard
            let (q, r) = divideByEstimate(
                UInt128(truncatingIfNeeded: numerator), divisor, reciprocal: reciprocal.of(divisor))
        else { return nil }
        return rounded(q, r, divisor, direction)
    }

    /// q moved by one where the remainder r of a division by `divisor` says, in `direction`.
    @inlinable @inline(__always)
    static func rounded(_ q: UInt64, _ r: UInt128, _ divisor: UInt128, _ direction: RoundingDirection) -> Int128 {
        var rounded = Int128(q)
        if r != 0 {
            switch direction {
            case .down: break
            case .up: rounded &+= 1
            // r < divisor < 2¹²⁷, so 2r does not wrap.
            case .nearest: if r &<< 1 >= divisor { rounded &+= 1 }
            }
        }
        return rounded
    }
}

extension StepRounding {
    /// `dividePositive(numerator, denominator)`, estimated with `reciprocal` (of denominator × step).
    @inlinable @inline(__always)
    package func dividePositive(_ numerator: Int128, _ denominator: Int128, reciprocal: inout Reciprocal) -> Int128? {
        guard stepUnits != 0 else {
            return Wide.dividePositive(numerator, denominator, .nearest, reciprocal: &reciprocal)
        }
        guard let divisor = Wide.product(denominator, stepUnits),
            let quotient = Wide.dividePositive(numerator, divisor, direction, reciprocal: &reciprocal)
        else { return nil }
        return Wide.product(quotient, stepUnits)
    }

    /// `divide(numerator, denominator)` for a numerator ≥ 0 and a denominator > 0, or `nil` when the general
    /// `divide` must run (an overflow it reports, a quotient of 2⁵³ steps or more). The same value whenever there is
    /// one: the quotient by denominator × step rounded in this rule's direction, times the step.
    @inlinable @inline(__always)
    package func dividePositive(_ numerator: Int128, _ denominator: Int128) -> Int128? {
        guard stepUnits != 0 else { return Wide.dividePositive(numerator, denominator, .nearest) }
        guard let divisor = Wide.product(denominator, stepUnits),
            let quotient = Wide.dividePositive(numerator, divisor, direction)
        else { return nil }
        return Wide.product(quotient, stepUnits)
    }
}
