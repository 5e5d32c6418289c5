import DilutionReports
import Foundation
import Testing

@Suite("--plot without gnuplot or its scripts", .serialized)
struct PlotWarningTests {
    static func run(_ arguments: [String], environment: [String: String]) throws -> Binary.Result {
        try Binary.run(arguments, environment: environment)
    }

    @Test("Without gnuplot: the tables are written, and a warning says how to get the charts")
    func noGnuplot() throws {
        let folder = try TemporaryFolder()
        let result = try Self.run(
            ["run", Golden.scenario("vsource-2005.yaml"), "--out", folder.url.path, "--quiet", "--plot"],
            environment: ["PATH": "/nonexistent", "DILUTION_GNUPLOT": ""])
        #expect(result.status == 0, "\(result.stderr)")
        for table in ["vsource-2005.timeline.csv", "vsource-2005.captable.csv"] {
            #expect(FileManager.default.fileExists(atPath: folder.url.appendingPathComponent(table).path), "\(table)")
        }
        #expect(!FileManager.default.fileExists(atPath: folder.url.appendingPathComponent("vsource-2005.timeline.png").path))
        #expect(result.stderr.contains("warning: the tables were written but no chart was drawn."))
        #expect(result.stderr.contains("apt-get install gnuplot-nox"))
        #expect(result.stderr.contains("dilution plot FILE.csv"))
    }

    @Test("Without the scripts: the tables are written, and the warning names the script it looked for")
    func noScripts() throws {
        let folder = try TemporaryFolder()
        let result = try Self.run(
            ["run", Golden.scenario("vsource-2005.yaml"), "--out", folder.url.path, "--quiet", "--plot"],
            environment: ["DILUTION_PLOTS": "/nonexistent-plots"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(FileManager.default.fileExists(atPath: folder.url.appendingPathComponent("vsource-2005.timeline.csv").path))
        #expect(result.stderr.contains("looked for timeline.gp in /nonexistent-plots"))
        #expect(result.stderr.contains("make install PREFIX="))
    }

    @Test("Installed with make install PREFIX=…: the scripts are found next to the binary")
    func installedLayout() throws {
        let prefix = try TemporaryFolder()
        let plots = prefix.url.appendingPathComponent("share/dilution/plots")
        try FileManager.default.createDirectory(at: plots, withIntermediateDirectories: true)
        try Data("# test\n".utf8).write(to: plots.appendingPathComponent("timeline.gp"))
        let binary = prefix.url.appendingPathComponent("bin/dilution")
        let found = try Plotter.locateScripts(environment: [:], currentDirectory: "/", executable: binary.path)
        #expect(URL(fileURLWithPath: found).standardizedFileURL.path == plots.standardizedFileURL.path)
    }
}
