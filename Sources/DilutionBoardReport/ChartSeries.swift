/// One series of a chart: a name (shown in the legend) and a value per category or x point; `nil` where it has none.
public struct ChartSeries: Sendable, Hashable {
    public var name: String
    public var values: [Double?]

    public init(name: String, values: [Double?]) {
        self.name = name
        self.values = values
    }
}

/// How a chart writes the numbers of an axis.
public enum ValueStyle: Sendable, Hashable {
    /// Fractions shown as percentages (0.25 → 25%).
    case percent
    case dollars
    case number

    /// `value` written for an axis whose ticks are `step` apart.
    func tick(_ value: Double, step: Double) -> String {
        switch self {
        case .percent: return Self.grouped(value * 100, decimals: Self.decimals(for: step * 100)) + "%"
        case .dollars:
            let text = Self.grouped(abs(value), decimals: Self.decimals(for: step))
            return (value < 0 ? "−$" : "$") + text
        case .number: return Self.grouped(value, decimals: Self.decimals(for: step))
        }
    }

    /// A value on its own (a label on a bar or a line), to three significant digits at least.
    func label(_ value: Double) -> String {
        if value == 0 { return self == .dollars ? "$0" : self == .percent ? "0%" : "0" }
        let magnitude = abs(value) * (self == .percent ? 100 : 1)
        let decimals = magnitude >= 100 ? 0 : magnitude >= 10 ? 1 : magnitude >= 1 ? 2 : 4
        switch self {
        case .percent: return Self.grouped(value * 100, decimals: decimals) + "%"
        case .dollars: return (value < 0 ? "−$" : "$") + Self.grouped(abs(value), decimals: max(decimals, 2))
        case .number: return Self.grouped(value, decimals: decimals)
        }
    }

    static func decimals(for step: Double) -> Int {
        guard step > 0, step.isFinite else { return 0 }
        var decimals = 0
        var scaled = step
        while decimals < 8, (scaled - scaled.rounded()).magnitude > 1e-9 * max(1, scaled.magnitude) {
            scaled *= 10
            decimals += 1
        }
        return decimals
    }

    /// `value` with `decimals` places and thousands separators (drawing only: no exact amount passes through here).
    static func grouped(_ value: Double, decimals: Int) -> String {
        var factor = 1.0
        for _ in 0..<decimals { factor *= 10 }
        let units = (value.magnitude * factor).rounded()
        guard units < 9e15 else { return value < 0 ? "−∞" : "∞" }
        let whole = UInt64(units)
        var scale: UInt64 = 1
        for _ in 0..<decimals { scale *= 10 }
        let integer = String(whole / scale)
        var groupedInteger = ""
        for (index, c) in integer.enumerated() {
            if index > 0, (integer.count - index) % 3 == 0 { groupedInteger += "," }
            groupedInteger.append(c)
        }
        var text = groupedInteger
        if decimals > 0 {
            let fraction = String(whole % scale)
            text += "." + String(repeating: "0", count: decimals - fraction.count) + fraction
        }
        return (value < 0 && whole != 0 ? "−" : "") + text
    }
}
