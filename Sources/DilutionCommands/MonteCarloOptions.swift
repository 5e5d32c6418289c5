import ArgumentParser
import DilutionSampling
import DilutionSimulation
import Foundation

/// What every Monte Carlo command (`simulate`, `compare --paths`, `sweep --paths`, `report`) is told about its
/// random numbers and threads. The number of paths is each command's own: `simulate` has a default, the others
/// simulate only when given one.
public struct MonteCarloOptions: Sendable, Equatable {
    /// The run's seed: the same seed gives the same bytes whatever the thread count.
    public var seed: UInt64
    /// The GSL generator (`mt19937`, `taus2`, …).
    public var generator: String
    /// A quasi-random sequence instead (`sobol`, `halton`, …), or `lhs` for Latin hypercube points.
    public var sequence: String?
    /// Worker threads; they change only the speed.
    public var threads: Int

    public init(
        seed: UInt64 = 1, generator: String = "mt19937", sequence: String? = nil,
        threads: Int = ProcessInfo.processInfo.activeProcessorCount
    ) {
        self.seed = seed
        self.generator = generator
        self.sequence = sequence
        self.threads = threads
    }

    /// Whether `sequence` asks for Latin hypercube points (`lhs` or `latin-hypercube`) rather than a GSL sequence.
    public var isLatinHypercube: Bool { sequence == "lhs" || sequence == "latin-hypercube" }

    /// The simulation of `paths` paths these options describe; an unknown generator or sequence is an error that
    /// lists the known ones.
    func simulation(paths: Int, bins: Int = SimulationOptions.defaultHistogramBins, samples: Bool = false) throws
        -> SimulationOptions
    {
        var options = SimulationOptions(
            paths: paths, seed: seed, generator: try GeneratorKind(named: generator),
            quasiRandom: try sequence.flatMap { isLatinHypercube ? nil : try QuasiRandomKind(named: $0) },
            threads: threads, histogramBins: bins, keepSamples: samples)
        options.latinHypercube = isLatinHypercube
        return options
    }
}

/// The command-line options of `MonteCarloOptions`, shared by the commands that simulate.
struct MonteCarloArguments: ParsableArguments {
    @Option(help: "Seed of the random generator; the same seed gives the same bytes whatever the thread count.")
    var seed: UInt64 = 1

    @Option(help: "GSL generator: mt19937, taus2, ranlxd2, … (see the docs).")
    var generator: String = "mt19937"

    @Option(help: "Use a quasi-random sequence instead: sobol, niederreiter-2, halton, reverse-halton, or lhs (Latin hypercube).")
    var sequence: String?

    @Option(parsing: .unconditional, help: "Worker threads (default: every core).")
    var threads: Int = ProcessInfo.processInfo.activeProcessorCount

    func validate() throws { try UsageCheck.threads(threads) }

    var options: MonteCarloOptions {
        MonteCarloOptions(seed: seed, generator: generator, sequence: sequence, threads: threads)
    }
}
