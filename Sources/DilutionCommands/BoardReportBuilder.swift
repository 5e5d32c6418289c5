import DilutionBoardReport
import DilutionExact
import DilutionModel
import DilutionReports
import DilutionScenario
import DilutionSimulation
import DilutionWaterfall
import Foundation

/// What `dilution report` is asked to do.
public struct ReportRequest: Sendable {
    public var file: String
    public var outDirectory: String
    /// Monte Carlo paths of the simulation section (stochastic scenarios only).
    public var paths: Int
    public var seed: UInt64
    public var threads: Int
    public var set: [String]
    public var variant: String?

    /// Modest, so that the report is quick; stated in the report.
    public static let defaultPaths = 20_000
    public static let defaultSeed: UInt64 = 1

    public init(
        file: String, outDirectory: String = "out", paths: Int = defaultPaths, seed: UInt64 = defaultSeed,
        threads: Int = ProcessInfo.processInfo.activeProcessorCount, set: [String] = [], variant: String? = nil
    ) {
        self.file = file
        self.outDirectory = outDirectory
        self.paths = paths
        self.seed = seed
        self.threads = threads
        self.set = set
        self.variant = variant
    }
}

extension Operations {
    /// `dilution report`: one self-contained HTML page, `NAME.report.html`, made of what the other commands compute
    /// (the notices of `explain`, the cap tables of `run`, `compare`, `simulate`, the tornado of `sweep`, `exit`).
    public static func report(_ request: ReportRequest) throws -> Outcome {
        let report = try boardReport(request)
        let stem = URL(fileURLWithPath: request.file).deletingPathExtension().lastPathComponent
        let path = (request.outDirectory as NSString).appendingPathComponent("\(stem).report.html")
        var outcome = Outcome()
        outcome.files.add(path, report.html)
        outcome.stderr = "wrote \(path)\n"
        return outcome
    }

    /// The report of `request`'s scenario, before it is written as HTML.
    public static func boardReport(_ request: ReportRequest) throws -> BoardReport {
        let loaded = try load(file: request.file, set: request.set, variant: request.variant)
        let timeline = try loaded.run()
        let names = ReportNames(timeline)
        let scenario = loaded.scenario
        var report = BoardReport(title: scenario.name)
        report.facts.append("Scenario file: \(URL(fileURLWithPath: request.file).lastPathComponent)"
            + (request.variant.map { ", variant \($0)" } ?? "") + (request.set.isEmpty ? "" : ", with "
            + request.set.joined(separator: ", ")))
        report.facts.append("Made by dilution \(Dilution.configuration.version) (dilution report).")

        report.sections.append(summarySection(loaded, names: names))
        report.sections.append(noticeSection(timeline))
        report.sections.append(try capTableSection(timeline, names: names))
        if !loaded.variants.isEmpty {
            report.sections.append(try compareSection(request, names: names))
        }
        if !loaded.stochastic.isDeterministic {
            report.facts.append(
                "Monte Carlo: \(ProgressBar.grouped(request.paths)) paths, seed \(request.seed), generator mt19937 "
                    + "(dilution report --paths N --seed S to change them).")
            report.sections.append(try simulationSection(request, loaded: loaded, names: names))
        }
        if !loaded.stochastic.inputs.isEmpty {
            report.sections.append(try tornadoSection(request, loaded: loaded, names: names))
        }
        if timeline.final.instruments.contains(where: { $0.liquidation != nil }) {
            report.sections.append(try exitSection(loaded, names: names))
        }
        return report
    }

    static func summarySection(_ loaded: LoadedScenario, names: ReportNames) -> BoardReport.Section {
        let scenario = loaded.scenario
        var section = BoardReport.Section(id: "summary", heading: "Scenario")
        section.blocks.append(
            .paragraph(
                "Common and \(scenario.instruments.count) other instrument\(scenario.instruments.count == 1 ? "" : "s") "
                    + "outstanding before the first event, "
                    + "\(scenario.events.count) event\(scenario.events.count == 1 ? "" : "s"), cascade "
                    + "\(scenario.cascade.name)."
                    + (loaded.stochastic.isDeterministic
                        ? ""
                        : " Some inputs are uncertain: the notices and cap tables below are those of the central "
                            + "path (each uncertain input at its median; an event with a probability happens when it "
                            + "is at least ½), which is hypothetical.")))
        var instruments = BoardReport.Table(
            caption: "Capitalization before the first event", header: ["Instrument", "Kind", "Outstanding", "Price"],
            rows: [["Common", "common", Format.shares(scenario.common), "—"]], numericColumns: [2, 3])
        for instrument in scenario.instruments {
            instruments.rows.append([
                instrument.name, instrument.kind.label, Format.shares(instrument.shares),
                instrument.price.map { Format.dollars($0) } ?? "—",
            ])
        }
        section.blocks.append(.table(instruments))
        var events = BoardReport.Table(caption: "Events", header: ["Date", "Event", "Type", "Description"], rows: [])
        for event in scenario.events {
            events.rows.append([
                event.date.description, event.id, event.action.typeName + (event.exempt ? " (exempt)" : ""),
                event.description ?? "",
            ])
        }
        section.blocks.append(.table(events))
        return section
    }

    static func noticeSection(_ timeline: Timeline) -> BoardReport.Section {
        var section = BoardReport.Section(id: "notices", heading: "Notices of adjustment")
        let text = Notice.render(timeline, event: nil)
        // One block per notice, as `explain` prints them.
        var notices: [String] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("# ") || notices.isEmpty { notices.append("") }
            notices[notices.count - 1] += line + "\n"
        }
        for notice in notices {
            // The rule `explain` prints between notices; here each notice has its own box.
            var text = notice.trimmingCharacters(in: .whitespacesAndNewlines)
            while text.hasSuffix("---") { text = String(text.dropLast(3)).trimmingCharacters(in: .whitespacesAndNewlines) }
            if !text.isEmpty { section.blocks.append(.notice(text + "\n")) }
        }
        return section
    }

    static func capTableSection(_ timeline: Timeline, names: ReportNames) throws -> BoardReport.Section {
        var section = BoardReport.Section(id: "cap-tables", heading: "Cap table before and after each event")
        let table = try ReportCSV(TimelineReport.capTables(timeline).text)
        let prices = try ReportCSV(TimelineReport.timeline(timeline).text)
        // Rows grouped by event, in order: "initial" first.
        var order: [String] = []
        var byEvent: [String: [[String: String]]] = [:]
        for row in table.records {
            let id = row["event_id"] ?? ""
            if byEvent[id] == nil { order.append(id) }
            byEvent[id, default: []].append(row)
        }
        let events = Dictionary(timeline.scenario.events.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        func label(_ id: String) -> String {
            guard let event = events[id] else { return id == "initial" ? "before the first event" : id }
            return "\(event.id) (\(event.date))"
        }
        // Chart: fully diluted ownership after each event, stacked.
        var holders: [String] = []
        for id in order { for row in byEvent[id]! where row["kind"] != "total" {
            if let holder = row["holder"], !holders.contains(holder) { holders.append(holder) }
        } }
        let categories = order.map { $0 == "initial" ? "initial" : $0 }
        let ownership = holders.map { holder in
            ChartSeries(
                name: names.name(holder),
                values: order.map { id in
                    byEvent[id]!.first { $0["holder"] == holder }.flatMap { Double($0["fd_ownership"] ?? "") }
                })
        }
        section.blocks.append(
            .chart(
                Chart(
                    kind: .stackedBars, title: "Fully diluted ownership of \(timeline.scenario.name), after each event",
                    categories: categories, series: ownership, yStyle: .percent, yTitle: "fully diluted",
                    notes: PlotReshaping.heldAsCommonNote(
                        order.flatMap { id in
                            byEvent[id]!.filter { $0["kind"] != "total" }.map { row in
                                PlotReshaping.CapTableEntry(
                                    holder: row["holder"] ?? "", name: names.name(row["holder"] ?? ""), event: id,
                                    shares: Double(row["shares"] ?? "") ?? .nan,
                                    commonReceived: Double(row["common_received"] ?? "") ?? 0,
                                    ownership: Double(row["fd_ownership"] ?? "") ?? 0)
                            }
                        }, events: order
                    ).map { [$0] } ?? [])))
        // Chart: conversion and exercise prices after each event, as steps.
        var priced: [String] = []
        var priceAfter: [String: [String: Double]] = [:]
        var marks: [Int: String] = [:]
        for row in prices.records {
            guard let instrument = row["instrument"], let event = row["event_id"] else { continue }
            if let index = order.firstIndex(of: event), row["event_type"] == "split" { marks[index] = "split" }
            guard let price = Double(row["price_after"] ?? ""), row["kind"] == "preferred" || row["kind"] == "warrant"
            else { continue }
            if !priced.contains(instrument) { priced.append(instrument) }
            priceAfter[instrument, default: [:]][event] = price
        }
        let eventOrder = order.filter { $0 != "initial" }
        if !priced.isEmpty, !eventOrder.isEmpty {
            section.blocks.append(
                .chart(
                    Chart(
                        kind: .steps, title: "Conversion and exercise prices after each event",
                        categories: eventOrder,
                        series: priced.map { id in
                            ChartSeries(name: names.name(id), values: eventOrder.map { priceAfter[id]?[$0] })
                        },
                        yStyle: .dollars, yTitle: "price per share",
                        marks: Dictionary(uniqueKeysWithValues: marks.compactMap { index, text in
                            index > 0 ? (index - 1, text) : nil
                        }))))
        }
        // One table per event: before and after, side by side.
        for (position, id) in order.enumerated() where position > 0 {
            let before = byEvent[order[position - 1]]!
            let after = byEvent[id]!
            var rows: [[String]] = []
            var emphasized: Set<Int> = []
            var seen: [String] = []
            for row in before + after {
                if let holder = row["holder"], !seen.contains(holder) { seen.append(holder) }
            }
            seen.sort { ($0 == "total" ? 1 : 0) < ($1 == "total" ? 1 : 0) }
            for holder in seen {
                let b = before.first { $0["holder"] == holder }
                let a = after.first { $0["holder"] == holder }
                if holder == "total" { emphasized.insert(rows.count) }
                rows.append([
                    names.name(holder),
                    b.map { DecimalText.grouped($0["common_as_converted"] ?? "", places: 0) } ?? "—",
                    b.map { DecimalText.percent($0["fd_ownership"] ?? "") } ?? "—",
                    a.map { DecimalText.grouped($0["common_as_converted"] ?? "", places: 0) } ?? "—",
                    a.map { DecimalText.percent($0["fd_ownership"] ?? "") } ?? "—",
                    a.flatMap { $0["price"].flatMap { $0.isEmpty ? nil : DecimalText.dollars($0, places: 4) } } ?? "",
                ])
            }
            section.blocks.append(
                .table(
                    BoardReport.Table(
                        caption: "Event \(label(id))"
                            + (events[id]?.description.map { ": \($0)" } ?? ""),
                        header: ["Holder", "Before: common as converted", "Before: fully diluted",
                            "After: common as converted", "After: fully diluted", "Price after"],
                        rows: rows, numericColumns: [1, 2, 3, 4, 5], emphasized: emphasized)))
        }
        return section
    }

    static func compareSection(_ request: ReportRequest, names: ReportNames) throws -> BoardReport.Section {
        var section = BoardReport.Section(id: "variants", heading: "Variants compared")
        let outcome = try compare(
            CompareRequest(file: request.file, threads: request.threads, set: request.set, quiet: true))
        let csv = try ReportCSV(outcome.files.files[0].contents)
        // The variants are the columns with a delta beside them (not the metric's `name`).
        let variants = csv.header.dropFirst(2).filter { csv.header.contains($0 + "_delta") }
        section.blocks.append(
            .paragraph(
                "The central path of the base scenario and of each variant (what dilution compare prints); "
                    + "Δ = variant − base."))
        var header = ["Metric", "base"]
        for variant in variants { header += [variant, "Δ \(variant)"] }
        var rows: [[String]] = []
        for record in csv.records {
            let metric = record["metric"] ?? ""
            var row = [names.metric(metric), ReportNames.value(record["base"] ?? "", metric: metric)]
            for variant in variants {
                row.append(ReportNames.value(record[variant] ?? "", metric: metric))
                row.append(ReportNames.value(record["\(variant)_delta"] ?? "", metric: metric, signed: true))
            }
            rows.append(row)
        }
        section.blocks.append(
            .table(BoardReport.Table(header: header, rows: rows, numericColumns: Set(1..<header.count))))
        let ownership = csv.records.filter { ($0["metric"] ?? "").hasSuffix(".ownership") }
        if !ownership.isEmpty {
            section.blocks.append(
                .chart(
                    Chart(
                        kind: .groupedBars, title: "Fully diluted ownership at the end, base and variants",
                        categories: ownership.map { names.name(String(($0["metric"] ?? "").dropLast(".ownership".count))) },
                        series: (["base"] + variants).map { column in
                            ChartSeries(name: column, values: ownership.map { Double($0[column] ?? "") })
                        },
                        yStyle: .percent, yTitle: "fully diluted")))
        }
        return section
    }

    static func simulationSection(_ request: ReportRequest, loaded: LoadedScenario, names: ReportNames) throws
        -> BoardReport.Section
    {
        var section = BoardReport.Section(id: "simulation", heading: "Simulation")
        let outcome = try simulate(
            SimulateRequest(
                file: request.file, outDirectory: request.outDirectory, paths: request.paths, seed: request.seed,
                threads: request.threads, quiet: true, progress: false, set: request.set, variant: request.variant))
        let files = Dictionary(outcome.files.files.map { (URL(fileURLWithPath: $0.path).lastPathComponent, $0.contents) },
            uniquingKeysWith: { a, _ in a })
        let stem = URL(fileURLWithPath: request.file).deletingPathExtension().lastPathComponent
        let summary = try ReportCSV(files["\(stem).simulation-summary.csv"] ?? "")
        let histogram = try ReportCSV(files["\(stem).simulation-histogram.csv"] ?? "")
        let paths = ProgressBar.grouped(request.paths)
        section.blocks.append(
            .paragraph(
                "Monte Carlo over the scenario's distributions (what dilution simulate computes): \(paths) paths, "
                    + "seed \(request.seed). A path on which an instrument never exists (its event did not happen) is "
                    + "left out of that instrument's statistics; the paths column says how many count."))
        var rows: [[String]] = []
        for record in summary.records {
            let metric = record["metric"] ?? ""
            rows.append(
                [names.metric(metric), DecimalText.grouped(record["count"] ?? "", places: 0)]
                    + ["mean", "se", "p5", "p50", "p95"].map { ReportNames.value(record[$0] ?? "", metric: metric) })
        }
        section.blocks.append(
            .table(
                BoardReport.Table(
                    header: ["Metric", "Paths", "Mean", "Standard error", "5th percentile", "Median", "95th percentile"],
                    rows: rows, numericColumns: [1, 2, 3, 4, 5, 6])))
        let ownership = summary.records.filter { ($0["metric"] ?? "").hasSuffix(".ownership") }
        if !ownership.isEmpty {
            section.blocks.append(
                .chart(
                    Chart(
                        kind: .groupedBars, title: "Fully diluted ownership at the end",
                        subtitle: "mean over \(paths) paths, with the 5th and 95th percentiles; paths without the "
                            + "instrument left out",
                        categories: ownership.map { names.name(String(($0["metric"] ?? "").dropLast(".ownership".count))) },
                        series: [("5th percentile", "p5"), ("mean", "mean"), ("95th percentile", "p95")].map { name, column in
                            ChartSeries(name: name, values: ownership.map { Double($0[column] ?? "") })
                        },
                        yStyle: .percent, yTitle: "fully diluted")))
        }
        // The histogram of each price metric.
        var bins: [String: [[String: String]]] = [:]
        var metrics: [String] = []
        for record in histogram.records {
            let metric = record["metric"] ?? ""
            if bins[metric] == nil { metrics.append(metric) }
            bins[metric, default: []].append(record)
        }
        for metric in metrics where metric.hasSuffix(".price") {
            let rows = bins[metric]!
            let count = summary.records.first { $0["metric"] == metric }?["count"] ?? ""
            section.blocks.append(
                .chart(
                    Chart(
                        kind: .histogram, title: "Distribution of \(names.metric(metric))",
                        subtitle: (count == String(request.paths)
                            ? "all \(paths) paths" : "the \(DecimalText.grouped(count, places: 0)) of \(paths) paths "
                                + "on which the instrument exists")
                            + "; mean over those paths "
                            + ReportNames.value(
                                summary.records.first { $0["metric"] == metric }?["mean"] ?? "", metric: metric),
                        categories: rows.map { DecimalText.dollars($0["bin_low"] ?? "", places: 2) },
                        series: [ChartSeries(name: "paths per bin", values: rows.map { Double($0["count"] ?? "") })],
                        yStyle: .number, xTitle: names.metric(metric), yTitle: "paths")))
        }
        return section
    }

    static func tornadoSection(_ request: ReportRequest, loaded: LoadedScenario, names: ReportNames) throws
        -> BoardReport.Section
    {
        var section = BoardReport.Section(id: "tornado", heading: "Sensitivity: sweep and tornado")
        let metrics = try SweepModel(loaded: loaded, varying: []).metricNames
        let metric = try chooseMetric(nil, among: metrics)
        let (central, rows) = try Sweep.tornado(loaded: loaded, metric: metric)
        section.blocks.append(
            .paragraph(
                "Each uncertain input moved alone to its 10th and then its 90th percentile (an uncertain event's fixed "
                    + "probability to 0 and then 1), every other input at its "
                    + "central value (what dilution sweep --tornado computes), and the effect on "
                    + "\(names.metric(metric)); central path: \(ReportNames.value(reportNumber(central), metric: metric))."))
        section.blocks.append(
            .table(
                BoardReport.Table(
                    header: ["Input", "Low input", "High input", "At low", "At high", "Swing"],
                    rows: rows.map { row in
                        [loaded.stochastic.inputName(row.path), ReportNames.value(reportNumber(row.lowInput), metric: row.path),
                         ReportNames.value(reportNumber(row.highInput), metric: row.path),
                         ReportNames.value(reportNumber(row.low), metric: metric),
                         ReportNames.value(reportNumber(row.high), metric: metric),
                         ReportNames.value(reportNumber(row.swing), metric: metric)]
                    },
                    numericColumns: [1, 2, 3, 4, 5])))
        section.blocks.append(
            .chart(
                Chart(
                    kind: .tornado, title: "Tornado of \(names.metric(metric))",
                    categories: rows.map { loaded.stochastic.inputName($0.path) },
                    series: [
                        ChartSeries(name: "low input (10th percentile; a probability at 0)", values: rows.map { $0.low }),
                        ChartSeries(name: "high input (90th percentile; a probability at 1)", values: rows.map { $0.high }),
                    ],
                    xStyle: metric.hasSuffix(".price") ? .dollars : metric.hasSuffix(".ownership") ? .percent : .number,
                    central: central.isFinite ? central : nil)))
        // The sweep of the input that moves the metric most, from its 10th to its 90th percentile (an event's fixed
        // probability, a step from 0 to 1 on the central path, is not swept).
        if let top = rows.filter({ !$0.isEventProbability }).max(by: { $0.swing < $1.swing }), top.swing > 0,
            top.highInput != top.lowInput
        {
            let points = 9
            let values = (0..<points).map { k in
                top.lowInput + (top.highInput - top.lowInput) * Double(k) / Double(points - 1)
            }
            let written = values.map { String(format: top.highInput - top.lowInput > 100 ? "%.0f" : "%.4f", $0) }
            let outcome = try sweep(
                SweepRequest(
                    file: request.file, vary: ["\(top.path)=" + written.joined(separator: ",")],
                    threads: request.threads, quiet: true, set: request.set, variant: request.variant))
            let csv = try ReportCSV(outcome.files.files.first { $0.path.hasSuffix(".sweep.csv") }?.contents ?? "")
            let prices = csv.header.dropFirst().filter { $0.hasSuffix(".price") }
            section.blocks.append(
                .chart(
                    Chart(
                        kind: .lines,
                        title: "Prices along \(loaded.stochastic.inputName(top.path)), the input that moves "
                            + "\(names.metric(metric)) most",
                        subtitle: "central path at each of \(points) values from its 10th to its 90th percentile, every "
                            + "other input at its central value (what dilution sweep computes)",
                        xValues: csv.records.map { Double($0[top.path] ?? "") ?? .nan },
                        series: prices.map { column in
                            ChartSeries(
                                name: names.name(String(column.dropLast(".price".count))),
                                values: csv.records.map { Double($0[column] ?? "") })
                        },
                        yStyle: .dollars, xStyle: top.path.hasSuffix(".price") || top.path.hasSuffix(".amount")
                            ? .dollars : .number, xTitle: loaded.stochastic.inputName(top.path),
                        yTitle: "price per share")))
        }
        return section
    }

    static func exitSection(_ loaded: LoadedScenario, names: ReportNames) throws -> BoardReport.Section {
        var section = BoardReport.Section(id: "exit", heading: "Exit waterfall")
        let waterfall = try waterfall(loaded, on: nil)
        let preference = waterfall.classes.reduce(Int128(0)) { $0 + $1.preference.units }
        // From nothing to three times the preferences (at least $1,000,000), in 24 steps, whole dollars.
        var dollar: Int128 = 1
        for _ in 0..<Money.decimals { dollar *= 10 }
        let top = max(preference * 3, 1_000_000 * dollar)
        let step = max(top / 24 / dollar * dollar, dollar)
        let values = (0...24).map { Money(units: Int128($0) * step) }
        let results = try values.map { try waterfall.distribute(ExitTerms(value: $0)) }
        let csv = try ReportCSV(ExitReport.csv(results).text)
        var classes: [String] = []
        var proceeds: [String: [String: Double]] = [:]
        var classNames: [String: String] = [:]
        for record in csv.records {
            guard let id = record["class"], let value = record["exit_value"] else { continue }
            if !classes.contains(id) { classes.append(id) }
            classNames[id] = record["name"]
            proceeds[id, default: [:]][value] = Double(record["proceeds"] ?? "")
        }
        let exitValues = values.map { DecimalFormatting.plain(units: $0.units, decimals: Money.decimals) }
        section.blocks.append(
            .paragraph(
                "Proceeds of each class at exit values from $0 to \(Format.dollars(values.last!)) (three times the "
                    + "liquidation preferences of \(Format.dollars(Money(units: preference)))), after the last event, "
                    + "with no debt, costs or carve-out (what dilution exit computes)."))
        section.blocks.append(
            .chart(
                Chart(
                    kind: .lines, title: "Exit waterfall: proceeds of each class",
                    xValues: values.map { Double(DecimalFormatting.plain(units: $0.units, decimals: Money.decimals)) ?? 0 },
                    series: classes.map { id in
                        ChartSeries(
                            name: classNames[id] ?? names.name(id),
                            values: exitValues.map { value in
                                proceeds[id]?.first { Double($0.key) == Double(value) }?.value
                            })
                    },
                    yStyle: .dollars, xStyle: .dollars, xTitle: "exit value", yTitle: "proceeds")))
        let shown = [values[8], values[16], values[24]]
        var rows: [[String]] = []
        for id in classes {
            rows.append(
                [classNames[id] ?? names.name(id)]
                    + shown.map { value in
                        let key = DecimalFormatting.plain(units: value.units, decimals: Money.decimals)
                        let record = csv.records.first {
                            $0["class"] == id && Double($0["exit_value"] ?? "") == Double(key)
                        }
                        return DecimalText.dollars(record?["proceeds"] ?? "")
                    })
        }
        section.blocks.append(
            .table(
                BoardReport.Table(
                    header: ["Class"] + shown.map { "At \(Format.dollars($0))" }, rows: rows,
                    numericColumns: [1, 2, 3])))
        return section
    }
}

/// A CSV the tool wrote, read back as records keyed by column name.
struct ReportCSV {
    var header: [String]
    var records: [[String: String]]

    init(_ text: String) throws {
        let table = try CSVReader.parse(text)
        header = table.header
        records = table.rows.map { row in
            Dictionary(zip(table.header, row).map { ($0, $1) }, uniquingKeysWith: { a, _ in a })
        }
    }
}

/// Names for what a person reads: instruments by name, not id; metrics in words.
struct ReportNames {
    var names: [String: String] = ["common": "Common", "option-pool": "Option pool (ungranted)", "total": "Total",
        "pool": "Option pool (ungranted)"]

    init(_ timeline: Timeline) {
        for table in [timeline.initial] + timeline.steps.map(\.after) {
            for instrument in table.instruments where names[instrument.id] == nil {
                names[instrument.id] = instrument.name
            }
        }
    }

    func name(_ id: String) -> String { names[id] ?? id }

    static let fields = [
        "price": "price", "rate": "conversion rate", "ownership": "fully diluted ownership", "shares": "shares",
        "exercised": "shares exercised",
    ]
    static let whole = [
        "fd_shares": "Fully diluted shares", "cash_raised": "Cash raised", "adjustments": "Adjustments",
    ]

    /// `series-2a.price` → "Series 2-A Convertible Preferred — price".
    func metric(_ metric: String) -> String {
        if let whole = Self.whole[metric] { return whole }
        guard let dot = metric.lastIndex(of: ".") else { return metric }
        let id = String(metric[..<dot])
        let field = String(metric[metric.index(after: dot)...])
        return "\(name(id)) — \(Self.fields[field] ?? field)"
    }

    /// A metric's value written for people: prices in dollars, ownership in percent, counts grouped.
    static func value(_ text: String, metric: String, signed: Bool = false) -> String {
        guard Double(text) != nil, text.lowercased() != "nan" else { return text.isEmpty ? "—" : text }
        var written: String
        if metric.hasSuffix(".ownership") {
            written = DecimalText.percent(plain(text), places: 3)
        } else if metric.hasSuffix(".price") || metric.hasSuffix(".exercise-price") || metric.hasSuffix(".cash")
            || metric.hasSuffix(".amount") || metric == "cash_raised" || metric.hasSuffix(".value")
            || metric.hasSuffix(".debt") || metric.hasSuffix(".costs")
        {
            written = DecimalText.dollars(plain(text), places: metric.hasSuffix("price") ? 4 : 0)
        } else if metric.hasSuffix(".shares") || metric.hasSuffix(".exercised") || metric == "fd_shares"
            || metric == "adjustments"
        {
            written = DecimalText.grouped(plain(text), places: 0)
        } else {
            written = DecimalText.grouped(plain(text), places: 4)
        }
        if signed, !written.hasPrefix("−"), !written.hasPrefix("-"), Double(text) != 0 { written = "+" + written }
        return written
    }

    /// `text` without an exponent (`1.3e+07` → `13000000`), for the exact decimal formatter; display only.
    static func plain(_ text: String) -> String {
        guard text.contains("e") || text.contains("E"), let value = Double(text) else { return text }
        return String(format: "%.10f", value)
    }
}

/// A tornado value as the report's name-aware formatter reads it (six significant digits; empty for NaN).
private func reportNumber(_ value: Double) -> String {
    value.isNaN ? "" : String(format: "%.6g", value)
}
