import ArgumentParser
import DilutionReports
import DilutionSampling
import DilutionScenario
import DilutionSimulation
import Foundation

/// The `dilution` command: anti-dilution adjustments of convertible preferred stock and warrants.
public struct Dilution: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "dilution",
        abstract: "Apply anti-dilution clauses to a capitalization and explain every adjustment.",
        version: "0.1.0",
        subcommands: [
            RunCommand.self, ExplainCommand.self, SimulateCommand.self, ValidateCommand.self, CompareCommand.self,
            SweepCommand.self, ExitCommand.self, ReportCommand.self, PlotCommand.self, ImportCommand.self, ExportOCFCommand.self,
        ]
    )

    public init() {}
}

/// The scenario file and its `--set` overrides, which every command that reads a scenario takes.
struct ScenarioFileOptions: ParsableArguments {
    @Argument(help: "The scenario file (YAML).")
    var file: String

    @Option(
        name: .customLong("set"),
        help: ArgumentHelp(
            "Override a value of the scenario: PATH=VALUE, e.g. next-raise.price=0.45 (repeatable).",
            valueName: "path=value"))
    var set: [String] = []
}

/// Options every command that reads one scenario (or one of its variants) takes.
struct ScenarioOptions: ParsableArguments {
    @OptionGroup var input: ScenarioFileOptions

    @Option(help: "Read the scenario as one of its named variants.")
    var variant: String?

    var file: String { input.file }
    var set: [String] { input.set }
}

/// Usage checks shared by the commands; each throws a `ValidationError` (exit status 64) with a full sentence.
enum UsageCheck {
    /// `--paths` within 1 ... `SimulationOptions.maximumPaths`.
    static func paths(_ paths: Int) throws {
        let most = SimulationOptions.maximumPaths
        guard (1...most).contains(paths) else {
            throw ValidationError(
                "--paths must be between 1 and \(ProgressBar.grouped(most)), not \(ProgressBar.grouped(paths)).")
        }
    }

    /// `--threads` at least 1.
    static func threads(_ threads: Int) throws {
        guard threads >= 1 else { throw ValidationError("--threads must be at least 1, not \(threads).") }
    }

    /// `--bins` within 1 ... `SimulationOptions.maximumHistogramBins`.
    static func bins(_ bins: Int) throws {
        let most = SimulationOptions.maximumHistogramBins
        guard (1...most).contains(bins) else {
            throw ValidationError(
                "--bins must be between 1 and \(ProgressBar.grouped(most)), not \(ProgressBar.grouped(bins)).")
        }
    }

    /// `--out` names a folder.
    static func out(_ out: String) throws {
        if out.isEmpty { throw ValidationError("--out must name a folder; it is empty.") }
    }
}

/// Prints an outcome, writes its files, and turns failures into messages and exit status 1.
func perform(inputs: [String], plot: Bool = false, metric: String? = nil, _ body: () throws -> Outcome) throws {
    // Before any GSL routine runs: GSL must report failures, never abort the process.
    GSL.prepare()
    // Before any file is created: a signal removes the temporaries; SIGXFSZ becomes an EFBIG error.
    Staging.prepare()
    do {
        var outcome = try body()
        try outcome.files.write(protecting: inputs)
        // --plot never stops the tables: without gnuplot or its scripts they are written, and a warning says how to
        // get the charts.
        if plot {
            do {
                outcome.stderr += try Operations.plotWritten(outcome, metric: metric)
            } catch let error as PlotError {
                guard let warning = Operations.plotWarning(error) else { throw error }
                outcome.stderr += warning
            }
        }
        FileHandle.standardError.write(Data(outcome.stderr.utf8))
        FileHandle.standardOutput.write(Data(outcome.stdout.utf8))
    } catch {
        // Whatever failed, nothing of the run remains: no temporary, no folder made for the outputs.
        Staging.shared.discardAll()
        var message = describe(error)
        // On a terminal, show the offending line with a caret under the column as well.
        if isatty(STDERR_FILENO) != 0, let error = error as? ScenarioError, let file = error.location?.file,
            let source = try? String(contentsOfFile: file, encoding: .utf8)
        {
            message = error.rendered(source: source)
        }
        FileHandle.standardError.write(Data((message + "\n").utf8))
        throw ExitCode.failure
    }
}

/// The message a user sees for an error: scenario errors as `file:line:column: message`.
public func describe(_ error: any Error) -> String {
    String(describing: error)
}

struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Apply the events; write the timeline and cap tables as CSV and print a summary.")

    @OptionGroup var scenario: ScenarioOptions

    @Option(name: .shortAndLong, help: "The folder for the CSV files.")
    var out: String = "out"

    @Flag(name: .shortAndLong, help: "Write the files without printing the summary.")
    var quiet = false

    @Flag(help: "Also draw each CSV as a PNG beside it (NAME.timeline.png, …) with gnuplot.")
    var plot = false

    func validate() throws {
        try UsageCheck.out(out)
    }

    func run() throws {
        try perform(inputs: [scenario.file], plot: plot) {
            try Operations.run(
                file: scenario.file, outDirectory: out, quiet: quiet, set: scenario.set, variant: scenario.variant)
        }
    }
}

struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Print the notice of adjustment for every adjusted instrument, in Markdown.")

    @OptionGroup var scenario: ScenarioOptions

    @Option(help: "Only the notices of the event with this id.")
    var event: String?

    @Option(name: .customLong("exit"), help: "Instead of the notices, the liquidation waterfall at this exit value, step by step (e.g. 1.2B).")
    var exitValue: String?

    @OptionGroup var exit: ExitOptions

    func validate() throws {
        if exitValue != nil, event != nil { throw ValidationError("Give either --event or --exit, not both.") }
    }

    func run() throws {
        try perform(inputs: [scenario.file]) {
            if let exitValue {
                return try Operations.explainExit(
                    file: scenario.file, value: exitValue, options: exit, set: scenario.set, variant: scenario.variant)
            }
            return try Operations.explain(file: scenario.file, event: event, set: scenario.set, variant: scenario.variant)
        }
    }
}

struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check a scenario and say what is wrong with it.")

    @OptionGroup var scenario: ScenarioOptions

    func run() throws {
        try perform(inputs: [scenario.file]) {
            try Operations.validate(file: scenario.file, set: scenario.set, variant: scenario.variant)
        }
    }
}

struct SimulateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Monte Carlo over the scenario's distributions: summary, histogram and metadata files.")

    @OptionGroup var scenario: ScenarioOptions

    @Option(parsing: .unconditional, help: "Number of paths.")
    var paths: Int = 10_000

    @OptionGroup var random: MonteCarloArguments

    @Option(parsing: .unconditional, help: "Histogram bins per metric.")
    var bins: Int = 50

    @Flag(help: "Also write every path's metrics (the file grows with the paths).")
    var samples = false

    @Option(name: .shortAndLong, help: "The folder for the output files.")
    var out: String = "out"

    @Flag(name: .shortAndLong, help: "Write the files without printing the summary.")
    var quiet = false

    @Flag(help: "Also draw each CSV as a PNG beside it (NAME.simulation-summary.png, …) with gnuplot.")
    var plot = false

    @Option(help: "With --scenario-out: write this path (numbered from 0) as a plain scenario instead of simulating.")
    var path: Int?

    @Option(help: "The scenario file --path writes; `dilution run` on it reproduces the path.")
    var scenarioOut: String?

    func validate() throws {
        if (path == nil) != (scenarioOut == nil) {
            throw ValidationError("--path and --scenario-out go together: the path to write, and the file to write it to.")
        }
        if let path, path < 0 { throw ValidationError("--path must be 0 or more, not \(path).") }
        if let path, path >= paths {
            throw ValidationError("--path \(path) is not one of the \(paths) paths of the run (0 to \(paths - 1)).")
        }
        try UsageCheck.paths(paths)
        try UsageCheck.bins(bins)
        try UsageCheck.out(out)
    }

    func run() throws {
        var certified = SimulateRequest(
            file: scenario.file, outDirectory: out, paths: paths, bins: bins, samples: samples, quiet: quiet,
            set: scenario.set, variant: scenario.variant)
        certified.monteCarlo = random.options
        certified.path = path
        certified.scenarioOut = scenarioOut
        try perform(inputs: [scenario.file], plot: plot && path == nil) { try Operations.simulate(certified) }
    }
}
