import DilutionReports
import DilutionSimulation
import Foundation

/// The table `dilution simulate` prints: mean, standard error and the 5-50-95 % quantiles of each metric.
enum SimulationSummary {
    static func render(_ result: SimulationResult, scenario: String, names: [String: String] = [:]) -> String {
        var out = "\(scenario)\n"
        out += "\(result.options.paths) paths, seed \(result.options.seed), "
            + (result.options.latinHypercube
                ? "Latin hypercube, generator \(result.options.generator.rawValue)"
                : result.options.quasiRandom.map { "quasi-random \($0.rawValue)" }
                    ?? "generator \(result.options.generator.rawValue)")
            + "\n\n"
        var table = TextTable(
            header: ["Metric", "Mean", "Std. error", "p5", "p50", "p95"],
            alignments: [.left, .right, .right, .right, .right, .right])
        for (name, summary) in zip(result.metricNames, result.summaries) {
            let unit = Format.unit(of: name)
            func number(_ value: Double) -> String { value.isFinite ? Format.reading(value, unit: unit) : "" }
            let quantile = { (p: Double) in summary.quantiles.first { $0.probability == p }?.value ?? .nan }
            table.rows.append([
                Format.metricLabel(name, names: names), number(summary.mean), number(summary.standardError), number(quantile(0.05)), number(quantile(0.5)),
                number(quantile(0.95)),
            ])
        }
        out += table.text
        out += "\nOwnership is a fraction of fully diluted shares; the CSV files name each metric by id "
            + "(series-2a.price). Means and quantiles are over the paths; a metric "
            + "is left out of a path where its instrument does not exist (its count is then below the number of paths). "
            + "The CSV files carry every statistic to ten significant digits.\n"
        return out
    }
}
