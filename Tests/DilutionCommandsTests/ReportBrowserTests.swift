import DilutionCommands
import Foundation
import Testing

/// Headless Chromium (Debian's `chromium`), as the board report's readers see it.
struct Browser {
    let executable: String

    /// `$DILUTION_CHROMIUM`, else `chromium` or `chromium-browser` on the PATH; `nil` when there is none.
    static func locate() -> Browser? {
        let environment = ProcessInfo.processInfo.environment
        if let explicit = environment["DILUTION_CHROMIUM"], FileManager.default.isExecutableFile(atPath: explicit) {
            return Browser(executable: explicit)
        }
        for folder in (environment["PATH"] ?? "").split(separator: ":") {
            for name in ["chromium", "chromium-browser"] {
                let path = "\(folder)/\(name)"
                if FileManager.default.isExecutableFile(atPath: path) { return Browser(executable: path) }
            }
        }
        return nil
    }

    static let missing = """
        chromium is not installed, so the board report cannot be checked in a real browser: install it \
        (apt-get install chromium; .ci/run and make deps do) or point DILUTION_CHROMIUM at it.
        """

    /// Runs chromium headless on `page` with `arguments`; returns its standard output.
    func run(_ arguments: [String], page: URL, profile: URL) throws -> (status: Int32, stdout: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = [
            "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
            "--user-data-dir=\(profile.path)",
        ] + arguments + [page.absoluteString]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let watchdog = DispatchWorkItem { if process.isRunning { process.terminate() } }
        DispatchQueue.global().asyncAfter(deadline: .now() + 120, execute: watchdog)
        defer { watchdog.cancel() }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}

@Suite("The board report in a real browser", .serialized)
struct ReportBrowserTests {
    /// Writes the report of `scenario` into `folder`; returns the page.
    static func report(_ scenario: String, in folder: URL, paths: Int = 2_000) throws -> URL {
        let file = Golden.packageRoot.appendingPathComponent(scenario).path
        let outcome = try Operations.report(ReportRequest(file: file, outDirectory: folder.path, paths: paths))
        try outcome.files.write(protecting: [file])
        return URL(fileURLWithPath: outcome.files.paths[0])
    }

    @Test("The Vsource report renders, is not blank, and shows the notice's figures")
    func vsource() throws {
        guard let browser = Browser.locate() else {
            Issue.record(Comment(rawValue: Browser.missing))
            return
        }
        let folder = try TemporaryFolder()
        let page = try Self.report("scenarios/vsource-2005.yaml", in: folder.url)
        let profile = folder.url.appendingPathComponent("profile")

        // The rendered DOM: the figures of the notice, as the reader sees them.
        let dom = try browser.run(["--dump-dom"], page: page, profile: profile)
        #expect(dom.status == 0)
        for figure in ["$4.51", "$14.20", "2,554,251", "8,035,341", "2,101,345", "135,310", "317,596", "5,616,400",
            "7,717,745", "$1,921,400.00", "<strong>1.42</strong>", "<svg"]
        {
            #expect(dom.stdout.contains(figure), "the rendered report lacks \(figure)")
        }

        // A screenshot compared with that of an empty page of the same size: a blank or failed render is as small.
        let blank = folder.url.appendingPathComponent("blank.html")
        try Data("<!DOCTYPE html><html><body></body></html>".utf8).write(to: blank)
        let shot = folder.url.appendingPathComponent("report.png")
        let empty = folder.url.appendingPathComponent("blank.png")
        _ = try browser.run(["--screenshot=\(shot.path)", "--window-size=1000,1400"], page: page, profile: profile)
        _ = try browser.run(["--screenshot=\(empty.path)", "--window-size=1000,1400"], page: blank, profile: profile)
        let shotSize = try Self.size(shot)
        let emptySize = try Self.size(empty)
        #expect(emptySize > 0, "chromium wrote no screenshot of the empty page")
        #expect(shotSize > 8 * max(emptySize, 1), "the report's screenshot (\(shotSize) bytes) is hardly larger than a blank page's (\(emptySize) bytes)")
        #expect(try Self.isPNG(shot, width: 1000, height: 1400))
    }

    @Test("The outlook report: every section, its charts, and one printed page at least per section")
    func outlook() throws {
        guard let browser = Browser.locate() else {
            Issue.record(Comment(rawValue: Browser.missing))
            return
        }
        let folder = try TemporaryFolder()
        let page = try Self.report("scenarios/vsource-2005-outlook.yaml", in: folder.url)
        let profile = folder.url.appendingPathComponent("profile")
        let dom = try browser.run(["--dump-dom"], page: page, profile: profile).stdout
        for section in ["summary", "notices", "cap-tables", "variants", "simulation", "tornado"] {
            #expect(dom.contains("<section id=\"\(section)\""), "no \(section) section")
        }
        #expect(dom.contains("mean over 2,000 paths"))
        #expect(dom.contains("seed 1"))
        #expect(dom.contains("Series 2-A Convertible Preferred"))
        #expect(dom.components(separatedBy: "<svg").count - 1 >= 6)

        // Printed: the print stylesheet starts each of the 6 sections on a new page.
        let pdf = folder.url.appendingPathComponent("report.pdf")
        _ = try browser.run(["--print-to-pdf=\(pdf.path)", "--no-pdf-header-footer"], page: page, profile: profile)
        let text = String(decoding: try Data(contentsOf: pdf), as: UTF8.self)
        let pages = text.components(separatedBy: "/Type /Page").count - 1 - (text.components(separatedBy: "/Type /Pages").count - 1)
        #expect(pages >= 6, "the printed report has \(pages) pages for 6 sections")
    }

    /// Measured in the browser, in every chart of the reports with the longest names: each legend entry's rendered
    /// box (sample and text) is within a third of its chart's width, lies outside the data's frame, and overlaps no
    /// other entry.
    @Test("Legends as rendered: each entry within a third of the chart, outside the data, none overlapping")
    func legendsMeasured() throws {
        guard let browser = Browser.locate() else {
            Issue.record(Comment(rawValue: Browser.missing))
            return
        }
        let folder = try TemporaryFolder()
        for scenario in ["scenarios/vsource-2005-outlook.yaml", "scenarios/hypothetical-acme-rounds.yaml"] {
            let page = try Self.report(scenario, in: folder.url, paths: 500)
            // The report with a script that measures what the browser drew and writes it into the page.
            let measure = """
                <script>
                const out = [];
                document.querySelectorAll('svg.chart').forEach((svg, k) => {
                  const width = svg.getBoundingClientRect().width;
                  const frame = svg.querySelector('rect[stroke="#888"]');
                  const f = frame ? frame.getBoundingClientRect() : null;
                  const boxes = [...svg.querySelectorAll('g.legend-entry')].map(g => g.getBoundingClientRect());
                  boxes.forEach((b, i) => {
                    const inside = f && b.left < f.right && b.right > f.left && b.top < f.bottom && b.bottom > f.top;
                    const overlaps = boxes.some((o, j) => j !== i && b.left < o.right - 0.5 && b.right > o.left + 0.5
                      && b.top < o.bottom - 0.5 && b.bottom > o.top + 0.5);
                    out.push(`${k} ${b.width.toFixed(1)} ${width.toFixed(1)} ${inside ? 1 : 0} ${overlaps ? 1 : 0}`);
                  });
                });
                const pre = document.createElement('pre');
                pre.id = 'measured';
                pre.textContent = out.join('\\n');
                document.body.appendChild(pre);
                </script>
                """
            let html = try String(contentsOf: page, encoding: .utf8).replacingOccurrences(of: "</body>", with: measure + "</body>")
            let measured = folder.url.appendingPathComponent("measured.html")
            try Data(html.utf8).write(to: measured)
            let dom = try browser.run(
                ["--dump-dom", "--window-size=1000,1400"], page: measured, profile: folder.url.appendingPathComponent("profile")
            ).stdout
            guard let start = dom.range(of: "<pre id=\"measured\">"), let end = dom.range(of: "</pre>", range: start.upperBound..<dom.endIndex)
            else {
                Issue.record("\(scenario): the measuring script wrote nothing")
                continue
            }
            let rows = dom[start.upperBound..<end.lowerBound].split(separator: "\n").map { $0.split(separator: " ") }
            #expect(rows.count >= 10, "\(scenario): only \(rows.count) legend entries measured")
            for row in rows where row.count == 5 {
                let (entry, chart) = (Double(row[1]) ?? .infinity, Double(row[2]) ?? 0)
                #expect(entry <= chart / 3, "\(scenario): chart \(row[0]): a legend entry \(entry) px wide of \(chart)")
                #expect(row[3] == "0", "\(scenario): chart \(row[0]): a legend entry inside the data's frame")
                #expect(row[4] == "0", "\(scenario): chart \(row[0]): legend entries overlap")
            }
        }
    }

    static func size(_ url: URL) throws -> Int {
        (try FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int) ?? 0
    }

    /// The file is a PNG of `width` × `height` pixels (its IHDR chunk).
    static func isPNG(_ url: URL, width: Int, height: Int) throws -> Bool {
        let data = try Data(contentsOf: url)
        guard data.count > 24, data.prefix(8) == Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) else { return false }
        func int(_ offset: Int) -> Int { data[offset..<offset + 4].reduce(0) { $0 << 8 | Int($1) } }
        return int(16) == width && int(20) == height
    }
}

@Suite("dilution report on bad input")
struct ReportErrorTests {
    @Test("A bad scenario: a located message, exit status 1, and no report or folder written")
    func badScenario() throws {
        let folder = try TemporaryFolder()
        let bad = try folder.write(
            "bad.yaml",
            """
            version: 1
            name: "Acme <b>"
            capitalization:
              common: 100
              preferred:
                - id: a
                  shares: 10
                  stated-value: 1
                  convertion-price: 1
            events: []

            """)
        let out = folder.url.appendingPathComponent("out")
        let result = try Binary.run(["report", bad, "--out", out.path])
        #expect(result.status == 1)
        #expect(result.stderr.contains("bad.yaml:9:"), "\(result.stderr)")
        #expect(result.stderr.contains("conversion-price"))
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }

    @Test("--paths out of range is a usage error")
    func usage() throws {
        let result = try Binary.run(["report", Golden.scenario("vsource-2005.yaml"), "--paths", "0"])
        #expect(result.status == 64)
        #expect(result.stderr.contains("--paths must be between 1 and"))
    }
}
