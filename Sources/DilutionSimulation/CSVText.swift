internal import DilutionExact
import Foundation

/// Deterministic text for the simulation's CSV and JSON files.
enum CSVText {
    /// A statistic with ten significant digits (`%.10g`), zero unsigned; empty for NaN, `inf` or `-inf` for infinities.
    static func statistic(_ value: Double) -> String {
        if value.isNaN { return "" }
        if value == 0 { return "0" }
        if value.isInfinite { return value < 0 ? "-inf" : "inf" }
        return String(format: "%.10g", value)
    }

    /// A value exactly, in the shortest form that reads back to the same double (`0.1`, `3`, `1e-07`), zero
    /// unsigned; empty for NaN, `inf` or `-inf` for infinities.
    static func exact(_ value: Double) -> String {
        if value.isNaN { return "" }
        if value == 0 { return "0" }
        if value.isInfinite { return value < 0 ? "-inf" : "inf" }
        let text = value.description
        return text.hasSuffix(".0") ? String(text.dropLast(2)) : text
    }

    /// A value as a decimal of at most 15 significant digits (`%.15g`), zero unsigned; empty for NaN, `inf` or
    /// `-inf` for infinities. Every exact quantity of the engine that fits in 15 significant digits (a price,
    /// an amount, a share count) comes back as the decimal it is, without the binary tail of its double
    /// (`0.0457`, not `0.045700000000000074`); a ratio or a mean is given to 15 significant digits.
    static func decimal(_ value: Double) -> String {
        if value.isNaN { return "" }
        if value == 0 { return "0" }
        if value.isInfinite { return value < 0 ? "-inf" : "inf" }
        return String(format: "%.15g", value)
    }

    /// A CSV field, quoted as RFC 4180 requires when it holds a comma, a quote or a line break.
    static func field(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// A JSON string literal.
    static func jsonString(_ text: String) -> String { TextQuoting.doubleQuoted(text) }
}
