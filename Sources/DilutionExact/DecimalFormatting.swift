/// Text forms of fixed-point values: plain (`1234.5`), fixed places (`1234.50`) and grouped
/// (`1,234.50`). Formatting never rounds by itself; callers round first where an output says so.
public enum DecimalFormatting {
    /// The shortest exact form: trailing zeros after the point are dropped.
    public static func plain(units: Int128, decimals: Int) -> String {
        format(units: units, decimals: decimals, minimumFractionDigits: 0, grouped: false)
    }

    /// Formats raw units at `decimals` places with at least `minimumFractionDigits` digits after the
    /// point, optionally with thousands separators.
    public static func format(units: Int128, decimals: Int, minimumFractionDigits: Int, grouped: Bool) -> String {
        let negative = units < 0
        let magnitude = units.magnitude
        let divisor = UInt128(Wide.pow10(decimals))
        let integerPart = magnitude / divisor
        var fraction = String(magnitude % divisor)
        if decimals > 0 {
            fraction = String(repeating: "0", count: decimals - fraction.count) + fraction
        } else {
            fraction = ""
        }
        while fraction.count > minimumFractionDigits, fraction.last == "0" { fraction.removeLast() }
        if fraction.count < minimumFractionDigits {
            fraction += String(repeating: "0", count: minimumFractionDigits - fraction.count)
        }
        var integerText = String(integerPart)
        if grouped, integerText.count > 3 {
            var out = ""
            for (i, c) in integerText.enumerated() {
                if i > 0, (integerText.count - i) % 3 == 0 { out.append(",") }
                out.append(c)
            }
            integerText = out
        }
        let body = fraction.isEmpty ? integerText : integerText + "." + fraction
        return negative ? "-" + body : body
    }
}
