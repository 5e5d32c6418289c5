/// A chart drawn as inline SVG: one of six kinds, with a title, a legend below the data, and notes.
///
/// The rules every kind follows: no colour repeated (`ChartPalette`), the legend outside the data area and one entry
/// per series drawn, titles wrapped so that they never clip, category labels horizontal when they fit, else rotated,
/// else numbered with a key below the chart; lines carry dashes and markers, and lines that coincide are named in a
/// note ("A = B here"); value ranges are padded so that no line sits on an axis.
public struct Chart: Sendable, Hashable {
    public enum Kind: String, Sendable, CaseIterable {
        /// Lines over numeric x values (`xValues`).
        case lines
        /// Steps over the categories: each value holds until the next category.
        case steps
        /// One bar per category, the series stacked in it.
        case stackedBars
        /// One group per category, a bar per series side by side.
        case groupedBars
        /// One row per category: a bar from `central` to the first series' value, one to the second's.
        case tornado
        /// One series, a bar per category (bin) with no gap.
        case histogram
    }

    public var kind: Kind
    public var title: String
    /// A second line under the title, e.g. "mean over 20,000 paths".
    public var subtitle: String?
    public var categories: [String]
    /// `lines` only: the x value of each point.
    public var xValues: [Double]
    public var series: [ChartSeries]
    public var yStyle: ValueStyle
    public var xStyle: ValueStyle
    public var xTitle: String?
    public var yTitle: String?
    public var notes: [String]
    /// `tornado`: the central value, drawn as a line.
    public var central: Double?
    /// `steps`: categories marked by a dashed vertical line and a label (a split, say).
    public var marks: [Int: String]

    public init(
        kind: Kind, title: String, subtitle: String? = nil, categories: [String] = [], xValues: [Double] = [],
        series: [ChartSeries], yStyle: ValueStyle = .number, xStyle: ValueStyle = .number, xTitle: String? = nil,
        yTitle: String? = nil, notes: [String] = [], central: Double? = nil, marks: [Int: String] = [:]
    ) {
        self.kind = kind
        self.title = title
        self.subtitle = subtitle
        self.categories = categories
        self.xValues = xValues
        self.series = series
        self.yStyle = yStyle
        self.xStyle = xStyle
        self.xTitle = xTitle
        self.yTitle = yTitle
        self.notes = notes
        self.central = central
        self.marks = marks
    }

    /// The chart with at most as many series as the palette has colours: bars fold the smallest series beyond
    /// into one "other" series, lines leave them out and say so in a note.
    public var limited: Chart {
        let most = ChartPalette.colours.count
        guard series.count > most else { return self }
        var chart = self
        switch kind {
        case .stackedBars, .groupedBars:
            let totals = series.map { $0.values.reduce(0) { $0 + ($1 ?? 0).magnitude } }
            let order = series.indices.sorted { totals[$0] > totals[$1] }
            let kept = Set(order.prefix(most - 1))
            let folded = series.indices.filter { !kept.contains($0) }
            var other = [Double?](repeating: nil, count: categories.count)
            for index in folded {
                for (position, value) in series[index].values.enumerated() where position < other.count {
                    if let value { other[position] = (other[position] ?? 0) + value }
                }
            }
            chart.series = series.indices.filter { kept.contains($0) }.map { series[$0] }
            chart.series.append(ChartSeries(name: "other (\(folded.count) smaller)", values: other))
        default:
            chart.series = Array(series.prefix(most))
            chart.notes.append("\(series.count - most) more series are in the table, not drawn.")
        }
        return chart
    }

    /// Each legend entry drawn: the series' name and its colour.
    public var legend: [(name: String, colour: String)] {
        let chart = limited
        if chart.kind == .histogram { return chart.series.prefix(1).map { ($0.name, ChartPalette.colour(0)) } }
        return chart.series.enumerated().map { ($0.element.name, ChartPalette.colour($0.offset)) }
    }

    /// The chart as an `<svg>` element, `width` pixels wide.
    public func svg(width: Double = 760) -> String {
        ChartLayout(chart: limited, width: width).render()
    }
}
