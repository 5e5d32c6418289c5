import DilutionCommands
import Foundation
import Testing

/// All of a command's outputs land, or none: whatever fails, and whenever the run is stopped.
@Suite("Outputs: all or nothing", .serialized)
struct OutputFaultTests {
    static let vsource = Golden.scenario("vsource-2005.yaml")
    static let outlook = Golden.scenario("vsource-2005-outlook.yaml")

    @Test func runWithALaterOutputBlockedWritesNothing() throws {
        let folder = try TemporaryFolder()
        try FileManager.default.createDirectory(
            atPath: folder.path("vsource-2005.captable.csv"), withIntermediateDirectories: false)
        let result = try Binary.run(["run", Self.vsource, "--out", folder.url.path, "--quiet"])
        #expect(result.status == 1)
        #expect(
            result.stderr
                == "Could not write \(folder.path("vsource-2005.captable.csv")): a folder of that name is in the way.\n")
        #expect(try folder.contents() == ["vsource-2005.captable.csv"])
    }

    @Test func simulateWithTheMetadataBlockedWritesNoneOfItsFiles() throws {
        let folder = try TemporaryFolder()
        try FileManager.default.createDirectory(
            atPath: folder.path("vsource-2005-outlook.simulation.json"), withIntermediateDirectories: false)
        let result = try Binary.run([
            "simulate", Self.outlook, "--paths", "2000", "--samples", "--out", folder.url.path, "--quiet",
        ])
        #expect(result.status == 1)
        #expect(result.stderr.hasSuffix("vsource-2005-outlook.simulation.json: a folder of that name is in the way.\n"))
        #expect(try folder.contents() == ["vsource-2005-outlook.simulation.json"])
    }

    @Test func aFailedRunLeavesThePreviousOutputsAsTheyWere() throws {
        let folder = try TemporaryFolder()
        let timeline = try folder.write("vsource-2005.timeline.csv", "previous\n")
        try FileManager.default.createDirectory(
            atPath: folder.path("vsource-2005.captable.csv"), withIntermediateDirectories: false)
        let result = try Binary.run(["run", Self.vsource, "--out", folder.url.path, "--quiet"])
        #expect(result.status == 1)
        #expect(try String(contentsOfFile: timeline, encoding: .utf8) == "previous\n")
        #expect(try folder.contents() == ["vsource-2005.captable.csv", "vsource-2005.timeline.csv"])
    }

    /// Under `ulimit -f` a write past the limit used to kill the process with SIGXFSZ and leave its temporary.
    @Test func aFileSizeLimitIsAnErrorAndLeavesNothing() throws {
        let folder = try TemporaryFolder()
        let out = folder.path("out")
        let result = try Binary.run([
            "/bin/sh", "-c", "ulimit -f 64; exec \"$0\" \"$@\"", Binary.url.path, "simulate", Self.outlook,
            "--paths", "20000", "--samples", "--out", out, "--quiet",
        ], through: "/bin/sh")
        #expect(result.status == 1)
        #expect(
            result.stderr
                == "Could not write \(out)/vsource-2005-outlook.simulation-samples.csv: the file would be larger than "
                + "the file-size limit allows (see ulimit -f).\n")
        #expect(try folder.contents().isEmpty, "the output folder made for the run is removed again")
    }

    @Test func runUnderAFileSizeLimitIsAnErrorAndLeavesNothing() throws {
        let folder = try TemporaryFolder()
        let out = folder.path("out")
        let result = try Binary.run([
            "/bin/sh", "-c", "ulimit -f 1; exec \"$0\" \"$@\"", Binary.url.path, "run", Self.outlook, "--out", out,
            "--quiet",
        ], through: "/bin/sh")
        #expect(result.status == 1)
        #expect(
            result.stderr
                == "Could not write \(out)/vsource-2005-outlook.timeline.csv: the file would be larger than the "
                + "file-size limit allows (see ulimit -f).\n")
        #expect(try folder.contents().isEmpty)
    }

    @Test(arguments: [(SIGINT, 130), (SIGTERM, 143), (SIGHUP, 129)])
    func aStoppedSimulationLeavesNoTemporaryAndNoFolder(signal: Int32, shellStatus: Int) throws {
        let folder = try TemporaryFolder()
        let out = folder.url.appendingPathComponent("out")
        let process = Process()
        process.executableURL = Binary.url
        process.arguments = [
            "simulate", Self.outlook, "--paths", "100000000", "--samples", "--out", out.path, "--quiet", "--threads", "1",
        ]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Wait until the samples are being streamed into their temporary.
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline, (try? FileManager.default.contentsOfDirectory(atPath: out.path))?.isEmpty ?? true {
            usleep(50_000)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.path).count == 1)
        kill(process.processIdentifier, signal)
        let watchdog = DispatchWorkItem { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
        DispatchQueue.global().asyncAfter(deadline: .now() + 30, execute: watchdog)
        process.waitUntilExit()
        watchdog.cancel()
        #expect(process.terminationReason == .uncaughtSignal)
        #expect(Int(process.terminationStatus) + 128 == shellStatus)
        #expect(try folder.contents().isEmpty)
    }

    @Test func writeFailuresReadAsSentences() {
        #expect(POSIXFile.reason(ENOSPC) == "the disk is full")
        #expect(POSIXFile.reason(EFBIG) == "the file would be larger than the file-size limit allows (see ulimit -f)")
        #expect(POSIXFile.reason(EROFS) == "the file system is read-only")
    }
}

/// A full disk, on a small tmpfs: only where the tests may mount one (as root on Linux); skipped elsewhere.
@Suite("A full disk", .serialized)
struct FullDiskTests {
    static func shell(_ command: String) -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return -1 }
        process.waitUntilExit()
        return process.terminationStatus
    }

    static let canMountTmpfs: Bool = {
        guard getuid() == 0, let folder = try? TemporaryFolder() else { return false }
        guard shell("mount -t tmpfs -o size=64k tmpfs '\(folder.url.path)'") == 0 else { return false }
        _ = shell("umount '\(folder.url.path)'")
        return true
    }()

    @Test(.enabled(if: canMountTmpfs, "needs permission to mount a tmpfs"))
    func isASentenceAndLeavesNoEmptyFolder() throws {
        let folder = try TemporaryFolder()
        #expect(Self.shell("mount -t tmpfs -o size=64k tmpfs '\(folder.url.path)'") == 0)
        defer {
            _ = Self.shell("umount '\(folder.url.path)'")
            withExtendedLifetime(folder) {}  // removed only once unmounted
        }
        let out = folder.path("out")
        let result = try Binary.run([
            "simulate", Golden.scenario("vsource-2005-outlook.yaml"), "--paths", "20000", "--samples", "--out", out,
            "--quiet",
        ])
        #expect(result.status == 1)
        #expect(
            result.stderr == "Could not write \(out)/vsource-2005-outlook.simulation-samples.csv: the disk is full.\n")
        #expect(try folder.contents().isEmpty, "no empty output folder is left behind")
    }
}
