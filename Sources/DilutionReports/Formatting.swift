public import DilutionExact

/// How numbers appear in notices, summaries and CSV files.
public enum Format {
    /// `$14.20`, `$0.3125`, `$1,921,400.00`: at least two decimals, more when the value has them.
    public static func dollars<Q: FixedPointQuantity>(_ value: Q) -> String {
        "$" + DecimalFormatting.format(units: value.units, decimals: Q.decimals, minimumFractionDigits: 2, grouped: true)
    }

    /// `2,101,345`, or `135,309.86` for a fractional count (all its digits, trailing zeros dropped).
    public static func shares(_ value: Shares) -> String {
        DecimalFormatting.format(units: value.units, decimals: Shares.decimals, minimumFractionDigits: 0, grouped: true)
    }

    /// A plain exact decimal for CSV: no grouping, no currency sign, trailing zeros dropped.
    public static func plain<Q: FixedPointQuantity>(_ value: Q) -> String {
        DecimalFormatting.plain(units: value.units, decimals: Q.decimals)
    }

    /// A ratio with at least `places` decimals: `1.42`.
    public static func ratio(_ value: Ratio, places: Int = 2) -> String {
        DecimalFormatting.format(units: value.units, decimals: Ratio.decimals, minimumFractionDigits: places, grouped: true)
    }

    /// A rounding rule as a notice says it: "rounded to the nearest 0.01".
    public static func rounding(_ rule: RoundingRule) -> String {
        guard let step = rule.step else { return "unrounded" }
        switch rule.direction {
        case .nearest: return "rounded to the nearest \(step)"
        case .down: return "rounded down to a multiple of \(step)"
        case .up: return "rounded up to a multiple of \(step)"
        }
    }
}
