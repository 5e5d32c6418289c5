import Foundation
import Testing

/// The built `dilution` binary, run as a user runs it.
struct Binary {
    static var url: URL {
        // The test bundle sits in the build folder next to the executable.
        let candidates = [
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("dilution"),
            Golden.packageRoot.appendingPathComponent(".build/debug/dilution"),
        ]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates[1]
    }

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs the binary; a run that outlives `timeout` seconds is killed (and then fails the status checks).
    /// `environment` entries are added to (or replace) the test's own.
    static func run(
        _ arguments: [String], in directory: URL? = nil, timeout: Double = 300, through launcher: String? = nil,
        environment: [String: String] = [:]
    ) throws -> Result {
        let process = Process()
        process.executableURL = launcher.map { URL(fileURLWithPath: $0) } ?? url
        process.arguments = launcher == nil ? arguments : Array(arguments.dropFirst())
        if let directory { process.currentDirectoryURL = directory }
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let watchdog = DispatchWorkItem { if process.isRunning { process.terminate() } }
        DispatchQueue.global().asyncAfter(deadline: .now() + timeout, execute: watchdog)
        defer { watchdog.cancel() }
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
            stderr: String(decoding: stderr, as: UTF8.self))
    }
}

@Suite("The dilution binary, end to end", .serialized)
struct EndToEndTests {
    @Test func explainPrintsTheVsourceNotice() throws {
        let result = try Binary.run(["explain", Golden.scenario("vsource-2005.yaml")])
        #expect(result.status == 0)
        try Golden.check(result.stdout, against: "vsource-2005-notice.md")
    }

    @Test func runWritesTheTablesAndASummary() throws {
        let folder = try TemporaryFolder()
        let result = try Binary.run(["run", Golden.scenario("vsource-2005.yaml"), "--out", folder.url.path])
        #expect(result.status == 0)
        try Golden.check(result.stdout, against: "vsource-2005-summary.txt")
        #expect(try folder.contents() == ["vsource-2005.captable.csv", "vsource-2005.timeline.csv"])
        let timeline = try String(contentsOfFile: folder.path("vsource-2005.timeline.csv"), encoding: .utf8)
        try Golden.check(timeline, against: "vsource-2005.timeline.csv")
    }

    @Test func everyBundledScenarioRunsAndExplains() throws {
        let folder = try TemporaryFolder()
        let scenarios = try FileManager.default.contentsOfDirectory(atPath: Golden.packageRoot.appendingPathComponent("scenarios").path)
            .filter { $0.hasSuffix(".yaml") }.sorted()
        #expect(scenarios.count >= 3)
        for name in scenarios {
            for arguments in [["validate"], ["run", "--quiet", "--out", folder.url.path], ["explain"]] {
                let result = try Binary.run([arguments[0], Golden.scenario(name)] + arguments.dropFirst())
                #expect(result.status == 0, "\(arguments[0]) \(name): \(result.stderr)")
            }
        }
    }

    @Test func badInputExitsOneWithALocatedMessageAndWritesNothing() throws {
        let folder = try TemporaryFolder()
        let bad = try folder.write(
            "bad.yaml",
            """
            version: 1
            capitalization:
              common: 100
              preferred:
                - id: a
                  shares: 10
                  stated-value: 1
                  convertion-price: 1
            events: []

            """)
        let out = folder.url.appendingPathComponent("out")
        let result = try Binary.run(["run", bad, "--out", out.path])
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr == "\(bad):8:7: unknown key 'convertion-price' in preferred series 'a'; did you mean 'conversion-price'?\n")
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }

    @Test func helpAndUsage() throws {
        let help = try Binary.run(["--help"])
        #expect(help.status == 0)
        #expect(help.stdout.contains("explain"))
        let usage = try Binary.run(["explain"])
        #expect(usage.status == 64)
        #expect(usage.stderr.contains("Missing expected argument '<file>'"))
    }

    @Test func simulateWritesTheSameBytesForTheSameSeed() throws {
        let folder = try TemporaryFolder()
        var texts: [String] = []
        for threads in ["1", "2"] {
            let out = folder.url.appendingPathComponent("t\(threads)")
            let result = try Binary.run([
                "simulate", Golden.scenario("vsource-2005-outlook.yaml"), "--paths", "20000", "--seed", "5",
                "--threads", threads, "--samples", "--out", out.path, "--quiet",
            ])
            #expect(result.status == 0, "\(result.stderr)")
            let names = try FileManager.default.contentsOfDirectory(atPath: out.path).sorted()
            #expect(names == [
                "vsource-2005-outlook.simulation-histogram.csv", "vsource-2005-outlook.simulation-samples.csv",
                "vsource-2005-outlook.simulation-summary.csv", "vsource-2005-outlook.simulation.json",
            ])
            texts.append(try names.map { try String(contentsOf: out.appendingPathComponent($0), encoding: .utf8) }
                .joined(separator: "\u{0}"))
        }
        #expect(texts[0] == texts[1])
        #expect(texts[0].contains("\"seed\": 5"))
    }

    @Test func simulateRejectsAnUnknownGeneratorAndWritesNothing() throws {
        let folder = try TemporaryFolder()
        let out = folder.url.appendingPathComponent("out")
        let result = try Binary.run([
            "simulate", Golden.scenario("vsource-2005-outlook.yaml"), "--generator", "mt1993", "--out", out.path,
        ])
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("Unknown random generator 'mt1993'; did you mean 'mt19937'?"))
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }

    @Test func runWithPlotDrawsEachTableAndPlotRejectsForeignTables() throws {
        let folder = try TemporaryFolder()
        let result = try Binary.run(["run", Golden.scenario("vsource-2005.yaml"), "--out", folder.url.path, "--quiet", "--plot"])
        #expect(result.status == 0, "\(result.stderr)")
        for name in ["vsource-2005.timeline.png", "vsource-2005.captable.png"] {
            let size = try FileManager.default.attributesOfItem(atPath: folder.path(name))[.size] as? Int ?? 0
            #expect(size > 1000, "\(name)")
        }
        let svg = folder.path("timeline.svg")
        let plot = try Binary.run(["plot", folder.path("vsource-2005.timeline.csv"), "--out", svg])
        #expect(plot.status == 0, "\(plot.stderr)")
        // The legend names the series (the timeline's name column), not its id.
        let drawn = try String(contentsOfFile: svg, encoding: .utf8)
        #expect(drawn.contains("Series 2-A Conv. Preferred"))
        #expect(!drawn.contains(">series-2a<"))
        let foreign = try folder.write("foreign.csv", "a,b\n1,2\n")
        let rejected = try Binary.run(["plot", foreign])
        #expect(rejected.status == 1)
        #expect(rejected.stderr.hasPrefix("\(foreign) is not a table dilution writes (its header is \"a,b\")."))
    }
}
