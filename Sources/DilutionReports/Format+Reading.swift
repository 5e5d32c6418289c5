import Foundation

extension Format {
    /// What a metric or an input counts, by its name: `series-2a.price` and `cash_raised` are dollars,
    /// `warrants-2005.shares` and `fd_shares` share counts, the rest plain numbers.
    public enum ReadingUnit: Sendable { case dollars, shares, plain }

    /// The unit of a metric (`series-2a.price`) or an input path (`next-raise.amount`).
    public static func unit(of name: String) -> ReadingUnit {
        let key = name.split(separator: ".").last.map(String.init) ?? name
        switch key {
        case "price", "amount", "cash", "exercise-price", "conversion-price", "fair-value", "share-price",
            "stated-value", "cash_raised":
            return .dollars
        case "shares", "exercised", "common", "fd_shares":
            return .shares
        default:
            return .plain
        }
    }

    /// A Monte Carlo or sweep value as the console shows it: dollars with `$` and thousands separators
    /// (`$3,478,000.00`, `$0.3125`), share counts with separators (`13,518,943`), other numbers from 1,000 up
    /// with separators and below to six significant digits, and never an exponent (`0.000000393`, not `3.93e-07`). Empty for NaN.
    public static func reading(_ value: Double, unit: ReadingUnit, signed: Bool = false) -> String {
        if value.isNaN { return "" }
        if value.isInfinite { return value < 0 ? "-inf" : "inf" }
        let sign = value < 0 ? "-" : signed && value > 0 ? "+" : ""
        let magnitude = abs(value)
        var body: String
        switch unit {
        case .dollars:
            if magnitude >= 1000 {
                body = grouped(String(format: "%.2f", magnitude))
            } else if magnitude >= 0.01 || magnitude == 0 {
                // To $0.0001, trailing zeros dropped down to cents: $1.89, $0.3125, $0.20.
                body = String(format: "%.4f", magnitude)
                while body.hasSuffix("0"), body.split(separator: ".").last.map({ $0.count > 2 }) == true {
                    body.removeLast()
                }
            } else {
                body = significant(magnitude, 3)
            }
            return sign + "$" + body
        case .shares where magnitude >= 1:
            let whole = magnitude == magnitude.rounded() || magnitude >= 10_000
            body = grouped(String(format: whole ? "%.0f" : "%.2f", magnitude))
        case .shares, .plain:
            if magnitude == 0 { return "0" }
            if magnitude >= 1000 {
                body = grouped(String(format: magnitude == magnitude.rounded() ? "%.0f" : "%.2f", magnitude))
            } else {
                body = significant(magnitude, 6)
            }
        }
        return sign + body
    }

    /// `value` (positive) to `digits` significant digits in fixed notation, trailing zeros dropped.
    static func significant(_ value: Double, _ digits: Int) -> String {
        let exponent = Int(floor(log10(value)))
        let decimals = max(0, digits - 1 - exponent)
        var text = String(format: "%.\(decimals)f", value)
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text
    }

    /// `1234567.50` → `1,234,567.50`.
    static func grouped(_ text: String) -> String {
        let parts = text.split(separator: ".", maxSplits: 1)
        var digits = Array(parts[0])
        var index = digits.count - 3
        while index > 0 {
            digits.insert(",", at: index)
            index -= 3
        }
        return String(digits) + (parts.count > 1 ? "." + parts[1] : "")
    }
}

extension Format {
    /// A metric as a person reads it, with the instrument's name for its id: `series-2a.price` is
    /// "Series 2-A Convertible Preferred: price", `common.ownership` "other common holders: ownership",
    /// `fd_shares` "fully diluted shares"; a holder's metrics name the holder (`holder:Ada.shares` is "Ada (holder):
    /// shares", `holder[Ada].proceeds` "Ada (holder): proceeds") and a holder's part of an instrument both
    /// (`warrants[Ada].proceeds` is "July 2005 warrants, Ada: proceeds"); the common class at an exit is "Common".
    /// A holder's name that already ends in parentheses takes ", holder" instead ("Series 6-A (hypothetical), holder:
    /// shares", not "(hypothetical) (holder)"). The CSV files keep the ids.
    public static func metricLabel(_ metric: String, names: [String: String]) -> String {
        func holderLabel(_ name: Substring) -> String { name.hasSuffix(")") ? "\(name), holder" : "\(name) (holder)" }
        switch metric {
        case "fd_shares": return "fully diluted shares"
        case "cash_raised": return "cash raised"
        case "adjustments": return "adjustments"
        case "common.ownership": return "other common holders: ownership"
        case "pool.ownership": return "option pool (ungranted): ownership"
        default: break
        }
        guard let dot = metric.lastIndex(of: ".") else { return metric }
        let id = String(metric[..<dot])
        let key = String(metric[metric.index(after: dot)...])
        if id.hasPrefix("holder:"), id.count > "holder:".count { return "\(holderLabel(id.dropFirst("holder:".count))): \(key)" }
        if id.hasSuffix("]"), let open = id.firstIndex(of: "["), open > id.startIndex {
            let owner = String(id[..<open])
            let holder = id[id.index(after: open)..<id.index(before: id.endIndex)]
            if owner == "holder" { return "\(holderLabel(holder)): \(key)" }
            return "\(names[owner] ?? (owner == "common" ? "Common" : owner)), \(holder): \(key)"
        }
        if id == "common", names[id] == nil { return "Common: \(key)" }
        return "\(names[id] ?? id): \(key)"
    }
}
