import ArgumentParser
import DilutionCommands
import DilutionScenario
import Foundation
import Testing

@Suite("Commands, in process")
struct InProcessTests {
    @Test func parsesEachSubcommand() throws {
        for arguments in [["run", "a.yaml", "--out", "x", "--quiet"], ["explain", "a.yaml", "--event", "e"], ["validate", "a.yaml"]] {
            _ = try Dilution.parseAsRoot(arguments)
        }
    }

    static let badUsage: [[String]] = [["explain"], ["frobnicate", "a.yaml"], ["run", "a.yaml", "--out"]]

    @Test("Usage errors exit with status 64", arguments: badUsage)
    func usageError(arguments: [String]) {
        do {
            _ = try Dilution.parseAsRoot(arguments)
            Issue.record("parsed \(arguments)")
        } catch {
            #expect(Dilution.exitCode(for: error) == ExitCode(64))
        }
    }

    @Test func vsourceNoticeMatchesTheGoldenFile() throws {
        let outcome = try Operations.explain(file: Golden.scenario("vsource-2005.yaml"), event: nil)
        try Golden.check(outcome.stdout, against: "vsource-2005-notice.md")
        let single = try Operations.explain(file: Golden.scenario("vsource-2005.yaml"), event: "july-2005")
        #expect(single.stdout == outcome.stdout)
    }

    @Test func vsourceRunMatchesTheGoldenFiles() throws {
        let folder = try TemporaryFolder()
        let outcome = try Operations.run(file: Golden.scenario("vsource-2005.yaml"), outDirectory: folder.url.path, quiet: false)
        try Golden.check(outcome.stdout, against: "vsource-2005-summary.txt")
        #expect(outcome.files.files.map { URL(fileURLWithPath: $0.path).lastPathComponent }
            == ["vsource-2005.timeline.csv", "vsource-2005.captable.csv"])
        for file in outcome.files.files {
            try Golden.check(file.contents, against: URL(fileURLWithPath: file.path).lastPathComponent)
        }
        // Nothing is written until the command writes the outcome.
        #expect(try folder.contents().isEmpty)
    }

    @Test func unknownEventIsAnErrorListingTheEvents() throws {
        #expect {
            try Operations.explain(file: Golden.scenario("vsource-2005.yaml"), event: "july")
        } throws: { error in
            describe(error) == "The scenario has no event 'july'; its events are: july-2005."
        }
    }

    @Test func validateReportsTheFirstProblemWithItsLocation() throws {
        let folder = try TemporaryFolder()
        let path = try folder.write("bad.yaml", "version: 1\ncapitalization:\n  common: -5\nevents: []\n")
        #expect {
            try Operations.validate(file: path)
        } throws: { error in
            describe(error) == "\(path):3:11: 'common' in the capitalization must be zero or more, not -5"
        }
        let good = try Operations.validate(file: Golden.scenario("vsource-2005.yaml"))
        #expect(good.stdout.hasSuffix("valid — 2 instruments, 1 events, 1 adjustments.\n"))
    }

    @Test func refusesToOverwriteItsInput() throws {
        let folder = try TemporaryFolder()
        var files = OutputFiles()
        let input = try folder.write("in.yaml", "x")
        files.add(input, "y")
        #expect(throws: CommandError("Refusing to write \(input): it is an input of this run.")) {
            try files.write(protecting: [input])
        }
        #expect(try String(contentsOfFile: input, encoding: .utf8) == "x")
    }

    @Test func anOutputFolderThatIsAFileIsAClearErrorAndNothingIsWritten() throws {
        let folder = try TemporaryFolder()
        let file = try folder.write("not-a-folder", "x")
        let outcome = try Operations.run(file: Golden.scenario("vsource-2005.yaml"), outDirectory: file, quiet: true)
        #expect(throws: CommandError("Cannot write into \(file): it is a file, not a folder.")) {
            try outcome.files.write(protecting: [])
        }
        #expect(try folder.contents() == ["not-a-folder"])
    }
}
