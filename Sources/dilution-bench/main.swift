// The benchmark: whole `dilution` processes, interleaved with the peers of the outlook scenario
// (a C + GSL program and a NumPy script, in ../shared/peers or $DILUTION_PEERS), median times and
// ratios. It prints figures and asserts nothing: machines are shared and noisy, so compare the
// ratios of one run.
//
//   make bench                        everything (10^7 paths, 5 interleaved rounds)
//   .build/release/dilution-bench --paths 1000000 --rounds 3     a shorter run
//
// Run it from the package root after `swift build -c release` (the Makefile does both).
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

let arguments = CommandLine.arguments
func option(_ name: String, _ fallback: Int) -> Int {
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count, let value = Int(arguments[index + 1])
    else { return fallback }
    return value
}
let paths = option("--paths", 10_000_000)
let rounds = option("--rounds", 5)
let cores = ProcessInfo.processInfo.activeProcessorCount
let tool = ".build/release/dilution"
let outlook = "scenarios/vsource-2005-outlook.yaml"
let northwind = "scenarios/stress-northwind-sequential.yaml"
let work = FileManager.default.temporaryDirectory.appendingPathComponent("dilution-bench-\(getpid())")
try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(at: work) }

guard FileManager.default.isExecutableFile(atPath: tool), FileManager.default.fileExists(atPath: outlook) else {
    FileHandle.standardError.write(Data("Run dilution-bench from the package root after `swift build -c release`.\n".utf8))
    exit(1)
}

/// One whole process: wall time in seconds and peak resident memory in MiB (its own, from wait4).
struct Run {
    var seconds: Double
    var peakMiB: Double
}

func spawn(_ command: [String], quiet: Bool = true) -> Run? {
    var pid: pid_t = 0
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    if quiet {
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
    }
    defer { posix_spawn_file_actions_destroy(&actions) }
    let argv = command.map { strdup($0) } + [nil]
    defer { argv.forEach { free($0) } }
    let start = ContinuousClock.now
    guard posix_spawnp(&pid, command[0], &actions, nil, argv, environ) == 0 else { return nil }
    var status: Int32 = 0
    var usage = rusage()
    wait4(pid, &status, 0, &usage)
    let elapsed = ContinuousClock.now - start
    guard status == 0 else { return nil }
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
    return Run(seconds: seconds, peakMiB: Double(usage.ru_maxrss) / 1024)
}

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    return sorted.isEmpty ? .nan : sorted[sorted.count / 2]
}

/// Runs every command once per round, in turn, and returns each one's runs.
func interleaved(_ commands: [(name: String, command: [String])]) -> [String: [Run]] {
    var runs: [String: [Run]] = [:]
    for _ in 0..<rounds {
        for (name, command) in commands {
            if let run = spawn(command) { runs[name, default: []].append(run) }
        }
    }
    return runs
}

func simulate(_ file: String, paths: Int, threads: Int, _ extra: [String] = []) -> [String] {
    [tool, "simulate", file, "--paths", String(paths), "--seed", "1", "--threads", String(threads), "--quiet",
        "--out", work.appendingPathComponent("out").path] + extra
}

func line(_ text: String) { print(text) }

/// The 1-minute load average (`/proc/loadavg`), when the system gives one.
func loadAverage() -> Double? {
    guard let text = try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8) else { return nil }
    return text.split(separator: " ").first.flatMap { Double($0) }
}
/// Says how busy the machine was: another process on a core stretches every wall time, the peers' as much as the
/// tool's, so the ratios of one run stay comparable but its absolute times do not.
func loadNote(_ when: String) {
    guard let load = loadAverage() else { return }
    var text = String(format: "load average %@: %.2f on %d cores", when, load, cores)
    if load > 0.5 { text += " (the machine is not quiet: absolute times are longer than they would be; compare ratios)" }
    line(text)
}
func rate(_ seconds: Double, _ paths: Int) -> String { String(format: "%.2f M paths/s", Double(paths) / seconds / 1e6) }

// MARK: Peers

let peers = URL(
    fileURLWithPath: ProcessInfo.processInfo.environment["DILUTION_PEERS"] ?? "../shared/peers"
).standardizedFileURL
var cPeer: String? = nil
var numpyPeer: String? = nil
var notes: [String] = []
let cSource = peers.appendingPathComponent("outlook.c").path
if FileManager.default.fileExists(atPath: cSource) {
    let binary = work.appendingPathComponent("peer-outlook").path
    let build = "gcc -O2 -march=native -fopenmp -o \(binary) \(cSource) $(pkg-config --cflags --libs gsl) -lm"
    if spawn(["sh", "-c", build]) != nil { cPeer = binary } else { notes.append("C peer: gcc or GSL missing, skipped") }
} else {
    notes.append("C peer: \(cSource) not found, skipped")
}
let numpySource = peers.appendingPathComponent("outlook_numpy.py").path
if FileManager.default.fileExists(atPath: numpySource), spawn(["python3", "-c", "import numpy"]) != nil {
    numpyPeer = numpySource
} else {
    notes.append("NumPy peer: python3 with numpy or \(numpySource) not found, skipped")
}

// MARK: Outlook against the peers

loadNote("before the runs")
line("Outlook scenario (\(outlook)), \(paths) paths, \(cores) cores, median of \(rounds) interleaved rounds")
var commands: [(String, [String])] = []
for threads in [1, 2] {
    commands.append(("tool \(threads)", simulate(outlook, paths: paths, threads: threads)))
    if let cPeer { commands.append(("C \(threads)", [cPeer, String(paths), String(threads), "1"])) }
}
if let numpyPeer { commands.append(("NumPy 1", ["python3", numpyPeer, String(paths), "1"])) }
let holders = ["--set", "july-2005.warrants-2005.holders=[{name: All holders, shares: 886800}]"]
commands.append(("tool 2 holders", simulate(outlook, paths: paths, threads: 2, holders)))
let outlookRuns = interleaved(commands)
func seconds(_ name: String) -> Double { median(outlookRuns[name]?.map(\.seconds) ?? []) }
for name in commands.map(\.0) {
    let runs = outlookRuns[name] ?? []
    let peak = runs.map(\.peakMiB).max() ?? .nan
    line(
        "  " + name.padding(toLength: 16, withPad: " ", startingAt: 0)
            + String(format: "%8.2f s  ", seconds(name)) + rate(seconds(name), paths)
            + String(format: "   peak %.1f MiB", peak))
}
let numpy = seconds("NumPy 1")
for threads in [1, 2] {
    let t = seconds("tool \(threads)")
    var text = "  \(threads) thread\(threads == 1 ? "" : "s"):"
    if numpyPeer != nil { text += String(format: " tool/NumPy %.2f (target ≥ 1.5)", numpy / t) }
    if cPeer != nil { text += String(format: "; tool/C %.2f", seconds("C \(threads)") / t) }
    if threads == 2, cPeer != nil { text += " (target ≥ 0.5)" }
    line(text)
}
line(String(format: "  warrant holders: %.2f × the plain outlook's time on 2 threads (target ≤ 1.2)",
    seconds("tool 2 holders") / seconds("tool 2")))
line(String(format: "  peak memory of simulate at %d paths: %.1f MiB (target < 100 MB)", paths,
    (outlookRuns["tool 2"] ?? []).map(\.peakMiB).max() ?? .nan))

// MARK: A generated 20-series, 25-event scenario

/// 20 preferred series on broad weighted averages, 25 uncertain financings below their prices.
func generatedScenario(series: Int, events: Int) -> String {
    var text = "version: 1\nname: Generated (\(series) series, \(events) events)\ncapitalization:\n  common: 10,000,000\n"
    text += "  preferred:\n"
    for s in 0..<series {
        let price = String(format: "%.2f", 20.0 - Double(s) * 0.5)
        text += "    - id: series-\(s)\n      shares: 100,000\n      stated-value: \(price)\n"
        text += "      conversion-price: \(price)\n      clause:\n        type: weighted-average\n"
        text += "        base: broad\n        round-price: 0.0001\n"
    }
    text += "events:\n"
    for e in 0..<events {
        let month = 1 + e % 12
        let year = 2020 + e / 12
        text += "  - id: raise-\(e)\n    type: issue\n    date: \(year)-\(String(format: "%02d", month))-15\n"
        text += "    probability: 0.8\n"
        text += "    price: {distribution: lognormal, median: \(String(format: "%.2f", 12.0 - Double(e) * 0.4)), sigma: 0.3}\n"
        text += "    amount: {distribution: uniform, low: 500000, high: 2000000}\n"
    }
    return text
}
let generated = work.appendingPathComponent("generated-20x25.yaml")
try generatedScenario(series: 20, events: 25).write(to: generated, atomically: true, encoding: .utf8)
let generatedPaths = max(paths / 20, 10_000)
line("")
line("Generated scenario: 20 series, 25 uncertain financings, \(generatedPaths) paths, 2 threads")
let generatedRuns = interleaved([("generated", simulate(generated.path, paths: generatedPaths, threads: 2))])
let generatedSeconds = median(generatedRuns["generated"]?.map(\.seconds) ?? [])
var adjustmentsPerPath = Double.nan
if let summary = try? String(contentsOf: work.appendingPathComponent("out/generated-20x25.simulation-summary.csv"),
    encoding: .utf8),
    let row = summary.split(separator: "\n").first(where: { $0.hasPrefix("adjustments,") })
{
    adjustmentsPerPath = Double(row.split(separator: ",")[2]) ?? .nan
}
line("  " + String(format: "%.2f s, ", generatedSeconds) + rate(generatedSeconds, generatedPaths) + " (target ≥ 0.10)")
line(String(format: "  %.1f adjustments per path; %.3f µs per adjustment (both cores)", adjustmentsPerPath,
    generatedSeconds * 1e6 / Double(generatedPaths) / adjustmentsPerPath))

// MARK: Sweeps and validation

line("")
let sweepGrid = [
    tool, "sweep", northwind, "--vary", "down-round.cash=2000000:3990000:10000", "--vary",
    "bridge.bridge-warrants.exercise-price=0.51:2.50:0.01", "--quiet", "--threads", "2", "--out",
    work.appendingPathComponent("sweep").path,
]
let sweepMC = [
    tool, "sweep", outlook, "--vary", "next-raise.price=0.20:0.695:0.005", "--vary",
    "next-raise.amount=1000000:2980000:20000", "--paths", String(max(paths / 10_000, 1)), "--quiet", "--threads", "2", "--out",
    work.appendingPathComponent("sweep-mc").path,
]
var events = "version: 1\nname: 20,000 events\ncapitalization:\n  common: 1,000,000\n  option-pool: 100,000,000\n"
events += "  preferred:\n    - id: a\n      shares: 1,000\n      stated-value: 10\n      conversion-price: 10\n"
events += "      clause: {type: weighted-average, base: broad}\nevents:\n"
for e in 0..<20_000 {
    events += "  - {id: e\(e), type: grant, date: \(2000 + e / 1000)-01-01, options: [{id: o\(e), shares: 10, "
    events += "exercise-price: 1}]}\n"
}
let many = work.appendingPathComponent("events-20000.yaml")
try events.write(to: many, atomically: true, encoding: .utf8)
let other = interleaved([
    ("sweep 200x200", sweepGrid), ("sweep 100x100x1000", sweepMC),
    ("simulate", simulate(outlook, paths: max(paths / 10_000, 1) * 10_000, threads: 2)),
    ("validate 20000", [tool, "validate", many.path]),
])
func otherSeconds(_ name: String) -> Double { median(other[name]?.map(\.seconds) ?? []) }
line(String(format: "sweep 200 × 200 of %@, whole command, 2 threads: %.2f s (target < 0.5 s), peak %.1f MiB", northwind,
    otherSeconds("sweep 200x200"), other["sweep 200x200"]?.map(\.peakMiB).max() ?? .nan))
line(String(format: "sweep 100 × 100 × %d paths of the outlook: %.2f s = %.2f × simulate of as many paths (target ≤ 1.1)",
    max(paths / 10_000, 1), otherSeconds("sweep 100x100x1000"),
    otherSeconds("sweep 100x100x1000") / otherSeconds("simulate")))
line(String(format: "validate of 20,000 events: %.2f s (target < 1 s)", otherSeconds("validate 20000")))
loadNote("after the runs")
for note in notes { line("note: \(note)") }
