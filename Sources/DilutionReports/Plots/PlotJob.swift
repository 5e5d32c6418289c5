import Foundation

/// A value passed to a gnuplot script with `-e`: a string (quoted) or a number.
public enum GnuplotValue: Sendable, Equatable {
    case string(String)
    case number(Double)

    /// The value as gnuplot source: single-quoted strings (a quote doubled), or double-quoted with backslash escapes
    /// for a string of several lines (a title), numbers as written.
    var source: String {
        switch self {
        case .string(let text) where text.contains("\n"):
            return "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
                .replacingOccurrences(of: "\n", with: "\\n") + "\""
        case .string(let text): return "'" + text.replacingOccurrences(of: "'", with: "''") + "'"
        case .number(let value): return value.isFinite ? "\(value)" : "NaN"
        }
    }
}

/// What a script needs to draw one chart: the script, the data files it reads (reshaped from our CSV into
/// the columns it plots) and the variables it takes.
public struct PlotJob: Sendable {
    public var kind: PlotKind
    /// Data files to write before running gnuplot: the variable that names each, and its contents (CSV).
    public var data: [(variable: String, contents: String)] = []
    /// Variables for the script (titles, labels, formats, column counts), in order.
    public var variables: [(name: String, value: GnuplotValue)] = []

    public init(kind: PlotKind) { self.kind = kind }

    mutating func set(_ name: String, _ value: String) { variables.append((name, .string(value))) }
    mutating func set(_ name: String, _ value: Double) { variables.append((name, .number(value))) }
    mutating func set(_ name: String, _ value: Int) { variables.append((name, .number(Double(value)))) }

    /// The value given to `name`, if any (for tests).
    public func variable(_ name: String) -> GnuplotValue? { variables.last(where: { $0.name == name })?.value }
}

/// The unit a metric is read in, from its name: prices and cash in dollars, ownership in percent, share counts.
public enum MetricUnit: Sendable, Equatable {
    case dollars, percent, shares, rate, count

    public init(metric: String) {
        if metric.hasSuffix(".price") || metric.hasSuffix("price") || metric == "cash_raised"
            || metric.hasSuffix(".amount") || metric.hasSuffix(".cash")
            || metric.hasSuffix("proceeds") || metric == "exit.value" || metric == "exit.price_per_share"
            || metric.hasSuffix(".value") || metric.hasSuffix(".debt") || metric.hasSuffix(".costs")
        {
            self = .dollars
        } else if metric.hasSuffix("ownership") {
            self = .percent
        } else if metric.hasSuffix(".shares") || metric.hasSuffix(".exercised") || metric == "fd_shares" {
            self = .shares
        } else if metric.hasSuffix(".rate") {
            self = .rate
        } else {
            self = .count
        }
    }

    /// Multiplier from the CSV's numbers to the axis (fractions to percent).
    public var scale: Double { self == .percent ? 100 : 1 }

    /// A gnuplot tic format: `$%.2f` for prices, `%g%%` for ownership.
    public func format(large: Bool = false) -> String {
        switch self {
        case .dollars: return large ? "$%.0f" : "$%.2f"
        case .percent: return "%g%%"
        case .shares: return "%.0f"
        case .rate, .count: return "%g"
        }
    }

    /// The unit in words, for axis labels.
    public var words: String {
        switch self {
        case .dollars: return "$"
        case .percent: return "% of fully diluted shares"
        case .shares: return "shares"
        case .rate: return "common shares per share"
        case .count: return "count"
        }
    }

    /// A metric's axis label: `series-2a.price ($)`.
    public static func label(_ metric: String) -> String { "\(metric) (\(MetricUnit(metric: metric).words))" }
}
