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
