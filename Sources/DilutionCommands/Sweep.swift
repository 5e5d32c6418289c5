import ArgumentParser
import DilutionReports
import DilutionScenario
import DilutionSimulation
import Foundation

/// What `dilution sweep` is asked to do.
public struct SweepRequest: Sendable {
    public var file: String
    public var outDirectory: String
    /// `PATH=SPEC` for each swept input (one or two); empty with `tornado`.
    public var vary: [String]
    /// Monte Carlo paths per grid point, or `nil` for the central path.
    public var paths: Int?
    /// The seed, generator or sequence of the Monte Carlo at each point (the same at every point), and the threads
    /// (also for the central path).
    public var monteCarlo: MonteCarloOptions
    /// The metric of the matrix and the tornado; `nil` for the first price metric.
    public var metric: String?
    public var tornado: Bool
    public var quiet: Bool
    /// `--set PATH=VALUE` arguments, applied after the variant.
    public var set: [String]
    /// The variant of the scenario to sweep, if any.
    public var variant: String?

    public init(
        file: String, outDirectory: String = "out", vary: [String] = [], paths: Int? = nil, seed: UInt64 = 1,
        metric: String? = nil, tornado: Bool = false, threads: Int = ProcessInfo.processInfo.activeProcessorCount,
        quiet: Bool = false, set: [String] = [], variant: String? = nil
    ) {
        self.set = set
        self.variant = variant
        self.file = file
        self.outDirectory = outDirectory
        self.vary = vary
        self.paths = paths
        self.monteCarlo = MonteCarloOptions(seed: seed, threads: threads)
        self.metric = metric
        self.tornado = tornado
        self.quiet = quiet
    }
}

extension Operations {
    /// `dilution sweep`: a grid over one or two inputs (tidy CSV, a matrix for two, break-even prices), or with
    /// `tornado` the one-at-a-time sensitivity to every uncertain input.
    public static func sweep(_ request: SweepRequest) throws -> Outcome {
        do {
            return try sweepUnlocated(request)
        } catch let error as SweepError {
            guard let event = error.event else { throw error }
            throw try load(file: request.file, set: request.set, variant: request.variant).locate(event)
        } catch let error as PathEventError {
            throw try load(file: request.file, set: request.set, variant: request.variant).locate(error)
        }
    }

    private static func sweepUnlocated(_ request: SweepRequest) throws -> Outcome {
        let stem = URL(fileURLWithPath: request.file).deletingPathExtension().lastPathComponent
        func path(_ suffix: String) -> String {
            (request.outDirectory as NSString).appendingPathComponent("\(stem).\(suffix)")
        }
        var outcome = Outcome()
        if request.tornado {
            guard request.vary.isEmpty else {
                throw CommandError("--tornado varies every uncertain input itself; leave out --vary.")
            }
            let loaded = try load(file: request.file, set: request.set, variant: request.variant)
            outcome.title = loaded.scenario.name
            let names = try SweepModel(loaded: loaded, varying: []).metricNames
            let metric = try chooseMetric(request.metric, among: names)
            let (central, rows) = try Sweep.tornado(loaded: loaded, metric: metric)
            let label = Format.metricLabel(metric, names: loaded.stochastic.instrumentNames)
            let inputNames = Dictionary(
                rows.map { ($0.path, loaded.stochastic.inputName($0.path)) }, uniquingKeysWith: { first, _ in first })
            outcome.files.add(
                path("tornado.csv"),
                Sweep.tornadoCSV(rows, metric: metric, central: central, metricName: label, inputNames: inputNames))
            if !request.quiet {
                // Each input by its name; its path, which --vary and --set take, last.
                var table = TextTable(
                    header: ["Input", "Low input", "High input", "At low", "At high", "Swing", "Path"],
                    alignments: [.left, .right, .right, .right, .right, .right, .left])
                for row in rows {
                    table.rows.append([inputNames[row.path] ?? row.path, number(row.lowInput, row.path),
                        number(row.highInput, row.path), number(row.low, metric), number(row.high, metric),
                        number(row.swing, metric), row.path])
                }
                outcome.stdout = "\(loaded.scenario.name)\nTornado of \(label) (\(metric); central path: "
                    + "\(number(central, metric)))\n\n"
                    + table.text
                    + "Each input alone at its 10% and 90% quantiles, or, for an event's fixed probability, at 0 and 1; "
                    + "every other input central.\n"
            }
        } else {
            guard (1...2).contains(request.vary.count) else {
                throw CommandError("Give one or two --vary PATH=LO:HI:STEP options (or --tornado), not "
                    + "\(request.vary.count).")
            }
            let axes = try request.vary.map { try SweepAxis.parse($0) }
            // Checks the --set arguments and every variant of the file first.
            outcome.title = try load(file: request.file, set: request.set, variant: request.variant).scenario.name
            let model = try SweepModel.load(
                file: request.file, varying: axes.map(\.path),
                overrides: try request.set.map { try Override(argument: $0) }, variant: request.variant)
            let metric = try chooseMetric(request.metric, among: model.metricNames)
            let threads = request.monteCarlo.threads
            let result = try Sweep.run(
                model, axes: axes, monteCarlo: try request.paths.map { try request.monteCarlo.simulation(paths: $0) },
                threads: threads)
            let names = model.stochastic.instrumentNames
            outcome.files.add(path("sweep.csv"), result.tidyCSV(threads: threads))
            // The sweep table's columns are its metrics' ids; their names are in a table of their own.
            outcome.files.add(
                path("sweep-names.csv"),
                result.metricNamesCSV(names: Dictionary(
                    result.metricNames.map { ($0, Format.metricLabel($0, names: names)) },
                    uniquingKeysWith: { first, _ in first })))
            if axes.count == 2 { outcome.files.add(path("sweep-matrix.csv"), try result.matrixCSV(metric: metric)) }
            if !result.protected.isEmpty {
                outcome.files.add(path("sweep-breakeven.csv"), result.breakEvenCSV(names: names))
            }
            if !request.quiet { outcome.stdout = render(
                    result, metric: metric, name: model.stochastic.central.name,
                    csv: URL(fileURLWithPath: path("sweep.csv")).lastPathComponent,
                    names: names) }
        }
        outcome.stderr = outcome.files.files.map { "wrote \($0.path)\n" }.joined()
        return outcome
    }

    /// The metric asked for, or the first price metric (else the first metric).
    static func chooseMetric(_ asked: String?, among names: [String]) throws -> String {
        if let asked {
            guard names.contains(asked) else { throw CommandError(Sweep.unknownMetric(asked, among: names)) }
            return asked
        }
        return names.first { $0.hasSuffix(".price") } ?? names[0]
    }

    static func number(_ value: Double, _ name: String) -> String {
        Format.reading(value, unit: Format.unit(of: name))
    }

    /// An input value of the grid, as the console shows it (`$0.25`, `$1,000,000.00`).
    static func input(_ value: some CustomStringConvertible, _ path: String) -> String {
        Format.unit(of: path) == .plain ? value.description : number(Double("\(value)") ?? .nan, path)
    }

    /// The readable summary of a sweep: the chosen metric along the grid (every row for one input; a matrix of
    /// at most 21 rows and columns for two, saying so when it leaves some out), and the break-even table.
    static func render(
        _ result: SweepResult, metric: String, name: String, csv: String, names: [String: String] = [:]
    ) -> String {
        let label = "\(Format.metricLabel(metric, names: names)) (\(metric))"
        var text = "\(name)\n\(result.count) grid points"
        text += result.paths.map { ", \($0) Monte Carlo paths per point (means)" } ?? ", central path"
        text += "\n\n"
        func sample(_ count: Int) -> [Int] {
            count <= 21 ? Array(0..<count) : (0..<21).map { $0 * (count - 1) / 20 }
        }
        let first = result.axes[0]
        if result.axes.count == 1 {
            var table = TextTable(header: [first.path, label], alignments: [.right, .right])
            for row in 0..<first.values.count {
                table.rows.append([
                    input(first.values[row], first.path), number(result.metric(metric, at: row) ?? .nan, metric),
                ])
            }
            text += table.text
        } else {
            let second = result.axes[1]
            let rows = sample(first.values.count)
            let columns = sample(second.values.count)
            var table = TextTable(
                header: ["\(first.path) \\ \(second.path)"] + columns.map { input(second.values[$0], second.path) },
                alignments: [.right] + columns.map { _ in .right })
            for row in rows {
                table.rows.append(
                    [input(first.values[row], first.path)]
                        + columns.map {
                            number(result.metric(metric, at: row * second.values.count + $0) ?? .nan, metric)
                        })
            }
            text += "\(label)\n" + table.text
            var cut: [String] = []
            if rows.count < first.values.count { cut.append("\(rows.count) of \(first.values.count) rows") }
            if columns.count < second.values.count {
                cut.append("\(columns.count) of \(second.values.count) columns")
            }
            if !cut.isEmpty { text += cut.joined(separator: " and ") + " shown; all in \(csv)\n" }
        }
        let evens = result.breakEvens
        if !evens.isEmpty {
            var header = ["Instrument", "Price before", "Exact threshold", "Grid break-even"]
            if result.axes.count == 2 { header.insert(result.axes[1].path, at: 0) }
            var table = TextTable(header: header, alignments: header.map { _ in .right })
            table.alignments[result.axes.count == 2 ? 1 : 0] = .left
            for row in evens {
                var cells = [
                    names[row.instrument] ?? row.instrument,
                    row.priceBefore.map { "$" + $0.fullText(minimumPlaces: 2) } ?? "",
                    row.exactThreshold.map { "$" + $0.fullText(minimumPlaces: 2) } ?? "",
                    row.notReached ? "not reached" : row.gridBreakEven.map { input($0, first.path) } ?? "—",
                ]
                if let line = row.line { cells.insert(input(line, result.axes[1].path), at: 0) }
                table.rows.append(cells)
            }
            text += "\nBreak-even: highest \(first.path) at which each clause fires\n" + table.text
            if evens.contains(where: \.notReached) {
                text += "not reached: the clause fires up to the top of the grid, so the break-even is above it\n"
            }
        }
        return text
    }
}

struct SweepCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sweep",
        abstract: "Sensitivity grids over one or two inputs, break-even prices, and tornado tables.",
        discussion: """
            PATH is an event's numeric input: EVENT.KEY (next-raise.price) or EVENT.INSTRUMENT.KEY. Values: \
            LO:HI:STEP (exact decimal steps), a,b,c (a list), or LO:HI:*N (N log-spaced points).
            """)

    @OptionGroup var scenario: ScenarioOptions

    @Option(name: .long, help: "PATH=LO:HI:STEP, PATH=a,b,c or PATH=LO:HI:*N; once or twice.")
    var vary: [String] = []

    @Option(parsing: .unconditional, help: "Monte Carlo paths at each grid point (default: the central path only).")
    var paths: Int?

    // The Monte Carlo at each point starts from the same seed at every point, so that curves are smooth.
    @OptionGroup var random: MonteCarloArguments

    @Option(help: "The metric of the matrix and the tornado (default: the first price metric).")
    var metric: String?

    @Flag(help: "One-at-a-time low (p10) and high (p90) of every uncertain input, sorted by swing.")
    var tornado = false

    @Option(name: .shortAndLong, help: "The folder for the CSV files.")
    var out: String = "out"

    @Flag(name: .shortAndLong, help: "Write the files without printing the summary.")
    var quiet = false

    @Flag(help: "Also draw each CSV as a PNG beside it (NAME.sweep.png, …) with gnuplot.")
    var plot = false

    func validate() throws {
        if let paths { try UsageCheck.paths(paths) }
        try UsageCheck.out(out)
        if !tornado && vary.isEmpty {
            throw ValidationError("Give --vary PATH=LO:HI:STEP (once or twice) or --tornado.")
        }
    }

    func run() throws {
        var request = SweepRequest(
            file: scenario.file, outDirectory: out, vary: vary, paths: paths, metric: metric, tornado: tornado,
            quiet: quiet, set: scenario.set, variant: scenario.variant)
        request.monteCarlo = random.options
        try perform(inputs: [scenario.file], plot: plot, metric: metric) { try Operations.sweep(request) }
    }
}
