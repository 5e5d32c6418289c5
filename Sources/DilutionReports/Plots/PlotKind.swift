/// The tables `dilution` writes that `dilution plot` recognises, each from its header alone.
public enum PlotKind: String, CaseIterable, Sendable {
    /// `NAME.timeline.csv` (`dilution run`): conversion prices per series as steps over the events.
    case timeline
    /// `NAME.captable.csv` (`dilution run`): fully diluted ownership before and after each event, stacked bars.
    case capTable = "captable"
    /// `NAME.sweep.csv` (`dilution sweep --vary …`): the price metrics along the first swept input.
    case sweep
    /// `NAME.sweep-matrix.csv` (`dilution sweep` with two inputs): a heat map of the metric.
    case sweepMatrix = "sweep-matrix"
    /// `NAME.sweep-breakeven.csv` (`dilution sweep`): each series' trigger price and grid break-even.
    case breakeven = "sweep-breakeven"
    /// `NAME.tornado.csv` (`dilution sweep --tornado`): the tornado chart.
    case tornado
    /// `NAME.simulation-summary.csv` (`dilution simulate`): a fan chart of the ownership quantiles.
    case simulationSummary = "simulation-summary"
    /// `NAME.simulation-histogram.csv` (`dilution simulate`): the histogram of one metric.
    case simulationHistogram = "simulation-histogram"
    /// `NAME.compare.csv` (`dilution compare`): ownership per variant, grouped bars, and the deltas.
    case compare
    /// `NAME.exit.csv` (`dilution exit`): each class's payout stacked against the exit value, breakpoints marked.
    case exit

    /// The gnuplot script in `plots/` that draws this kind.
    public var script: String { rawValue + ".gp" }

    /// A phrase naming the table and the command that writes it, for messages.
    public var summary: String {
        switch self {
        case .timeline: return "timeline (run)"
        case .capTable: return "cap table (run)"
        case .sweep: return "sweep (sweep --vary)"
        case .sweepMatrix: return "sweep matrix (sweep with two --vary)"
        case .breakeven: return "sweep break-even (sweep)"
        case .tornado: return "tornado (sweep --tornado)"
        case .simulationSummary: return "simulation summary (simulate)"
        case .simulationHistogram: return "simulation histogram (simulate)"
        case .compare: return "compare (compare)"
        case .exit: return "exit waterfall (exit)"
        }
    }

    static let timelineHeader = [
        "event_index", "event_id", "date", "event_type", "instrument", "kind", "price_before", "price_after",
        "adjusted", "conversion_rate", "shares", "common_as_converted", "fd_ownership", "name", "common_received",
        "cash_raised",
    ]
    static let capTableHeader = [
        "event_index", "event_id", "date", "holder", "kind", "shares", "price", "common_as_converted", "fd_ownership",
        "name", "common_received", "cash_raised",
    ]
    static let summaryHeader = [
        "metric", "count", "mean", "sd", "se", "min", "p1", "p5", "p25", "p50", "p75", "p95", "p99", "max",
    ]
    static let histogramHeader = ["metric", "bin_low", "bin_high", "count"]
    static let exitHeader = [
        "exit_value", "class", "name", "kind", "election", "shares", "common_equivalent", "proceeds", "price_per_share",
        "multiple", "preference_paid", "net_proceeds",
    ]
    static let breakevenTail = ["instrument", "price_before", "exact_threshold", "grid_breakeven", "note"]
    /// Metrics every sweep row ends with (the metrics of `simulate`).
    static let sweepTail = ["fd_shares", "cash_raised", "adjustments"]

    /// The kind of table whose header is `header`, or `nil` when it is none of ours.
    public static func detect(header: [String]) -> PlotKind? {
        if header == timelineHeader { return .timeline }
        if header == capTableHeader { return .capTable }
        // The `name` columns were added after the first summary, break-even and tornado tables were written; those
        // still plot, with ids.
        if header == summaryHeader || header == summaryHeader + ["name"] { return .simulationSummary }
        if header == histogramHeader || header == histogramHeader + ["name"] { return .simulationHistogram }
        if header == exitHeader { return .exit }
        let core = header.last == "name" ? Array(header.dropLast()) : header
        if core.count >= 5, core.count <= 6, Array(core.suffix(5)) == breakevenTail { return .breakeven }
        // The `central`, `metric_name` and `input_name` columns were added after the first tornado tables were
        // written; those still plot.
        if header.count == 6 || (header.count == 7 && header[6] == "central")
            || (header.count == 8 && header[6] == "central" && header[7] == "metric_name")
            || (header.count == 9 && header[6] == "central" && header[7] == "metric_name" && header[8] == "input_name"),
            header[0] == "input",
            header[1] == "low_input", header[2] == "high_input", header[3].hasSuffix("_at_low"),
            header[4].hasSuffix("_at_high"), header[5] == "swing"
        {
            return .tornado
        }
        if header.count >= 2, header[0].contains(" \\ ") { return .sweepMatrix }
        if header.count >= 2, header[0] == "metric", header[1] == "base",
            header.dropFirst(2).contains(where: { $0.hasSuffix("_delta") })
        {
            return .compare
        }
        if header.count > sweepTail.count, header[0] != "metric",
            sweepTail.allSatisfy({ tail in header.contains(where: { $0 == tail || $0.hasPrefix(tail + "_") }) })
        {
            return .sweep
        }
        return nil
    }
}
