import ArgumentParser
import DilutionCommands
import Foundation
import Testing

/// Counts of paths and bins that cannot work are refused before any work starts; long runs say how long.
@Suite("Limits and estimates")
struct LimitTests {
    static let scenario = Golden.scenario("vsource-2005-outlook.yaml")

    static let refused: [([String], String)] = [
        (["simulate", scenario, "--bins", "1000000000"], "--bins must be between 1 and 10,000, not 1,000,000,000."),
        (["simulate", scenario, "--bins", "0"], "--bins must be between 1 and 10,000, not 0."),
        (
            ["simulate", scenario, "--paths", "1000000000000"],
            "--paths must be between 1 and 10,000,000,000, not 1,000,000,000,000."
        ),
        (["simulate", scenario, "--paths", "-5"], "--paths must be between 1 and 10,000,000,000, not -5."),
        (["simulate", scenario, "--threads", "-1"], "--threads must be at least 1, not -1."),
        (
            ["sweep", scenario, "--tornado", "--paths", "20000000000"],
            "--paths must be between 1 and 10,000,000,000, not 20,000,000,000."
        ),
        (["compare", scenario, "--paths", "-1"], "--paths must be between 1 and 10,000,000,000, not -1."),
        (["run", scenario, "--out", ""], "--out must name a folder; it is empty."),
        (["simulate", scenario, "--out", ""], "--out must name a folder; it is empty."),
        (["sweep", scenario, "--tornado", "--out", ""], "--out must name a folder; it is empty."),
        (["compare", scenario, "--out", ""], "--out must name a folder; it is empty."),
    ]

    @Test("Refused with exit status 64 and a sentence", arguments: refused)
    func refusedInProcess(arguments: [String], message: String) {
        do {
            _ = try Dilution.parseAsRoot(arguments)
            Issue.record("parsed \(arguments)")
        } catch {
            #expect(Dilution.exitCode(for: error) == ExitCode(64))
            #expect(Dilution.message(for: error) == message)
        }
    }

    @Test func hugeBinCountIsRefusedByTheBinaryAndNothingIsWritten() throws {
        let folder = try TemporaryFolder()
        let out = folder.path("out")
        let result = try Binary.run(["simulate", Self.scenario, "--bins", "1000000000", "--out", out], timeout: 60)
        #expect(result.status == 64)
        #expect(result.stderr.hasPrefix("Error: --bins must be between 1 and 10,000, not 1,000,000,000.\n"))
        #expect(try folder.contents().isEmpty)
    }

    @Test func aSweepOfTooManyPathsInAllIsRefusedBeforeItStarts() throws {
        let folder = try TemporaryFolder()
        let result = try Binary.run([
            "sweep", Self.scenario, "--vary", "next-raise.price=0.20:0.60:0.05", "--paths", "5000000000", "--out",
            folder.path("out"),
        ], timeout: 60)
        #expect(result.status == 1)
        #expect(
            result.stderr == "The sweep would simulate 9 points × 5,000,000,000 paths; at most 10,000,000,000 paths in "
                + "all are allowed: give fewer --paths or fewer points.\n")
        #expect(try folder.contents().isEmpty)
    }

    @Test func aLongRunSaysHowLongAndHowLargeOnce() throws {
        let start = ContinuousClock.now
        var estimate = RunEstimate(total: 1_000_000_000, start: start)
        #expect(estimate.notice(done: 100_000, samplesBytes: 18_000_000, now: start + .seconds(1)) ==
            "1,000,000,000 paths at about 100,000 paths/s: about 2.8 h to go; the samples file will be about 180 GB.\n")
        #expect(estimate.notice(done: 200_000, samplesBytes: 36_000_000, now: start + .seconds(2)) == nil)
        var short = RunEstimate(total: 1_000_000, start: start)
        #expect(short.notice(done: 100_000, samplesBytes: nil, now: start + .seconds(1)) == nil)
    }

    @Test func samplesThatWouldNotFitAreRefusedAfterTheFirstChunk() throws {
        var estimate = RunEstimate(total: 1_000_000_000)
        #expect {
            try estimate.checkSpace(path: "out/x.csv", written: 3_000_000, done: 16_384, free: 20e9)
        } throws: { error in
            (error as? CommandError)?.message
                == "The samples file out/x.csv would need about 183 GB, but only 20.0 GB are free on its disk; give "
                + "fewer --paths, or leave out --samples."
        }
        var fits = RunEstimate(total: 100_000)
        try fits.checkSpace(path: "out/x.csv", written: 3_000_000, done: 16_384, free: 20e9)
    }
}
