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

    /// What a rounding step is called in a notice, by the kind of value rounded.
    public enum Unit: Sendable { case dollars, shares, ratio }

    /// A rounding rule as a notice says it: "rounded to the nearest cent", "rounded down to a
    /// whole share", "rounded to the nearest 0.0001".
    public static func rounding(_ rule: RoundingRule, unit: Unit) -> String {
        guard let step = rule.step else { return "unrounded" }
        let name: String? = {
            switch (unit, step.description) {
            case (.dollars, "0.01"): return "cent"
            case (.shares, "1"): return "share"
            case (.ratio, "0.01"): return "hundredth"
            case (.ratio, "0.001"): return "thousandth"
            default: return nil
            }
        }()
        switch (rule.direction, name) {
        case (.nearest, let name?): return "rounded to the nearest \(name)"
        case (.nearest, nil): return "rounded to the nearest \(step)"
        case (.down, "share"): return "rounded down to a whole share"
        case (.up, "share"): return "rounded up to a whole share"
        case (.down, _): return "rounded down to a multiple of \(step)"
        case (.up, _): return "rounded up to a multiple of \(step)"
        }
    }
}
