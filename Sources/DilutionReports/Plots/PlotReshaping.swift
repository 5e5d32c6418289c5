import Foundation

/// Turns each of our CSV tables into the data and variables its gnuplot script wants. Long tables (event ×
/// instrument, metric × bin) become one column per series; numbers are scaled to the axis unit (percent).
public enum PlotReshaping {
    /// The job drawing `table` of `kind`; `name` titles the chart (the scenario's name, or the file's stem),
    /// `metric` picks the metric where a table has several (histogram, matrix, fan chart, compare), and
    /// `breakeven` is the break-even table beside a sweep, whose points are marked on it. `names` names a sweep's metrics (the
    /// `NAME.sweep-names.csv` beside it: the sweep table's columns are ids); the other tables carry their names.
    public static func job(
        _ kind: PlotKind, table: CSVTable, name: String, metric: String? = nil, breakeven: CSVTable? = nil,
        names: [String: String] = [:]
    ) throws -> PlotJob {
        var job = try draw(kind, table: table, name: name, metric: metric, breakeven: breakeven, names: names)
        // A title longer than the chart is wide (names are long) puts the scenario's name on a line of its own.
        if case .string(let title)? = job.variable("title"), title.count > titleCharacters,
            title.hasSuffix(" — \(name)")
        {
            job.set("title", String(title.dropLast(" — \(name)".count)) + "\n" + name)
        }
        return job
    }

    /// The longest title on one line, in characters: at the scripts' 14-point title font, the width of the plot area of
    /// a 1,000-pixel chart.
    public static let titleCharacters = 86

    static func draw(
        _ kind: PlotKind, table: CSVTable, name: String, metric: String?, breakeven: CSVTable?,
        names: [String: String]
    ) throws -> PlotJob {
        switch kind {
        case .timeline: return try timeline(table, name: name)
        case .capTable: return try capTable(table, name: name)
        case .sweep: return try sweep(table, name: name, metric: metric, breakeven: breakeven, names: names)
        case .sweepMatrix: return try matrix(table, name: name, metric: metric, breakeven: breakeven, names: names)
        case .breakeven: return try breakevenChart(table, name: name)
        case .tornado: return try tornado(table, name: name)
        case .simulationSummary: return try fan(table, name: name, metric: metric)
        case .simulationHistogram: return try histogram(table, name: name, metric: metric)
        case .compare: return try compare(table, name: name, metric: metric)
        case .exit: return try exitChart(table, name: name, breakpoints: breakeven)
        }
    }

    // MARK: - Exit

    /// Each class's payout (and the carve-out) stacked against the exit value, in $ millions; the
    /// breakpoints of `NAME.exit-breakpoints.csv`, when given, as labelled vertical lines.
    static func exitChart(_ table: CSVTable, name: String, breakpoints: CSVTable?) throws -> PlotJob {
        let (value, id, label, proceeds) = (0, 1, 2, 7)
        let values = distinct(table.rows.map { $0[value] })
        let classes = distinct(table.rows.map { $0[id] })
        try require(values.count >= 2, name, "it has a single exit value; give a range such as --at 0:2B:50M")
        let names = Dictionary(table.rows.map { ($0[id], $0[label]) }, uniquingKeysWith: { first, _ in first })
        var text = line(["exit_value"] + classes.map { quoted(legendLabel(names[$0] ?? $0)) })
        var top = 0.0
        for x in values {
            let rows = table.rows.filter { $0[value] == x }
            let cells = classes.map { c in number(rows.first { $0[id] == c }?[proceeds] ?? "0").nanToZero / 1e6 }
            top = max(top, cells.reduce(0, +))
            text += line([cell(number(x) / 1e6)] + cells.map(cell))
        }
        var job = PlotJob(kind: .exit)
        job.data.append(("datafile", text))
        if let breakpoints, breakpoints.header == ["exit_value", "net_proceeds", "class", "event"] {
            let low = values.map(number).min() ?? 0, high = values.map(number).max() ?? 0
            // Points at the same exit value (to the dollar) share one line; each has its own label beside it.
            var points: [(x: Double, label: String)] = []
            for row in breakpoints.rows where number(row[0]) >= low && number(row[0]) <= high {
                points.append(((number(row[0])).rounded() / 1e6, "\(names[row[2]] ?? row[2]) \(row[3])"))
            }
            points.sort { $0.x < $1.x }
            let at = dodged(points.map(\.x), gap: (high - low) / 1e6 * 0.022, low: low / 1e6, high: high / 1e6)
            var marks = line(["x", "y", "label", "label_x"])
            for (point, x) in zip(points, at) {
                marks += line([cell(point.x), cell(top), quoted(point.label), cell(x)])
            }
            job.data.append(("markfile", marks))
        }
        job.set("ncols", classes.count + 1)
        job.set("title", "Payout by class against the exit value — \(name)")
        return job
    }

    /// Positions for labels at the sorted positions `xs`, each at least `gap` from the next (labels that fall close
    /// together are moved apart, never past `low` and `high` when there is room), so that they never overlap; and,
    /// since a label is drawn just right of its position and about 1.1 `gap` wide, moved right of any other point's
    /// line that would run through it (breakpoints close together have their labels after the last of their lines).
    package static func dodged(_ xs: [Double], gap: Double, low: Double, high: Double) -> [Double] {
        guard !xs.isEmpty, gap > 0 else { return xs }
        var at = xs
        for k in at.indices {
            var x = k == 0 ? at[0] : max(at[k], at[k - 1] + gap)
            while let crossing = xs.first(where: { $0 > x && $0 <= x + gap * 1.1 }) { x = crossing }
            at[k] = x
        }
        // Pushed past the right edge: move back from it, keeping the gaps.
        if at[at.count - 1] > high {
            at[at.count - 1] = max(high, xs[at.count - 1])
            for k in at.indices.dropLast().reversed() where at[k] > at[k + 1] - gap { at[k] = at[k + 1] - gap }
        }
        if at[0] < low, Double(at.count - 1) * gap <= high - low {
            at[0] = low
            for k in at.indices.dropFirst() where at[k] < at[k - 1] + gap { at[k] = at[k - 1] + gap }
        }
        return at
    }

    // MARK: - Helpers

    static func number(_ cell: String) -> Double { Double(cell) ?? .nan }

    static func cell(_ value: Double) -> String { value.isFinite ? "\(value)" : "NaN" }

    /// One CSV line; labels are quoted so that gnuplot reads them whole.
    static func line(_ cells: [String]) -> String { cells.joined(separator: ",") + "\n" }

    static func quoted(_ label: String) -> String { "\"" + label.replacingOccurrences(of: "\"", with: "'") + "\"" }

    /// Distinct values in order of first appearance.
    static func distinct(_ values: [String]) -> [String] {
        var seen = Set<String>()
        return values.filter { seen.insert($0).inserted }
    }

    /// A heat-map cell's label at the data's precision: at most four significant digits below 1,000 (no binary
    /// noise such as 0.1000000001), whole numbers with thousands separators from 1,000 up; prices with a dollar
    /// sign and at least cents, ownership with a percent sign.
    static func cellLabel(_ value: Double, _ unit: MetricUnit) -> String {
        guard value.isFinite else { return "" }
        var text: String
        if abs(value) >= 1_000 {
            text = grouped(value.rounded())
        } else {
            text = String(format: "%.4g", value)
            if text.contains("e") { text = String(format: "%.6f", value) }
            if text.contains(".") {
                while text.hasSuffix("0") { text.removeLast() }
                if text.hasSuffix(".") { text.removeLast() }
            }
            if unit == .dollars {
                let decimals = text.split(separator: ".", omittingEmptySubsequences: false).dropFirst().first?.count ?? 0
                if decimals < 2 { text = String(format: "%.2f", Double(text) ?? value) }
            }
        }
        switch unit {
        case .dollars: return text.hasPrefix("-") ? "-$" + text.dropFirst() : "$" + text
        case .percent: return text + "%"
        case .shares, .rate, .count: return text
        }
    }

    /// A whole number with comma thousands separators: 18340351 → 18,340,351.
    static func grouped(_ value: Double) -> String {
        let digits = String(format: "%.0f", abs(value))
        var out = ""
        for (k, character) in digits.enumerated() {
            if k > 0, (digits.count - k) % 3 == 0 { out.append(",") }
            out.append(character)
        }
        return (value < 0 ? "-" : "") + out
    }

    /// The longest legend entry, in characters: with its line sample, a legend of entries this long stays within a
    /// third of a 1,000-pixel chart in both terminals (`legendWidth`: 332 px in PNG, 311 px in SVG).
    public static let legendCharacters = 30

    /// The longest tornado row label, in characters: an input's name beside the chart (tic labels, not a legend), its
    /// values at the ends of its bar.
    public static let tornadoCharacters = 44

    /// The width in pixels gnuplot gives a legend box whose longest entry has `characters` characters, with a line
    /// sample `sample` characters long (gnuplot's `samplen`, 4 unless a script sets it): gnuplot sizes a key from
    /// the entries' lengths in characters times the terminal's character width (9 px for pngcairo at the scripts'
    /// 11-point font, 8.388 px for svg at 12 points), not from the text as drawn, plus a fixed margin. Measured on
    /// the rendered charts (the PNG's pixels, the SVG's box path) for 10 to 40 characters.
    public static func legendWidth(characters: Int, sample: Int = 4, svg: Bool) -> Double {
        let (character, margin) = svg ? (8.388, 25.78) : (9.0, 26.0)
        return character * Double(characters + sample) + margin
    }

    /// A legend entry cut to `legendCharacters` (with an ellipsis), so that no legend is wider than a third of the
    /// chart. A `suffix` (such as " (not reached)") is kept whole: the text before it is cut instead.
    /// A name too long for the legend first has its longest common words abbreviated ("Series 2-A Convertible
    /// Preferred" is "Series 2-A Conv. Preferred"), and only then is cut.
    public static func legendLabel(
        _ text: String, keeping suffix: String = "", characters: Int = legendCharacters
    ) -> String {
        let room = characters - suffix.count
        var text = text
        for (word, short) in abbreviations where text.count > room {
            text = text.replacingOccurrences(of: word, with: short)
        }
        return (text.count <= room ? text : String(text.prefix(max(room - 1, 1))) + "…") + suffix
    }

    /// Words abbreviated in a legend entry that is too long, in this order, each only while it still is.
    static let abbreviations = [("Convertible", "Conv."), ("Participating", "Part."), ("Preferred", "Pref.")]

    /// The names in a table's `name` column (its last column of that name) by the key in `key`; empty names are
    /// left out, so that a reader falls back to the id.
    static func names(_ table: CSVTable, key: Int) -> [String: String] {
        guard let column = table.header.lastIndex(of: "name"), column != key else { return [:] }
        var found: [String: String] = [:]
        for row in table.rows where found[row[key]] == nil && !row[column].isEmpty { found[row[key]] = row[column] }
        return found
    }

    /// The instrument's part of a metric's name: "Series 2-A Convertible Preferred: price" (`series-2a.price`) is
    /// "Series 2-A Convertible Preferred"; a name that does not end with the metric's key is kept whole, and a
    /// metric without a name is its instrument's id.
    static func owner(_ metric: String, _ names: [String: String]) -> String {
        guard let name = names[metric] else { return String(metric.prefix { $0 != "." }) }
        guard let dot = metric.lastIndex(of: ".") else { return name }
        let suffix = ": " + metric[metric.index(after: dot)...]
        return name.hasSuffix(suffix) && name.count > suffix.count ? String(name.dropLast(suffix.count)) : name
    }

    static func require(_ condition: Bool, _ name: String, _ reason: String) throws {
        if !condition { throw PlotError.nothingToPlot(name, reason) }
    }

    // MARK: - Timeline

    /// Conversion prices of every priced series (preferred, warrants) before the first event and after each.
    static func timeline(_ table: CSVTable, name: String) throws -> PlotJob {
        let (ix, idc, date, inst) = (0, 1, 2, 4)
        let before = table.column("price_before")!, after = table.column("price_after")!
        let events = distinct(table.rows.map { $0[ix] })
        let priced = distinct(table.rows.filter { !$0[after].isEmpty }.map { $0[inst] })
        try require(!priced.isEmpty, name, "no instrument has a conversion price")
        let names = table.column("name").map { column in
            Dictionary(table.rows.map { ($0[inst], $0[column]) }, uniquingKeysWith: { first, _ in first })
        } ?? [:]
        let type = table.column("event_type")
        var rows = [[String]](repeating: [], count: events.count + 1)
        rows[0] = ["0", quoted("before")] + priced.map { id in
            cell(number(table.rows.first { $0[ix] == events[0] && $0[inst] == id }?[before] ?? ""))
        }
        var values: [Double] = []
        // Splits, reverse splits and stock dividends move every price without an adjustment: a dashed line says so.
        var splits: [(x: Int, label: String)] = []
        for (k, event) in events.enumerated() {
            let eventRows = table.rows.filter { $0[ix] == event }
            if let type, ["split", "reverse-split", "stock-dividend"].contains(eventRows[0][type]) {
                splits.append((k + 1, eventRows[0][type]))
            }
            let label = "\(eventRows[0][idc]) (\(eventRows[0][date]))"
            rows[k + 1] = ["\(k + 1)", quoted(label)] + priced.map { id in
                let value = number(eventRows.first { $0[inst] == id }?[after] ?? "")
                values.append(value)
                return cell(value)
            }
        }
        values += rows[0].dropFirst(2).map { number($0) }
        let finite = values.filter { $0.isFinite && $0 > 0 }
        var job = PlotJob(kind: .timeline)
        let legend = priced.map { quoted(legendLabel(names[$0].flatMap { $0.isEmpty ? nil : $0 } ?? $0)) }
        job.data.append(("datafile", line(["x", "event"] + legend) + rows.map(line).joined()))
        job.set("ncols", priced.count + 2)
        job.set("splits", splits.map { "\($0.x)" }.joined(separator: " "))
        job.set("splitlabels", splits.map(\.label).joined(separator: " "))
        job.set("logy", (finite.max() ?? 1) / (finite.min() ?? 1) > 20 ? 1 : 0)
        job.set("title", "Conversion prices over the events — \(name)")
        return job
    }

    // MARK: - Cap table

    /// Fully diluted ownership of every holder (in %) initially and after each event.
    static func capTable(_ table: CSVTable, name: String) throws -> PlotJob {
        let (idc, date, holder, own) = (1, 2, 3, 8)
        let rows = table.rows.filter { $0[4] != "total" }
        let events = distinct(rows.map { $0[idc] })
        let holders = distinct(rows.map { $0[holder] }).filter { id in
            rows.contains { $0[holder] == id && number($0[own]) > 0 }
        }
        try require(!holders.isEmpty, name, "no holder has any ownership")
        // No colour repeated: beyond the palette's sixteen, the holders with the smallest largest stake are one bar.
        let most = 16
        var kept = holders
        var folded: [String] = []
        if holders.count > most {
            let largest = Dictionary(uniqueKeysWithValues: holders.map { id in
                (id, rows.filter { $0[holder] == id }.map { number($0[own]).nanToZero }.max() ?? 0)
            })
            let order = holders.sorted { largest[$0]! > largest[$1]! }
            let keep = Set(order.prefix(most - 1))
            kept = holders.filter { keep.contains($0) }
            folded = holders.filter { !keep.contains($0) }
        }
        let names = table.column("name").map { column in
            Dictionary(rows.map { ($0[holder], $0[column]) }, uniquingKeysWith: { first, _ in first })
        } ?? [:]
        let legend = kept.map { quoted(legendLabel(names[$0].flatMap { $0.isEmpty ? nil : $0 } ?? $0)) }
        var text = line(["event"] + legend + (folded.isEmpty ? [] : [quoted("other (\(folded.count) smaller)")]))
        for event in events {
            let eventRows = rows.filter { $0[idc] == event }
            let label = event == "initial" ? "initial" : "\(event) (\(eventRows[0][date]))"
            func share(_ id: String) -> Double { number(eventRows.first { $0[holder] == id }?[own] ?? "0").nanToZero * 100 }
            text += line([quoted(label)] + kept.map { cell(share($0)) }
                + (folded.isEmpty ? [] : [cell(folded.reduce(0) { $0 + share($1) })]))
        }
        let columns = kept.count + (folded.isEmpty ? 0 : 1)
        var job = PlotJob(kind: .capTable)
        job.data.append(("datafile", text))
        job.set("ncols", columns + 1)
        // An instrument with nothing outstanding that still has a part (the table credits it with the common it
        // received on conversion or exercise) is named in a note below the chart, with the events where it does.
        if let received = table.column("common_received"),
            let note = heldAsCommonNote(
                rows.filter { kept.contains($0[holder]) }.map { row in
                    CapTableEntry(
                        holder: row[holder], name: names[row[holder]].flatMap { $0.isEmpty ? nil : $0 } ?? row[holder],
                        event: row[idc], shares: number(row[5]), commonReceived: number(row[received]),
                        ownership: number(row[own]))
                }, events: events)
        {
            job.set("note", note)
        }
        job.set("title", "Fully diluted ownership, initially and after each event — \(name)")
        return job
    }

    /// One row of a cap table (`NAME.captable.csv`), as the note on converted instruments reads it.
    public struct CapTableEntry: Sendable {
        public var holder: String, name: String, event: String
        public var shares: Double, commonReceived: Double, ownership: Double
        public init(holder: String, name: String, event: String, shares: Double, commonReceived: Double, ownership: Double) {
            (self.holder, self.name, self.event) = (holder, name, event)
            (self.shares, self.commonReceived, self.ownership) = (shares, commonReceived, ownership)
        }
    }

    /// The note under a cap-table chart naming each instrument with nothing outstanding that still has a part (the
    /// table credits it with the common it received on conversion or exercise) and the events where it does; `nil`
    /// when none. `events`: every event of the table, in order.
    public static func heldAsCommonNote(_ entries: [CapTableEntry], events: [String]) -> String? {
        var held: [(holder: String, name: String, events: [String])] = []
        for entry in entries where entry.shares == 0 && entry.commonReceived > 0 && entry.ownership > 0 {
            if let k = held.firstIndex(where: { $0.holder == entry.holder }) {
                held[k].events.append(entry.event)
            } else {
                held.append((entry.holder, entry.name, [entry.event]))
            }
        }
        guard !held.isEmpty else { return nil }
        let list = held.map { "\($0.name) (\(collapse($0.events, among: events)))" }.joined(separator: ", ")
        return "Held as the common received on conversion or exercise: \(list)."
    }

    /// Event ids as a note lists them: "ipo"; "series-b to ipo" for three or more consecutive events of `order`;
    /// else "a, b".
    package static func collapse(_ events: [String], among order: [String]) -> String {
        let positions = events.compactMap { order.firstIndex(of: $0) }
        let consecutive = positions.count == events.count && zip(positions, positions.dropFirst()).allSatisfy { $1 == $0 + 1 }
        return events.count > 2 && consecutive ? "\(events[0]) to \(events[events.count - 1])" : events.joined(separator: ", ")
    }

    // MARK: - Sweep

    /// The leading columns of a sweep table that are swept inputs rather than metrics.
    public static func sweptColumns(_ header: [String]) -> [String] {
        let instruments = Set(header.filter { $0.hasSuffix(".ownership") }.map { String($0.dropLast(10)) })
        func isMetric(_ column: String) -> Bool {
            if PlotKind.sweepTail.contains(column) { return true }
            guard let dot = column.lastIndex(of: ".") else { return false }
            return instruments.contains(String(column[..<dot]))
        }
        let swept = Array(header.prefix { !isMetric($0) })
        return swept.isEmpty ? [header[0]] : Array(swept.prefix(2))
    }

    /// The price metrics (or `metric`) along the first swept input, one line each; with two swept inputs, the
    /// metric along the first, one line per value of the second. Break-even grid points are marked, and a clause
    /// that fires up to the top of the grid ("not reached") is marked at the top. `names` names the metrics (ids
    /// where it has none); the break-even table's `name` column names its instruments.
    static func sweep(
        _ table: CSVTable, name: String, metric: String?, breakeven: CSVTable?, names: [String: String] = [:]
    ) throws -> PlotJob {
        let swept = sweptColumns(table.header)
        let metrics = Array(table.header.dropFirst(swept.count))
        if let metric, !metrics.contains(metric) {
            throw PlotError.nothingToPlot(name, "it has no metric \(metric) (it has \(metrics.joined(separator: ", ")))")
        }
        var names = names
        if let breakeven, let ids = breakeven.header.lastIndex(of: "instrument") {
            for (id, instrument) in Self.names(breakeven, key: ids) where names[id + ".price"] == nil {
                names[id + ".price"] = instrument + ": price"
            }
        }
        func label(_ metric: String) -> String { names[metric] ?? metric }
        var job = PlotJob(kind: .sweep)
        let shown: String
        var text: String
        let lines: Int
        if swept.count == 2 {
            let chosen = metric ?? metrics.first { $0.hasSuffix(".price") } ?? metrics[0]
            let column = table.column(chosen)!
            let xs = distinct(table.rows.map { $0[0] }), series = distinct(table.rows.map { $0[1] })
            let unit = MetricUnit(metric: chosen)
            let second = MetricUnit(metric: swept[1])
            text = line([swept[0]] + series.map { value in
                let shown = number(value).isFinite && (second == .dollars || abs(number(value)) >= 10_000)
                    ? cellLabel(number(value), second) : value
                return quoted(legendLabel("\(swept[1]) = \(shown)"))
            })
            for x in xs {
                text += line([x] + series.map { s in
                    cell(number(table.rows.first { $0[0] == x && $0[1] == s }?[column] ?? "") * unit.scale)
                })
            }
            shown = chosen
            lines = series.count
            job.set("title", "\(label(chosen)) against \(swept[0]), one line per \(swept[1]) — \(name)")
        } else {
            let chosen = metric.map { [$0] } ?? metrics.filter { $0.hasSuffix(".price") }
            try require(!chosen.isEmpty, name, "it has no price metric; choose one with --metric")
            let unit = MetricUnit(metric: chosen[0])
            let columns = chosen.map { table.column($0)! }
            // Each line named by its instrument (the y axis says which metric); a chosen metric by its full name.
            text = line([swept[0]] + chosen.map { quoted(legendLabel(chosen.count == 1 ? label($0) : owner($0, names))) })
            for row in table.rows {
                text += line([row[0]] + columns.map { cell(number(row[$0]) * unit.scale) })
            }
            shown = chosen.count == 1 ? chosen[0] : "conversion price"
            lines = chosen.count
            job.set(
                "title",
                (chosen.count == 1 ? "\(label(chosen[0]))" : "Conversion prices") + " against \(swept[0]) — \(name)")
            // Break-even: the highest grid value at which each series' clause fires, on its line; a clause that
            // fires up to the top of the grid has its break-even above it, marked at the top as not reached.
            if let breakeven, metric == nil, let ids = breakeven.column("instrument"),
                let grid = breakeven.column("grid_breakeven"), ids == 0
            {
                let top = table.rows.max { number($0[0]) < number($1[0]) }
                var marks = line(["x", "y", "label"])
                var far = line(["x", "y", "label"])
                var unreached = 0
                for row in breakeven.rows where !row[grid].isEmpty {
                    guard let column = table.column(row[ids] + ".price") else { continue }
                    let who = owner(row[ids] + ".price", names)
                    if row[grid] == "not reached" {
                        guard let top else { continue }
                        far += line([top[0], cell(number(top[column]) * unit.scale), quoted("not reached")])
                        unreached += 1
                        continue
                    }
                    guard let hit = table.rows.first(where: { number($0[0]) == number(row[grid]) }) else { continue }
                    marks += line([row[grid], cell(number(hit[column]) * unit.scale), quoted("\(who) adjusts at or below")])
                }
                job.data.append(("markfile", marks))
                if unreached > 0 { job.data.append(("farfile", far)) }
            }
        }
        job.data.insert(("datafile", text), at: 0)
        let unit = MetricUnit(metric: shown)
        job.set("ncols", lines + 1)
        job.set("xlabel", MetricUnit.label(swept[0]))
        job.set("xformat", MetricUnit(metric: swept[0]) == .dollars ? "$%.2f" : "%g")
        job.set("ylabel", swept.count == 2 || metric != nil ? "\(label(shown)) (\(unit.words))" : "Conversion price ($)")
        job.set("yformat", unit.format())
        return job
    }

    // MARK: - Sweep matrix

    /// A heat map: rows of the matrix along y, columns along x, each cell labelled with its value. `metric` is the
    /// matrix's metric (`dilution plot` gives the one `sweep` chose: the first price
    /// metric of the `NAME.sweep-names.csv` beside it; `nil`: unknown); `names` names the metrics. With the break-even table of a two-input sweep (`breakeven`), the break-even of the metric's
    /// instrument is drawn in every column: a line above the highest row at which its clause fires, or, when it
    /// fires up to the top of the grid, the top edge marked "not reached".
    static func matrix(
        _ table: CSVTable, name: String, metric: String?, breakeven: CSVTable? = nil, names: [String: String] = [:]
    ) throws -> PlotJob {
        let parts = table.header[0].components(separatedBy: " \\ ")
        let (rowInput, columnInput) = (parts[0], parts.count > 1 ? parts[1] : "")
        try require(!table.rows.isEmpty, name, "the matrix has no rows")
        let unit = metric.map { MetricUnit(metric: $0) } ?? .dollars
        var text = line(["column", "row", "value", "label"])
        // Amounts of a million dollars or more (an exit's proceeds) are labelled in millions.
        let largest = table.rows.flatMap { $0.dropFirst().map { abs(number($0)) } }.filter(\.isFinite).max() ?? 0
        let millions = unit == .dollars && largest >= 1_000_000
        for (r, row) in table.rows.enumerated() {
            for c in 1..<row.count {
                let value = number(row[c]) * unit.scale
                let label = millions ? String(format: "$%.2fM", value / 1_000_000) : cellLabel(value, unit)
                text += line(["\(c - 1)", "\(r)", cell(value), quoted(value.isFinite ? label : "")])
            }
        }
        // The swept values are exact decimals; amounts get separators, prices a dollar sign.
        func tics(_ labels: [String], _ input: String) -> String {
            let unit = MetricUnit(metric: input)
            return labels.enumerated().map { k, text in
                let value = number(text)
                let label = value.isFinite && (unit == .dollars || abs(value) >= 10_000) ? cellLabel(value, unit) : text
                return "\(quoted(label)) \(k)"
            }.joined(separator: ", ")
        }
        var job = PlotJob(kind: .sweepMatrix)
        job.data.append(("datafile", text))
        job.set("xtics_spec", tics(Array(table.header.dropFirst()), columnInput))
        job.set("ytics_spec", tics(table.rows.map { $0[0] }, rowInput))
        job.set("xlabel", MetricUnit.label(columnInput))
        job.set("ylabel", MetricUnit.label(rowInput))
        let chosen = metric
        let shown = chosen.map { names[$0] ?? $0 } ?? "First conversion price"
        // The title names the metric; the colour bar says what it is and in which unit ("price ($)").
        job.set("cblabel", chosen.map { "\($0.split(separator: ".").last.map(String.init) ?? $0) (\(unit.words))" }
            ?? "first conversion price ($)")
        job.set("cbformat", unit.format(large: largest * unit.scale >= 10_000))
        job.set("title", "\(shown) by \(rowInput) and \(columnInput) — \(name)")
        if let breakeven, let chosen, let marks = matrixBreakEven(table, metric: chosen, breakeven: breakeven) {
            job.data.append(("edgefile", marks.edges))
            if let labels = marks.labels { job.data.append(("notefile", labels)) }
            job.set("edgetitle", marks.title)
        }
        return job
    }

    /// The break-even of `metric`'s instrument in every column of the matrix `table` (rows: the first input,
    /// ascending; columns: the second input): `edges` one horizontal segment per column (x from, x to, y), at the
    /// boundary above the highest row at which the clause fires (the top edge when it fires up to the top of the
    /// grid, the bottom edge when it fires nowhere), and `labels` (x, y, text) "not reached" or "fires nowhere" on
    /// those columns. `nil` when the break-even table has no line for the instrument.
    static func matrixBreakEven(
        _ table: CSVTable, metric: String, breakeven: CSVTable
    ) -> (edges: String, labels: String?, title: String)? {
        guard let dot = metric.lastIndex(of: "."), breakeven.header.first != "instrument",
            let ids = breakeven.column("instrument"), let grid = breakeven.column("grid_breakeven")
        else { return nil }
        let instrument = String(metric[..<dot])
        let rows = breakeven.rows.filter { $0[ids] == instrument }
        guard !rows.isEmpty else { return nil }
        let values = table.rows.map { number($0[0]) }
        guard values == values.sorted() else { return nil }
        var edges = line(["x0", "x1", "y"])
        var labels = line(["x", "y", "label"])
        var noted = 0
        for (c, column) in table.header.dropFirst().enumerated() {
            guard let row = rows.first(where: { number($0[0]) == number(column) }) else { continue }
            let y: Double
            if row[grid] == "not reached" {
                y = Double(values.count) - 0.5
                labels += line(["\(c)", cell(y + 0.25), quoted("not reached")])
                noted += 1
            } else if row[grid].isEmpty {
                y = -0.5
                labels += line(["\(c)", cell(y - 0.25), quoted("fires nowhere")])
                noted += 1
            } else {
                guard let r = values.firstIndex(of: number(row[grid])) else { continue }
                y = Double(r) + 0.5
            }
            edges += line([cell(Double(c) - 0.5), cell(Double(c) + 0.5), cell(y)])
        }
        // The title names the instrument; the legend, within a third of the chart, says what the line is.
        return (edges, noted > 0 ? labels : nil, "break-even (fires below)")
    }

    // MARK: - Break-even

    /// Each protected series' trigger price and the highest grid value at which it adjusts (bars); with a
    /// second swept input, the grid break-even along it, one line per series.
    static func breakevenChart(_ table: CSVTable, name: String) throws -> PlotJob {
        try require(!table.rows.isEmpty, name, "no protected instrument")
        var job = PlotJob(kind: .breakeven)
        // With two swept inputs the second leads; the instrument ids are the key, named by the `name` column.
        let lead = table.header[0] != "instrument"
        let (ids, before, grid) = (lead ? 1 : 0, lead ? 2 : 1, lead ? 4 : 3)
        let names = Self.names(table, key: ids)
        func named(_ id: String, _ suffix: String = "") -> String { legendLabel(names[id] ?? id, keeping: suffix) }
        // A clause that fires up to the top of the grid has no break-even on it: its bar is left out and its label
        // (or legend entry) says "not reached".
        func reached(_ row: [String]) -> Bool { row[grid] != "not reached" }
        if lead {
            let xs = distinct(table.rows.map { $0[0] }), series = distinct(table.rows.map { $0[ids] })
            let partly = Set(table.rows.filter { !reached($0) }.map { $0[ids] })
            var text = line([table.header[0]] + series.map { quoted(partly.contains($0) ? named($0, " (not reached)") : named($0)) })
            for x in xs {
                text += line([x] + series.map { s in
                    cell(number(table.rows.first { $0[0] == x && $0[ids] == s }?[grid] ?? ""))
                })
            }
            job.data.append(("datafile", text))
            job.set("mode", "lines")
            job.set("ncols", series.count + 1)
            job.set("xlabel", MetricUnit.label(table.header[0]))
        } else {
            var text = line(["instrument", "price before the event", "highest adjusting grid value"])
            for row in table.rows {
                // Tic labels, slanted, not a legend: the name is cut as in a legend and "(not reached)" follows it.
                let label = named(row[ids]) + (reached(row) ? "" : " (not reached)")
                text += line([quoted(label), cell(number(row[before])), cell(number(row[grid]))])
            }
            job.data.append(("datafile", text))
            job.set("mode", "bars")
            job.set("ncols", 3)
            job.set("xlabel", "instrument")
        }
        job.set("title", "Break-even: where each series' clause fires — \(name)")
        return job
    }

    // MARK: - Tornado

    /// One bar per uncertain input from the metric at its low input to the metric at its high input, largest
    /// swing on top; a vertical line at the central value (the table's `central` column).
    static func tornado(_ table: CSVTable, name: String) throws -> PlotJob {
        try require(!table.rows.isEmpty, name, "no uncertain input")
        let metric = String(table.header[3].dropLast("_at_low".count))
        // The metric's name (the `metric_name` column, the same in every row); its id in a table without one.
        let title = table.column("metric_name").flatMap { column in
            table.rows.first.map { $0[column] }.flatMap { $0.isEmpty ? nil : $0 }
        } ?? metric
        let unit = MetricUnit(metric: metric)
        let n = table.rows.count
        var text = line(["y", "input", "at_low", "at_high", "left_x", "left_label", "right_x", "right_label"])
        // Each input by its name (the `input_name` column), the event's or instrument's part cut and the field kept
        // ("hypothetical Series 6-A round: probability"); its path in a table without one.
        let named = table.column("input_name")
        func short(_ name: String) -> String {
            guard let colon = name.range(of: ": ", options: .backwards) else {
                return legendLabel(name, characters: tornadoCharacters)
            }
            return legendLabel(
                String(name[..<colon.lowerBound]), keeping: String(name[colon.lowerBound...]), characters: tornadoCharacters)
        }
        for (k, row) in table.rows.enumerated() {
            let shown = named.map { row[$0].isEmpty ? row[0] : short(row[$0]) } ?? row[0]
            // The input's low and high values in its unit (`$1,250,000`, `$0.35`, `1,200,000` shares), each beside
            // the end of the bar it gives: the one giving the smaller metric on the left (the low input where both
            // give the same).
            let input = MetricUnit(metric: row[0])
            let (low, high) = (number(row[3]) * unit.scale, number(row[4]) * unit.scale)
            let lowText = cellLabel(number(row[1]), input), highText = cellLabel(number(row[2]), input)
            let (left, right) = high < low ? ((high, highText), (low, lowText)) : ((low, lowText), (high, highText))
            text += line([
                "\(n - 1 - k)", quoted(shown), cell(low), cell(high), cell(left.0), quoted(left.1), cell(right.0),
                quoted(right.1),
            ])
        }
        // The central value as the table states it; a table written before it had the column shows it only
        // where an input has no effect.
        let central: Double
        if let column = table.column("central"), let first = table.rows.first {
            central = number(first[column]) * unit.scale
        } else {
            central = table.rows.first { number($0[5]) == 0 }.map { number($0[3]) * unit.scale } ?? .nan
        }
        var job = PlotJob(kind: .tornado)
        job.data.append(("datafile", text))
        job.set("nrows", n)
        job.set("central", central)
        job.set("xlabel", "\(title) (\(unit.words))")
        job.set("xformat", unit.format())
        job.set("title", "Tornado of \(title) — \(name)")
        return job
    }

    // MARK: - Monte Carlo

    /// The metrics a fan chart or a comparison shows: exactly `metric`, or every metric ending in `.metric`
    /// (`ownership` by default).
    static func select(_ names: [String], _ metric: String?) -> [String] {
        let wanted = metric ?? "ownership"
        // A named holder's part (`ID[HOLDER].proceeds`) is drawn only when named in full: it is within its class.
        return names.filter { $0 == wanted || ($0.hasSuffix("." + wanted) && !$0.contains("[")) }
    }

    /// A fan chart: per class, the p5–p95 and p25–p75 bands, the median and the mean.
    static func fan(_ table: CSVTable, name: String, metric: String?) throws -> PlotJob {
        let chosen = select(table.rows.map { $0[0] }, metric)
        try require(!chosen.isEmpty, name, "no metric matches \(metric ?? "ownership")")
        let unit = MetricUnit(metric: chosen[0])
        let columns = ["p5", "p25", "p50", "p75", "p95", "mean"].map { table.column($0)! }
        // Classes by name (the `name` column: the metric's name, of which the class's is the part before the key).
        let names = Self.names(table, key: 0)
        let largest = chosen.compactMap { id in table.rows.first { $0[0] == id }.map { number($0[columns[4]]) } }.max() ?? 0
        // Amounts of a million dollars or more (an exit's proceeds) in millions, which read without separators.
        let millions = unit == .dollars && largest >= 1_000_000
        let scale = millions ? 1e-6 : unit.scale
        var text = line(["x", "class", "p5", "p25", "p50", "p75", "p95", "mean"])
        for (k, id) in chosen.enumerated() {
            let row = table.rows.first { $0[0] == id }!
            let label = legendLabel(chosen.count > 1 ? owner(id, names) : names[id] ?? id)
            text += line(["\(k)", quoted(label)] + columns.map { cell(number(row[$0]) * scale) })
        }
        var job = PlotJob(kind: .simulationSummary)
        job.data.append(("datafile", text))
        job.set("nrows", chosen.count)
        job.set("ylabel", "\(chosen.count > 1 ? metric ?? "ownership" : names[chosen[0]] ?? chosen[0]) "
            + "(\(millions ? "$ millions" : unit.words))")
        job.set("yformat", millions ? "$%gM" : unit.format(large: largest * unit.scale >= 10_000))
        let what = metric == nil
            ? "Fully diluted ownership" : chosen.count == 1 ? names[chosen[0]] ?? metric! : metric!.capitalizingFirst
        // Monte Carlo charts say over how many paths; an instrument's paths are those on which it exists.
        let counts = chosen.compactMap { id in table.rows.first { $0[0] == id }.flatMap { Int($0[1]) } }
        let most = counts.max().map { grouped(Double($0)) } ?? "the simulated"
        let fewer = counts.contains { $0 < (counts.max() ?? 0) } ? " (fewer where an instrument is absent)" : ""
        job.set("title", "\(what): mean and quantiles over \(most) paths\(fewer) — \(name)")
        return job
    }

    /// The histogram of one metric (default: the first price metric).
    static func histogram(_ table: CSVTable, name: String, metric: String?) throws -> PlotJob {
        let names = distinct(table.rows.map { $0[0] })
        let chosen = metric ?? names.first { $0.hasSuffix(".price") } ?? names.first ?? ""
        try require(names.contains(chosen), name, "no metric \(chosen) (it has \(names.joined(separator: ", ")))")
        let unit = MetricUnit(metric: chosen)
        let title = Self.names(table, key: 0)[chosen] ?? chosen
        var text = line(["low", "high", "count"])
        var total = 0.0
        for row in table.rows where row[0] == chosen {
            text += line([cell(number(row[1]) * unit.scale), cell(number(row[2]) * unit.scale), row[3]])
            total += number(row[3])
        }
        var job = PlotJob(kind: .simulationHistogram)
        job.data.append(("datafile", text))
        job.set("xlabel", "\(title) (\(unit.words))")
        job.set("xformat", unit.format())
        job.set("title", "Distribution of \(title) over \(grouped(total)) simulated paths — \(name)")
        return job
    }

    // MARK: - Compare

    /// Ownership (or `metric`) per class in the base and each variant, grouped bars; below, each variant's
    /// change from the base.
    static func compare(_ table: CSVTable, name: String, metric: String?) throws -> PlotJob {
        let scenarios = ["base"] + table.header.dropFirst(2).filter { column in
            table.header.contains(column + "_delta")
        }
        let names = Self.names(table, key: 0)
        let chosen = select(table.rows.map { $0[0] }, metric)
        try require(!chosen.isEmpty, name, "no metric matches \(metric ?? "ownership")")
        let unit = MetricUnit(metric: chosen[0])
        let legend = scenarios.map { quoted(legendLabel($0)) }
        var values = line(["class"] + legend)
        var deltas = line(["class"] + legend.dropFirst())
        for id in chosen {
            let row = table.rows.first { $0[0] == id }!
            let label = quoted(legendLabel(chosen.count > 1 ? owner(id, names) : names[id] ?? id))
            values += line([label] + scenarios.map { cell(number(row[table.column($0)!]) * unit.scale) })
            deltas += line([label] + scenarios.dropFirst().map { cell(number(row[table.column($0 + "_delta")!]) * unit.scale) })
        }
        var job = PlotJob(kind: .compare)
        job.data.append(("datafile", values))
        job.data.append(("deltafile", deltas))
        job.set("ncols", scenarios.count + 1)
        let what = metric == nil ? "ownership" : chosen.count == 1 ? names[chosen[0]] ?? chosen[0] : metric!
        job.set("ylabel", "\(metric ?? "ownership") (\(unit.words))")
        job.set("dlabel", unit == .percent ? "change from base (percentage points)" : "change from base (\(unit.words))")
        job.set("yformat", unit.format())
        job.set("dformat", unit == .percent ? "%+g" : (unit == .dollars ? "%+.2f" : "%+g"))
        job.set("title", "\(what == "ownership" ? "Fully diluted ownership" : what): base and variants — \(name)")
        return job
    }
}

extension Double {
    var nanToZero: Double { isNaN ? 0 : self }
}

extension String {
    /// "proceeds" → "Proceeds", for a title.
    var capitalizingFirst: String { prefix(1).uppercased() + dropFirst() }
}
