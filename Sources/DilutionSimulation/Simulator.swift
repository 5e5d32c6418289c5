import DilutionSampling
import Foundation

/// Runs a `PathModel` over many paths: in fixed-size chunks, on several threads, with output that does not depend
/// on the number of threads.
package enum Simulator {
    /// Simulates `options.paths` paths of `model` and returns the statistics of each metric.
    ///
    /// Paths are split into chunks of `options.chunkSize`. In pseudo-random mode chunk *i* draws from its own
    /// generator, `RandomGenerator(kind: options.generator, seed: options.seed, stream: i)`; in quasi-random mode
    /// path *k* uses point *k* of the sequence. Worker threads run chunks as they come free, and the calling thread
    /// merges their statistics strictly in chunk order, so the results, to the last bit, are the same whatever
    /// `options.threads` is. Memory stays proportional to threads × chunk size, not to the number of paths.
    ///
    /// Both closures run on the calling thread, one call at a time:
    /// - `progress(pathsDone, total)` at most about ten times a second, and once more at the end;
    /// - `sampleSink` once per chunk, in chunk order, with the chunk's per-path values, when `options.keepSamples`.
    ///
    /// The first path (in path order) whose evaluation throws stops the run with `SimulationError.pathFailed`; an
    /// error thrown by `sampleSink` stops it too and is rethrown unchanged.
    package static func run<Model: PathModel>(
        model: Model,
        options: SimulationOptions,
        progress: (_ pathsDone: Int, _ total: Int) -> Void = { _, _ in },
        sampleSink: (SampleChunk) throws -> Void = { _ in }
    ) throws -> SimulationResult {
        let start = ContinuousClock.now
        try options.validate()
        let plan = try Plan(model: model, options: options)
        let workerCount = min(options.threads, options.chunkCount)
        let queue = ChunkQueue(chunkCount: options.chunkCount, window: 2 * workerCount + 2)
        let histograms = HistogramCollector(metricCount: plan.metricCount, binCount: plan.binCount)
        for index in 0..<workerCount {
            queue.workerStarting()
            let thread = Thread { work(model: model, plan: plan, queue: queue, histograms: histograms) }
            thread.name = "simulation-\(index)"
            thread.start()
        }

        var statistics = Array(repeating: MetricStatistics(binCount: plan.binCount), count: plan.metricCount)
        var lastReport = start
        do {
            for _ in 0..<options.chunkCount {
                let (outcome, completedPaths) = queue.collect()
                let result = try outcome.get()
                for metric in 0..<plan.metricCount { statistics[metric].merge(result.statistics[metric]) }
                if let samples = result.samples { try sampleSink(samples) }
                let now = ContinuousClock.now
                if now - lastReport >= .milliseconds(100) {
                    lastReport = now
                    progress(completedPaths, options.paths)
                }
            }
        } catch {
            queue.finish(abandon: true)
            throw error
        }
        queue.finish(abandon: false)
        // Each worker counted its chunks into histograms of its own: exact and order-free, so merged in any order
        // they are those of all the values, whatever the thread count.
        for metric in 0..<plan.metricCount { statistics[metric].setHistogram(histograms.merged[metric]) }
        progress(options.paths, options.paths)

        let elapsed = ContinuousClock.now - start
        return SimulationResult(
            metricNames: plan.metricNames,
            statistics: statistics,
            summaries: statistics.map { $0.summary() },
            histograms: statistics.map { $0.histogram(bins: options.histogramBins) },
            options: options,
            threadsUsed: workerCount,
            elapsedSeconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        )
    }

    /// The mean of every metric over `options.paths` paths, on the calling thread and without quantiles: what a
    /// Monte Carlo sweep needs at each of its points, without a thread, a queue and histograms per point. The
    /// chunks are those of `run(model:options:)`, merged in the same order, so the means are the same to the bit
    /// (`options.threads` is not used).
    package static func means<Model: PathModel>(model: Model, options: SimulationOptions) throws -> [Double] {
        try options.validate()
        let plan = try Plan(model: model, options: options)
        var worker = try Worker(model: model, plan: plan, quantiles: false)
        var statistics = Array(repeating: MetricStatistics(binCount: plan.binCount), count: plan.metricCount)
        for chunk in 0..<options.chunkCount {
            let result = try worker.run(chunk: chunk)
            for metric in 0..<plan.metricCount { statistics[metric].merge(result.statistics[metric]) }
        }
        return statistics.map(\.mean)
    }

    /// What every worker needs to know, checked once before any thread starts.
    struct Plan: Sendable {
        var options: SimulationOptions
        var metricNames: [String]
        var metricCount: Int
        var dimension: Int
        /// The quantile histogram's bin count: `MetricStatistics`'s default, or more for very fine histograms.
        var binCount: Int

        init(model: some PathModel, options: SimulationOptions) throws(SimulationError) {
            self.options = options
            metricNames = model.metricNames
            metricCount = metricNames.count
            dimension = model.dimension
            binCount = max(MetricStatistics.defaultBinCount, 4 * options.histogramBins)
            if metricCount == 0 { throw .invalidModel(message: "The model has no output metrics to simulate.") }
            if dimension < 0 {
                throw .invalidModel(message: "The model's dimension must be zero or positive, not \(dimension).")
            }
            if let kind = options.quasiRandom, dimension > kind.maximumDimension {
                throw .sampling(
                    .dimensionOutOfRange(sequence: kind.rawValue, dimension: dimension, maximum: kind.maximumDimension)
                )
            }
        }
    }

    /// One worker thread: takes chunks until there are none left, with its own workspace and buffers.
    private static func work<Model: PathModel>(
        model: Model, plan: Plan, queue: ChunkQueue, histograms: HistogramCollector
    ) {
        var worker: Worker<Model>?
        defer {
            if let worker { histograms.add(worker.countedHistograms) }
            queue.workerExited()
        }
        while let chunk = queue.take() {
            let outcome: ChunkOutcome
            do throws(SimulationError) {
                if worker == nil { worker = try Worker(model: model, plan: plan) }
                outcome = .success(try worker!.run(chunk: chunk))
            } catch {
                outcome = .failure(error)
            }
            queue.deliver(chunk, outcome)
            if case .failure = outcome { return }
        }
    }
}

/// The state of one worker thread, reused from chunk to chunk so that no path allocates.
private struct Worker<Model: PathModel> {
    let model: Model
    let plan: Simulator.Plan
    var workspace: Model.Workspace
    /// The worker's own quasi-random sequence, walked forward only: chunks are taken in increasing order.
    let sequence: QuasiRandomSequence?
    /// The draws of quasi-random mode, whose point buffer is reused.
    var quasiDraws: Draws
    /// Latin hypercube mode: the design (its points' strata).
    let hypercube: LatinHypercube?
    var metrics: [Double]
    /// The chunk's values, metric by metric: path p's metric m is at `m * stride + p`, where the stride is the
    /// chunk size, or the number of paths when there are fewer (a sweep point's simulation).
    let buffer: ColumnBuffer
    /// Every chunk's values of each metric, counted into one quantile histogram per metric for the whole run.
    var histograms: [BinnedHistogram]
    /// Whether the values are counted into `histograms` (not for `Simulator.means`).
    let quantiles: Bool
    /// For each metric, the earlier metric whose values it has had, bit for bit, in every chunk of this worker so
    /// far (a holder's ownership that is its instrument's, the zero cash of several holders): its statistics are
    /// that metric's, copied rather than computed again, and its histogram is counted only once the two differ.
    /// Chosen on the worker's first chunk; an alias always names a metric that has none.
    var alias: [Int?]
    var aliasesChosen = false

    /// The worker's histograms, each aliased metric's being its metric's (the same values).
    var countedHistograms: [BinnedHistogram] {
        var counted = histograms
        for (metric, other) in alias.enumerated() { if let other { counted[metric] = histograms[other] } }
        return counted
    }

    init(model: Model, plan: Simulator.Plan, quantiles: Bool = true) throws(SimulationError) {
        self.model = model
        self.plan = plan
        self.quantiles = quantiles
        do {
            workspace = try model.makeWorkspace()
        } catch {
            throw .workspaceFailed(underlying: error)
        }
        if let kind = plan.options.quasiRandom, plan.dimension > 0 {
            do {
                sequence = try QuasiRandomSequence(kind: kind, dimension: plan.dimension)
            } catch {
                throw .sampling(error)
            }
        } else {
            sequence = nil
        }
        quasiDraws = Draws(point: Array(repeating: 0, count: plan.dimension))
        hypercube =
            plan.options.latinHypercube && plan.dimension > 0
            ? LatinHypercube(paths: plan.options.paths, dimension: plan.dimension, seed: plan.options.seed) : nil
        metrics = Array(repeating: .nan, count: plan.metricCount)
        buffer = ColumnBuffer(count: min(plan.options.chunkSize, plan.options.paths) * plan.metricCount)
        histograms = Array(repeating: BinnedHistogram(capacity: plan.binCount), count: plan.metricCount)
        alias = Array(repeating: nil, count: plan.metricCount)
    }

    mutating func run(chunk: Int) throws(SimulationError) -> ChunkResult {
        let options = plan.options
        let firstPath = chunk * options.chunkSize
        let pathCount = min(options.chunkSize, options.paths - firstPath)
        let metricCount = plan.metricCount
        let chunkSize = min(options.chunkSize, options.paths)  // the buffer's stride
        let quasi = options.quasiRandom != nil || hypercube != nil
        var jitter: RandomGenerator? = nil
        if hypercube != nil {
            do {
                jitter = try RandomGenerator(kind: options.generator, seed: options.seed, stream: UInt64(chunk))
            } catch {
                throw .sampling(error)
            }
        }
        var draws: Draws
        if quasi {
            // Moved out rather than copied, so that the point buffer stays uniquely referenced.
            draws = quasiDraws
            quasiDraws = Draws(point: [])
            sequence?.skip(to: firstPath)
        } else {
            do {
                let stream = UInt64(chunk)
                draws = Draws(
                    generator: try RandomGenerator(kind: options.generator, seed: options.seed, stream: stream)
                )
            } catch {
                throw .sampling(error)
            }
        }
        defer { if quasi { quasiDraws = draws } }

        let columns = buffer.values
        for path in 0..<pathCount {
            if quasi {
                if let hypercube, let jitter {
                    hypercube.point(of: firstPath + path, into: &draws.point, jitter: jitter)
                } else {
                    sequence?.next(into: &draws.point)
                }
                draws.cursor = 0
            }
            draws.path = firstPath + path
            metrics.withUnsafeMutableBufferPointer { $0.update(repeating: .nan) }
            do {
                try model.evaluate(&draws, workspace: &workspace, metrics: &metrics)
            } catch {
                throw .pathFailed(path: firstPath + path, underlying: error)
            }
            if quasi && draws.cursor > plan.dimension {
                throw .tooManyDraws(path: firstPath + path, dimension: plan.dimension, drawn: draws.cursor)
            }
            if metrics.count != metricCount {
                throw .wrongMetricCount(path: firstPath + path, expected: metricCount, actual: metrics.count)
            }
            // Column by column, so that each metric's statistics read contiguous memory.
            for metric in 0..<metricCount { columns[metric * chunkSize + path] = metrics[metric] }
        }

        // Metrics with the same values as an earlier one, bit for bit (see `alias`).
        func same(_ a: Int, _ b: Int) -> Bool {
            memcmp(columns.baseAddress! + a * chunkSize, columns.baseAddress! + b * chunkSize,
                pathCount * MemoryLayout<Double>.stride) == 0
        }
        if !aliasesChosen {
            aliasesChosen = true
            for metric in 0..<metricCount {
                alias[metric] = (0..<metric).first { alias[$0] == nil && same($0, metric) }
            }
        } else {
            for metric in 0..<metricCount {
                if let other = alias[metric], !same(other, metric) {
                    // From this chunk on, counted on its own, from the histogram of the chunks before.
                    histograms[metric] = histograms[other]
                    alias[metric] = nil
                }
            }
        }

        var statistics: [MetricStatistics] = []
        statistics.reserveCapacity(metricCount)
        for metric in 0..<metricCount {
            if let other = alias[metric] {
                statistics.append(statistics[other])
                continue
            }
            let column = UnsafeBufferPointer(rebasing: columns[metric * chunkSize..<metric * chunkSize + pathCount])
            let chunkStatistics = MetricStatistics(column, binCount: plan.binCount, binning: false)
            if quantiles { chunkStatistics.countValues(column, into: &histograms[metric]) }
            statistics.append(chunkStatistics)
        }
        var samples: SampleChunk?
        if options.keepSamples {
            var rows = [Double](repeating: 0, count: pathCount * metricCount)
            for path in 0..<pathCount {
                for metric in 0..<metricCount { rows[path * metricCount + metric] = columns[metric * chunkSize + path] }
            }
            samples = SampleChunk(chunk: chunk, firstPath: firstPath, metricCount: metricCount, values: rows)
        }
        return ChunkResult(statistics: statistics, samples: samples, pathCount: pathCount)
    }
}

/// A worker's chunk of metric values: memory owned here and written without copy-on-write checks.
private final class ColumnBuffer {
    let values: UnsafeMutableBufferPointer<Double>

    init(count: Int) {
        values = .allocate(capacity: count)
        values.initialize(repeating: .nan)
    }

    deinit {
        values.deallocate()
    }
}

extension Simulator {
    /// The draws path `path` of a run with `options` takes, handed to `body` exactly as that path
    /// receives them: the paths before it in its chunk are evaluated first (in pseudo-random mode
    /// they consume the chunk's stream), or the sequence is skipped to its point.
    package static func replay<Model: PathModel>(
        path: Int, model: Model, options: SimulationOptions, _ body: (inout Draws) throws -> Void
    ) throws {
        precondition(path >= 0, "A path number is not negative.")
        let chunk = path / options.chunkSize
        let firstPath = chunk * options.chunkSize
        var draws: Draws
        if options.latinHypercube, model.dimension > 0 {
            let design = LatinHypercube(paths: options.paths, dimension: model.dimension, seed: options.seed)
            let jitter = try RandomGenerator(kind: options.generator, seed: options.seed, stream: UInt64(chunk))
            draws = Draws(point: Array(repeating: 0, count: model.dimension))
            for earlier in firstPath..<path { design.point(of: earlier, into: &draws.point, jitter: jitter) }
            design.point(of: path, into: &draws.point, jitter: jitter)
        } else if let kind = options.quasiRandom, model.dimension > 0 {
            let sequence = try QuasiRandomSequence(kind: kind, dimension: model.dimension)
            sequence.skip(to: path)
            draws = Draws(point: Array(repeating: 0, count: model.dimension))
            sequence.next(into: &draws.point)
        } else {
            draws = Draws(
                generator: try RandomGenerator(kind: options.generator, seed: options.seed, stream: UInt64(chunk)))
            var workspace = try model.makeWorkspace()
            var metrics = [Double](repeating: .nan, count: model.metricNames.count)
            for earlier in firstPath..<path {
                draws.path = earlier
                do {
                    try model.evaluate(&draws, workspace: &workspace, metrics: &metrics)
                } catch {
                    throw SimulationError.pathFailed(path: earlier, underlying: error)
                }
            }
        }
        draws.path = path
        try body(&draws)
    }
}

/// The workers' histograms, merged as each worker exits.
private final class HistogramCollector: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var merged: [BinnedHistogram]

    init(metricCount: Int, binCount: Int) {
        merged = Array(repeating: BinnedHistogram(capacity: binCount), count: metricCount)
    }

    func add(_ histograms: [BinnedHistogram]) {
        lock.lock()
        defer { lock.unlock() }
        for (metric, histogram) in histograms.enumerated() { merged[metric].merge(histogram) }
    }
}
