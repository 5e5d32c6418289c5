import DilutionSampling
import DilutionSimulation
import Foundation
import Testing

struct SimulatorTests {
    @Test func toyModelMeansAreWithinFourStandardErrors() throws {
        let result = try Simulator.run(model: ToyModel(), options: SimulationOptions(paths: 200_000, seed: 20_050_718))
        let expected = [0.5, 0.4, exp(0.125)]
        for (summary, mean) in zip(result.summaries, expected) {
            #expect(summary.count == 200_000)
            #expect(abs(summary.mean - mean) < 4 * summary.standardError, "\(summary.mean) vs \(mean)")
        }
        #expect(result.summaries[1].minimum == 0 && result.summaries[1].maximum == 1)
        // The median of the log-normal is 1 (within the quantile histogram's resolution and sampling error).
        #expect(abs(result.statistics[2].quantile(0.5) - 1) < 0.01)
        for (histogram, summary) in zip(result.histograms, result.summaries) {
            #expect(histogram.total == summary.count)
            #expect(histogram.counts.count <= SimulationOptions.defaultHistogramBins)
            #expect(histogram.edges.first! <= summary.minimum && histogram.edges.last! >= summary.maximum)
        }
    }

    @Test func meansOnTheCallingThreadEqualTheRunsMeans() throws {
        for threads in [1, 2] {
            let options = SimulationOptions(paths: 30_001, seed: 11, threads: threads, chunkSize: 4096)
            let run = try Simulator.run(model: ToyModel(), options: options)
            let means = try Simulator.means(model: ToyModel(), options: options)
            #expect(means.map(\.bitPattern) == run.statistics.map(\.mean.bitPattern))
        }
        #expect(throws: SimulationError.self) {
            try Simulator.means(model: ToyModel(), options: SimulationOptions(paths: 0, seed: 1))
        }
    }

    @Test func sameSeedGivesTheSameBytes() throws {
        let options = SimulationOptions(paths: 50_000, seed: 7, chunkSize: 4096)
        let first = try Simulator.run(model: ToyModel(), options: options)
        let second = try Simulator.run(model: ToyModel(), options: options)
        #expect(first.summaryCSV == second.summaryCSV)
        #expect(first.histogramCSV == second.histogramCSV)
        let other = try Simulator.run(model: ToyModel(), options: SimulationOptions(paths: 50_000, seed: 8))
        #expect(first.summaryCSV != other.summaryCSV)
    }

    @Test(arguments: [nil, QuasiRandomKind.sobol, .halton])
    func outputDoesNotDependOnTheThreadCount(quasiRandom: QuasiRandomKind?) throws {
        // 10,001 paths in chunks of 1,000: the last chunk has one path.
        func texts(threads: Int) throws -> RunTexts {
            let options = SimulationOptions(
                paths: 10_001,
                seed: 42,
                quasiRandom: quasiRandom,
                threads: threads,
                chunkSize: 1000,
                keepSamples: true
            )
            return try RunTexts(ToyModel(), options)
        }
        let one = try texts(threads: 1)
        #expect(one.chunks == Array(0...10))
        #expect(one.samples.split(separator: "\n").count == 10_002)
        for threads in [2, 3, 8] {
            let many = try texts(threads: threads)
            #expect(many.summary == one.summary)
            #expect(many.histogram == one.histogram)
            #expect(many.samples == one.samples)
            #expect(many.chunks == one.chunks)
        }
    }

    /// A metric mixing scales, signs, repeated values and NaN.
    struct AwkwardModel: PathModel {
        var metricNames: [String] { ["lognormal", "signed", "discrete", "sometimes_nan", "tiny", "huge"] }
        var dimension: Int { 6 }
        func makeWorkspace() {}
        func evaluate(_ draws: inout Draws, workspace: inout Void, metrics: inout [Double]) {
            metrics[0] = draws.sample(.lognormal(median: 0.4, sigma: 2))
            metrics[1] = draws.sample(.normal(mean: -3, sd: 1e4))
            metrics[2] = draws.sample(.discrete(values: [0.3125, 0.5, 7], weights: [1, 2, 3]))
            let u = draws.uniform()
            metrics[3] = u < 0.1 ? .nan : u
            metrics[4] = draws.sample(.uniform(low: -1e-300, high: 1e-300))
            // Sums of these overflow.
            metrics[5] = draws.sample(.uniform(low: 1e307, high: 1.7e308))
        }
    }

    @Test(arguments: [1000, 16_384])
    func chunkedStatisticsAgreeWithOnePass(chunkSize: Int) throws {
        var values = Array(repeating: [Double](), count: 6)
        let result = try Simulator.run(
            model: AwkwardModel(),
            options: SimulationOptions(paths: 40_000, seed: 11, threads: 2, chunkSize: chunkSize, keepSamples: true),
            sampleSink: { chunk in
                for row in 0..<chunk.pathCount {
                    for (metric, value) in chunk.row(row).enumerated() { values[metric].append(value) }
                }
            }
        )
        let reference = values.map { MetricStatistics(values: $0) }
        for (mine, theirs) in zip(result.summaries, reference.map { $0.summary() }) {
            #expect(mine.count == theirs.count && mine.nonFiniteCount == theirs.nonFiniteCount)
            #expect(mine.minimum == theirs.minimum && mine.maximum == theirs.maximum)
            // The histogram depends on the values only: the same quantiles, bit for bit.
            #expect(mine.quantiles == theirs.quantiles)
            #expect(abs(mine.mean - theirs.mean) <= 1e-12 * max(abs(theirs.mean), theirs.standardDeviation))
            // Squared deviations of the huge values overflow in both.
            #expect(
                mine.standardDeviation == theirs.standardDeviation
                    || abs(mine.standardDeviation - theirs.standardDeviation) <= 1e-12 * theirs.standardDeviation
            )
        }
        for (histogram, summary) in zip(result.histograms, result.summaries) {
            #expect(histogram.total == summary.count)
            #expect(histogram.edges.first! <= summary.minimum && histogram.edges.last! >= summary.maximum)
        }
    }

    /// Metrics that keep one value over some chunks and not over others: such a chunk is counted into the worker's
    /// histogram with one update of its bin, which must leave the bins as counting its values one by one would.
    struct SteadyChunksModel: PathModel {
        var metricNames: [String] { ["steady_or_spread", "signed_zeros"] }
        var dimension: Int { 2 }
        func makeWorkspace() {}
        func evaluate(_ draws: inout Draws, workspace: inout Void, metrics: inout [Double]) {
            let chunk = draws.path / 1000
            let u = draws.uniform()
            let v = draws.uniform()
            if chunk % 3 == 1 {
                metrics[0] = u < 0.3 ? 0.5 : 0.5 + 0.0004 * v
                metrics[1] = u < 0.5 ? 0 : u
            } else {
                metrics[0] = draws.path % 7 == 0 ? .nan : 0.5
                metrics[1] = draws.path % 2 == 0 ? -0.0 : 0.0
            }
        }
    }

    @Test func chunksOfOneValueCountAsTheirValuesOneByOne() throws {
        var values = Array(repeating: [Double](), count: 2)
        let result = try Simulator.run(
            model: SteadyChunksModel(),
            options: SimulationOptions(paths: 12_000, seed: 3, threads: 1, chunkSize: 1000, keepSamples: true),
            sampleSink: { chunk in
                for row in 0..<chunk.pathCount {
                    for (metric, value) in chunk.row(row).enumerated() { values[metric].append(value) }
                }
            }
        )
        let probabilities = Array(stride(from: 0.0, through: 1.0, by: 0.005))
        for (metric, column) in values.enumerated() {
            // The reference counts every value one at a time: its one pass never sees a single value throughout.
            let reference = MetricStatistics(values: column)
            let summary = result.summaries[metric]
            #expect(summary.count == reference.count && summary.nonFiniteCount == reference.nonFiniteCount)
            for p in probabilities {
                #expect(
                    result.statistics[metric].quantile(p).bitPattern == reference.quantile(p).bitPattern,
                    "\(result.metricNames[metric]), p = \(p)")
            }
            #expect(result.histograms[metric] == reference.histogram(bins: result.options.histogramBins))
        }
    }

    @Test func histogramsAndQuantilesDoNotDependOnTheChunkSize() throws {
        // Quasi-random points give every path the same values whatever the chunking (pseudo-random streams do not).
        let results = try [1000, 7777, 50_000].map { chunkSize in
            try Simulator.run(
                model: ToyModel(),
                options: SimulationOptions(paths: 50_000, seed: 5, quasiRandom: .sobol, chunkSize: chunkSize)
            )
        }
        for result in results.dropFirst() {
            #expect(result.histogramCSV == results[0].histogramCSV)
            #expect(result.summaries.map(\.quantiles) == results[0].summaries.map(\.quantiles))
        }
    }

    @Test func workspacesAreReusedWithoutChangingTheOutput() throws {
        let results = try [1, 2].map { threads in
            try Simulator.run(
                model: WorkspaceModel(),
                options: SimulationOptions(paths: 20_000, seed: 3, threads: threads, chunkSize: 3000)
            )
        }
        #expect(results[0].summaryCSV == results[1].summaryCSV)
        // A sum of 8 standard normals: mean 0, variance 8.
        #expect(abs(results[0].summaries[0].mean) < 4 * results[0].summaries[0].standardError)
        #expect(abs(results[0].summaries[0].standardDeviation - 8.0.squareRoot()) < 0.05)
    }

    @Test func sobolConvergesFasterOnASmoothMetric() throws {
        let exact = M_E - 1
        let quasi = try Simulator.run(
            model: ExponentialModel(),
            options: SimulationOptions(paths: 4096, seed: 1, quasiRandom: .sobol)
        )
        let quasiError = abs(quasi.summaries[0].mean - exact)
        var pseudoErrors: [Double] = []
        var standardError = 0.0
        for seed in 1...8 as ClosedRange<UInt64> {
            let pseudo = try Simulator.run(
                model: ExponentialModel(),
                options: SimulationOptions(paths: 4096, seed: seed)
            )
            pseudoErrors.append(abs(pseudo.summaries[0].mean - exact))
            standardError = pseudo.summaries[0].standardError
        }
        let meanPseudoError = pseudoErrors.reduce(0, +) / Double(pseudoErrors.count)
        // The pseudo-random standard error is about 0.0054; Sobol's error is of order 1/n.
        #expect(quasiError < standardError / 10, "quasi \(quasiError), pseudo SE \(standardError)")
        #expect(quasiError < meanPseudoError / 10, "quasi \(quasiError), mean pseudo error \(meanPseudoError)")
    }

    @Test(arguments: [1, 2, 3])
    func modelErrorNamesThePath(threads: Int) throws {
        let options = SimulationOptions(paths: 50_000, seed: 1, threads: threads, chunkSize: 1000)
        // Several failures: the first in path order is reported, whichever thread meets which first.
        let model = ThrowingModel(failingPaths: [12_345, 12_999, 30_000, 49_999])
        let error = try #require(throws: SimulationError.self) {
            try Simulator.run(model: model, options: options)
        }
        #expect(error.path == 12_345)
        #expect(error.description == "Simulation path 12345 failed: the model refused path 12345.")
    }

    @Test func errorInTheFirstChunkStopsEarly() throws {
        let options = SimulationOptions(paths: 10_000_000, seed: 1, threads: 2, chunkSize: 1000)
        let error = try #require(throws: SimulationError.self) {
            try Simulator.run(model: ThrowingModel(failingPaths: [0]), options: options)
        }
        #expect(error.path == 0)
    }

    @Test func sinkErrorsAreRethrown() throws {
        struct Full: Error {}
        let options = SimulationOptions(paths: 100_000, seed: 1, threads: 2, chunkSize: 1000, keepSamples: true)
        #expect(throws: Full.self) {
            try Simulator.run(
                model: UniformModel(),
                options: options,
                sampleSink: { chunk in
                    if chunk.chunk == 5 { throw Full() }
                }
            )
        }
    }

    @Test func quasiRandomModelMustNotDrawBeyondItsDimension() throws {
        let options = SimulationOptions(paths: 100, seed: 1, quasiRandom: .sobol)
        let error = try #require(throws: SimulationError.self) {
            try Simulator.run(model: OverdrawingModel(), options: options)
        }
        #expect(error.path == 0)
        #expect(error.description.contains("drew 2 random numbers"))
        // Pseudo-random mode has no such limit.
        _ = try Simulator.run(model: OverdrawingModel(), options: SimulationOptions(paths: 100, seed: 1))
    }

    @Test func invalidOptionsAndModelsAreRejected() {
        #expect(throws: SimulationError.self) {
            try Simulator.run(model: ToyModel(), options: SimulationOptions(paths: 0, seed: 1))
        }
        #expect(throws: SimulationError.self) {
            try Simulator.run(model: ToyModel(), options: SimulationOptions(paths: 10, seed: 1, threads: 0))
        }
        #expect(throws: SimulationError.self) {
            try Simulator.run(model: ToyModel(), options: SimulationOptions(paths: 10, seed: 1, chunkSize: 0))
        }
        struct WideModel: PathModel {
            var metricNames: [String] { ["x"] }
            var dimension: Int { 41 }
            func makeWorkspace() {}
            func evaluate(_ draws: inout Draws, workspace: inout Void, metrics: inout [Double]) {}
        }
        #expect(throws: SimulationError.self) {
            try Simulator.run(model: WideModel(), options: SimulationOptions(paths: 10, seed: 1, quasiRandom: .sobol))
        }
    }

    @Test func progressIsReportedAndEndsAtTheTotal() throws {
        var reports: [Int] = []
        _ = try Simulator.run(
            model: UniformModel(),
            options: SimulationOptions(paths: 100_000, seed: 1, chunkSize: 1000),
            progress: { done, total in
                #expect(total == 100_000)
                reports.append(done)
            }
        )
        #expect(reports.last == 100_000)
        #expect(reports == reports.sorted())
    }

    /// Prints the runner's throughput; never asserts on it. Meaningful only in a release build
    /// (`swift test -c release --filter DilutionSimulationTests`).
    @Test func runnerThroughput() throws {
        #if DEBUG
        let paths = 100_000
        let build = "debug"
        #else
        let paths = 20_000_000
        let build = "release"
        #endif
        let cores = ProcessInfo.processInfo.activeProcessorCount
        func measure(_ model: some PathModel, _ name: String, threads: Int, quasi: QuasiRandomKind? = nil) throws {
            let options = SimulationOptions(paths: paths, seed: 1, quasiRandom: quasi, threads: threads)
            let result = try Simulator.run(model: model, options: options)
            let rate = String(format: "%.1f", result.pathsPerSecond / 1e6)
            print("runner throughput (\(build), \(name), \(threads) threads): \(rate) M paths/s")
        }
        for threads in Set([1, cores]).sorted() {
            try measure(ConstantModel(), "1 metric, no draws", threads: threads)
            try measure(UniformModel(), "1 metric, 1 uniform", threads: threads)
            try measure(TenMetricModel(), "10 metrics, 1 uniform", threads: threads)
            try measure(EightDrawModel(), "1 metric, 8 uniforms", threads: threads)
            try measure(EightDrawModel(), "1 metric, 8 Sobol coordinates", threads: threads, quasi: .sobol)
        }
    }
}
