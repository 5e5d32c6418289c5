import DilutionReports
import DilutionSampling
import DilutionScenario
import DilutionSimulation
import Foundation

/// What `dilution simulate` is asked to do.
public struct SimulateRequest: Sendable {
    public var file: String
    public var outDirectory: String
    public var paths: Int
    /// The seed, generator or sequence, and threads.
    public var monteCarlo: MonteCarloOptions
    public var bins: Int
    public var samples: Bool
    public var quiet: Bool
    public var progress: Bool
    /// `--set PATH=VALUE` arguments, applied after the variant.
    public var set: [String]
    /// The variant of the scenario to simulate, if any.
    public var variant: String?
    /// Write this path's realized scenario to `scenarioOut` instead of simulating.
    public var path: Int? = nil
    public var scenarioOut: String? = nil

    public init(
        file: String, outDirectory: String = "out", paths: Int = 10_000, seed: UInt64 = 1, generator: String = "mt19937",
        sequence: String? = nil, threads: Int = ProcessInfo.processInfo.activeProcessorCount, bins: Int = 50,
        samples: Bool = false, quiet: Bool = false, progress: Bool = true, set: [String] = [],
        variant: String? = nil
    ) {
        self.set = set
        self.variant = variant
        self.file = file
        self.outDirectory = outDirectory
        self.paths = paths
        self.monteCarlo = MonteCarloOptions(seed: seed, generator: generator, sequence: sequence, threads: threads)
        self.bins = bins
        self.samples = samples
        self.quiet = quiet
        self.progress = progress
    }
}

extension Operations {
    /// `dilution simulate`: Monte Carlo over the scenario's distributions. The per-path samples, when
    /// asked for, are streamed to a temporary file renamed into place at the end.
    public static func simulate(_ request: SimulateRequest) throws -> Outcome {
        let loaded = try load(file: request.file, set: request.set, variant: request.variant)
        let model = try ScenarioPathModel(loaded.stochastic)
        let options = try request.monteCarlo.simulation(paths: request.paths, bins: request.bins, samples: request.samples)
        if let path = request.path, let out = request.scenarioOut {
            return try certify(request, loaded: loaded, model: model, options: options, path: path, out: out)
        }
        let stem = URL(fileURLWithPath: request.file).deletingPathExtension().lastPathComponent
        func path(_ suffix: String) -> String {
            (request.outDirectory as NSString).appendingPathComponent("\(stem).\(suffix)")
        }
        var samples: StreamedFile? = nil
        if request.samples {
            samples = try StreamedFile(path: path("simulation-samples.csv"), protecting: [request.file])
            try samples?.append(SampleChunk.csvHeader(metricNames: model.metricNames))
        }
        var bar = ProgressBar(isEnabled: request.progress && isatty(STDERR_FILENO) != 0)
        var estimate = RunEstimate(total: request.paths)
        estimate.memoryBytes = RunEstimate.memory(
            metrics: model.metricNames.count, threads: min(options.threads, options.chunkCount),
            chunkSize: options.chunkSize, bins: max(MetricStatistics.defaultBinCount, 4 * options.histogramBins),
            samples: options.keepSamples)
        let result: SimulationResult
        do {
            result = try Simulator.run(
                model: model, options: options,
                progress: { done, total in
                    if let notice = estimate.notice(done: done, samplesBytes: samples?.bytesWritten) {
                        bar.finish()
                        FileHandle.standardError.write(Data(notice.utf8))
                    }
                    bar.update(done: done, total: total)
                },
                sampleSink: { chunk in
                    try samples?.append(chunk.csvRows)
                    if let samples {
                        try estimate.checkSpace(
                            path: samples.path, written: samples.bytesWritten, done: chunk.firstPath + chunk.pathCount,
                            free: RunEstimate.freeBytes(at: samples.temporary))
                    }
                })
            bar.finish()
        } catch {
            bar.finish()
            samples?.discard()
            throw located(error, in: loaded)
        }
        var outcome = Outcome()
        outcome.title = loaded.scenario.name
        let instrumentNames = loaded.stochastic.instrumentNames
        let labels = Dictionary(
            result.metricNames.map { ($0, Format.metricLabel($0, names: instrumentNames)) },
            uniquingKeysWith: { first, _ in first })
        outcome.files.add(path("simulation-summary.csv"), result.summaryCSV(names: labels))
        outcome.files.add(path("simulation-histogram.csv"), result.histogramCSV(names: labels))
        outcome.files.add(
            path("simulation.json"),
            result.metadataJSON(scenarioDigest: Digest.fnv1a64(loaded.source), toolVersion: Dilution.configuration.version))
        do {
            try samples?.finish(into: &outcome.files)
        } catch {
            samples?.discard()
            throw error
        }
        if !request.quiet { outcome.stdout = SimulationSummary.render(
                result, scenario: loaded.scenario.name, names: loaded.stochastic.instrumentNames) }
        outcome.stderr = outcome.files.paths.map { "wrote \($0)\n" }.joined()
            + String(format: "%d paths in %.2f s (%.0f paths/s, %d thread%@)\n", request.paths, result.elapsedSeconds,
                     result.pathsPerSecond, result.threadsUsed, result.threadsUsed == 1 ? "" : "s")
        return outcome
    }

    /// `dilution simulate FILE --path K --scenario-out F.yaml`: path K's realized scenario.
    static func certify(
        _ request: SimulateRequest, loaded: LoadedScenario, model: ScenarioPathModel, options: SimulationOptions,
        path: Int, out: String
    ) throws -> Outcome {
        let (text, metrics) = try CertifiedPath.scenario(loaded, model: model, options: options, path: path)
        let random = request.monteCarlo
        var command = "dilution simulate \(request.file) --seed \(random.seed)"
        if let sequence = random.sequence, !random.isLatinHypercube {
            command += " --sequence \(sequence)"
        } else {
            command += " --generator \(random.generator)" + (random.isLatinHypercube ? " --sequence lhs" : "")
            if random.isLatinHypercube { command += " --paths \(request.paths)" }
        }
        if let variant = request.variant { command += " --variant \(variant)" }
        for set in request.set { command += " --set '\(set)'" }
        let header = """
            # Path \(path) of
            #   \(command)
            # (paths are numbered from 0; a path does not depend on --paths or --threads), written by
            # `--path \(path) --scenario-out`. Every uncertain input is the exact value
            # this path drew, after the scenario's roundings; an uncertain event that happened has no
            # probability, one that did not (or an exercise that lapsed) has probability 0. `dilution run` and
            # `dilution explain` on this file apply the path's events to the path's numbers.

            """
        var outcome = Outcome()
        outcome.files.add(out, header + text)
        var lines = ["Path \(path) of \(loaded.scenario.name) (seed \(request.monteCarlo.seed)):"]
        let width = model.metricNames.map(\.count).max() ?? 0
        for (name, value) in zip(model.metricNames, metrics) {
            lines.append("  " + name.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + "\(value)")
        }
        if !request.quiet { outcome.stdout = lines.joined(separator: "\n") + "\n" }
        outcome.stderr = "wrote \(out)\n"
        return outcome
    }
}

/// A simulation error at the line of the event it concerns, when it concerns one.
func located(_ error: any Error, in loaded: LoadedScenario) -> any Error {
    guard case .pathFailed(let path, let underlying as PathEventError)? = error as? SimulationError else {
        return error
    }
    let placed = loaded.locate(underlying)
    return ScenarioError("\(placed.message) (simulation path \(path))", at: placed.location)
}

/// A file written piece by piece into a temporary file, then handed to `OutputFiles` to land with the others.
final class StreamedFile {
    let path: String
    let temporary: String
    /// The output folders made for it.
    let folders: [String]
    private var descriptor: Int32
    /// Bytes appended so far.
    private(set) var bytesWritten = 0

    init(path: String, protecting inputs: [String]) throws {
        let url = URL(fileURLWithPath: path).standardizedFileURL
        if inputs.map({ URL(fileURLWithPath: $0).standardizedFileURL.path }).contains(url.path) {
            throw CommandError("Refusing to write \(path): it is an input of this run.")
        }
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw CommandError("Could not write \(path): a folder of that name is in the way.")
        }
        let folders = try OutputFiles.makeFolder(url.deletingLastPathComponent())
        let temporary = OutputFiles.temporaryPath(for: path)
        Staging.shared.register(temporary: temporary)
        do {
            descriptor = try POSIXFile.create(temporary)
        } catch {
            Staging.shared.discard(temporaries: [temporary], folders: folders)
            throw error
        }
        self.path = path
        self.temporary = temporary
        self.folders = folders
    }

    func append(_ text: String) throws {
        let data = Data(text.utf8)
        try POSIXFile.write(descriptor, data, path: path)
        bytesWritten += data.count
    }

    /// Closes the temporary and adds it to `files`, which renames it into place with the other outputs.
    func finish(into files: inout OutputFiles) throws {
        let descriptor = self.descriptor
        self.descriptor = -1
        try POSIXFile.close(descriptor, path: path)
        files.add(path, stagedAt: temporary, folders: folders)
    }

    /// Removes the temporary and the folders made for it.
    func discard() {
        if descriptor >= 0 { _ = close(descriptor) }
        descriptor = -1
        Staging.shared.discard(temporaries: [temporary], folders: folders)
    }
}

/// What a long run will take, said once on standard error as soon as the first paths have been timed; and a refusal
/// to go on when the samples file would not fit on its disk.
package struct RunEstimate {
    package let total: Int
    package let start: ContinuousClock.Instant
    private var said = false
    private var spaceChecked = false
    /// The memory the run needs beyond the program itself, which does not grow with the paths (`memory(…)`).
    package var memoryBytes: Double? = nil
    /// Runs expected to take longer than this many seconds are announced.
    package static let announceAfter = 60.0

    package init(total: Int, start: ContinuousClock.Instant = .now) {
        self.total = total
        self.start = start
    }

    /// The sentence to print, once, when the run looks long: its expected duration and the samples file's size.
    package mutating func notice(done: Int, samplesBytes: Int?, now: ContinuousClock.Instant = .now) -> String? {
        guard !said, done > 0, done < total else { return nil }
        let elapsed = Self.seconds(now - start)
        guard elapsed > 0 else { return nil }
        let rate = Double(done) / elapsed
        let remaining = Double(total - done) / rate
        guard remaining > Self.announceAfter else { return nil }
        said = true
        var text = "\(ProgressBar.grouped(total)) paths at about \(ProgressBar.grouped(Int(rate))) paths/s: "
            + "about \(Self.duration(remaining)) to go"
        if let samplesBytes {
            text += "; the samples file will be about \(Self.size(Double(samplesBytes) / Double(done) * Double(total)))"
        }
        if let memoryBytes {
            text += "; memory stays about \(Self.size(memoryBytes + Self.programBytes)) whatever the number of paths"
        }
        return text + ".\n"
    }

    /// What the program takes before any path (code, the scenario, the plan): measured at about 25 MB.
    package static let programBytes = 25.0 * 1_048_576

    /// The memory a run holds at its peak beyond the program: each worker's chunk of values and its quantile
    /// histograms (five numbers a bin), the run's own histograms, and the finished chunks waiting to be merged in
    /// order (two per worker and two more), with their rows when samples are kept.
    package static func memory(metrics: Int, threads: Int, chunkSize: Int, bins: Int, samples: Bool) -> Double {
        let column = Double(chunkSize * metrics * 8)
        let histograms = Double(metrics * bins * 5 * 8)
        let waiting = Double(2 * threads + 2) * (samples ? column : 0)
        return Double(threads) * (column + histograms) + histograms + waiting
    }

    /// Throws, after the first chunk, when the samples written so far show that the whole file would not fit in the
    /// `free` bytes left on its disk.
    package mutating func checkSpace(path: String, written: Int, done: Int, free: Double?) throws {
        guard !spaceChecked, done > 0 else { return }
        spaceChecked = true
        guard let free else { return }
        let expected = Double(written) / Double(done) * Double(total)
        if expected - Double(written) > free {
            throw CommandError(
                "The samples file \(path) would need about \(Self.size(expected)), but only \(Self.size(free)) "
                    + "are free on its disk; give fewer --paths, or leave out --samples.")
        }
    }

    /// The bytes free for an unprivileged user on the disk holding `path`, if the system says.
    package static func freeBytes(at path: String) -> Double? {
        var info = statvfs()
        guard statvfs(path, &info) == 0 else { return nil }
        return Double(info.f_bavail) * Double(info.f_frsize)
    }

    package static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
    }

    /// `45 s`, `12 min`, `3.5 h`, `2.1 days`.
    package static func duration(_ seconds: Double) -> String {
        if seconds < 90 { return String(format: "%.0f s", seconds) }
        if seconds < 5400 { return String(format: "%.0f min", seconds / 60) }
        if seconds < 172_800 { return String(format: "%.1f h", seconds / 3600) }
        return String(format: "%.1f days", seconds / 86400)
    }

    /// `820 MB`, `1.8 GB`, `180 GB`.
    package static func size(_ bytes: Double) -> String {
        if bytes < 1e9 { return String(format: "%.0f MB", max(1, bytes / 1e6)) }
        if bytes < 1e11 { return String(format: "%.1f GB", bytes / 1e9) }
        if bytes < 1e12 { return String(format: "%.0f GB", bytes / 1e9) }
        return String(format: "%.1f TB", bytes / 1e12)
    }
}

/// A short, stable fingerprint of a scenario's text for the metadata sidecar (not a security hash).
enum Digest {
    static func fnv1a64(_ text: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        let hex = String(hash, radix: 16)
        return "fnv1a64:" + String(repeating: "0", count: 16 - hex.count) + hex
    }
}
