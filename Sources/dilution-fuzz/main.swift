// A seeded mutation fuzzer for scenario files.
//
//   swift run dilution-fuzz [--seed S] [--runs N | --seconds T] [--corpus DIR] [--out DIR]
//   make fuzz SECONDS=60
//
// Each run takes a file of the corpus (`fuzz/corpus/`: the bundled scenarios and every bad case of issue 12),
// mutates its bytes and lines (numbers replaced by extreme ones, lines deleted, doubled, swapped or re-indented,
// bytes inserted, the file cut short), and feeds the result to what every command does first: read and check the
// file, apply its events, and simulate a few paths. Errors thrown are the expected outcome; what the fuzzer looks for
// is a crash (a trap, an abort from a C library) or a hang. Before each run the input is written to
// `OUT/current.yaml`, so that a crash leaves it behind; a run slower than the time limit is saved as `OUT/hang-N.yaml`
// and ends the fuzzer with status 2. Add any such input to the corpus, with a test.
//
// The same seed gives the same inputs, so a failure is reproduced with `--seed S --runs N`.
import DilutionSampling
import DilutionScenario
import DilutionSimulation
import Foundation

/// SplitMix64: small, seedable, and the same on every platform.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Values that have broken parsers and engines before.
let extremes = [
    "0", "-1", "-5000000", "0.0001", "0.00000000000001", "1,2,3", "12,34", "50%", "1e30", "nan", "~", "''",
    "99999999999999999999999999999999999999", "4000000000000000000000000000000", "1_000_000", "$-0", "0x10",
    "{distribution: beta, a: 1000000, b: 1000000}", "{distribution: beta, a: 50, b: 0.05}",
    "{distribution: lognormal, median: 0.4, sigma: 40}", "{distribution: fixed, value: -1}",
    "{distribution: uniform, low: 1, high: 100000000000000000000000000000000000}", "[1, 2", "*anchor", "&anchor 1",
    "2005-02-30", "9999-12-31",
]

func mutate(_ input: [UInt8], _ rng: inout SeededGenerator) -> [UInt8] {
    var lines = String(decoding: input, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        .map(String.init)
    var bytes = input
    for _ in 0..<Int.random(in: 1...3, using: &rng) {
        guard !lines.isEmpty else { break }
        let index = Int.random(in: 0..<lines.count, using: &rng)
        switch Int.random(in: 0..<9, using: &rng) {
        case 0, 1:  // a value replaced by an extreme one
            if let colon = lines[index].range(of: ": ") {
                lines[index] = lines[index][..<colon.upperBound] + extremes.randomElement(using: &rng)!
            }
        case 2: lines.remove(at: index)
        case 3: lines.insert(lines[index], at: index)
        case 4: lines.swapAt(index, Int.random(in: 0..<lines.count, using: &rng))
        case 5: lines[index] = "  " + lines[index]
        case 6: lines[index] = String(lines[index].drop { $0 == " " })
        case 7:  // a key misspelt: one character dropped
            if let colon = lines[index].firstIndex(of: ":"), colon > lines[index].startIndex {
                var line = lines[index]
                line.remove(at: line.index(before: colon))
                lines[index] = line
            }
        default:  // raw bytes, possibly not UTF-8
            bytes = Array(lines.joined(separator: "\n").utf8)
            let at = Int.random(in: 0...bytes.count, using: &rng)
            let noise = (0..<Int.random(in: 1...4, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
            bytes.insert(contentsOf: noise, at: at)
            if Bool.random(using: &rng) { bytes = Array(bytes.prefix(Int.random(in: 0...bytes.count, using: &rng))) }
            return bytes
        }
    }
    return Array(lines.joined(separator: "\n").utf8)
}

/// What every command does first; the errors it throws are expected and ignored.
func exercise(_ path: String) {
    guard let loaded = try? ScenarioLoader.load(path: path) else { return }
    _ = try? loaded.run()
    for variant in loaded.variants { _ = try? ScenarioLoader.load(path: path, variant: variant.name).run() }
    guard !loaded.stochastic.isDeterministic, let model = try? ScenarioPathModel(loaded.stochastic) else { return }
    _ = try? Simulator.run(model: model, options: SimulationOptions(paths: 64, seed: 1, threads: 1, chunkSize: 32))
    _ = try? Simulator.run(
        model: model, options: SimulationOptions(paths: 32, seed: 1, quasiRandom: .sobol, threads: 1, chunkSize: 32))
}

func value(of flag: String) -> String? {
    guard let index = CommandLine.arguments.firstIndex(of: flag), index + 1 < CommandLine.arguments.count else {
        return nil
    }
    return CommandLine.arguments[index + 1]
}

let seed = UInt64(value(of: "--seed") ?? "1") ?? 1
let runs = Int(value(of: "--runs") ?? "") ?? Int.max
let seconds = Double(value(of: "--seconds") ?? "") ?? (runs == Int.max ? 60 : .infinity)
let corpusPath = value(of: "--corpus") ?? "fuzz/corpus"
let outPath = value(of: "--out") ?? ".build/fuzz"
let timeLimit = 20.0

GSL.prepare()
let corpus = ((try? FileManager.default.contentsOfDirectory(atPath: corpusPath)) ?? []).sorted()
    .compactMap { FileManager.default.contents(atPath: (corpusPath as NSString).appendingPathComponent($0)) }
    .map { [UInt8]($0) }
guard !corpus.isEmpty else {
    FileHandle.standardError.write(Data("dilution-fuzz: no corpus files in \(corpusPath).\n".utf8))
    exit(1)
}
try FileManager.default.createDirectory(atPath: outPath, withIntermediateDirectories: true)
let current = (outPath as NSString).appendingPathComponent("current.yaml")

// A watchdog: a run that takes longer than the limit is a hang.
let lock = NSLock()
nonisolated(unsafe) var runStarted = Date()
nonisolated(unsafe) var runNumber = 0
Thread.detachNewThread {
    while true {
        Thread.sleep(forTimeInterval: 1)
        lock.lock()
        let (started, number) = (runStarted, runNumber)
        lock.unlock()
        if Date().timeIntervalSince(started) > timeLimit {
            let hang = (outPath as NSString).appendingPathComponent("hang-\(number).yaml")
            try? FileManager.default.copyItem(atPath: current, toPath: hang)
            let message = "dilution-fuzz: run \(number) (seed \(seed)) hung; input in \(hang)\n"
            FileHandle.standardError.write(Data(message.utf8))
            exit(2)
        }
    }
}

var rng = SeededGenerator(state: seed)
let start = Date()
var done = 0
while done < runs, Date().timeIntervalSince(start) < seconds {
    let input = mutate(corpus.randomElement(using: &rng)!, &rng)
    _ = FileManager.default.createFile(atPath: current, contents: Data(input))
    lock.lock()
    runStarted = Date()
    runNumber = done
    lock.unlock()
    exercise(current)
    done += 1
}
try? FileManager.default.removeItem(atPath: current)
print("dilution-fuzz: \(done) inputs from \(corpus.count) corpus files (seed \(seed)), no crash and no hang.")
