import ArgumentParser
import DilutionReports
import Foundation

extension Operations {
    /// `dilution plot`: draws the table in `csv` (any CSV this tool writes) with its gnuplot script into `output`
    /// (default: the CSV's name with `.png`).
    public static func plot(csv: String, output: String? = nil, metric: String? = nil, plotter: Plotter? = nil)
        throws -> Outcome
    {
        let plotter = try plotter ?? Plotter.located()
        let target = output ?? Plotter.defaultOutput(for: csv)
        if URL(fileURLWithPath: target).standardizedFileURL == URL(fileURLWithPath: csv).standardizedFileURL {
            throw CommandError("Refusing to write \(target): it is the input of this plot.")
        }
        let kind = try plotter.plot(csv: csv, to: target, metric: metric)
        var outcome = Outcome()
        outcome.stderr = "wrote \(target) (\(kind.summary))\n"
        return outcome
    }

    /// The warning of `--plot` when gnuplot or its scripts are missing (the tables were written all the same);
    /// `nil` for any other failure, which stays an error.
    static func plotWarning(_ error: PlotError) -> String? {
        switch error {
        case .gnuplotMissing, .scriptsMissing:
            return "warning: the tables were written but no chart was drawn. \(error) Then draw each table with "
                + "`dilution plot FILE.csv`, or run again with --plot.\n"
        default: return nil
        }
    }

    /// `--plot` of run, sweep, simulate and compare: draws every CSV the outcome wrote that is a table `plot`
    /// recognises, as `NAME.KIND.png` beside it (the sweep chart also marks the break-even points).
    static func plotWritten(_ outcome: Outcome, metric: String? = nil) throws -> String {
        let plotter = try Plotter.located()
        var log = ""
        for file in outcome.files.files where file.path.hasSuffix(".csv") {
            guard let kind = try Plotter.kind(ofFile: file.path) else { continue }
            let chosen = kind == .sweepMatrix || kind == .simulationHistogram ? metric : nil
            let target = Plotter.defaultOutput(for: file.path)
            try plotter.plot(csv: file.path, to: target, metric: chosen, title: outcome.title)
            log += "wrote \(target)\n"
            // A simulation with an exit event: fan charts of every class's proceeds and every series' multiple.
            if kind == .simulationSummary {
                for exitMetric in ["proceeds", "multiple"] where file.contents.contains(".\(exitMetric),") {
                    let fan = String(target.dropLast(4)) + "-\(exitMetric).png"
                    try plotter.plot(csv: file.path, to: fan, metric: exitMetric, title: outcome.title)
                    log += "wrote \(fan)\n"
                }
            }
        }
        return log
    }
}

struct PlotCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plot",
        abstract: "Draw a chart (PNG or SVG) from any CSV table dilution writes, with the gnuplot scripts in plots/.",
        discussion: """
            The kind of table is recognised from its header: \(PlotKind.allCases.map(\.summary).joined(separator: ", ")). \
            Needs gnuplot on the PATH (or DILUTION_GNUPLOT). The scripts are found in $DILUTION_PLOTS, else ./plots, \
            else the plots folder of the package the executable was built in.
            """)

    @Argument(help: "A CSV file written by run, sweep, simulate or compare.")
    var csv: String

    @Option(name: .shortAndLong, help: "The picture to write: FILE.png or FILE.svg (default: the CSV's name with .png).")
    var out: String?

    @Option(help: "The metric to draw where the table has several (histogram, fan chart, compare, matrix label).")
    var metric: String?

    func run() throws {
        try perform(inputs: [csv]) { try Operations.plot(csv: csv, output: out, metric: metric) }
    }
}
