import ArgumentParser
import Foundation

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write one self-contained HTML board report: notices, cap tables, variants, simulation, tornado, exit.",
        discussion: """
            Writes OUT/NAME.report.html, which needs nothing else (styles inline, charts as inline SVG) and prints \
            to a clean PDF from a browser. The simulation section is made for stochastic scenarios only, with \
            --paths paths and seed --seed, both stated in the report.
            """)

    @OptionGroup var scenario: ScenarioOptions

    @Option(parsing: .unconditional, help: "Monte Carlo paths of the simulation section.")
    var paths: Int = ReportRequest.defaultPaths

    @Option(help: "Seed of the simulation section.")
    var seed: UInt64 = ReportRequest.defaultSeed

    @Option(parsing: .unconditional, help: "Worker threads (default: every core).")
    var threads: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(name: .shortAndLong, help: "The folder for the report.")
    var out: String = "out"

    func validate() throws {
        try UsageCheck.paths(paths)
        try UsageCheck.threads(threads)
        try UsageCheck.out(out)
    }

    func run() throws {
        try perform(inputs: [scenario.file]) {
            try Operations.report(
                ReportRequest(
                    file: scenario.file, outDirectory: out, paths: paths, seed: seed, threads: threads,
                    set: scenario.set, variant: scenario.variant))
        }
    }
}
