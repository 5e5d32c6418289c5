import Foundation

/// Draws our CSV tables with the gnuplot scripts in `plots/`: recognises the table from its header, reshapes it
/// into a temporary data file and runs `gnuplot -e "datafile='…'; outfile='…'; term='…'; …" plots/KIND.gp`.
public struct Plotter: Sendable {
    /// The folder holding `timeline.gp`, `captable.gp`, … and `common.gp`.
    public var scriptsDirectory: String
    /// The gnuplot executable.
    public var gnuplot: String

    public init(scriptsDirectory: String, gnuplot: String) {
        self.scriptsDirectory = scriptsDirectory
        self.gnuplot = gnuplot
    }

    /// A plotter with the scripts and gnuplot found as `locateScripts` and `locateGnuplot` find them.
    public static func located(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        currentDirectory: String = FileManager.default.currentDirectoryPath
    ) throws -> Plotter {
        Plotter(
            scriptsDirectory: try locateScripts(environment: environment, currentDirectory: currentDirectory),
            gnuplot: try locateGnuplot(environment: environment))
    }

    /// The `plots/` folder: `$DILUTION_PLOTS` if set; else `plots/` in the current folder; else the nearest
    /// `plots/` or `share/dilution/plots/` above the executable (`.build/<triple>/<config>/dilution` sits three
    /// folders below the package; `make install PREFIX=…` puts the binary in PREFIX/bin and the scripts in
    /// PREFIX/share/dilution/plots).
    public static func locateScripts(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        currentDirectory: String = FileManager.default.currentDirectoryPath,
        executable: String? = nil
    ) throws -> String {
        var candidates: [String] = []
        if let explicit = environment["DILUTION_PLOTS"], !explicit.isEmpty {
            candidates = [explicit]
        } else {
            candidates.append((currentDirectory as NSString).appendingPathComponent("plots"))
            var executables: [URL] = []
            if let executable { executables.append(URL(fileURLWithPath: executable)) }
            if let main = Bundle.main.executableURL { executables.append(main) }
            if let first = CommandLine.arguments.first, first.contains("/") {
                executables.append(URL(fileURLWithPath: first, relativeTo: URL(fileURLWithPath: currentDirectory)))
            }
            for url in executables {
                for start in [url, url.resolvingSymlinksInPath()] {
                    var folder = start.deletingLastPathComponent()
                    for _ in 0..<5 {
                        candidates.append(folder.appendingPathComponent("plots").path)
                        // Installed by `make install PREFIX=…`: PREFIX/bin/dilution and PREFIX/share/dilution/plots.
                        candidates.append(folder.appendingPathComponent("share/dilution/plots").path)
                        folder = folder.deletingLastPathComponent()
                    }
                }
            }
        }
        var seen = Set<String>()
        candidates = candidates.map { URL(fileURLWithPath: $0).standardizedFileURL.path }.filter { seen.insert($0).inserted }
        for folder in candidates
        where FileManager.default.isReadableFile(atPath: (folder as NSString).appendingPathComponent("timeline.gp")) {
            return folder
        }
        throw PlotError.scriptsMissing(candidates)
    }

    /// The gnuplot executable: `$DILUTION_GNUPLOT` if set, else `gnuplot` on `$PATH`.
    public static func locateGnuplot(environment: [String: String] = ProcessInfo.processInfo.environment) throws
        -> String
    {
        let path = environment["PATH"] ?? ""
        if let explicit = environment["DILUTION_GNUPLOT"], !explicit.isEmpty {
            guard FileManager.default.isExecutableFile(atPath: explicit) else {
                throw PlotError.gnuplotMissing("DILUTION_GNUPLOT=\(explicit) is not an executable file; \(path)")
            }
            return explicit
        }
        for folder in path.split(separator: ":") where !folder.isEmpty {
            let candidate = (String(folder) as NSString).appendingPathComponent("gnuplot")
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        throw PlotError.gnuplotMissing(path)
    }

    /// The default picture of `csv`: the same name with `.png` for `.csv` (`NAME.timeline.png`).
    public static func defaultOutput(for csv: String) -> String {
        (csv.hasSuffix(".csv") ? String(csv.dropLast(4)) : csv) + ".png"
    }

    /// The kind of table in the file at `path`, or `nil` when it is none of ours (read errors are thrown).
    public static func kind(ofFile path: String) throws -> PlotKind? {
        PlotKind.detect(header: try read(path).header)
    }

    static func read(_ path: String) throws -> CSVTable {
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw PlotError.malformedCSV(path, "it cannot be read (\(error.localizedDescription))")
        }
        return try CSVReader.parse(text, name: path)
    }

    /// Draws the table in `csv` into `output` (`.png` or `.svg`); returns the kind of table it recognised.
    /// A sweep is drawn with the break-even points of the `NAME.sweep-breakeven.csv` beside it and the metric
    /// names of the `NAME.sweep-names.csv` beside it, a two-input sweep's matrix with the break-even of its metric's
    /// instrument and its metric's name, an exit
    /// waterfall with the breakpoints of the `NAME.exit-breakpoints.csv` beside it.
    /// `title`: the name the chart's title ends with (the scenario's name); `nil`: the file's stem.
    @discardableResult
    public func plot(csv: String, to output: String? = nil, metric: String? = nil, title: String? = nil) throws -> PlotKind {
        let table = try Self.read(csv)
        guard let kind = PlotKind.detect(header: table.header) else {
            throw PlotError.unrecognizedTable(csv, table.header)
        }
        let file = URL(fileURLWithPath: csv).lastPathComponent
        let name = title ?? file.split(separator: ".").first.map(String.init) ?? file
        var breakeven: CSVTable? = nil
        var names: [String: String] = [:]
        if kind == .sweep, csv.hasSuffix(".sweep.csv") {
            let stem = String(csv.dropLast(".sweep.csv".count))
            if FileManager.default.fileExists(atPath: stem + ".sweep-breakeven.csv") {
                breakeven = try? Self.read(stem + ".sweep-breakeven.csv")
            }
            // The sweep table's columns are metric ids; their names are in the table beside it.
            if let table = try? Self.read(stem + ".sweep-names.csv"), table.header == ["metric", "name"] {
                for row in table.rows where !row[1].isEmpty { names[row[0]] = row[1] }
            }
        }
        var metric = metric
        if kind == .sweepMatrix, csv.hasSuffix(".sweep-matrix.csv") {
            // The matrix's metric is the one asked for or, as `sweep` chooses it, the first price metric; its
            // instrument's break-even is drawn on it.
            let stem = String(csv.dropLast(".sweep-matrix.csv".count))
            if let table = try? Self.read(stem + ".sweep-names.csv"), table.header == ["metric", "name"] {
                for row in table.rows where !row[1].isEmpty { names[row[0]] = row[1] }
                if metric == nil { metric = table.rows.first { $0[0].hasSuffix(".price") }?[0] }
            }
            if FileManager.default.fileExists(atPath: stem + ".sweep-breakeven.csv") {
                breakeven = try? Self.read(stem + ".sweep-breakeven.csv")
            }
        }
        if kind == .exit, csv.hasSuffix(".exit.csv") {
            let sibling = String(csv.dropLast(".exit.csv".count)) + ".exit-breakpoints.csv"
            if FileManager.default.fileExists(atPath: sibling) { breakeven = try? Self.read(sibling) }
        }
        let job = try PlotReshaping.job(
            kind, table: table, name: name, metric: metric, breakeven: breakeven, names: names)
        try render(job, to: output ?? Self.defaultOutput(for: csv))
        return kind
    }

    /// Writes the job's data files to a temporary folder and runs its script; gnuplot's error output becomes
    /// the message of the error thrown when it fails or writes nothing.
    public func render(_ job: PlotJob, to output: String) throws {
        let lower = output.lowercased()
        guard lower.hasSuffix(".png") || lower.hasSuffix(".svg") else { throw PlotError.unsupportedOutput(output) }
        let script = (scriptsDirectory as NSString).appendingPathComponent(job.kind.script)
        guard FileManager.default.isReadableFile(atPath: script) else { throw PlotError.scriptsMissing([script]) }
        let manager = FileManager.default
        let folder = manager.temporaryDirectory.appendingPathComponent("dilution-plot-\(UUID().uuidString)")
        try manager.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? manager.removeItem(at: folder) }
        var assignments: [(String, GnuplotValue)] = [
            ("outfile", .string(output)), ("term", .string(lower.hasSuffix(".svg") ? "svg" : "pngcairo")),
            ("plotsdir", .string(scriptsDirectory + "/")),
        ]
        for (index, data) in job.data.enumerated() {
            let url = folder.appendingPathComponent("data\(index).csv")
            try Data(data.contents.utf8).write(to: url)
            assignments.append((data.variable, .string(url.path)))
        }
        assignments += job.variables
        let outputFolder = URL(fileURLWithPath: output).deletingLastPathComponent()
        try? manager.createDirectory(at: outputFolder, withIntermediateDirectories: true)
        try? manager.removeItem(atPath: output)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: gnuplot)
        process.arguments = ["-e", assignments.map { "\($0.0)=\($0.1.source)" }.joined(separator: "; "), script]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        do { try process.run() } catch {
            throw PlotError.gnuplotMissing("\(gnuplot) could not be started: \(error.localizedDescription)")
        }
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let size = (try? manager.attributesOfItem(atPath: output)[.size] as? Int) ?? 0
        if process.terminationStatus != 0 || size == 0 {
            try? manager.removeItem(atPath: output)
            throw PlotError.gnuplotFailed(
                job.kind.script, process.terminationStatus,
                message.isEmpty ? "it wrote nothing to \(output)" : message)
        }
    }
}
