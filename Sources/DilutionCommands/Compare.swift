import ArgumentParser
import DilutionReports
import DilutionSampling
import DilutionScenario
import DilutionSimulation
import Foundation

/// What `dilution compare` is asked to do.
public struct CompareRequest: Sendable {
    public var file: String
    public var outDirectory: String
    /// Monte Carlo paths per scenario, or `nil` to compare the central (deterministic) paths.
    public var paths: Int?
    /// The seed, generator or sequence, and threads (Monte Carlo; the threads also for the central paths).
    public var monteCarlo: MonteCarloOptions
    /// The variants to compare with the base, in this order; empty for every variant, in file order.
    public var variants: [String]
    /// `--set PATH=VALUE` arguments, applied to the base and to every variant.
    public var set: [String]
    public var quiet: Bool
    /// The variant compared against (`--base`); `nil` for the scenario as written. With a variant as the
    /// base, the scenario as written is compared with it too, as `as-written`, unless `variants` is given.
    public var base: String? = nil

    public init(
        file: String, outDirectory: String = "out", paths: Int? = nil, seed: UInt64 = 1, generator: String = "mt19937",
        sequence: String? = nil, threads: Int = ProcessInfo.processInfo.activeProcessorCount, variants: [String] = [],
        set: [String] = [], quiet: Bool = false
    ) {
        self.file = file
        self.outDirectory = outDirectory
        self.paths = paths
        self.monteCarlo = MonteCarloOptions(seed: seed, generator: generator, sequence: sequence, threads: threads)
        self.variants = variants
        self.set = set
        self.quiet = quiet
    }
}

/// The metrics of one scenario (the base or a variant): a value per metric name, with a standard error
/// under Monte Carlo.
struct ComparedScenario {
    var name: String
    var description: String?
    /// Metric names in the scenario's own order.
    var metricNames: [String]
    var values: [String: Double]
    var standardErrors: [String: Double]
    /// Monte Carlo, variants: the standard error of each difference from the base, from the paired paths.
    var deltaStandardErrors: [String: Double] = [:]

    /// The value of `metric`, NaN when the scenario lacks it.
    func value(_ metric: String) -> Double { values[metric] ?? .nan }
    /// The standard error of `metric`, NaN when the scenario lacks it or the comparison is deterministic.
    func standardError(_ metric: String) -> Double { standardErrors[metric] ?? .nan }
    /// The paired standard error of the difference of `metric` from the base, NaN when not estimated.
    func deltaStandardError(_ metric: String) -> Double { deltaStandardErrors[metric] ?? .nan }
}

extension Operations {
    /// `dilution compare`: the base scenario and its variants side by side, with the differences from the base.
    ///
    /// Writes `NAME.compare.csv` (see `Comparison.csv`) and prints a table.
    public static func compare(_ request: CompareRequest) throws -> Outcome {
        let written = try load(file: request.file, set: request.set)
        // An error in the base scenario comes first: it is the problem, whether or not there are variants.
        _ = try written.run()
        guard !written.variants.isEmpty else {
            throw CommandError(
                "\(request.file) has no variants to compare; add a 'variants' section (see docs/scenario-format.md).")
        }
        let names = written.variants.map(\.name)
        func variant(_ name: String) throws -> ScenarioVariant {
            guard let variant = written.variants.first(where: { $0.name == name }) else {
                throw CommandError("The scenario has no variant '\(name)'; its variants are: "
                    + names.joined(separator: ", ") + ".")
            }
            return variant
        }
        let baseVariant = try request.base.map(variant)
        var chosen: [ScenarioVariant] = []
        for name in request.variants {
            if name == request.base {
                throw CommandError("The variant '\(name)' is the base (--base); compare it with the others.")
            }
            chosen.append(try variant(name))
        }
        let compareWritten = baseVariant != nil && chosen.isEmpty
        if chosen.isEmpty { chosen = written.variants.filter { $0.name != request.base } }
        let base: LoadedScenario
        if let baseVariant {
            do {
                base = try load(file: request.file, set: request.set, variant: baseVariant.name, checkingVariants: false)
                _ = try base.run()
            } catch let error as ScenarioError {
                throw ScenarioError.inVariant(baseVariant.name, error)
            }
        } else {
            base = written
        }

        let options = try request.paths.map { try request.monteCarlo.simulation(paths: $0) }
        let started = Date()
        var scenarios: [(loaded: LoadedScenario, name: String, description: String?)] = [
            (base, "base", baseVariant.map { "variant \($0.name)" + ($0.description.map { ", \($0)" } ?? "") })
        ]
        if compareWritten { scenarios.append((written, "as-written", "the scenario as written, without a variant")) }
        for variant in chosen {
            do {
                scenarios.append((try load(file: request.file, set: request.set, variant: variant.name, checkingVariants: false), variant.name,
                    variant.description))
            } catch let error as ScenarioError {
                throw ScenarioError("in variant '\(variant.name)': \(error.message)", at: error.location)
            }
        }
        var columns: [ComparedScenario]
        if let options {
            columns = try pairedMonteCarlo(scenarios, options: options)
        } else {
            columns = try scenarios.map { try evaluate($0.loaded, name: $0.name, description: $0.description) }
        }
        var instrumentNames = base.stochastic.instrumentNames
        for scenario in scenarios {
            instrumentNames.merge(scenario.loaded.stochastic.instrumentNames) { first, _ in first }
        }
        let comparison = Comparison(columns: columns, monteCarlo: options != nil, names: instrumentNames)

        var outcome = Outcome()
        outcome.title = base.scenario.name
        let stem = URL(fileURLWithPath: request.file).deletingPathExtension().lastPathComponent
        let path = (request.outDirectory as NSString).appendingPathComponent("\(stem).compare.csv")
        outcome.files.add(path, comparison.csv)
        if !request.quiet {
            var heading = "\(base.scenario.name)\n"
            if let options {
                heading += "Monte Carlo: \(options.paths) paths per scenario, seed \(options.seed), "
                    + (options.latinHypercube
                        ? "Latin hypercube, generator \(options.generator.rawValue)"
                        : options.quasiRandom.map { "quasi-random \($0.rawValue)" }
                            ?? "generator \(options.generator.rawValue)")
                    + "; means, Δ = variant − base, se(Δ) from the paired paths (each variant on the base's draws)\n"
            } else {
                heading += "Central path of each scenario; Δ = variant − base\n"
            }
            outcome.stdout = heading + comparison.text
        }
        outcome.stderr = "wrote \(path)\n"
        if let options {
            outcome.stderr += String(
                format: "%d scenarios × %d paths in %.2f s\n", columns.count, options.paths,
                Date().timeIntervalSince(started))
        }
        return outcome
    }

    /// The metrics of `loaded`'s central path.
    static func evaluate(_ loaded: LoadedScenario, name: String, description: String?) throws -> ComparedScenario {
        // Run the central path first so that engine errors come back located in the file.
        let timeline = try loaded.run()
        let model = try ScenarioPathModel(loaded.stochastic)
        var values: [String: Double] = [:]
        var metrics = [Double](repeating: .nan, count: model.metricNames.count)
        let adjustments = timeline.steps.reduce(0) { $0 + $1.adjustments.count }
        try ScenarioPathModel.record(
            timeline.final, adjustments: adjustments, ids: model.instrumentIDs, kinds: model.kinds,
            pool: model.tracksPool, holders: model.holderNames, into: &metrics)
        try Operations.recordExit(loaded, model: model, timeline: timeline, into: &metrics)
        for (metric, value) in zip(model.metricNames, metrics) { values[metric] = value }
        return ComparedScenario(
            name: name, description: description, metricNames: model.metricNames, values: values, standardErrors: [:])
    }

    /// Monte Carlo means and standard errors of every scenario on common random numbers (`PairedModel`): the
    /// base's columns are those of a simulation of it alone, each variant runs on the base's draws path by path,
    /// and each difference's standard error is that of the paired differences.
    static func pairedMonteCarlo(
        _ scenarios: [(loaded: LoadedScenario, name: String, description: String?)], options: SimulationOptions
    ) throws -> [ComparedScenario] {
        var models: [ScenarioPathModel] = []
        for scenario in scenarios {
            _ = try scenario.loaded.check()  // engine errors located in the file
            models.append(try ScenarioPathModel(scenario.loaded.stochastic))
        }
        let paired = PairedModel(models: models, names: scenarios.indices.map { "s\($0)" })
        let result = try Simulator.run(model: paired, options: options)
        var summaries: [String: StatisticsSummary] = [:]
        for (metric, summary) in zip(result.metricNames, result.summaries) { summaries[metric] = summary }
        return zip(scenarios, models).enumerated().map { index, pair in
            let (scenario, model) = pair
            var values: [String: Double] = [:]
            var errors: [String: Double] = [:]
            var deltaErrors: [String: Double] = [:]
            for metric in model.metricNames {
                if let summary = summaries["s\(index)/\(metric)"] {
                    values[metric] = summary.count > 0 ? summary.mean : .nan
                    errors[metric] = summary.count > 1 ? summary.standardError : .nan
                }
                if index > 0, let summary = summaries["s\(index)/\(metric)-delta"] {
                    deltaErrors[metric] = summary.count > 1 ? summary.standardError : .nan
                }
            }
            return ComparedScenario(
                name: scenario.name, description: scenario.description, metricNames: model.metricNames, values: values,
                standardErrors: errors, deltaStandardErrors: deltaErrors)
        }
    }
}

/// Scenarios side by side: the first column is the base, the others are variants compared with it.
struct Comparison {
    var columns: [ComparedScenario]
    var monteCarlo: Bool
    /// Instrument names by id, for the table a person reads.
    var names: [String: String] = [:]

    var base: ComparedScenario { columns[0] }
    var variants: ArraySlice<ComparedScenario> { columns.dropFirst() }

    /// Every metric of any scenario: the base's in its order, then each one a variant adds, placed after the
    /// metric that precedes it in that variant.
    var metricNames: [String] {
        var names = base.metricNames
        for column in variants {
            var previous: String? = nil
            for name in column.metricNames {
                if !names.contains(name) {
                    let index = previous.flatMap { names.firstIndex(of: $0) }.map { $0 + 1 } ?? 0
                    names.insert(name, at: index)
                }
                previous = name
            }
        }
        return names
    }

    /// Variant minus base; NaN when either is missing.
    static func delta(_ value: Double, _ base: Double) -> Double {
        value.isNaN || base.isNaN ? .nan : value - base
    }

    /// (Variant − base) ÷ |base|; NaN when either is missing or the base is 0.
    static func relative(_ value: Double, _ base: Double) -> Double {
        value.isNaN || base.isNaN || base == 0 ? .nan : (value - base) / abs(base)
    }

    /// The CSV: `metric,base,V,V_delta,V_relative,…` for each variant V, or under Monte Carlo
    /// `metric,base,base_se,V,V_se,V_delta,V_relative,…` (means and their standard errors). Ten significant
    /// digits; a missing value, and a relative change from 0, is an empty field. The metric id is the key; the last
    /// column, `name`, is the metric as a person reads it ("Series 2-A Convertible Preferred: price").
    var csv: String {
        var header = ["metric", "base"]
        if monteCarlo { header.append("base_se") }
        for column in variants {
            header.append(column.name)
            if monteCarlo { header.append("\(column.name)_se") }
            header += ["\(column.name)_delta"]
            if monteCarlo { header.append("\(column.name)_delta_se") }
            header += ["\(column.name)_relative"]
        }
        header.append("name")
        var out = header.map(Self.field).joined(separator: ",") + "\n"
        for metric in metricNames {
            let b = base.value(metric)
            var fields = [Self.field(metric), Self.number(b)]
            if monteCarlo { fields.append(Self.number(base.standardError(metric))) }
            for column in variants {
                let v = column.value(metric)
                fields.append(Self.number(v))
                if monteCarlo { fields.append(Self.number(column.standardError(metric))) }
                fields.append(Self.number(Self.delta(v, b)))
                if monteCarlo { fields.append(Self.number(column.deltaStandardError(metric))) }
                fields.append(Self.number(Self.relative(v, b)))
            }
            fields.append(Self.field(Format.metricLabel(metric, names: names)))
            out += fields.joined(separator: ",") + "\n"
        }
        return out
    }

    /// The table printed on stdout: each metric's base value, then each variant's value and Δ; the variants'
    /// descriptions first and a note on units after.
    var text: String {
        var out = ""
        for column in columns where column.description != nil {
            out += "  \(column.name)" + (column.description.map { ": \($0)" } ?? "") + "\n"
        }
        out += "\n"
        var header = ["Metric", "base"]
        var alignments: [TextTable.Alignment] = [.left, .right]
        for column in variants {
            header += [column.name, "Δ"]
            alignments += [.right, .right]
            if monteCarlo {
                header.append("se(Δ)")
                alignments.append(.right)
            }
        }
        var table = TextTable(header: header, alignments: alignments)
        for metric in metricNames {
            let b = base.value(metric)
            let unit = Format.unit(of: metric)
            var row = [Format.metricLabel(metric, names: names), Format.reading(b, unit: unit)]
            for column in variants {
                let v = column.value(metric)
                row += [Format.reading(v, unit: unit), Format.reading(Self.delta(v, b), unit: unit, signed: true)]
                if monteCarlo { row.append(Format.reading(column.deltaStandardError(metric), unit: unit)) }
            }
            table.rows.append(row)
        }
        out += table.text
        out += "\nOwnership is a fraction of fully diluted shares; an empty cell is a metric the "
            + "scenario does not have. Relative changes are in the CSV.\n"
        return out
    }

    /// `%.10g`, zero unsigned, empty for NaN.
    static func number(_ value: Double) -> String {
        if value.isNaN { return "" }
        if value == 0 { return "0" }
        if value.isInfinite { return value < 0 ? "-inf" : "inf" }
        return String(format: "%.10g", value)
    }

    /// A CSV field, quoted when it holds a comma, a quote or a line break.
    static func field(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "The scenario and its named variants side by side, with the differences from the base.")

    // Not `ScenarioOptions`: compare reads every variant itself, so it offers no `--variant`.
    @OptionGroup var scenario: ScenarioFileOptions

    @Option(
        name: .customLong("base"),
        help: "The variant the others are compared with (default: the scenario as written, which is then compared too).")
    var base: String?

    @Option(name: .customLong("only"), help: "Compare only this variant with the base (repeatable).")
    var only: [String] = []

    @Option(
        parsing: .unconditional,
        help: "Monte Carlo paths per scenario (default: compare the central paths, without sampling).")
    var paths: Int?

    // The same seed for every scenario: the paths are paired.
    @OptionGroup var random: MonteCarloArguments

    @Option(name: .shortAndLong, help: "The folder for the CSV file.")
    var out: String = "out"

    @Flag(name: .shortAndLong, help: "Write the file without printing the table.")
    var quiet = false

    @Flag(help: "Also draw each CSV as a PNG beside it (NAME.compare.png) with gnuplot.")
    var plot = false

    func validate() throws {
        if let paths { try UsageCheck.paths(paths) }
        try UsageCheck.out(out)
    }

    func run() throws {
        var request = CompareRequest(
            file: scenario.file, outDirectory: out, paths: paths, variants: only, set: scenario.set, quiet: quiet)
        request.monteCarlo = random.options
        request.base = base
        try perform(inputs: [scenario.file], plot: plot) { try Operations.compare(request) }
    }
}
