/// Lays out and draws one chart; sizes of text are estimated from character counts (a sans-serif glyph is about
/// 0.6 of the font size wide on average; the estimate errs wide so that nothing overlaps).
struct ChartLayout {
    var chart: Chart
    var width: Double

    static let tickFont = 11.0
    static let legendFont = 12.0
    static let titleFont = 15.0
    static let plotHeight = 260.0
    /// Longest category label written out; longer ones are numbered, with a key below the chart.
    static let longestLabel = 26

    static func textWidth(_ text: String, font: Double) -> Double { Double(text.count) * font * 0.6 }

    /// The widest a legend entry's text may be: its entry (sample, text and gap: 52 pixels more) within a third of
    /// the chart's width.
    static func legendTextWidth(chartWidth: Double) -> Double { chartWidth / 3 - 52 }

    /// `text` broken into lines of at most `width` pixels, at spaces where possible.
    static func wrap(_ text: String, width: Double, font: Double) -> [String] {
        let most = max(8, Int(width / (font * 0.6)))
        var lines: [String] = []
        var line = ""
        for word in text.split(separator: " ").map(String.init) {
            var word = word
            while word.count > most {
                if !line.isEmpty { lines.append(line); line = "" }
                lines.append(String(word.prefix(most)))
                word = String(word.dropFirst(most))
            }
            if line.isEmpty { line = word } else if line.count + 1 + word.count <= most { line += " " + word } else {
                lines.append(line)
                line = word
            }
        }
        if !line.isEmpty { lines.append(line) }
        return lines
    }

    static func esc(_ text: String) -> String { HTMLEscaping.escape(text) }
    static func n(_ value: Double) -> String {
        let rounded = (value * 10).rounded() / 10
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }

    /// Round tick values covering `low ... high`, about five of them.
    static func ticks(_ low: Double, _ high: Double) -> (values: [Double], step: Double) {
        let span = max(high - low, 1e-12)
        let raw = span / 5
        var magnitude = 1.0
        while magnitude * 10 <= raw { magnitude *= 10 }
        while magnitude > raw { magnitude /= 10 }
        let step = [1.0, 2, 2.5, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? magnitude * 10
        var values: [Double] = []
        var value = (low / step).rounded(.down) * step
        while value <= high + step * 1e-9 {
            if value >= low - step * 1e-9 { values.append(value.magnitude < step * 1e-9 ? 0 : value) }
            value += step
        }
        return (values, step)
    }

    /// The value range: bars from zero, lines padded by 8% on each side so that no line sits on an axis.
    func valueRange() -> (Double, Double) {
        var values: [Double] = []
        switch chart.kind {
        case .stackedBars:
            for index in chart.categories.indices {
                values.append(chart.series.reduce(0) { $0 + (index < $1.values.count ? ($1.values[index] ?? 0) : 0) })
            }
            values.append(0)
        case .groupedBars, .histogram:
            values = chart.series.flatMap { $0.values.compactMap { $0 } } + [0]
        case .tornado:
            values = chart.series.flatMap { $0.values.compactMap { $0 } } + (chart.central.map { [$0] } ?? [])
        case .lines, .steps:
            values = chart.series.flatMap { $0.values.compactMap { $0 } }
        }
        values = values.filter(\.isFinite)
        guard var low = values.min(), var high = values.max() else { return (0, 1) }
        if high == low {
            let pad = low == 0 ? 1 : low.magnitude * 0.1
            return (low - pad, high + pad)
        }
        let pad = (high - low) * 0.08
        switch chart.kind {
        case .stackedBars, .groupedBars, .histogram:
            if high > 0 { high += pad }
            if low < 0 { low -= pad }
        default:
            low -= pad
            high += pad
        }
        return (low, high)
    }

    /// The x range of a line chart, padded by 3% on each side so that no marker sits on the frame.
    func xRange() -> (Double, Double) {
        let xs = chart.xValues.filter(\.isFinite)
        guard let low = xs.min(), let high = xs.max(), high > low else { return (0, 1) }
        let pad = (high - low) * 0.03
        return (low - pad, high + pad)
    }

    enum LabelMode { case horizontal, wrapped, rotated, keyed }

    /// Most lines of a wrapped category label.
    static let wrappedLines = 4

    func render() -> String {
        let horizontal = chart.kind == .tornado
        let count = max(chart.categories.count, 1)
        // Title and subtitle, wrapped.
        let titleLines = Self.wrap(chart.title, width: width - 24, font: Self.titleFont)
        let subtitleLines = chart.subtitle.map { Self.wrap($0, width: width - 24, font: Self.tickFont + 1) } ?? []
        var top = 10 + Double(titleLines.count) * 19 + Double(subtitleLines.count) * 16 + 12

        let (low, high) = valueRange()
        let (tickValues, step) = Self.ticks(low, high)
        let tickLabels = tickValues.map { (horizontal ? chart.xStyle : chart.yStyle).tick($0, step: step) }
        let longestTick = tickLabels.map { Self.textWidth($0, font: Self.tickFont) }.max() ?? 20

        // Category labels: written out, rotated, or numbered with a key.
        let numbered = chart.categories.enumerated().map { "\($0.offset + 1)" }
        let tooLong = chart.categories.contains { $0.count > Self.longestLabel }
        var mode = LabelMode.horizontal
        var left = 16 + longestTick + (chart.yTitle == nil ? 0 : 18)
        // A tornado's row labels as drawn when wrapped: each label's lines.
        var rowLines: [[String]] = []
        if horizontal {
            // Row labels may take up to a third of the width, on up to two lines, before they are numbered with a key.
            let most = Int(width / 3 / (Self.tickFont * 0.6))
            let rowHeight = max(Self.plotHeight * 0.6, Double(count) * 30) / Double(count)
            let wrapped = chart.categories.map { Self.wrap($0, width: Double(most) * Self.tickFont * 0.6, font: Self.tickFont) }
            if !chart.categories.contains(where: { $0.count > most }) {
                mode = .horizontal
            } else if rowHeight >= 30, wrapped.allSatisfy({ $0.count <= 2 && $0.allSatisfy { $0.count <= most } }) {
                mode = .wrapped
                rowLines = wrapped
            } else {
                mode = .keyed
            }
            let labels = mode == .keyed ? numbered : mode == .wrapped ? wrapped.flatMap { $0 } : chart.categories
            left = 16 + (labels.map { Self.textWidth($0, font: Self.tickFont) }.max() ?? 20)
        }
        let right = 24.0
        let plotWidth = width - left - right
        let slot = plotWidth / Double(count)
        var labelHeight = Self.tickFont + 8
        if !horizontal, chart.kind != .lines, chart.kind != .histogram {
            let widest = chart.categories.map { Self.textWidth($0, font: Self.tickFont) }.max() ?? 0
            let wrapped = chart.categories.map { Self.wrap($0, width: slot - 8, font: Self.tickFont) }
            let wrappedFits = wrapped.allSatisfy { lines in
                lines.count <= Self.wrappedLines
                    && lines.allSatisfy { Self.textWidth($0, font: Self.tickFont) <= slot - 8 }
            }
            if widest + 6 <= slot {
                mode = .horizontal
            } else if wrappedFits, slot >= 60 {
                mode = .wrapped
                labelHeight = Double(wrapped.map(\.count).max() ?? 1) * 13 + 6
            } else if !tooLong, slot >= Self.tickFont + 3 {
                mode = .rotated
                labelHeight = widest * 0.72 + 14
            } else {
                mode = .keyed
            }
        }
        if horizontal { top += 0 }
        let plotHeight = horizontal ? max(Self.plotHeight * 0.6, Double(count) * 30) : Self.plotHeight
        let plotTop = top
        let plotBottom = plotTop + plotHeight
        var y = plotBottom + labelHeight + 6
        if chart.xTitle != nil { y += 16 }

        // Legend rows, below the data.
        let entries = chart.kind == .histogram ? Array(chart.series.prefix(1)) : chart.series
        // Each entry within a third of the chart's width: a longer name goes on more lines, none cut.
        var legendItems: [(x: Double, y: Double, index: Int, lines: [String])] = []
        var x = left
        var rowTop = y + 6
        var legendRowLines = 1
        for (index, series) in entries.enumerated() {
            let lines = Self.wrap(series.name, width: Self.legendTextWidth(chartWidth: width), font: Self.legendFont)
            let itemWidth = 34 + (lines.map { Self.textWidth($0, font: Self.legendFont) }.max() ?? 0) + 18
            if x + itemWidth > width - 8, x > left {
                rowTop += Double(legendRowLines) * 20
                legendRowLines = 1
                x = left
            }
            legendItems.append((x, rowTop, index, lines))
            legendRowLines = max(legendRowLines, lines.count)
            x += itemWidth
        }
        y = rowTop + Double(entries.isEmpty ? 0 : legendRowLines) * 20 + 4

        // Notes: coincident lines first, then the chart's own, then the key of numbered labels.
        var notes: [String] = []
        if chart.kind == .lines || chart.kind == .steps { notes += coincidences() }
        notes += chart.notes
        if mode == .keyed {
            notes += chart.categories.enumerated().map { "\($0.offset + 1) = \($0.element)" }
        }
        let noteLines = notes.flatMap { Self.wrap($0, width: width - 24, font: Self.tickFont) }
        let height = y + Double(noteLines.count) * 15 + 10

        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" data-kind=\"\(chart.kind.rawValue)\" "
            + "width=\"\(Self.n(width))\" height=\"\(Self.n(height))\" viewBox=\"0 0 \(Self.n(width)) \(Self.n(height))\" "
            + "role=\"img\" aria-label=\"\(Self.esc(chart.title))\" font-family=\"Helvetica, Arial, sans-serif\">\n"
        svg += "<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n"
        var lineY = 10.0
        for line in titleLines {
            lineY += 17
            svg += "<text class=\"title\" x=\"12\" y=\"\(Self.n(lineY))\" font-size=\"\(Self.n(Self.titleFont))\" "
                + "font-weight=\"bold\">\(Self.esc(line))</text>\n"
        }
        lineY += 2
        for line in subtitleLines {
            lineY += 16
            svg += "<text class=\"subtitle\" x=\"12\" y=\"\(Self.n(lineY))\" font-size=\"12\" fill=\"#444\">"
                + "\(Self.esc(line))</text>\n"
        }

        // Axes and grid.
        func valuePosition(_ value: Double) -> Double {
            let fraction = (value - low) / (high - low)
            return horizontal ? left + fraction * plotWidth : plotBottom - fraction * plotHeight
        }
        for (value, label) in zip(tickValues, tickLabels) {
            let p = valuePosition(value)
            if horizontal {
                svg += "<line x1=\"\(Self.n(p))\" y1=\"\(Self.n(plotTop))\" x2=\"\(Self.n(p))\" y2=\"\(Self.n(plotBottom))\" "
                    + "stroke=\"#e3e3e3\"/>\n"
                svg += "<text class=\"tick\" x=\"\(Self.n(p))\" y=\"\(Self.n(plotBottom + 14))\" font-size=\"11\" "
                    + "text-anchor=\"middle\">\(Self.esc(label))</text>\n"
            } else {
                svg += "<line x1=\"\(Self.n(left))\" y1=\"\(Self.n(p))\" x2=\"\(Self.n(left + plotWidth))\" y2=\"\(Self.n(p))\" "
                    + "stroke=\"#e3e3e3\"/>\n"
                svg += "<text class=\"tick\" x=\"\(Self.n(left - 6))\" y=\"\(Self.n(p + 4))\" font-size=\"11\" "
                    + "text-anchor=\"end\">\(Self.esc(label))</text>\n"
            }
        }
        svg += "<rect x=\"\(Self.n(left))\" y=\"\(Self.n(plotTop))\" width=\"\(Self.n(plotWidth))\" "
            + "height=\"\(Self.n(plotHeight))\" fill=\"none\" stroke=\"#888\"/>\n"
        if let yTitle = chart.yTitle, !horizontal {
            let cy = plotTop + plotHeight / 2
            svg += "<text class=\"axis-title\" x=\"12\" y=\"\(Self.n(cy))\" font-size=\"11\" text-anchor=\"middle\" "
                + "transform=\"rotate(-90 12 \(Self.n(cy)))\">\(Self.esc(yTitle))</text>\n"
        }
        if let xTitle = chart.xTitle {
            svg += "<text class=\"axis-title\" x=\"\(Self.n(left + plotWidth / 2))\" "
                + "y=\"\(Self.n(plotBottom + labelHeight + 16))\" font-size=\"11\" text-anchor=\"middle\">"
                + "\(Self.esc(xTitle))</text>\n"
        }

        // Category labels.
        let shown = mode == .keyed ? numbered : chart.categories
        if horizontal {
            for (index, label) in shown.enumerated() {
                let cy = plotTop + (Double(index) + 0.5) * (plotHeight / Double(count))
                if mode == .wrapped {
                    // Two lines centred on the row.
                    let lines = rowLines[index]
                    let first = cy + 4 - Double(lines.count - 1) * 6.5
                    svg += "<text class=\"category\" x=\"\(Self.n(left - 6))\" y=\"\(Self.n(first))\" font-size=\"11\" "
                        + "text-anchor=\"end\">"
                    for (number, line) in lines.enumerated() {
                        svg += "<tspan x=\"\(Self.n(left - 6))\" dy=\"\(number == 0 ? 0 : 13)\">\(Self.esc(line))</tspan>"
                    }
                    svg += "</text>\n"
                } else {
                    svg += "<text class=\"category\" x=\"\(Self.n(left - 6))\" y=\"\(Self.n(cy + 4))\" font-size=\"11\" "
                        + "text-anchor=\"end\">\(Self.esc(label))</text>\n"
                }
            }
        } else if chart.kind != .lines {
            // A histogram labels every k-th bin so that its labels never touch.
            var every = 1
            if chart.kind == .histogram {
                let widest = (shown.map { Self.textWidth($0, font: Self.tickFont) }.max() ?? 0) + 8
                every = max(1, Int((widest / slot).rounded(.up)))
            }
            for (index, label) in shown.enumerated() where index % every == 0 {
                let cx = left + (Double(index) + (chart.kind == .histogram ? 0 : 0.5)) * slot
                let ty = plotBottom + 15
                if mode == .wrapped {
                    let lines = Self.wrap(label, width: slot - 8, font: Self.tickFont)
                    svg += "<text class=\"category\" x=\"\(Self.n(cx))\" y=\"\(Self.n(ty))\" font-size=\"11\" "
                        + "text-anchor=\"middle\">"
                    for (number, line) in lines.enumerated() {
                        svg += "<tspan x=\"\(Self.n(cx))\" dy=\"\(number == 0 ? 0 : 13)\">\(Self.esc(line))</tspan>"
                    }
                    svg += "</text>\n"
                } else if mode == .rotated {
                    svg += "<text class=\"category\" x=\"\(Self.n(cx))\" y=\"\(Self.n(ty))\" font-size=\"11\" "
                        + "text-anchor=\"end\" transform=\"rotate(-45 \(Self.n(cx)) \(Self.n(ty)))\">"
                        + "\(Self.esc(label))</text>\n"
                } else {
                    svg += "<text class=\"category\" x=\"\(Self.n(cx))\" y=\"\(Self.n(ty))\" font-size=\"11\" "
                        + "text-anchor=\"middle\">\(Self.esc(label))</text>\n"
                }
            }
        } else {
            let (xl, xh) = xRange()
            if xh > xl {
                let (xticks, xstep) = Self.ticks(xl, xh)
                for value in xticks {
                    let px = left + (value - xl) / (xh - xl) * plotWidth
                    svg += "<text class=\"tick\" x=\"\(Self.n(px))\" y=\"\(Self.n(plotBottom + 15))\" font-size=\"11\" "
                        + "text-anchor=\"middle\">\(Self.esc(chart.xStyle.tick(value, step: xstep)))</text>\n"
                }
            }
        }

        // The data.
        svg += drawSeries(
            left: left, plotWidth: plotWidth, plotTop: plotTop, plotHeight: plotHeight, slot: slot,
            position: valuePosition)

        // Legend.
        for item in legendItems {
            let series = entries[item.index]
            let colour = ChartPalette.colour(item.index)
            svg += "<g class=\"legend-entry\" data-colour=\"\(colour)\">"
            if chart.kind == .lines || chart.kind == .steps {
                let dash = ChartPalette.dashes[item.index % ChartPalette.dashes.count]
                svg += "<line x1=\"\(Self.n(item.x))\" y1=\"\(Self.n(item.y))\" x2=\"\(Self.n(item.x + 26))\" "
                    + "y2=\"\(Self.n(item.y))\" stroke=\"\(colour)\" stroke-width=\"2.5\""
                    + (dash.isEmpty ? "" : " stroke-dasharray=\"\(dash)\"") + "/>"
                svg += Self.marker(item.index, x: item.x + 13, y: item.y, colour: colour)
            } else {
                svg += "<rect x=\"\(Self.n(item.x + 4))\" y=\"\(Self.n(item.y - 7))\" width=\"18\" height=\"14\" "
                    + "fill=\"\(colour)\" stroke=\"#333\" stroke-width=\"0.5\"/>"
            }
            svg += "<text x=\"\(Self.n(item.x + 32))\" y=\"\(Self.n(item.y + 4))\" font-size=\"12\">"
            if item.lines.count == 1 {
                svg += Self.esc(series.name)
            } else {
                for (number, line) in item.lines.enumerated() {
                    svg += "<tspan x=\"\(Self.n(item.x + 32))\" dy=\"\(number == 0 ? 0 : 15)\">\(Self.esc(line))</tspan>"
                }
            }
            svg += "</text></g>\n"
        }
        var noteY = y
        for line in noteLines {
            noteY += 15
            svg += "<text class=\"note\" x=\"12\" y=\"\(Self.n(noteY))\" font-size=\"11\" fill=\"#333\">"
                + "\(Self.esc(line))</text>\n"
        }
        svg += "</svg>"
        return svg
    }

    /// Where lines coincide: "A = B here" for series equal at every point, "A = B = C at …" for series that meet at
    /// some points (grouped by the set of series that meet), "All lines meet at …" where every series does.
    func coincidences() -> [String] {
        let points = chart.kind == .steps ? chart.categories : chart.xValues.map { chart.xStyle.label($0) }
        let count = chart.series.count
        guard count > 1 else { return [] }
        func value(_ series: Int, _ point: Int) -> Double? {
            let values = chart.series[series].values
            return point < values.count ? values[point] : nil
        }
        func same(_ x: Double, _ y: Double) -> Bool { (x - y).magnitude <= 1e-9 * max(1, x.magnitude) }
        // The groups of two or more series with the same value, at each point.
        var pointsOfGroup: [[Int]: [Int]] = [:]
        var order: [[Int]] = []
        var everywhere: [Int] = []
        for point in points.indices {
            var left = Array(0..<count).filter { value($0, point) != nil }
            var groups: [[Int]] = []
            while let first = left.first {
                let group = left.filter { same(value($0, point)!, value(first, point)!) }
                left.removeAll { group.contains($0) }
                if group.count > 1 { groups.append(group) }
            }
            if groups.count == 1, groups[0].count == count {
                everywhere.append(point)
                continue
            }
            for group in groups {
                if pointsOfGroup[group] == nil { order.append(group) }
                pointsOfGroup[group, default: []].append(point)
            }
        }
        func place(_ at: [Int]) -> String {
            at.count > 4
                ? "\(at.count) points from \(points[at.first!]) to \(points[at.last!])"
                : at.map { points[$0] }.joined(separator: ", ")
        }
        var notes: [String] = []
        if !everywhere.isEmpty { notes.append("All lines meet at \(place(everywhere)).") }
        let present = { (series: Int) in points.indices.filter { value(series, $0) != nil && !everywhere.contains($0) } }
        for group in order {
            let at = pointsOfGroup[group]!
            let names = group.map { chart.series[$0].name }.joined(separator: " = ")
            if group.allSatisfy({ present($0) == at }) {
                notes.append("\(names) here: the lines coincide; dashes and markers tell them apart.")
            } else {
                notes.append("\(names) at \(place(at)).")
            }
        }
        if notes.count > 8 {
            let more = notes.count - 7
            notes = Array(notes.prefix(7)) + ["… and \(more) more places where lines meet (see the table)."]
        }
        return notes
    }

    /// A marker of a shape that differs by series.
    static func marker(_ index: Int, x: Double, y: Double, colour: String) -> String {
        let s = 4.0
        let common = "fill=\"\(colour)\" stroke=\"#222\" stroke-width=\"0.6\""
        switch index % 5 {
        case 0: return "<circle cx=\"\(n(x))\" cy=\"\(n(y))\" r=\"\(n(s))\" \(common)/>"
        case 1: return "<rect x=\"\(n(x - s))\" y=\"\(n(y - s))\" width=\"\(n(2 * s))\" height=\"\(n(2 * s))\" \(common)/>"
        case 2:
            return "<polygon points=\"\(n(x)),\(n(y - s - 1)) \(n(x + s + 1)),\(n(y + s)) \(n(x - s - 1)),\(n(y + s))\" \(common)/>"
        case 3:
            return "<polygon points=\"\(n(x)),\(n(y - s - 1)) \(n(x + s + 1)),\(n(y)) \(n(x)),\(n(y + s + 1)) "
                + "\(n(x - s - 1)),\(n(y))\" \(common)/>"
        default:
            return "<polygon points=\"\(n(x - s)),\(n(y + s)) \(n(x + s)),\(n(y + s)) \(n(x + s)),\(n(y - s))\" \(common)/>"
        }
    }

    func drawSeries(
        left: Double, plotWidth: Double, plotTop: Double, plotHeight: Double, slot: Double,
        position: (Double) -> Double
    ) -> String {
        var svg = ""
        let plotBottom = plotTop + plotHeight
        let zero = position(0)
        func group(_ index: Int, _ body: String) -> String {
            "<g class=\"series\" data-series=\"\(index)\" data-colour=\"\(ChartPalette.colour(index))\">\(body)</g>\n"
        }
        switch chart.kind {
        case .stackedBars:
            var bodies = [String](repeating: "", count: chart.series.count)
            for category in chart.categories.indices {
                var base = 0.0
                for (index, series) in chart.series.enumerated() {
                    guard category < series.values.count, let value = series.values[category], value > 0 else { continue }
                    let y0 = position(base)
                    let y1 = position(base + value)
                    base += value
                    bodies[index] += "<rect x=\"\(Self.n(left + Double(category) * slot + slot * 0.18))\" "
                        + "y=\"\(Self.n(y1))\" width=\"\(Self.n(slot * 0.64))\" height=\"\(Self.n(max(0, y0 - y1)))\" "
                        + "fill=\"\(ChartPalette.colour(index))\" stroke=\"#fff\" stroke-width=\"0.5\">"
                        + "<title>\(Self.esc(series.name)): \(Self.esc(chart.yStyle.label(value)))</title></rect>"
                }
            }
            for (index, body) in bodies.enumerated() { svg += group(index, body) }
        case .groupedBars, .histogram:
            let count = Double(max(chart.series.count, 1))
            for (index, series) in chart.series.enumerated() {
                var body = ""
                for (category, value) in series.values.enumerated() {
                    guard let value, value.isFinite else { continue }
                    let barWidth = chart.kind == .histogram ? slot : slot * 0.8 / count
                    let x = chart.kind == .histogram
                        ? left + Double(category) * slot : left + Double(category) * slot + slot * 0.1 + Double(index) * barWidth
                    let y = position(value)
                    body += "<rect x=\"\(Self.n(x))\" y=\"\(Self.n(min(y, zero)))\" width=\"\(Self.n(max(barWidth, 0.5)))\" "
                        + "height=\"\(Self.n(abs(zero - y)))\" fill=\"\(ChartPalette.colour(index))\" "
                        + "stroke=\"#fff\" stroke-width=\"0.3\"><title>\(Self.esc(series.name)): "
                        + "\(Self.esc(chart.yStyle.label(value)))</title></rect>"
                }
                svg += group(index, body)
            }
            if zero > plotTop, zero < plotBottom {
                svg += "<line x1=\"\(Self.n(left))\" y1=\"\(Self.n(zero))\" x2=\"\(Self.n(left + plotWidth))\" "
                    + "y2=\"\(Self.n(zero))\" stroke=\"#333\"/>\n"
            }
        case .tornado:
            let rowHeight = plotHeight / Double(max(chart.categories.count, 1))
            let centre = position(chart.central ?? 0)
            for (index, series) in chart.series.enumerated() {
                var body = ""
                for (row, value) in series.values.enumerated() {
                    guard let value, value.isFinite else { continue }
                    let x = position(value)
                    let y = plotTop + Double(row) * rowHeight + rowHeight * (index == 0 ? 0.15 : 0.5)
                    body += "<rect x=\"\(Self.n(min(x, centre)))\" y=\"\(Self.n(y))\" "
                        + "width=\"\(Self.n(max(abs(x - centre), 1)))\" height=\"\(Self.n(rowHeight * 0.35))\" "
                        + "fill=\"\(ChartPalette.colour(index))\"><title>\(Self.esc(chart.categories[row])), "
                        + "\(Self.esc(series.name)): \(Self.esc(chart.xStyle.label(value)))</title></rect>"
                }
                svg += group(index, body)
            }
            if let central = chart.central {
                svg += "<line class=\"central\" x1=\"\(Self.n(centre))\" y1=\"\(Self.n(plotTop))\" x2=\"\(Self.n(centre))\" "
                    + "y2=\"\(Self.n(plotBottom))\" stroke=\"#000\" stroke-width=\"1.5\"/>\n"
                svg += "<text class=\"central-label\" x=\"\(Self.n(centre + 4))\" y=\"\(Self.n(plotTop - 4))\" "
                    + "font-size=\"11\">central path: \(Self.esc(chart.xStyle.label(central)))</text>\n"
            }
        case .lines, .steps:
            let xs = chart.xValues
            let (xl, xh) = xRange()
            func px(_ i: Int) -> Double {
                if chart.kind == .steps { return left + (Double(i) + 0.5) * slot }
                return xh > xl ? left + (xs[i] - xl) / (xh - xl) * plotWidth : left + plotWidth / 2
            }
            for (category, label) in chart.marks.sorted(by: { $0.key < $1.key }) where chart.kind == .steps {
                let x = left + Double(category) * slot + 1
                svg += "<line class=\"mark\" x1=\"\(Self.n(x))\" y1=\"\(Self.n(plotTop))\" x2=\"\(Self.n(x))\" "
                    + "y2=\"\(Self.n(plotBottom))\" stroke=\"#555\" stroke-dasharray=\"3 3\"/>"
                    + "<text class=\"mark-label\" x=\"\(Self.n(x + 3))\" y=\"\(Self.n(plotTop + 12))\" font-size=\"10\" "
                    + "fill=\"#333\">\(Self.esc(label))</text>\n"
            }
            for (index, series) in chart.series.enumerated() {
                let colour = ChartPalette.colour(index)
                let dash = ChartPalette.dashes[index % ChartPalette.dashes.count]
                var path = ""
                var markers = ""
                var previous: Double? = nil
                for (i, value) in series.values.enumerated() where i < (chart.kind == .steps ? chart.categories.count : xs.count) {
                    guard let value, value.isFinite else { previous = nil; continue }
                    let x = px(i)
                    let y = position(value)
                    if chart.kind == .steps {
                        let start = left + Double(i) * slot
                        path += previous == nil ? "M\(Self.n(start)) \(Self.n(y)) " : "V\(Self.n(y)) "
                        path += "H\(Self.n(start + slot)) "
                    } else {
                        path += (previous == nil ? "M" : "L") + "\(Self.n(x)) \(Self.n(y)) "
                    }
                    previous = y
                    markers += Self.marker(index, x: x, y: y, colour: colour)
                }
                // Earlier series are drawn wider, so that a later one drawn over them leaves their edges visible.
                let width = max(1.5, 4.5 - Double(index) * 0.4)
                let body = "<path d=\"\(path)\" fill=\"none\" stroke=\"\(colour)\" stroke-width=\"\(Self.n(width))\""
                    + (dash.isEmpty ? "" : " stroke-dasharray=\"\(dash)\"") + "><title>\(Self.esc(series.name))</title></path>"
                    + markers
                svg += group(index, body)
            }
        }
        return svg
    }
}
