internal import DilutionExact
import Foundation
internal import DilutionModel

/// Typed, range-checked readers for the quantities of a scenario. Messages name the key and the
/// thing it belongs to: "'conversion-price' in preferred series 'series-2a' must be more than zero, not 0".
extension Value {
    var keyName: String {
        guard let dot = path.lastIndex(of: ".") else { return path }
        return String(path[path.index(after: dot)...])
    }

    func quantity<Q: FixedPointQuantity>(_ type: Q.Type, in context: String, what: String, allowZero: Bool) throws(ScenarioError)
        -> Q
    {
        if let text = scalarText, text.trimmingCharacters(in: .whitespaces).hasSuffix("%") {
            throw error("'\(keyName)' in \(context) is \(what), not a percentage: \(text)")
        }
        // Amounts of money take the command line's magnitude suffixes (`700M`, `1.2B`); other quantities do not.
        let decimal = Q.self == Money.self ? try moneyDecimal() : try self.decimal()
        if decimal.isNegative || (!allowZero && decimal.isZero) {
            let bound = allowZero ? "zero or more" : "more than zero"
            throw error("'\(keyName)' in \(context) must be \(bound), not \(decimal)")
        }
        do {
            return try Q(exactly: decimal)
        } catch {
            // Finer than the type fails only with more places than it carries; otherwise the value overflowed.
            if decimal.scale > Q.decimals {
                throw self.error(
                    "'\(keyName)' in \(context) has more decimal places than \(what) carries (\(Q.decimals)): "
                        + "\(decimal)")
            }
            throw self.error("'\(keyName)' in \(context) is too large for the engine to represent exactly: \(decimal)")
        }
    }

    func shares(in context: String, allowZero: Bool = false) throws(ScenarioError) -> Shares {
        try quantity(Shares.self, in: context, what: "a share count", allowZero: allowZero)
    }

    func price(in context: String, allowZero: Bool = false) throws(ScenarioError) -> Price {
        try quantity(Price.self, in: context, what: "a price", allowZero: allowZero)
    }

    func money(in context: String, allowZero: Bool = true) throws(ScenarioError) -> Money {
        try quantity(Money.self, in: context, what: "an amount of money", allowZero: allowZero)
    }

    /// `exact`, a step (`0.01`), or `{step: 0.01, direction: down}`.
    ///
    /// A step must be a multiple of what the rounded quantity carries: share counts (the keys ending in
    /// `shares`: `round-shares`, `round-consideration-shares`) to 10⁻⁶ share, prices and rates to 10⁻¹².
    func roundingRule(in context: String) throws(ScenarioError) -> RoundingRule {
        let decimals = keyName.hasSuffix("shares") ? Shares.decimals : Price.decimals
        if isMapping {
            var map = try mapping(context: "rounding rule '\(keyName)' in \(context)")
            let stepValue = try map.required("step")
            let step = try stepValue.roundingStep(in: context, decimals: decimals)
            var direction = RoundingDirection.nearest
            if let value = map.optional("direction") {
                direction = try value.enumeration(RoundingDirection.self)
            }
            try map.finish()
            return RoundingRule(step: step, direction: direction)
        }
        if scalarText == "exact" { return .exact }
        return RoundingRule(step: try roundingStep(in: context, decimals: decimals), direction: .nearest)
    }

    private func roundingStep(in context: String, decimals: Int) throws(ScenarioError) -> DecimalNumber {
        guard let text = scalarText, !isNull else { throw typeMismatch(expected: "a rounding step or 'exact'") }
        let step: DecimalNumber
        do {
            step = try DecimalNumber(parsing: text)
        } catch {
            throw self.error("invalid rounding step '\(text)' \(subject): expected 'exact', a step such as 0.01, "
                + "or {step: 0.01, direction: nearest}")
        }
        if step.isNegative || step.isZero {
            throw error("the rounding step \(subject) must be more than zero, not \(step)")
        }
        if step.scale > decimals, (try? step.units(atDecimals: decimals, what: "")) == nil {
            throw error("the rounding step \(subject) is finer than the engine's resolution (\(decimals) decimal "
                + "places): \(step)")
        }
        return step
    }
}
