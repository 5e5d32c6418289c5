import DilutionBoardReport
import Foundation
import Testing

/// Reads back what an SVG chart drew: its legend entries, its series and their colours, its texts.
struct DrawnChart {
    var svg: String

    func attributes(of element: String, _ name: String) -> [String] {
        var found: [String] = []
        var rest = Substring(svg)
        while let start = rest.range(of: element) {
            let tail = rest[start.upperBound...]
            let end = tail.firstIndex(of: ">") ?? tail.endIndex
            let tag = tail[..<end]
            if let attribute = tag.range(of: " \(name)=\"") {
                let value = tag[attribute.upperBound...].prefix { $0 != "\"" }
                found.append(String(value))
            }
            rest = tail[end...]
        }
        return found
    }

    var legendColours: [String] { attributes(of: "<g class=\"legend-entry\"", "data-colour") }
    var seriesColours: [String] { attributes(of: "<g class=\"series\"", "data-colour") }
    var seriesIndices: [String] { attributes(of: "<g class=\"series\"", "data-series") }

    /// The text of every `<text class="CLASS" …>` element.
    func texts(_ cls: String) -> [String] {
        var found: [String] = []
        var rest = Substring(svg)
        while let start = rest.range(of: "<text class=\"\(cls)\"") {
            let tail = rest[start.upperBound...]
            guard let open = tail.firstIndex(of: ">"), let close = tail.range(of: "</text>") else { break }
            found.append(String(tail[tail.index(after: open)..<close.lowerBound]))
            rest = tail[close.upperBound...]
        }
        return found
    }
}

@Suite("SVG charts")
struct ChartTests {
    static func series(_ count: Int, points: Int, offset: Double = 0) -> [ChartSeries] {
        (0..<count).map { index in
            ChartSeries(
                name: "Series \(index + 1) Preferred",
                values: (0..<points).map { Double(index + 1) * 0.01 + Double($0) * 0.002 + offset })
        }
    }

    static func chart(_ kind: Chart.Kind, series count: Int) -> Chart {
        let points = 6
        let categories = (0..<points).map { "event-\($0)" }
        switch kind {
        case .tornado:
            return Chart(
                kind: .tornado, title: "Tornado", categories: ["a.price", "b.amount", "c.price"],
                series: [
                    ChartSeries(name: "at p10", values: [1, 2, 2.5]), ChartSeries(name: "at p90", values: [4, 3, 2.7]),
                ], xStyle: .dollars, central: 2.9)
        case .histogram:
            return Chart(
                kind: .histogram, title: "Histogram", categories: (0..<40).map { "$\($0).00" },
                series: [ChartSeries(name: "paths per bin", values: (0..<40).map { Double($0 * (40 - $0)) })])
        case .lines:
            return Chart(
                kind: .lines, title: "Lines", xValues: (0..<points).map { Double($0) * 1_000_000 },
                series: series(count, points: points), yStyle: .dollars, xStyle: .dollars)
        default:
            return Chart(kind: kind, title: "Chart", categories: categories, series: series(count, points: points))
        }
    }

    static let counts = [1, 3, 8, 12, 16, 23]

    @Test("The palette: at least 12 colours, all different, valid hex")
    func palette() {
        let colours = ChartPalette.colours
        #expect(colours.count >= 12)
        #expect(Set(colours.map { $0.lowercased() }).count == colours.count)
        for colour in colours {
            #expect(colour.count == 7 && colour.hasPrefix("#") && colour.dropFirst().allSatisfy(\.isHexDigit), "\(colour)")
        }
    }

    @Test("Legend entries equal the series drawn, and no colour repeats", arguments: Chart.Kind.allCases, counts)
    func legendMatchesSeries(_ kind: Chart.Kind, _ count: Int) {
        let chart = Self.chart(kind, series: count)
        let drawn = DrawnChart(svg: chart.svg())
        let expectedSeries = kind == .tornado ? 2 : kind == .histogram ? 1 : min(count, ChartPalette.colours.count)
        #expect(drawn.seriesIndices.count == expectedSeries, "\(kind), \(count) series")
        #expect(drawn.legendColours.count == drawn.seriesIndices.count, "\(kind): legend entries vs series")
        #expect(Set(drawn.legendColours).count == drawn.legendColours.count, "\(kind): a colour repeated in the legend")
        #expect(Set(drawn.seriesColours).count == drawn.seriesColours.count, "\(kind): a colour repeated in the data")
        #expect(drawn.legendColours == drawn.seriesColours, "\(kind): legend colours differ from the series'")
        #expect(chart.legend.count == drawn.legendColours.count)
    }

    @Test("More series than colours: bars fold the smallest into one, lines say what is left out")
    func folding() {
        let bars = Self.chart(.stackedBars, series: 23)
        let drawn = DrawnChart(svg: bars.svg())
        #expect(drawn.seriesIndices.count == ChartPalette.colours.count)
        #expect(bars.legend.last?.name == "other (8 smaller)")
        let lines = DrawnChart(svg: Self.chart(.lines, series: 23).svg())
        #expect(lines.texts("note").contains { $0.contains("7 more series are in the table") })
    }

    @Test("Scenario text is escaped in titles, legends and labels")
    func escaping() {
        let chart = Chart(
            kind: .groupedBars, title: "R&D <Series> \"A\"", categories: ["<b>"],
            series: [ChartSeries(name: "A&lt;B", values: [1])])
        let svg = chart.svg()
        #expect(svg.contains("R&amp;D &lt;Series&gt; &quot;A&quot;"))
        #expect(svg.contains("A&amp;lt;B"))
        #expect(!svg.contains("<b>"))
        #expect(!svg.contains("<Series>"))
    }

    @Test("A long title wraps within the chart's width instead of clipping")
    func titleWraps() {
        let title = String(repeating: "Fully diluted ownership of a company with a long name ", count: 4)
        let drawn = DrawnChart(svg: Chart(kind: .steps, title: title, categories: ["a", "b"], series: Self.series(2, points: 2)).svg(width: 600))
        let lines = drawn.texts("title")
        #expect(lines.count > 1)
        for line in lines { #expect(Double(line.count) * 15 * 0.6 <= 600 - 24, "\(line)") }
        #expect(lines.joined(separator: " ") == title.trimmingCharacters(in: .whitespaces))
    }

    @Test("Category labels: written out when they fit, wrapped, rotated, else numbered with a key")
    func labels() {
        func drawn(_ labels: [String]) -> DrawnChart {
            DrawnChart(
                svg: Chart(
                    kind: .stackedBars, title: "t", categories: labels,
                    series: [ChartSeries(name: "s", values: labels.map { _ in 1 })]
                ).svg())
        }
        let short = drawn(["a", "b", "c"])
        #expect(short.texts("category") == ["a", "b", "c"])
        #expect(!short.svg.contains("rotate(-45"))
        let wrapped = drawn((1...6).map { "Series \($0)-A Convertible Preferred" })
        #expect(wrapped.svg.contains("<tspan"))
        let many = drawn((1...30).map { "event-number-\($0)" })
        #expect(many.svg.contains("rotate(-45"))
        let long = drawn((1...30).map { "an event with a name far too long to rotate \($0)" })
        #expect(long.texts("category").first == "1")
        #expect(long.texts("note").contains("1 = an event with a name far too long to rotate 1"))
    }

    @Test("A tornado's row labels: written out, on two lines when longer than a third of the width, else numbered")
    func tornadoRowLabels() {
        func drawn(_ labels: [String]) -> DrawnChart {
            DrawnChart(
                svg: Chart(
                    kind: .tornado, title: "t", categories: labels,
                    series: [ChartSeries(name: "low", values: labels.map { _ in 1 }),
                        ChartSeries(name: "high", values: labels.map { _ in 2 })],
                    central: 1.5
                ).svg(width: 760))
        }
        let short = drawn(["next-raise.price", "sale.value"])
        #expect(short.texts("category") == ["next-raise.price", "sale.value"])
        // 760 / 3 pixels hold 38 characters at 11 points: 42 characters go on two lines, whole words each.
        let named = drawn(["hypothetical Series C round: probability", "sale.value"])
        #expect(named.svg.contains("<tspan x=\"") && named.svg.contains(">hypothetical Series C round:</tspan>"))
        #expect(named.svg.contains(">probability</tspan>"))
        #expect(!named.texts("note").contains { $0.hasPrefix("1 = ") })
        // Too long for two lines: numbered, with a key.
        let long = drawn([String(repeating: "a very long input name ", count: 5), "sale.value"])
        #expect(long.texts("category").first == "1")
        #expect(long.texts("note").contains { $0.hasPrefix("1 = a very long input name") })
    }

    @Test("Coincident lines are named in a note, and each line has its own dashes")
    func coincident() {
        let values: [Double?] = [1, 1, 0.5]
        let chart = Chart(
            kind: .steps, title: "Prices", categories: ["x", "y", "z"],
            series: [
                ChartSeries(name: "Series C", values: values), ChartSeries(name: "Series D", values: values),
                ChartSeries(name: "Warrants", values: [2, 1, 3]),
            ])
        let drawn = DrawnChart(svg: chart.svg())
        let notes = drawn.texts("note")
        #expect(notes.contains { $0.hasPrefix("Series C = Series D here") })
        #expect(notes.contains { $0.contains("Series C = Series D = Warrants at y") || $0.contains("at y") })
        let dashes = drawn.attributes(of: "<path d=", "stroke-dasharray")
        #expect(Set(dashes).count == dashes.count)
    }

    @Test("Line values are padded so that no line sits on an axis")
    func padding() {
        let chart = Chart(
            kind: .lines, title: "t", xValues: [0, 1, 2], series: [ChartSeries(name: "s", values: [1, 2, 3])])
        let svg = chart.svg()
        // The frame of the data, and the markers of the series: none on the frame's top or bottom edge.
        let frame = DrawnChart(svg: svg).attributes(of: "<rect x=", "height").compactMap(Double.init)
        let tops = DrawnChart(svg: svg).attributes(of: "<rect x=", "y").compactMap(Double.init)
        let circles = DrawnChart(svg: svg).attributes(of: "<circle", "cy").compactMap(Double.init)
        let top = tops.first { $0 > 0 }!
        let bottom = top + frame.first { $0 > 100 }!
        for y in circles.dropLast() { #expect(y > top + 5 && y < bottom - 5, "\(y) in \(top)...\(bottom)") }
    }
}

@Suite("The gnuplot scripts' palette")
struct GnuplotPaletteTests {
    @Test("plots/common.gp sets the board report's sixteen colours, in order, each with its own dashes and points")
    func sameColours() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let script = try String(contentsOf: root.appendingPathComponent("plots/common.gp"), encoding: .utf8)
        let lines = script.split(separator: "\n").filter { $0.hasPrefix("set linetype ") && $0.contains("lc rgb") }
        let colours = lines.compactMap { line -> String? in
            guard let start = line.range(of: "lc rgb '") else { return nil }
            return String(line[start.upperBound...].prefix(7))
        }
        #expect(colours == ChartPalette.colours)
        #expect(script.contains("set linetype cycle \(ChartPalette.colours.count)"))
        let styles = lines.map { line in
            line.split(separator: " ").drop { $0 != "dt" }.prefix(4).joined(separator: " ")
        }
        #expect(Set(styles).count == styles.count, "two line types with the same dashes and points")
    }
}
