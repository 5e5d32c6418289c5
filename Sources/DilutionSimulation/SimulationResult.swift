import DilutionSampling

/// The outcome of a simulation: statistics and a histogram for each output metric.
package struct SimulationResult: Sendable {
    /// The metric names, in the model's order; every array below follows it.
    package var metricNames: [String]
    /// The merged statistics of each metric, for quantiles beyond the standard ones.
    package var statistics: [MetricStatistics]
    /// Count, mean, spread and the standard quantiles of each metric.
    package var summaries: [StatisticsSummary]
    /// The histogram of each metric, with at most `options.histogramBins` bins.
    package var histograms: [MetricHistogram]
    /// The options of the run.
    package var options: SimulationOptions
    /// The number of worker threads that ran; it does not change any other field except `elapsedSeconds`.
    package var threadsUsed: Int
    /// The wall-clock duration of the run, in seconds. Never written to an output file.
    package var elapsedSeconds: Double

    /// Creates a result from its parts.
    package init(
        metricNames: [String],
        statistics: [MetricStatistics],
        summaries: [StatisticsSummary],
        histograms: [MetricHistogram],
        options: SimulationOptions,
        threadsUsed: Int,
        elapsedSeconds: Double
    ) {
        self.metricNames = metricNames
        self.statistics = statistics
        self.summaries = summaries
        self.histograms = histograms
        self.options = options
        self.threadsUsed = threadsUsed
        self.elapsedSeconds = elapsedSeconds
    }

    /// The paths simulated per second of wall-clock time.
    package var pathsPerSecond: Double { Double(options.paths) / elapsedSeconds }
}
