import DilutionSampling
import Foundation

/// How a simulation runs: how many paths, from which random numbers, on how many threads.
///
/// Everything except `threads` determines the output; `threads` changes only the speed.
package struct SimulationOptions: Sendable, Hashable {
    /// The default number of paths per chunk. Fixed, so that the streams do not depend on the thread count.
    package static let defaultChunkSize = 16_384
    /// The default number of bins of the histogram written for each metric.
    package static let defaultHistogramBins = 50
    /// The most paths a run may ask for: about an hour and a half at two million paths a second.
    package static let maximumPaths = 10_000_000_000
    /// The most histogram bins per metric: far more than the 4,096 quantile bins the written ones are grouped from.
    package static let maximumHistogramBins = 10_000

    /// The number of simulated paths (at least 1).
    package var paths: Int
    /// The run's seed; chunk *i* draws from `RandomGenerator(kind: generator, seed: seed, stream: i)`.
    package var seed: UInt64
    /// The pseudo-random generator algorithm.
    package var generator: GeneratorKind
    /// A quasi-random sequence to use instead of the generator, or `nil` for pseudo-random numbers.
    package var quasiRandom: QuasiRandomKind?
    /// Latin hypercube points instead (the jitter within each stratum from the generator's streams).
    package var latinHypercube = false
    /// The number of worker threads (at least 1); does not change the output.
    package var threads: Int
    /// The number of paths per chunk (at least 1): the unit of work, of random streams and of progress.
    package var chunkSize: Int
    /// The number of bins of each metric's histogram (at least 1).
    package var histogramBins: Int
    /// Whether per-path metric values are collected and passed to the run's sample sink.
    package var keepSamples: Bool

    /// Creates options; only `paths` and `seed` have no default.
    package init(
        paths: Int,
        seed: UInt64,
        generator: GeneratorKind = .default,
        quasiRandom: QuasiRandomKind? = nil,
        threads: Int = ProcessInfo.processInfo.activeProcessorCount,
        chunkSize: Int = SimulationOptions.defaultChunkSize,
        histogramBins: Int = SimulationOptions.defaultHistogramBins,
        keepSamples: Bool = false
    ) {
        self.paths = paths
        self.seed = seed
        self.generator = generator
        self.quasiRandom = quasiRandom
        self.threads = threads
        self.chunkSize = chunkSize
        self.histogramBins = histogramBins
        self.keepSamples = keepSamples
    }

    /// The number of chunks: `paths` divided by `chunkSize`, rounded up.
    package var chunkCount: Int { paths / chunkSize + (paths % chunkSize == 0 ? 0 : 1) }

    /// Checks that every count is positive.
    package func validate() throws(SimulationError) {
        for (name, value) in [("paths", paths), ("threads", threads), ("chunk size", chunkSize)]
        where value < 1 {
            throw .invalidOption(name: name, message: "The \(name) must be at least 1, not \(value).")
        }
        if histogramBins < 1 || histogramBins > Self.maximumHistogramBins {
            throw .invalidOption(
                name: "histogram bins",
                message: "The number of histogram bins must be between 1 and "
                    + "\(ProgressBar.grouped(Self.maximumHistogramBins)), not \(ProgressBar.grouped(histogramBins))."
            )
        }
        if paths > Self.maximumPaths {
            throw .invalidOption(
                name: "paths",
                message: "The number of paths must be at most \(ProgressBar.grouped(Self.maximumPaths)), "
                    + "not \(ProgressBar.grouped(paths))."
            )
        }
    }
}
