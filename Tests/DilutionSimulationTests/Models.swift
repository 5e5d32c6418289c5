import DilutionSampling
import DilutionSimulation
import Foundation

/// A uniform draw, a Bernoulli(0.4) indicator and a log-normal(median 1, sigma 0.5) value per path.
struct ToyModel: PathModel {
    var metricNames: [String] { ["uniform", "bernoulli", "lognormal"] }
    var dimension: Int { 3 }
    func makeWorkspace() {}
    func evaluate(_ draws: inout Draws, workspace: inout Void, metrics: inout [Double]) {
        metrics[0] = draws.uniform()
        metrics[1] = draws.sample(.bernoulli(p: 0.4))
        metrics[2] = draws.sample(.lognormal(median: 1, sigma: 0.5))
    }
}

/// (exp(u₁) + exp(u₂)) / 2, whose mean is e − 1: smooth, so quasi-random points shine.
struct ExponentialModel: PathModel {
    var metricNames: [String] { ["mean_exp"] }
    var dimension: Int { 2 }
    func makeWorkspace() {}
    func evaluate(_ draws: inout Draws, workspace: inout Void, metrics: inout [Double]) {
        metrics[0] = (exp(draws.uniform()) + exp(draws.uniform())) / 2
    }
}

/// Throws at the listed paths; otherwise one uniform draw.
struct ThrowingModel: PathModel {
    struct Failure: Error, CustomStringConvertible {
        var path: Int
        var description: String { "the model refused path \(path)." }
    }

    var failingPaths: Set<Int>
    var metricNames: [String] { ["u"] }
    var dimension: Int { 1 }
    func makeWorkspace() {}
    func evaluate(_ draws: inout Draws, workspace: inout Void, metrics: inout [Double]) throws {
        if failingPaths.contains(draws.path) { throw Failure(path: draws.path) }
        metrics[0] = draws.uniform()
    }
}

/// Its path number and a few awkward values: fixed output for golden text.
struct CountingModel: PathModel {
    var metricNames: [String] { ["path", "half, quoted \"name\"", "constant", "nan_when_odd"] }
    var dimension: Int { 0 }
    func makeWorkspace() {}
    func evaluate(_ draws: inout Draws, workspace: inout Void, metrics: inout [Double]) {
        metrics[0] = Double(draws.path)
        metrics[1] = Double(draws.path) / 2
        metrics[2] = 0.3125
        if draws.path % 2 == 0 { metrics[3] = -Double(draws.path) }
    }
}

/// Declares one dimension but draws two numbers.
struct OverdrawingModel: PathModel {
    var metricNames: [String] { ["u"] }
    var dimension: Int { 1 }
    func makeWorkspace() {}
    func evaluate(_ draws: inout Draws, workspace: inout Void, metrics: inout [Double]) {
        metrics[0] = draws.uniform() + draws.uniform()
    }
}

/// A workspace that counts its paths, to check that workspaces are per worker and never shared.
struct WorkspaceModel: PathModel {
    final class Scratch {
        var buffer = [Double](repeating: 0, count: 8)
    }

    var metricNames: [String] { ["sum"] }
    var dimension: Int { 8 }
    func makeWorkspace() -> Scratch { Scratch() }
    func evaluate(_ draws: inout Draws, workspace: inout Scratch, metrics: inout [Double]) {
        for index in 0..<8 { workspace.buffer[index] = draws.sample(.normal(mean: 0, sd: 1)) }
        metrics[0] = workspace.buffer.reduce(0, +)
    }
}

/// One metric that needs no random numbers: measures the runner alone.
struct ConstantModel: PathModel {
    var metricNames: [String] { ["one"] }
    var dimension: Int { 0 }
    func makeWorkspace() {}
    func evaluate(_ draws: inout Draws, workspace: inout Void, metrics: inout [Double]) {
        metrics[0] = 1
    }
}

/// One uniform draw per path: the runner plus the cheapest use of the generator.
struct UniformModel: PathModel {
    var metricNames: [String] { ["u"] }
    var dimension: Int { 1 }
    func makeWorkspace() {}
    func evaluate(_ draws: inout Draws, workspace: inout Void, metrics: inout [Double]) {
        metrics[0] = draws.uniform()
    }
}

/// Ten metrics from one uniform draw: the runner's statistics cost for a scenario-sized output.
struct TenMetricModel: PathModel {
    var metricNames: [String] { (0..<10).map { "m\($0)" } }
    var dimension: Int { 1 }
    func makeWorkspace() {}
    func evaluate(_ draws: inout Draws, workspace: inout Void, metrics: inout [Double]) {
        let u = draws.uniform()
        for index in 0..<10 { metrics[index] = u * Double(index + 1) }
    }
}

/// The sum of eight uniform draws: eight quasi-random dimensions, as in the outlook scenario.
struct EightDrawModel: PathModel {
    var metricNames: [String] { ["sum"] }
    var dimension: Int { 8 }
    func makeWorkspace() {}
    func evaluate(_ draws: inout Draws, workspace: inout Void, metrics: inout [Double]) {
        var sum = 0.0
        for _ in 0..<8 { sum += draws.uniform() }
        metrics[0] = sum
    }
}

/// The texts a run writes: summary, histogram and samples CSV.
struct RunTexts: Equatable {
    var summary: String
    var histogram: String
    var samples: String
    var chunks: [Int]

    init(_ model: some PathModel, _ options: SimulationOptions) throws {
        var samples = SampleChunk.csvHeader(metricNames: model.metricNames)
        var chunks: [Int] = []
        let result = try Simulator.run(
            model: model,
            options: options,
            sampleSink: { chunk in
                chunks.append(chunk.chunk)
                samples += chunk.csvRows
            }
        )
        self.summary = result.summaryCSV
        self.histogram = result.histogramCSV
        self.samples = samples
        self.chunks = chunks
    }
}
