/// Which way a division or a rounding goes when the result is not exact.
public enum RoundingDirection: String, Sendable, CaseIterable, Codable {
    /// To the nearest step; halves go away from zero (the convention of charters: "to the nearest cent").
    case nearest
    /// Toward negative infinity (for the non-negative values of a cap table: truncation).
    case down
    /// Toward positive infinity.
    case up
}

/// A rounding rule: a step (0.01, 0.0001, 1, 100, any positive decimal) and a direction.
///
/// `exact` leaves a value at the engine's own resolution (money to 10⁻⁸ dollar, prices to 10⁻¹²
/// dollar, shares to 10⁻⁶ share). A value finer than that is rounded to nearest at that last digit,
/// which is the only rounding the engine ever does on its own.
public struct RoundingRule: Sendable, Hashable, CustomStringConvertible {
    /// The step, or `nil` for `exact`.
    public var step: DecimalNumber?
    /// The direction used when a value is not already a multiple of the step.
    public var direction: RoundingDirection

    public init(step: DecimalNumber?, direction: RoundingDirection = .nearest) {
        self.step = step
        self.direction = direction
    }

    /// No rounding beyond the engine's resolution.
    public static let exact = RoundingRule(step: nil, direction: .nearest)

    /// Rounds to a step given as a decimal string such as "0.01"; traps on a malformed literal,
    /// so use it only with constants.
    public static func to(_ step: String, _ direction: RoundingDirection = .nearest) -> RoundingRule {
        RoundingRule(step: try! DecimalNumber(parsing: step), direction: direction)
    }

    public var description: String {
        guard let step else { return "exact" }
        return "\(direction.rawValue) \(step)"
    }

    /// `numerator ÷ denominator` as raw units at `decimals` places, rounded once, straight to the
    /// step (never first to the resolution and then to the step, which could round twice).
    @inlinable
    package func divide(_ numerator: Int128, _ denominator: Int128, decimals: Int, what: @autoclosure () -> String)
        throws(ArithmeticError) -> Int128
    {
        guard step != nil else { return try Wide.divide(numerator, denominator, .nearest, what()) }
        return try StepRounding(self, decimals: decimals, what: what()).divide(numerator, denominator, what: what())
    }

    /// Rounds raw units at `decimals` decimal places to this rule's step.
    @inlinable
    package func round(units: Int128, decimals: Int, what: @autoclosure () -> String) throws(ArithmeticError)
        -> Int128
    {
        guard step != nil else { return units }
        return try StepRounding(self, decimals: decimals, what: what()).round(units: units, what: what())
    }
}
