// Throughput and memory of `dilution simulate` on the Vsource outlook scenario.
//
//   swift run -c release dilution-bench            every figure (10^5, 10^6, 10^7 paths; 1 and all cores)
//   swift run -c release dilution-bench --quick    10^5 and 10^6 paths only
//   swift run -c release dilution-bench --sweep-only   the 200 × 200 sweep of the Northwind scenario only
//
// Each measurement runs in a child process of its own, so that its peak resident memory
// (getrusage's ru_maxrss) is its own. Figures are printed, never asserted: machines are shared
// and noisy; compare ratios and medians.
import DilutionScenario
import DilutionSimulation
import Foundation

let scenarioPath = "scenarios/vsource-2005-outlook.yaml"
let arguments = CommandLine.arguments

func peakMemoryMiB() -> Double {
    var usage = rusage()
    getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
    return Double(usage.ru_maxrss) / 1024  // Linux reports KiB
}

/// Child mode: `dilution-bench --single PATHS THREADS` prints "paths_per_second peak_MiB".
if arguments.count == 4, arguments[1] == "--single", let paths = Int(arguments[2]), let threads = Int(arguments[3]) {
    let loaded = try ScenarioLoader.load(path: scenarioPath)
    let model = try ScenarioPathModel(loaded.stochastic)
    let result = try Simulator.run(model: model, options: SimulationOptions(paths: paths, seed: 1, threads: threads))
    print(String(format: "%.0f %.1f", result.pathsPerSecond, peakMemoryMiB()))
    exit(0)
}

guard FileManager.default.fileExists(atPath: scenarioPath) else {
    FileHandle.standardError.write(Data("Run dilution-bench from the package root (\(scenarioPath) not found).\n".utf8))
    exit(1)
}

func measure(paths: Int, threads: Int) throws -> (rate: Double, memory: Double) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: arguments[0]).standardizedFileURL
    process.arguments = ["--single", String(paths), String(threads)]
    let pipe = Pipe()
    process.standardOutput = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    let fields = String(decoding: data, as: UTF8.self).split(separator: " ").compactMap {
        Double($0.trimmingCharacters(in: .whitespacesAndNewlines))
    }
    guard process.terminationStatus == 0, fields.count == 2 else {
        throw NSError(domain: "dilution-bench", code: Int(process.terminationStatus))
    }
    return (fields[0], fields[1])
}

let cores = ProcessInfo.processInfo.activeProcessorCount
if arguments.contains("--sweep-only") {
    try benchmarkSweep()
    exit(0)
}
let sizes = arguments.contains("--quick") ? [100_000, 1_000_000] : [100_000, 1_000_000, 10_000_000]
let repeats = 3
print("Monte Carlo on \(scenarioPath), \(cores) cores, median of \(repeats) runs where marked")
print("paths        threads  paths/s (median)   runs                         peak MiB")
for paths in sizes {
    for threads in Array(Set([1, cores])).sorted() {
        let runs = paths >= 10_000_000 ? 1 : repeats
        var rates: [Double] = []
        var memory = 0.0
        for _ in 0..<runs {
            let (rate, peak) = try measure(paths: paths, threads: threads)
            rates.append(rate)
            memory = max(memory, peak)
        }
        let median = rates.sorted()[rates.count / 2]
        let runsText = rates.map { String(format: "%.0f", $0) }.joined(separator: ", ")
        print(
            String(paths).padding(toLength: 13, withPad: " ", startingAt: 0)
                + String(threads).padding(toLength: 9, withPad: " ", startingAt: 0)
                + String(format: "%-19.0f", median) + runsText.padding(toLength: 29, withPad: " ", startingAt: 0)
                + String(format: "%.1f", memory))
    }
}

// MARK: Sweep

/// A 200 × 200 deterministic sweep of the Northwind stress scenario, on the central path from the engine checkpoint.
func benchmarkSweep() throws {
    let file = "scenarios/stress-northwind-sequential.yaml"
    let axes = [
        try SweepAxis.parse("down-round.cash=2000000:3990000:10000"),
        try SweepAxis.parse("bridge.bridge-warrants.exercise-price=0.51:2.50:0.01"),
    ]
    let model = try SweepModel.load(file: file, varying: axes.map(\.path))
    let points = axes[0].values.count * axes[1].values.count
    for threads in Array(Set([1, cores])).sorted() {
        var times: [Double] = []
        for _ in 0..<3 {
            let start = ContinuousClock.now
            _ = try Sweep.centralMetrics(model, axes: axes, threads: threads)
            let elapsed = ContinuousClock.now - start
            times.append(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
        }
        let median = times.sorted()[1]
        print(String(format: "sweep %d x %d of %@, %d threads: %.3f s (median of 3), %.0f evaluations/s",
            axes[0].values.count, axes[1].values.count, file, threads, median, Double(points) / median))
    }
}

print("")
try benchmarkSweep()
