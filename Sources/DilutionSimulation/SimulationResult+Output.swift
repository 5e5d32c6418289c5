extension SimulationResult {
    /// The header of the summary CSV.
    package static let summaryHeader = "metric,count,mean,sd,se,min,p1,p5,p25,p50,p75,p95,p99,max,name"

    /// The summary CSV without names (an empty `name` column).
    package var summaryCSV: String { summaryCSV(names: [:]) }

    /// The summary CSV: one row per metric with count, mean, standard deviation, standard error, extremes and the
    /// 1, 5, 25, 50, 75, 95 and 99 % quantiles, to ten significant digits; an undefined value is an empty field.
    /// The metric id is the key; the last column is the metric as a person reads it (`names[metric]`, such as
    /// "Series 2-A Convertible Preferred: price"), empty where `names` has none.
    package func summaryCSV(names: [String: String]) -> String {
        var out = Self.summaryHeader + "\n"
        for (name, summary) in zip(metricNames, summaries) {
            var fields = [CSVText.field(name), String(summary.count)]
            fields += [summary.mean, summary.standardDeviation, summary.standardError, summary.minimum]
                .map(CSVText.statistic)
            fields += summary.quantiles.map { CSVText.statistic($0.value) }
            fields.append(CSVText.statistic(summary.maximum))
            fields.append(CSVText.field(names[name] ?? ""))
            out += fields.joined(separator: ",") + "\n"
        }
        return out
    }

    /// The histogram CSV without names (an empty `name` column).
    package var histogramCSV: String { histogramCSV(names: [:]) }

    /// The histogram CSV: `metric,bin_low,bin_high,count,name`, one row per bin, edges written exactly; `name` is
    /// the metric as a person reads it (`names[metric]`), empty where `names` has none.
    package func histogramCSV(names: [String: String]) -> String {
        var out = "metric,bin_low,bin_high,count,name\n"
        for (name, histogram) in zip(metricNames, histograms) {
            let metric = CSVText.field(name)
            let label = CSVText.field(names[name] ?? "")
            for (index, count) in histogram.counts.enumerated() {
                let low = CSVText.exact(histogram.edges[index])
                let high = CSVText.exact(histogram.edges[index + 1])
                out += "\(metric),\(low),\(high),\(count),\(label)\n"
            }
        }
        return out
    }

    /// The JSON sidecar describing how the files were produced: everything that determines their bytes, nothing that
    /// does not (no thread count, no time). Keys are always in the same order.
    package func metadataJSON(scenarioDigest: String, toolVersion: String) -> String {
        let metrics = metricNames.map(CSVText.jsonString).joined(separator: ", ")
        let fields: [(String, String)] = [
            ("tool_version", CSVText.jsonString(toolVersion)),
            ("scenario_digest", CSVText.jsonString(scenarioDigest)),
            ("paths", String(options.paths)),
            ("seed", String(options.seed)),
            ("generator", CSVText.jsonString(options.generator.rawValue)),
            (
                "quasi_random",
                options.latinHypercube
                    ? CSVText.jsonString("latin-hypercube")
                    : options.quasiRandom.map { CSVText.jsonString($0.rawValue) } ?? "null"
            ),
            ("chunk_size", String(options.chunkSize)),
            ("histogram_bins", String(options.histogramBins)),
            ("metrics", "[\(metrics)]"),
        ]
        let body = fields.map { "  \(CSVText.jsonString($0.0)): \($0.1)" }.joined(separator: ",\n")
        return "{\n\(body)\n}\n"
    }
}

extension SampleChunk {
    /// The header of the samples CSV: `path` and the metric names.
    package static func csvHeader(metricNames: [String]) -> String {
        (["path"] + metricNames.map(CSVText.field)).joined(separator: ",") + "\n"
    }

    /// The chunk's rows of the samples CSV: the path index, then each metric exactly (empty for NaN).
    package var csvRows: String {
        var out = ""
        out.reserveCapacity(pathCount * (8 + 20 * metricCount))
        for row in 0..<pathCount {
            out += String(firstPath + row)
            for value in self.row(row) {
                out += ","
                out += CSVText.decimal(value)
            }
            out += "\n"
        }
        return out
    }
}
