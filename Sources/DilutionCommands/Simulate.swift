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
    public var seed: UInt64
    public var generator: String
    public var sequence: String?
    public var threads: Int
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
        self.seed = seed
        self.generator = generator
        self.sequence = sequence
        self.threads = threads
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
        var options = SimulationOptions(
            paths: request.paths, seed: request.seed, generator: try GeneratorKind(named: request.generator),
            quasiRandom: try quasiRandomKind(request.sequence), threads: request.threads,
            histogramBins: request.bins, keepSamples: request.samples)
        options.latinHypercube = isLatinHypercube(request.sequence)
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
        let result: SimulationResult
        do {
            result = try Simulator.run(
                model: model, options: options, progress: { bar.update(done: $0, total: $1) },
                sampleSink: { chunk in try samples?.append(chunk.csvRows) })
            bar.finish()
        } catch {
            bar.finish()
            samples?.discard()
            throw error
        }
        var outcome = Outcome()
        outcome.files.add(path("simulation-summary.csv"), result.summaryCSV)
        outcome.files.add(path("simulation-histogram.csv"), result.histogramCSV)
        outcome.files.add(
            path("simulation.json"),
            result.metadataJSON(scenarioDigest: Digest.fnv1a64(loaded.source), toolVersion: Dilution.configuration.version))
        try samples?.commit()
        if !request.quiet { outcome.stdout = SimulationSummary.render(result, scenario: loaded.scenario.name) }
        outcome.stderr = outcome.files.files.map { "wrote \($0.path)\n" }.joined()
            + (samples.map { "wrote \($0.path)\n" } ?? "")
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
        var command = "dilution simulate \(request.file) --seed \(request.seed)"
        if let sequence = request.sequence, !isLatinHypercube(sequence) {
            command += " --sequence \(sequence)"
        } else {
            command += " --generator \(request.generator)" + (isLatinHypercube(request.sequence) ? " --sequence lhs" : "")
            if isLatinHypercube(request.sequence) { command += " --paths \(request.paths)" }
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
        var lines = ["Path \(path) of \(loaded.scenario.name) (seed \(request.seed)):"]
        let width = model.metricNames.map(\.count).max() ?? 0
        for (name, value) in zip(model.metricNames, metrics) {
            lines.append("  " + name.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + "\(value)")
        }
        if !request.quiet { outcome.stdout = lines.joined(separator: "\n") + "\n" }
        outcome.stderr = "wrote \(out)\n"
        return outcome
    }
}

extension Operations {
    /// `--sequence lhs` (or `latin-hypercube`): Latin hypercube points rather than a GSL sequence.
    static func isLatinHypercube(_ sequence: String?) -> Bool {
        sequence == "lhs" || sequence == "latin-hypercube"
    }

    /// The GSL quasi-random sequence `--sequence` names, if it names one.
    static func quasiRandomKind(_ sequence: String?) throws -> QuasiRandomKind? {
        guard let sequence, !isLatinHypercube(sequence) else { return nil }
        return try QuasiRandomKind(named: sequence)
    }
}

/// A file written piece by piece into a temporary file, renamed into place by `commit()`.
final class StreamedFile {
    let path: String
    let temporary: String
    let handle: FileHandle

    init(path: String, protecting inputs: [String]) throws {
        let url = URL(fileURLWithPath: path).standardizedFileURL
        if inputs.map({ URL(fileURLWithPath: $0).standardizedFileURL.path }).contains(url.path) {
            throw CommandError("Refusing to write \(path): it is an input of this run.")
        }
        try OutputFiles.makeFolder(url.deletingLastPathComponent())
        self.path = path
        self.temporary = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).tmp").path
        guard FileManager.default.createFile(atPath: temporary, contents: nil) ,
            let handle = FileHandle(forWritingAtPath: temporary)
        else { throw CommandError("Could not create \(temporary).") }
        self.handle = handle
    }

    func append(_ text: String) throws {
        try handle.write(contentsOf: Data(text.utf8))
    }

    func commit() throws {
        try handle.close()
        if rename(temporary, path) != 0 {
            throw CommandError("Could not write \(path): \(String(cString: strerror(errno)))")
        }
    }

    func discard() {
        try? handle.close()
        try? FileManager.default.removeItem(atPath: temporary)
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
