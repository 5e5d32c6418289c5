import DilutionReports
import Foundation
import Testing

/// Small tables in the exact shapes the commands write (headers copied from their output).
enum PlotFixtures {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let scripts = packageRoot.appendingPathComponent("plots").path

    static let tables: [PlotKind: String] = [
        .timeline: """
            event_index,event_id,date,event_type,instrument,kind,price_before,price_after,adjusted,conversion_rate,shares,common_as_converted,fd_ownership,name,common_received,cash_raised
            0,july-2005,2005-07-18,issue,common,common,,,,,2101345,2101345,0.2613328654,Common,,0
            0,july-2005,2005-07-18,issue,series-2a,preferred,14.2,4.51,yes,1.42,3900,5534.368071,0.0006882793,Series 2-A Convertible Preferred,0,0
            0,july-2005,2005-07-18,issue,warrants-2005,warrant,,0.5,no,,886800,886800,0.1102864998,July 2005 warrants,0,0
            1,next-raise,2006-06-30,issue,common,common,,,,,2101345,2101345,0.1584060557,Common,,0
            1,next-raise,2006-06-30,issue,series-2a,preferred,4.51,2.93,yes,2.18,3900,8518.771331,0.000642172,Series 2-A Convertible Preferred,0,0
            1,next-raise,2006-06-30,issue,warrants-2005,warrant,0.5,0.4,yes,,1108500,1108500,0.0835622483,July 2005 warrants,0,0
            2,reverse-split,2007-01-02,split,common,common,,,,,210134,210134,0.1584060557,Common,,0
            2,reverse-split,2007-01-02,split,series-2a,preferred,2.93,29.3,no,0.218,390,85.18771331,0.000642172,Series 2-A Convertible Preferred,0,0
            2,reverse-split,2007-01-02,split,warrants-2005,warrant,0.4,4,no,,110850,110850,0.0835622483,July 2005 warrants,0,0

            """,
        .capTable: """
            event_index,event_id,date,holder,kind,shares,price,common_as_converted,fd_ownership,name,common_received,cash_raised
            ,initial,,common,common,2101345,,2101345,0.8680737341,Common,,0
            ,initial,,series-2a,preferred,3900,14.2,1757.746479,0.1319262659,Series 2-A Convertible Preferred,0,0
            ,initial,,total,total,,,2420698.746479,1,Total,,0
            0,july-2005,2005-07-18,common,common,2101345,,2101345,0.2613328654,Common,,0
            0,july-2005,2005-07-18,series-2a,preferred,3900,4.51,5534.368071,0.7386671346,Series 2-A Convertible Preferred,0,0
            0,july-2005,2005-07-18,total,total,,,8040875.368071,1,Total,,0

            """,
        .sweep: """
            next-raise.price,series-2a.price,series-2a.ownership,series-5a.price,series-5a.ownership,common.ownership,fd_shares,cash_raised,adjustments
            0.2,2.12,0.00064,0.2501,0.32,0.11,18340350.7,3478000,4
            0.3,2.6,0.00069,0.3068,0.34,0.15,13912677.6,3478000,4
            0.4,2.93,0.0007,0.3125,0.36,0.17,12157059.7,3478000,3

            """,
        .sweepMatrix: """
            next-raise.price \\ next-raise.amount,1000000,2000000
            0.2,2.86,2.12
            0.4,3.53,2.93

            """,
        .breakeven: """
            instrument,price_before,exact_threshold,grid_breakeven,note,name
            series-2a,4.51,4.51,not reached,fires at a price strictly below the threshold; fires up to the top,Series 2-A Convertible Preferred
            series-5a,0.3125,0.3125,0.3,fires at a price strictly below the threshold,Series 5-A Convertible Preferred

            """,
        .tornado: """
            input,low_input,high_input,series-2a.price_at_low,series-2a.price_at_high,swing,central,metric_name
            next-raise.price,0.2107534073184146,0.7591810829338843,2.18,3.58,1.4,2.93,Series 2-A Convertible Preferred: price
            bridge.amount,650000,1850000,2.93,2.93,0,2.93,Series 2-A Convertible Preferred: price

            """,
        .simulationSummary: """
            metric,count,mean,sd,se,min,p1,p5,p25,p50,p75,p95,p99,max,name
            series-2a.price,20000,3.19,0.84,0.006,0.73,1.49,1.89,2.55,3.1,3.83,4.51,4.51,4.51,Series 2-A Convertible Preferred: price
            series-2a.ownership,20000,0.00067,5.5e-05,3.9e-07,0.00046,0.00053,0.00058,0.00063,0.00067,0.0007,0.00077,0.00077,0.00077,Series 2-A Convertible Preferred: ownership
            common.ownership,20000,0.25,0.1,0.001,0.1,0.11,0.12,0.17,0.24,0.29,0.46,0.5,0.55,other common holders: ownership

            """,
        .simulationHistogram: """
            metric,bin_low,bin_high,count,name
            series-2a.price,0.5,1,3,Series 2-A Convertible Preferred: price
            series-2a.price,1,1.5,10,Series 2-A Convertible Preferred: price
            series-2a.price,1.5,2,4,Series 2-A Convertible Preferred: price
            common.ownership,0.1,0.2,17,other common holders: ownership

            """,
        .compare: """
            metric,base,exercised-cash,exercised-cash_delta,exercised-cash_relative,expired,expired_delta,expired_relative,name
            series-2a.price,2.93,2.93,0,0,3.17,0.24,0.08,Series 2-A Convertible Preferred: price
            series-2a.ownership,0.0007,0.00064,-5.8e-05,-0.08,0.00064,-5.3e-05,-0.07,Series 2-A Convertible Preferred: ownership
            common.ownership,0.17285,0.158406,-0.0144437,-0.08,0.172859,9.17e-06,5e-05,other common holders: ownership

            """,
        .exit: """
            exit_value,class,name,kind,election,shares,common_equivalent,proceeds,price_per_share,multiple,preference_paid,net_proceeds
            5000000,series-b,Series B,preferred,holds,4000000,4000000,4000000,1,1,4000000,5000000
            5000000,series-a,Series A,preferred,holds,2000000,2333333.333333,1000000,0.5,0.25,1000000,5000000
            5000000,common,Common,common,common,8000000,8000000,0,0,,0,5000000
            43000000,series-b,Series B,preferred,converts,4000000,4000000,12000000,3,3,0,43000000
            43000000,series-a,Series A,preferred,converts,2000000,2333333.333333,7000000,3.5,1.75,0,43000000
            43000000,common,Common,common,common,8000000,8000000,24000000,3,,0,43000000

            """,
    ]

    /// The tables written beside a kind's table, which `dilution plot` reads with it: a sweep's metric names and
    /// its break-even (one clause fires up to the top of the grid, so its break-even is not reached).
    static let siblings: [PlotKind: [(suffix: String, text: String)]] = [
        .sweep: [
            ("sweep-names", """
                metric,name
                series-2a.price,Series 2-A Convertible Preferred: price
                series-2a.ownership,Series 2-A Convertible Preferred: ownership
                series-5a.price,Series 5-A Convertible Preferred: price
                series-5a.ownership,Series 5-A Convertible Preferred: ownership
                common.ownership,other common holders: ownership
                fd_shares,fully diluted shares
                cash_raised,cash raised
                adjustments,adjustments

                """),
            ("sweep-breakeven", tables[.breakeven]!),
        ],
        // A two-input sweep: the matrix's metric (the first price metric) named, and its series' break-even per value
        // of the second input: reached at 0.2 for $1,000,000, not reached for $2,000,000.
        .sweepMatrix: [
            ("sweep-names", """
                metric,name
                series-2a.ownership,Series 2-A Convertible Preferred: ownership
                series-2a.price,Series 2-A Convertible Preferred: price

                """),
            ("sweep-breakeven", """
                next-raise.amount,instrument,price_before,exact_threshold,grid_breakeven,note,name
                1000000,series-2a,4.51,4.51,0.2,fires at a price strictly below the threshold,Series 2-A Convertible Preferred
                2000000,series-2a,4.51,4.51,not reached,fires up to the top of the grid,Series 2-A Convertible Preferred

                """),
        ],
    ]

    /// Writes a kind's table and its siblings into `folder` as `case.KIND.csv` and so on; returns the table's path.
    static func write(_ kind: PlotKind, into folder: PlotFolder) throws -> String {
        for sibling in siblings[kind] ?? [] { _ = try folder.write("case.\(sibling.suffix).csv", sibling.text) }
        return try folder.write("case.\(kind.rawValue).csv", tables[kind]!)
    }

    /// What the SVG of each kind must say: its title and the names of its series (never the ids, where the table
    /// names them).
    static let expectedText: [PlotKind: [String]] = [
        .timeline: ["Conversion prices over the events", "Series 2-A Conv. Preferred", "July 2005 warrants", "split"],
        .capTable: ["Fully diluted ownership, initially and after each event", "Common", "Series 2-A Conv. Preferred"],
        .sweep: ["Conversion prices against next-raise.price", "Series 2-A Conv. Preferred",
            "Series 5-A Conv. Preferred", "not reached"],
        .sweepMatrix: ["Series 2-A Convertible Preferred: price by next-raise.price and next-raise.amount", "2.86",
            "not reached", "break-even (fires below)"],
        .breakeven: ["Break-even", "Series 2-A Conv. Preferred (not reached)", "Series 5-A Conv. Preferred"],
        .tornado: ["Tornado of Series 2-A Convertible Preferred: price", "next-raise.price", "bridge.amount"],
        .simulationSummary: ["Fully diluted ownership: mean and quantiles over", "Series 2-A Conv. Preferred",
            "other common holders", "median"],
        .simulationHistogram: ["Distribution of Series 2-A Convertible Preferred: price over 17 simulated paths"],
        .compare: ["Fully diluted ownership: base and variants", "exercised-cash", "expired", "other common holders",
            "Series 2-A Conv. Preferred"],
        .exit: ["Payout by class against the exit value", "Series B", "Series A", "Common"],
    ]

    /// Ids the SVG of each kind must not show, since its table names them.
    static let hiddenIDs: [PlotKind: [String]] = [
        .sweep: ["series-2a", "series-5a"], .breakeven: ["series-2a", "series-5a"], .tornado: ["series-2a"],
        .simulationSummary: ["series-2a", ">common<"], .simulationHistogram: ["series-2a"],
        .compare: ["series-2a", ">common<"],
    ]

    static func gnuplot() throws -> String { try Plotter.locateGnuplot() }
}

final class PlotFolder {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("dilution-plot-test-\(UUID().uuidString)")
    init() throws { try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true) }
    func path(_ name: String) -> String { url.appendingPathComponent(name).path }
    func write(_ name: String, _ text: String) throws -> String {
        try Data(text.utf8).write(to: url.appendingPathComponent(name))
        return path(name)
    }
    deinit { try? FileManager.default.removeItem(at: url) }
}

@Suite("Plots")
struct PlotTests {
    @Test func readsRFC4180() throws {
        let table = try CSVReader.parse("a,b,c\r\n1,\"x, \"\"y\"\"\",\n\"multi\nline\",2,3")
        #expect(table.header == ["a", "b", "c"])
        #expect(table.rows == [["1", "x, \"y\"", ""], ["multi\nline", "2", "3"]])
        let written = CSVTable(header: ["h,1", "h2"], rows: [["q\"", "x\ny"]])
        #expect(try CSVReader.parse(written.text) == written)
    }

    @Test func malformedCSVIsAClearError() {
        #expect(throws: PlotError.malformedCSV("t.csv", "line 2 has 1 fields where the header has 2")) {
            try CSVReader.parse("a,b\n1\n", name: "t.csv")
        }
        #expect(throws: PlotError.malformedCSV("t.csv", "a quoted field opened on line 2 never closes")) {
            try CSVReader.parse("a,b\n1,\"x\n", name: "t.csv")
        }
        #expect(throws: PlotError.malformedCSV("t.csv", "it is empty")) { try CSVReader.parse("", name: "t.csv") }
    }

    @Test("Every kind is recognised from its header", arguments: PlotKind.allCases)
    func detects(kind: PlotKind) throws {
        let table = try CSVReader.parse(PlotFixtures.tables[kind]!)
        #expect(PlotKind.detect(header: table.header) == kind)
    }

    @Test func aTwoInputSweepHasTwoSweptColumns() {
        let header = ["a.price", "a.amount", "s.price", "s.ownership", "fd_shares", "cash_raised", "adjustments"]
        #expect(PlotReshaping.sweptColumns(header) == ["a.price", "a.amount"])
        #expect(PlotReshaping.sweptColumns(Array(header.dropFirst())) == ["a.amount"])
    }

    @Test func unknownTableNamesTheRecognisedKinds() throws {
        let folder = try PlotFolder()
        let csv = try folder.write("other.csv", "x,y\n1,2\n")
        let plotter = Plotter(scriptsDirectory: PlotFixtures.scripts, gnuplot: "/nonexistent/gnuplot")
        do {
            try plotter.plot(csv: csv, to: folder.path("o.png"))
            Issue.record("plotted an unknown table")
        } catch let error as PlotError {
            #expect(error.description.contains("is not a table dilution writes"))
            #expect(error.description.contains("timeline (run)"))
            #expect(error.description.contains("tornado (sweep --tornado)"))
        }
    }

    @Test func missingGnuplotIsAClearError() throws {
        #expect(throws: PlotError.gnuplotMissing("/nonexistent:/also-not")) {
            try Plotter.locateGnuplot(environment: ["PATH": "/nonexistent:/also-not"])
        }
        let message = PlotError.gnuplotMissing("/nonexistent").description
        #expect(message.contains("gnuplot is not installed or not on the PATH"))
        #expect(message.contains("apt-get install gnuplot-nox"))
        // A gnuplot path that does not exist fails when the plot is drawn, with the same kind of error.
        let folder = try PlotFolder()
        let csv = try folder.write("x.timeline.csv", PlotFixtures.tables[.timeline]!)
        let plotter = Plotter(scriptsDirectory: PlotFixtures.scripts, gnuplot: "/nonexistent/gnuplot")
        #expect(throws: PlotError.self) { try plotter.plot(csv: csv, to: folder.path("x.png")) }
    }

    @Test func scriptsAreFoundFromTheEnvironmentOrThePackage() throws {
        #expect(try Plotter.locateScripts(environment: ["DILUTION_PLOTS": PlotFixtures.scripts]) == PlotFixtures.scripts)
        #expect(try Plotter.locateScripts(environment: [:], currentDirectory: PlotFixtures.packageRoot.path)
            == PlotFixtures.scripts)
        let executable = PlotFixtures.packageRoot.appendingPathComponent(".build/x86_64-unknown-linux-gnu/debug/dilution")
        #expect(try Plotter.locateScripts(environment: [:], currentDirectory: "/", executable: executable.path)
            == PlotFixtures.scripts)
        #expect(throws: PlotError.self) { try Plotter.locateScripts(environment: ["DILUTION_PLOTS": "/nonexistent"]) }
    }

    @Test("Every script draws its table to a non-empty PNG and SVG", arguments: PlotKind.allCases)
    func renders(kind: PlotKind) throws {
        let plotter = Plotter(scriptsDirectory: PlotFixtures.scripts, gnuplot: try PlotFixtures.gnuplot())
        let folder = try PlotFolder()
        let csv = try PlotFixtures.write(kind, into: folder)
        let png = folder.path("case.png"), svg = folder.path("case.svg")
        #expect(try plotter.plot(csv: csv, to: png) == kind)
        let pngData = try Data(contentsOf: URL(fileURLWithPath: png))
        #expect(pngData.count > 1000)
        #expect(pngData.prefix(4) == Data([0x89, 0x50, 0x4E, 0x47]))
        try plotter.plot(csv: csv, to: svg)
        let text = try String(contentsOfFile: svg, encoding: .utf8)
        #expect(text.contains("<svg"))
        for expected in PlotFixtures.expectedText[kind]! {
            #expect(text.contains(expected), "\(kind.script): the SVG lacks \"\(expected)\"")
        }
        for id in PlotFixtures.hiddenIDs[kind] ?? [] {
            #expect(!text.contains(id), "\(kind.script): the SVG shows the id \"\(id)\" instead of its name")
        }
    }

    /// A command's `--plot` titles its charts with the scenario's name, passed as `title`; without it, the file's stem.
    @Test func theTitleIsTheScenariosNameWhenGiven() throws {
        let plotter = Plotter(scriptsDirectory: PlotFixtures.scripts, gnuplot: try PlotFixtures.gnuplot())
        let folder = try PlotFolder()
        let csv = try PlotFixtures.write(.timeline, into: folder)
        let stem = URL(fileURLWithPath: csv).lastPathComponent.split(separator: ".").first.map(String.init) ?? ""
        let named = folder.path("named.svg"), plain = folder.path("plain.svg")
        try plotter.plot(csv: csv, to: named, title: "Acme Robotics (hypothetical)")
        try plotter.plot(csv: csv, to: plain)
        let namedText = try String(contentsOfFile: named, encoding: .utf8)
        let plainText = try String(contentsOfFile: plain, encoding: .utf8)
        #expect(namedText.contains("Acme Robotics (hypothetical)"))
        #expect(!namedText.contains("— \(stem)<"))
        #expect(plainText.contains("— \(stem)<"))
        #expect(!plainText.contains("Acme Robotics"))
    }

    /// The legend entries of each kind of chart, as their series (names from the tables' `name` columns where
    /// they have one), counted in the SVG gnuplot writes.
    static let legends: [PlotKind: [String]] = [
        .timeline: ["Series 2-A Conv. Preferred", "July 2005 warrants"],
        .capTable: ["Common", "Series 2-A Conv. Preferred"],
        .sweep: ["Series 2-A Conv. Preferred", "Series 5-A Conv. Preferred",
            "break-even (fires at or below)", "break-even above the grid"],
        .sweepMatrix: ["break-even (fires below)"],
        .breakeven: ["price before the event", "highest adjusting grid value"],
        .tornado: ["range of the metric", "low input (p10; probability 0)", "high input (p90; probability 1)"],
        .simulationSummary: ["p5–p95", "p25–p75", "median", "mean"],
        .simulationHistogram: [],
        .compare: ["base", "exercised-cash", "expired", "exercised-cash", "expired"],
        .exit: ["Common", "Series A", "Series B"],
    ]

    /// The titles of the legend entries in a gnuplot SVG: a plot's group whose first drawing is its key text (gnuplot
    /// draws a titled plot's key entry first in its group), in the terminal's font.
    static func legendEntries(_ svg: String) -> [String] {
        svg.components(separatedBy: "<g id=\"gnuplot_plot_").dropFirst().compactMap { block in
            guard let text = block.range(of: "<text>") else { return nil }
            let drawing = [block.range(of: "<path"), block.range(of: "<use"), block.range(of: "<polygon")]
                .compactMap { $0?.lowerBound }.min()
            if let drawing, drawing < text.lowerBound { return nil }
            // A key's text is aligned to its sample (end, or start when reversed); cell labels are centred. It is in
            // the terminal's font (12 points, common.gp); labels beside the data are drawn smaller.
            if block[..<text.lowerBound].contains("text-anchor=\"middle\"") { return nil }
            if !block[..<text.lowerBound].contains("font-size=\"12.00\"") { return nil }
            let rest = block[text.upperBound...]
            return rest.range(of: "</text>").map { String(rest[..<$0.lowerBound]) }
        }
    }

    /// The widths of the rectangles drawn in the legend box's colour (`M x,y L x,y L x,y L x,y … Z`).
    static func legendBoxWidths(_ svg: String) -> [Double] {
        svg.components(separatedBy: "stroke='rgb(204, 204, 204)'  d='M").dropFirst().compactMap { rest in
            guard let end = rest.range(of: "'") else { return nil }
            let path = rest[..<end.lowerBound]
            guard path.hasSuffix("Z  ") else { return nil }
            let xs = path.split(whereSeparator: { $0 == "M" || $0 == "L" || $0 == " " })
                .compactMap { $0.split(separator: ",").first.flatMap { Double($0) } }
            guard let low = xs.min(), let high = xs.max() else { return nil }
            return high - low
        }
    }

    @Test("Every chart's legend has one entry per series", arguments: PlotKind.allCases)
    func legendEntriesMatchTheSeries(kind: PlotKind) throws {
        let plotter = Plotter(scriptsDirectory: PlotFixtures.scripts, gnuplot: try PlotFixtures.gnuplot())
        let folder = try PlotFolder()
        let csv = try PlotFixtures.write(kind, into: folder)
        try plotter.plot(csv: csv, to: folder.path("case.svg"))
        let svg = try String(contentsOfFile: folder.path("case.svg"), encoding: .utf8)
        let entries = Self.legendEntries(svg).map { $0.replacingOccurrences(of: "&amp;", with: "&") }
        #expect(entries.sorted() == Self.legends[kind]!.sorted(), "\(kind.script)")
        // Every legend box (common.gp draws it in #cccccc) within a third of the chart's width.
        let widths = Self.legendBoxWidths(svg)
        #expect(entries.isEmpty || !widths.isEmpty, "\(kind.script): no legend box")
        #expect(widths.allSatisfy { $0 <= 1000.0 / 3 }, "\(kind.script): legend widths \(widths)")
    }

    /// The widest horizontal run of the legend box's colour (#cccccc, `common.gp`) in a PNG, in pixels, and the
    /// picture's width: read with Python's standard library (zlib), since Foundation has no PNG reader on Linux.
    static let pngLegendWidth = """
        import sys, zlib, struct
        data = open(sys.argv[1], 'rb').read(); pos, idat = 8, b''
        while pos < len(data):
            n, kind = struct.unpack('>I4s', data[pos:pos + 8]); body = data[pos + 8:pos + 8 + n]; pos += 12 + n
            if kind == b'IHDR': w, h, depth, ctype = struct.unpack('>IIBB', body[:10])
            elif kind == b'IDAT': idat += body
        bpp = {2: 3, 6: 4}[ctype]; raw = zlib.decompress(idat); stride = w * bpp; prev = bytearray(stride); i = 0
        best = 0
        for _ in range(h):
            f = raw[i]; line = bytearray(raw[i + 1:i + 1 + stride]); i += 1 + stride
            for x in range(stride):
                a = line[x - bpp] if x >= bpp else 0; b = prev[x]; c = prev[x - bpp] if x >= bpp else 0
                if f == 1: line[x] = (line[x] + a) & 255
                elif f == 2: line[x] = (line[x] + b) & 255
                elif f == 3: line[x] = (line[x] + (a + b) // 2) & 255
                elif f == 4:
                    p = a + b - c; pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                    line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
            run = 0
            for x in range(w):
                run = run + 1 if all(abs(line[x * bpp + k] - 204) <= 6 for k in range(3)) else 0
                best = max(best, run)
            prev = line
        print(best, w)
        """

    /// Every chart kind, its names longer than the legend's cut, has its legend within a third of the chart's width
    /// in the PNG (measured on its pixels) and in the SVG (its box's path).
    @Test("Every legend is within a third of the chart, in PNG and SVG", arguments: PlotKind.allCases)
    func legendsWithinAThird(kind: PlotKind) throws {
        let long = "Series 2-A Convertible Participating Preferred Stock (hypothetical)"
        let plotter = Plotter(scriptsDirectory: PlotFixtures.scripts, gnuplot: try PlotFixtures.gnuplot())
        let folder = try PlotFolder()
        for sibling in PlotFixtures.siblings[kind] ?? [] {
            _ = try folder.write("case.\(sibling.suffix).csv", sibling.text.replacingOccurrences(
                of: "Series 2-A Convertible Preferred", with: long))
        }
        let table = PlotFixtures.tables[kind]!.replacingOccurrences(of: "Series 2-A Convertible Preferred", with: long)
            .replacingOccurrences(of: "exercised-cash", with: "exercised-in-full-for-cash-at-the-adjusted-price")
            .replacingOccurrences(of: ",Series B,", with: ",\(long),")
        let csv = try folder.write("case.\(kind.rawValue).csv", table)
        try plotter.plot(csv: csv, to: folder.path("case.svg"))
        let svg = try String(contentsOfFile: folder.path("case.svg"), encoding: .utf8)
        let widths = Self.legendBoxWidths(svg)
        #expect(widths.allSatisfy { $0 <= 1000.0 / 3 }, "\(kind.script): SVG legend widths \(widths)")
        try plotter.plot(csv: csv, to: folder.path("case.png"))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", Self.pngLegendWidth, folder.path("case.png")]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let printed = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let numbers = printed.split(whereSeparator: \.isWhitespace).compactMap { Double($0) }
        try #require(process.terminationStatus == 0 && numbers.count == 2, "python3 printed \(printed)")
        #expect(numbers[0] <= numbers[1] / 3, "\(kind.script): PNG legend \(numbers[0]) px of \(numbers[1])")
        // A chart with a legend has its box in both pictures (the heat map and histogram have none).
        if !Self.legends[kind]!.isEmpty {
            #expect(!widths.isEmpty && numbers[0] > 40, "\(kind.script): no legend box measured")
        }
    }

    /// The estimate the cut is chosen by (`legendWidth`) puts an entry of `legendCharacters` within a third of the
    /// chart in both terminals.
    @Test func legendCutFitsAThirdInBothTerminals() {
        for svg in [false, true] {
            #expect(PlotReshaping.legendWidth(characters: PlotReshaping.legendCharacters, svg: svg) <= 1000.0 / 3)
            // 34 characters, the earlier cut, made legends too wide (386 px of 1,000 in the PNGs).
            #expect(PlotReshaping.legendWidth(characters: 34, svg: svg) > 1000.0 / 3)
        }
    }

    @Test func longNamesAreCutInTheLegendAndSplitsMarked() throws {
        let job = try PlotReshaping.job(.timeline, table: try CSVReader.parse(PlotFixtures.tables[.timeline]!), name: "t")
        #expect(job.data[0].contents.hasPrefix("x,event,\"Series 2-A Conv. Preferred\",\"July 2005 warrants\"\n"))
        #expect(job.variable("splits") == .string("3"))
        #expect(job.variable("splitlabels") == .string("split"))
        // Too long, a name has its common words abbreviated before it is cut.
        #expect(PlotReshaping.legendLabel("Series 2-A Convertible Preferred (a)") == "Series 2-A Conv. Preferred (a)")
        #expect(PlotReshaping.legendLabel("Series 2-A Convertible Preferred") == "Series 2-A Conv. Preferred")
        #expect(PlotReshaping.legendLabel("Series 2-A Convertible Pref") == "Series 2-A Convertible Pref")
        #expect(PlotReshaping.legendLabel(String(repeating: "x", count: 30)).count == 30)
        #expect(PlotReshaping.legendLabel(String(repeating: "x", count: 31)) == String(repeating: "x", count: 29) + "…")
    }

    @Test func gnuplotErrorsBecomeASentence() throws {
        let folder = try PlotFolder()
        // A scripts folder whose timeline script is broken: gnuplot's own message is passed on.
        let scripts = folder.url.appendingPathComponent("plots")
        try FileManager.default.createDirectory(at: scripts, withIntermediateDirectories: true)
        try Data("plot frobnicate(x)\n".utf8).write(to: scripts.appendingPathComponent("timeline.gp"))
        let csv = try folder.write("x.timeline.csv", PlotFixtures.tables[.timeline]!)
        let plotter = Plotter(scriptsDirectory: scripts.path, gnuplot: try PlotFixtures.gnuplot())
        do {
            try plotter.plot(csv: csv, to: folder.path("x.png"))
            Issue.record("a broken script succeeded")
        } catch let error as PlotError {
            #expect(error.description.hasPrefix("gnuplot failed on timeline.gp (exit status"))
            #expect(error.description.contains("frobnicate"))
        }
        #expect(throws: PlotError.unsupportedOutput("x.pdf")) { try plotter.plot(csv: csv, to: "x.pdf") }
    }

    @Test func ownershipIsInPercentAndPricesInDollars() throws {
        let table = try CSVReader.parse(PlotFixtures.tables[.simulationSummary]!)
        let job = try PlotReshaping.job(.simulationSummary, table: table, name: "t")
        #expect(job.variable("yformat") == .string("%g%%"))
        #expect(job.data[0].contents.contains("\"other common holders\",12.0,17.0,24.0,"))
        let sweep = try PlotReshaping.job(.sweep, table: try CSVReader.parse(PlotFixtures.tables[.sweep]!), name: "t")
        #expect(sweep.variable("yformat") == .string("$%.2f"))
        #expect(sweep.variable("xformat") == .string("$%.2f"))
    }

    /// An exit's proceeds: a fan chart of the classes (not the holders' parts within them), in whole dollars.
    @Test func proceedsFanChartIsInDollarsWithoutHolderParts() throws {
        let csv = """
            metric,count,mean,sd,se,min,p1,p5,p25,p50,p75,p95,p99,max
            series-a.ownership,10,0.1,0,0,0.1,0.1,0.1,0.1,0.1,0.1,0.1,0.1,0.1
            common.proceeds,10,5000000,0,0,1,1,1000000,2000000,4000000,6000000,9000000,9500000,9900000
            w.proceeds,10,50000,0,0,0,0,0,10000,40000,60000,90000,95000,99000
            w[North].proceeds,10,25000,0,0,0,0,0,5000,20000,30000,45000,47500,49500
            series-a.multiple,10,2,0,0,1,1,1,1.5,2,2.5,3,3.5,4

            """
        let job = try PlotReshaping.job(.simulationSummary, table: try CSVReader.parse(csv), name: "t", metric: "proceeds")
        // A million dollars or more: in millions.
        #expect(job.variable("yformat") == .string("$%gM"))
        #expect(job.variable("ylabel") == .string("proceeds ($ millions)"))
        #expect(job.variable("title") == .string("Proceeds: mean and quantiles over 10 paths — t"))
        #expect(job.variable("nrows") == .number(2))
        #expect(job.data[0].contents.contains("\"common\",1.0,2.0,4.0,6.0,9.0,5.0\n"))
        let small = try PlotReshaping.job(
            .simulationSummary, table: try CSVReader.parse(csv.replacingOccurrences(of: "9000000", with: "900000")),
            name: "t", metric: "proceeds")
        #expect(small.variable("yformat") == .string("$%.0f"))
        #expect(!job.data[0].contents.contains("North"))
        let one = try PlotReshaping.job(
            .simulationSummary, table: try CSVReader.parse(csv), name: "t", metric: "w[North].proceeds")
        #expect(one.variable("nrows") == .number(1))
        let multiple = try PlotReshaping.job(.simulationSummary, table: try CSVReader.parse(csv), name: "t", metric: "multiple")
        #expect(multiple.variable("yformat") == .string("%g"))
    }

    /// The tornado's rows give each input's low and high values in its unit, with thousands separators: money with
    /// a dollar sign, a price at its precision, a probability as it is.
    @Test func tornadoRowsShowAmountsWithSeparators() throws {
        let csv = """
            input,low_input,high_input,series-2a.price_at_low,series-2a.price_at_high,swing,central
            bridge.amount,1000000,3250000,4.51,3.9,0.61,4.51
            next-raise.price,0.2107,0.7591,4.2,4.51,0.31,4.51
            next-raise.probability,0,1,4.51,4.4,0.11,4.51

            """
        let job = try PlotReshaping.job(.tornado, table: try CSVReader.parse(csv), name: "t")
        let text = try #require(job.data.first?.1)
        // Each input's values beside the ends of its bar: the one giving the smaller metric on the left.
        #expect(text.contains("\"bridge.amount\",4.51,3.9,3.9,\"$3,250,000\",4.51,\"$1,000,000\"\n"))
        #expect(text.contains("\"next-raise.price\",4.2,4.51,4.2,\"$0.2107\",4.51,\"$0.7591\"\n"))
        #expect(text.contains("\"next-raise.probability\",4.51,4.4,4.4,\"1\",4.51,\"0\"\n"))
        #expect(!text.contains("1000000"))
    }

    /// A tornado table with the inputs' names labels each row with the name, the event's part cut and the field kept;
    /// a row with an empty name keeps its path.
    @Test func tornadoRowsAreLabelledWithTheInputsNames() throws {
        let csv = """
            input,low_input,high_input,series-2a.price_at_low,series-2a.price_at_high,swing,central,metric_name,input_name
            next-raise.price,0.2107,0.7591,4.2,4.51,0.31,4.51,Series 2-A: price,hypothetical Series 6-A round: price
            bridge.amount,1000000,3250000,4.51,3.9,0.61,4.51,Series 2-A: price,the hypothetical common bridge financing of the second half of 2007: amount
            warrant-exercise.probability,0.14,0.68,4.51,4.51,0,4.51,Series 2-A: price,

            """
        let job = try PlotReshaping.job(.tornado, table: try CSVReader.parse(csv), name: "t")
        let rows = try #require(job.data.first?.1).split(separator: "\n").map { $0.split(separator: ",")[1] }
        #expect(rows[1] == "\"hypothetical Series 6-A round: price\"")
        #expect(rows[2] == "\"the hypothetical common bridge fina…: amount\"")
        #expect(rows[2].count == PlotReshaping.tornadoCharacters + 2)
        #expect(rows[3] == "\"warrant-exercise.probability\"")
    }

    /// The tornado's central line comes from the table's `central` column, also when every input moves the metric
    /// (no row with a zero swing, where a table without the column left it NaN); ownership in percent.
    @Test func tornadoCentralLineIsTheTablesCentralValue() throws {
        let csv = """
            input,low_input,high_input,common.ownership_at_low,common.ownership_at_high,swing,central
            next-raise.probability,0,1,0.293726986631761,0.172849771204994,0.120877215426767,0.172849771204994
            next-raise.price,0.2107,0.7591,0.118988336317173,0.214644961933119,0.095656625615946,0.172849771204994

            """
        let job = try PlotReshaping.job(.tornado, table: try CSVReader.parse(csv), name: "t")
        guard case .number(let central)? = job.variable("central") else {
            Issue.record("no central variable")
            return
        }
        #expect(abs(central - 17.2849771204994) < 1e-12)
        let old = csv.replacingOccurrences(of: ",central", with: "")
            .replacingOccurrences(of: ",0.172849771204994\n", with: "\n")
        let oldJob = try PlotReshaping.job(.tornado, table: try CSVReader.parse(old), name: "t")
        guard case .number(let value)? = oldJob.variable("central") else {
            Issue.record("no central variable")
            return
        }
        #expect(value.isNaN)
    }

    /// A break-even the grid does not reach has no bar, and its label says so.
    @Test func breakEvenNotReachedIsMarkedOnTheChart() throws {
        let csv = """
            instrument,price_before,exact_threshold,grid_breakeven,note
            series-2a,4.51,4.51,not reached,fires at a price strictly below the threshold; fires up to the top
            series-5a,0.3125,0.3125,0.3,fires at a price strictly below the threshold

            """
        let job = try PlotReshaping.job(.breakeven, table: try CSVReader.parse(csv), name: "t")
        let rows = job.data[0].contents.split(separator: "\n")
        #expect(rows[1] == "\"series-2a (not reached)\",4.51,NaN")
        #expect(rows[2] == "\"series-5a\",0.3125,0.3")
    }

    /// Heat-map labels at the data's precision: no binary noise, separators for amounts and share counts, the
    /// swept amounts as dollars on the axis.
    @Test func heatMapLabelsAreAtTheDatasPrecision() throws {
        let prices = """
            next-raise.price \\ next-raise.amount,1000000,2500000
            0.2,0.1000000001,2.86
            0.45,0.3125,0.045700000000000074

            """
        let job = try PlotReshaping.job(
            .sweepMatrix, table: try CSVReader.parse(prices), name: "t", metric: "series-2a.price")
        let text = job.data[0].contents
        for label in ["\"$0.10\"", "\"$2.86\"", "\"$0.3125\"", "\"$0.0457\""] {
            #expect(text.contains(label), "no \(label) in \(text)")
        }
        #expect(!text.contains("0.1000000001\""))
        #expect(job.variable("xtics_spec") == .string("\"$1,000,000\" 0, \"$2,500,000\" 1"))
        #expect(job.variable("ytics_spec") == .string("\"$0.20\" 0, \"$0.45\" 1"))
        let shares = """
            next-raise.price \\ next-raise.amount,1000000,2500000
            0.2,18340350.7,13912677.6
            0.45,999.5,1234

            """
        let counts = try PlotReshaping.job(.sweepMatrix, table: try CSVReader.parse(shares), name: "t", metric: "fd_shares")
        for label in ["\"18,340,351\"", "\"13,912,678\"", "\"999.5\"", "\"1,234\""] {
            #expect(counts.data[0].contents.contains(label), "no \(label)")
        }
        let owned = """
            next-raise.price \\ next-raise.amount,1000000,2500000
            0.2,0.172849771204994,0.5

            """
        let ownership = try PlotReshaping.job(
            .sweepMatrix, table: try CSVReader.parse(owned), name: "t", metric: "common.ownership")
        #expect(ownership.data[0].contents.contains("\"17.28%\""))
        #expect(ownership.data[0].contents.contains("\"50%\""))
    }

    /// A series that converted keeps its part of the cap-table chart (the table credits it with the common it
    /// received); a note below the chart says so, naming the events.
    @Test func capTableNotesSeriesHeldAsTheCommonTheyReceived() throws {
        let csv = """
            event_index,event_id,date,holder,kind,shares,price,common_as_converted,fd_ownership,name,common_received,cash_raised
            ,initial,,common,common,8000000,,8000000,0.8,Common,,0
            ,initial,,series-a,preferred,2000000,1,2000000,0.2,Series A Preferred,0,0
            0,ipo,2028-05-01,common,common,10000000,,10000000,0.8,Common,,0
            0,ipo,2028-05-01,series-a,preferred,0,1,0,0.2,Series A Preferred,2000000,0
            0,ipo,2028-05-01,total,total,,,10000000,1,Total,,0

            """
        let job = try PlotReshaping.job(.capTable, table: try CSVReader.parse(csv), name: "t")
        #expect(job.variable("note") == .string("Held as the common received on conversion or exercise: Series A Preferred (ipo)."))
        // Still outstanding: no note.
        let outstanding = csv.replacingOccurrences(of: "series-a,preferred,0,1,0,0.2,Series A Preferred,2000000", with: "series-a,preferred,2000000,1,2000000,0.2,Series A Preferred,0")
        #expect(try PlotReshaping.job(.capTable, table: try CSVReader.parse(outstanding), name: "t").variable("note") == nil)
        #expect(PlotReshaping.collapse(["b", "c", "d"], among: ["a", "b", "c", "d"]) == "b to d")
        #expect(PlotReshaping.collapse(["a", "c", "d"], among: ["a", "b", "c", "d"]) == "a, c, d")
    }

    /// The heat map of a two-input sweep marks its metric's instrument's break-even in every column: above the
    /// highest row at which the clause fires, at the top edge with "not reached" when it fires up to the top, at the
    /// bottom edge with "fires nowhere" when it never fires; another instrument's metric gets no marks.
    @Test func heatMapMarksTheBreakEvenInEveryColumn() throws {
        let matrix = """
            next-raise.price \\ next-raise.amount,1000000,2000000,3000000
            0.2,2.86,2.12,1.7
            0.3,3.28,2.6,2.18
            0.4,3.53,2.93,2.53

            """
        let breakeven = """
            next-raise.amount,instrument,price_before,exact_threshold,grid_breakeven,note,name
            1000000,series-2a,4.51,4.51,0.3,fires,Series 2-A Convertible Preferred
            1000000,series-5a,0.3125,0.3125,0.2,fires,Series 5-A Convertible Preferred
            2000000,series-2a,4.51,4.51,not reached,fires up to the top,Series 2-A Convertible Preferred
            3000000,series-2a,4.51,4.51,,fires nowhere,Series 2-A Convertible Preferred

            """
        let job = try PlotReshaping.job(
            .sweepMatrix, table: try CSVReader.parse(matrix), name: "t", metric: "series-2a.price",
            breakeven: try CSVReader.parse(breakeven))
        let edges = try #require(job.data.first { $0.variable == "edgefile" }).contents
        // Rows 0, 1, 2 (0.2, 0.3, 0.4): fires up to 0.3, so the edge is between rows 1 and 2; the top edge; the bottom.
        #expect(edges == "x0,x1,y\n-0.5,0.5,1.5\n0.5,1.5,2.5\n1.5,2.5,-0.5\n")
        let notes = try #require(job.data.first { $0.variable == "notefile" }).contents
        #expect(notes == "x,y,label\n1,2.75,\"not reached\"\n2,-0.75,\"fires nowhere\"\n")
        #expect(job.variable("edgetitle") == .string("break-even (fires below)"))
        // Every column reached: edges, no notes.
        let reached = try PlotReshaping.job(
            .sweepMatrix, table: try CSVReader.parse(matrix), name: "t", metric: "series-2a.price",
            breakeven: try CSVReader.parse(breakeven.replacingOccurrences(of: "not reached", with: "0.4")
                .replacingOccurrences(of: ",,fires nowhere", with: ",0.2,fires")))
        #expect(reached.data.first { $0.variable == "edgefile" }?.contents == "x0,x1,y\n-0.5,0.5,1.5\n0.5,1.5,2.5\n1.5,2.5,0.5\n")
        #expect(reached.data.first { $0.variable == "notefile" } == nil)
        // The common's ownership has no clause: no marks.
        let other = try PlotReshaping.job(
            .sweepMatrix, table: try CSVReader.parse(matrix), name: "t", metric: "common.ownership",
            breakeven: try CSVReader.parse(breakeven))
        #expect(other.data.count == 1)
        #expect(other.variable("edgetitle") == nil)
    }

    /// A grid of an exit's proceeds: the sale's value is in dollars and the cells in millions.
    @Test func proceedsMatrixIsLabelledInMillions() throws {
        let csv = """
            next-raise.price \\ sale.value,20000000,40000000
            1,6717860.5,12000000
            2,6456820.25,10818000

            """
        let job = try PlotReshaping.job(.sweepMatrix, table: try CSVReader.parse(csv), name: "t", metric: "series-c.proceeds")
        #expect(job.data[0].contents.contains("\"$6.72M\""))
        #expect(job.data[0].contents.contains("\"$12.00M\""))
        #expect(job.variable("cbformat") == .string("$%.0f"))
        #expect(job.variable("xlabel") == .string(MetricUnit.label("sale.value")))
        #expect(MetricUnit(metric: "sale.value") == .dollars)
    }

    /// A clause that fires up to the top of the grid has its break-even above it: the sweep chart marks the top of
    /// its line "not reached"; the others are circled where they fire. Lines are named from the names table.
    @Test func sweepMarksABreakEvenNotReached() throws {
        let table = try CSVReader.parse(PlotFixtures.tables[.sweep]!)
        let breakeven = try CSVReader.parse(PlotFixtures.tables[.breakeven]!)
        let names = ["series-2a.price": "Series 2-A Convertible Preferred: price"]
        let job = try PlotReshaping.job(.sweep, table: table, name: "t", breakeven: breakeven, names: names)
        let data = try #require(job.data.first { $0.variable == "datafile" }).contents
        // Named from the names table, else from the break-even table's names.
        #expect(data.hasPrefix("next-raise.price,\"Series 2-A Conv. Preferred\",\"Series 5-A Conv. Preferred\"\n"))
        let far = try #require(job.data.first { $0.variable == "farfile" }).contents
        #expect(far == "x,y,label\n0.4,2.93,\"not reached\"\n")
        let marks = try #require(job.data.first { $0.variable == "markfile" }).contents
        #expect(marks == "x,y,label\n0.3,0.3068,\"Series 5-A Convertible Preferred adjusts at or below\"\n")
        // Every clause reached: no "not reached" marks.
        let reached = try CSVReader.parse(PlotFixtures.tables[.breakeven]!.replacingOccurrences(of: "not reached", with: "0.4"))
        let plain = try PlotReshaping.job(.sweep, table: table, name: "t", breakeven: reached)
        #expect(!plain.data.contains { $0.variable == "farfile" })
        #expect(plain.data.first { $0.variable == "markfile" }!.contents.split(separator: "\n").count == 3)
    }

    /// The 34-character cut applies to every chart's legend and labels: the sweep's lines, the break-even's series
    /// (its tic labels followed by "(not reached)"), the fan chart's and the comparison's classes and variants.
    @Test func everyLegendCutsLongNames() throws {
        let long = "Series 2-A Convertible Participating Preferred Stock"
        let cut = PlotReshaping.legendLabel(long)
        #expect(cut.count == PlotReshaping.legendCharacters && cut.hasSuffix("…"))
        let kept = PlotReshaping.legendLabel(long, keeping: " (not reached)")
        #expect(kept.count == PlotReshaping.legendCharacters && kept.hasSuffix("… (not reached)"))
        func named(_ kind: PlotKind) -> String {
            PlotFixtures.tables[kind]!.replacingOccurrences(of: "Series 2-A Convertible Preferred", with: long)
        }
        let sweep = try PlotReshaping.job(
            .sweep, table: try CSVReader.parse(PlotFixtures.tables[.sweep]!), name: "t",
            breakeven: try CSVReader.parse(named(.breakeven)))
        #expect(sweep.data[0].contents.hasPrefix("next-raise.price,\"\(cut)\","))
        let breakeven = try PlotReshaping.job(.breakeven, table: try CSVReader.parse(named(.breakeven)), name: "t")
        #expect(breakeven.data[0].contents.contains("\n\"\(cut) (not reached)\",4.51,NaN\n"))
        let fan = try PlotReshaping.job(.simulationSummary, table: try CSVReader.parse(named(.simulationSummary)), name: "t")
        #expect(fan.data[0].contents.contains(",\"\(cut)\","))
        let variant = "exercised-in-full-for-cash-at-the-adjusted-price"
        let compare = try PlotReshaping.job(
            .compare, table: try CSVReader.parse(named(.compare).replacingOccurrences(of: "exercised-cash", with: variant)),
            name: "t")
        #expect(compare.data[0].contents.contains("\n\"\(cut)\","))
        #expect(compare.data[0].contents.hasPrefix("class,\"base\",\"\(PlotReshaping.legendLabel(variant))\",\"expired\"\n"))
        #expect(compare.data[1].contents.hasPrefix("class,\"\(PlotReshaping.legendLabel(variant))\",\"expired\"\n"))
        // Two swept inputs: one line per value of the second, the amounts in dollars.
        let grid = """
            next-raise.price,next-raise.amount,series-2a.price,series-2a.ownership,common.ownership,fd_shares,cash_raised,adjustments
            0.2,1000000,2.86,0.0007,0.16,12915971,2478000,4
            0.2,2000000,2.12,0.0006,0.11,18340350,3478000,4
            0.4,1000000,3.53,0.0007,0.2,10000000,2478000,3
            0.4,2000000,2.93,0.0007,0.17,12157059,3478000,3

            """
        let lines = try PlotReshaping.job(
            .sweep, table: try CSVReader.parse(grid), name: "t", names: ["series-2a.price": "Series 2-A: price"])
        #expect(lines.data[0].contents.hasPrefix(
            "next-raise.price,\"next-raise.amount = $1,000,000\",\"next-raise.amount = $2,000,000\"\n"))
        #expect(lines.variable("title") == .string("Series 2-A: price against next-raise.price, one line per next-raise.amount — t"))
        #expect(lines.variable("ncols") == .number(3))
    }

    /// Tables written before they had their name columns still plot, with the ids.
    @Test func tablesWithoutNameColumnsStillPlotWithTheIDs() throws {
        let old: [PlotKind: String] = [
            .breakeven: "instrument,price_before,exact_threshold,grid_breakeven,note\nseries-2a,4.51,4.51,0.4,fires\n",
            .tornado: "input,low_input,high_input,series-2a.price_at_low,series-2a.price_at_high,swing,central\n"
                + "next-raise.price,0.2,0.7,2.18,3.58,1.4,2.93\n",
            .simulationSummary: "metric,count,mean,sd,se,min,p1,p5,p25,p50,p75,p95,p99,max\n"
                + "common.ownership,20,0.25,0.1,0.001,0.1,0.11,0.12,0.17,0.24,0.29,0.46,0.5,0.55\n",
            .simulationHistogram: "metric,bin_low,bin_high,count\nseries-2a.price,0.5,1,3\n",
            .compare: "metric,base,expired,expired_delta,expired_relative\ncommon.ownership,0.17,0.18,0.01,0.05\n",
        ]
        for (kind, text) in old {
            let table = try CSVReader.parse(text)
            #expect(PlotKind.detect(header: table.header) == kind, "\(kind)")
            let job = try PlotReshaping.job(kind, table: table, name: "t")
            let shown = job.data[0].contents + "\(job.variable("title").map { "\($0)" } ?? "")"
            #expect(shown.contains("series-2a") || shown.contains("common"), "\(kind): \(shown)")
        }
        // A two-input break-even table, old and new, has the second input first.
        let two = "next-raise.amount,instrument,price_before,exact_threshold,grid_breakeven,note"
        #expect(PlotKind.detect(header: two.components(separatedBy: ",")) == .breakeven)
        #expect(PlotKind.detect(header: (two + ",name").components(separatedBy: ",")) == .breakeven)
        let lines = try PlotReshaping.job(
            .breakeven, table: try CSVReader.parse(two + ",name\n1000000,series-2a,4.51,4.51,not reached,n,Series 2-A\n"
                + "2000000,series-2a,4.51,4.51,0.4,n,Series 2-A\n"), name: "t")
        #expect(lines.variable("mode") == .string("lines"))
        #expect(lines.data[0].contents.hasPrefix("next-raise.amount,\"Series 2-A (not reached)\"\n"))
    }

    /// The scripts of the charts whose tables gained names say where their titles and legends come from, and the
    /// sweep script draws the "not reached" marks.
    @Test func scriptsReferenceTheNameColumns() throws {
        func script(_ kind: PlotKind) throws -> String {
            try String(contentsOfFile: PlotFixtures.scripts + "/" + kind.script, encoding: .utf8)
        }
        #expect(try script(.sweep).contains("NAME.sweep-names.csv"))
        #expect(try script(.sweep).contains("farfile using 1:2"))
        #expect(try script(.sweep).contains("not reached"))
        for kind in [PlotKind.breakeven, .simulationSummary, .simulationHistogram, .compare] {
            #expect(try script(kind).contains("`name` column"), "\(kind.script)")
        }
        #expect(try script(.tornado).contains("`metric_name` column"))
        #expect(try script(.exit).contains("markfile using 4:2:3 with labels"))
    }

    /// Breakpoints that fall close together on the exit chart keep their lines where they are and have their labels
    /// moved apart, so that the labels never overlap; each event at one exit value has its own label.
    @Test func exitBreakpointLabelsNeverOverlap() throws {
        let breakpoints = """
            exit_value,net_proceeds,class,event
            5000000,5000000,series-b,preference-paid
            37500000,37500000,series-a,in-the-money
            37500000,37500000,common,converts
            38000000,38000000,series-b,converts
            43000000,43000000,series-a,cap-reached

            """
        let job = try PlotReshaping.job(
            .exit, table: try CSVReader.parse(PlotFixtures.tables[.exit]!), name: "t",
            breakeven: try CSVReader.parse(breakpoints))
        let marks = try CSVReader.parse(try #require(job.data.first { $0.variable == "markfile" }).contents)
        #expect(marks.header == ["x", "y", "label", "label_x"])
        #expect(marks.rows.map { $0[0] } == ["5.0", "37.5", "37.5", "38.0", "43.0"])
        #expect(marks.rows.map { $0[2] }.contains("Common converts"))
        let at = marks.rows.map { Double($0[3])! }
        let gap = (43.0 - 5.0) * 0.022
        for k in at.indices.dropFirst() { #expect(at[k] - at[k - 1] >= gap - 1e-9, "labels \(at)") }
        #expect(at[0] == 5.0)
        #expect(at.last! <= 43.0)
        #expect(PlotReshaping.dodged([1, 1, 1], gap: 0.5, low: 0, high: 10) == [1, 1.5, 2])
        #expect(PlotReshaping.dodged([9.8, 10], gap: 0.5, low: 0, high: 10) == [9.5, 10])
        // Acme's breakpoints: the line at 17.084 would run through the label of those at 16.684, which moves right of
        // it; the next labels follow at the gap.
        let acme = PlotReshaping.dodged([16.684, 16.684, 17.084, 26.76, 36.84], gap: 1.32, low: 0, high: 60)
        #expect(acme[0] == 17.084)
        #expect(abs(acme[1] - (17.084 + 1.32)) < 1e-9 && abs(acme[2] - (17.084 + 2.64)) < 1e-9)
        #expect(acme[3] == 26.76 && acme[4] == 36.84)
        for (k, x) in acme.enumerated() {
            #expect(![16.684, 17.084, 26.76, 36.84].contains { $0 > x && $0 <= x + 1.32 * 1.1 }, "label \(k) crossed")
        }
    }

    /// A title longer than the chart is wide (a long name) puts the scenario's name on a line of its own, so that it
    /// never clips; gnuplot draws both lines.
    @Test func longTitlesBreakBeforeTheScenarioName() throws {
        let table = try CSVReader.parse(PlotFixtures.tables[.simulationHistogram]!)
        let short = try PlotReshaping.job(.simulationHistogram, table: table, name: "t")
        #expect(short.variable("title")
            == .string("Distribution of Series 2-A Convertible Preferred: price over 17 simulated paths — t"))
        let name = "vsource-2005-outlook-with-a-long-file-name"
        let long = try PlotReshaping.job(.simulationHistogram, table: table, name: name)
        #expect(long.variable("title")
            == .string("Distribution of Series 2-A Convertible Preferred: price over 17 simulated paths\n\(name)"))
        let plotter = Plotter(scriptsDirectory: PlotFixtures.scripts, gnuplot: try PlotFixtures.gnuplot())
        let folder = try PlotFolder()
        try plotter.render(long, to: folder.path("long.svg"))
        let svg = try String(contentsOfFile: folder.path("long.svg"), encoding: .utf8)
        #expect(svg.contains(">Distribution of Series 2-A Convertible Preferred: price over 17 simulated paths<"))
        #expect(svg.contains(">\(name)<"))
    }
}
