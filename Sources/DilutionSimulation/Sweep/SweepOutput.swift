package import DilutionExact
internal import DilutionModel
import DilutionSampling
package import DilutionScenario
import Foundation

/// One input of a tornado table: the metric with that input at its 10% and 90% quantiles (an event's fixed
/// probability at 0 and 1), the others central.
package struct TornadoRow: Sendable, Equatable {
    package var path: String
    /// The input's 10% and 90% quantiles.
    package var lowInput: Double
    package var highInput: Double
    /// The metric at those values.
    package var low: Double
    package var high: Double
    /// Whether the input is an event's fixed probability, moved to 0 and 1 rather than to quantiles.
    package var isEventProbability = false
    /// |high − low|.
    package var swing: Double { abs(high - low) }
}

extension Sweep {
    /// One-at-a-time sensitivity of `metric` to every uncertain input of the scenario: each distribution at its 10%
    /// and then its 90% quantile (a probability given as a distribution included), and each uncertain event's fixed
    /// probability (strictly between 0 and 1) moved to 0 and then to 1, every other input at its median, on the
    /// central path. Rows sorted by swing, largest first (ties by path). Returns the metric on the central path too.
    package static func tornado(loaded: LoadedScenario, metric: String) throws -> (central: Double, rows: [TornadoRow])
    {
        // A fixed probability is made settable, so that the central path can be run with the event and without it.
        let zero = DecimalNumber(0), one = DecimalNumber(1)
        let probabilities = Set(loaded.stochastic.recipes.compactMap { recipe -> String? in
            guard case .fixed(let p)? = recipe.probability, p > zero, p < one else { return nil }
            return "\(loaded.stochastic.allEvents[recipe.eventIndex].id).probability"
        })
        let scenario = try ScenarioLoader.reload(loaded, variable: probabilities)
        let inputs = scenario.stochastic.inputs
        guard !inputs.isEmpty else {
            throw SweepError("The scenario has no uncertain inputs (no distributions), so there is no tornado to draw.")
        }
        let model = try SweepModel(loaded: scenario, varying: inputs.map(\.path))
        guard let index = model.metricNames.firstIndex(of: metric) else {
            throw SweepError(unknownMetric(metric, among: model.metricNames))
        }
        let medians = try inputs.map { input throws(SamplingError) in try input.distribution.checkedMedian() }
        var metrics = [Double](repeating: .nan, count: model.metricNames.count)
        var workspace = try model.makeWorkspace()
        func value(_ values: [Double]) throws -> Double {
            try model.evaluate(values, metrics: &metrics, workspace: &workspace)
            return metrics[index]
        }
        let central = try value(medians)
        var rows: [TornadoRow] = []
        for (i, input) in inputs.enumerated() {
            var values = medians
            let bounds = probabilities.contains(input.path)
            let lowInput = bounds ? 0 : try input.distribution.checkedQuantile(0.1)
            let highInput = bounds ? 1 : try input.distribution.checkedQuantile(0.9)
            values[i] = lowInput
            let low = try value(values)
            values[i] = highInput
            let high = try value(values)
            rows.append(
                TornadoRow(
                    path: input.path, lowInput: lowInput, highInput: highInput, low: low, high: high,
                    isEventProbability: bounds))
        }
        rows.sort { a, b in a.swing != b.swing ? a.swing > b.swing : a.path < b.path }
        return (central, rows)
    }

    /// The message for a metric name that does not exist.
    package static func unknownMetric(_ name: String, among names: [String]) -> String {
        var message = "There is no metric '\(name)'"
        if let close = SweepModel.closest(to: name, among: names) { message += "; did you mean '\(close)'?" }
        return message + ". The metrics are: \(names.joined(separator: ", "))."
    }

    /// The tornado table as CSV: `input,low_input,high_input,METRIC_at_low,METRIC_at_high,swing,central,metric_name`,
    /// where `central` (the same in every row) is the metric on the central path, which the chart draws as its line,
    /// and `metric_name` (the same in every row) the metric as a person reads it ("Series 2-A Convertible Preferred:
    /// price"; the metric's id where none is given), which titles the chart. The inputs are keyed by their paths.
    /// The tornado table: one row per input (its path, the key), the metric's name and, last, the input's name
    /// (`inputNames[path]`, the path where it has none).
    package static func tornadoCSV(
        _ rows: [TornadoRow], metric: String, central: Double, metricName: String? = nil,
        inputNames: [String: String] = [:]
    ) -> String {
        var text = "input,low_input,high_input,\(CSVText.field(metric + "_at_low")),"
            + "\(CSVText.field(metric + "_at_high")),swing,central,metric_name,input_name\n"
        for row in rows {
            text += [CSVText.field(row.path), CSVText.decimal(row.lowInput), CSVText.decimal(row.highInput),
                CSVText.decimal(row.low), CSVText.decimal(row.high), CSVText.decimal(row.swing),
                CSVText.decimal(central), CSVText.field(metricName ?? metric),
                CSVText.field(inputNames[row.path] ?? row.path)].joined(separator: ",") + "\n"
        }
        return text
    }
}

extension SweepResult {
    /// One row per grid point: the swept values, then one column per metric (means for a Monte Carlo sweep).
    package var tidyCSV: String { tidyCSV(threads: 1) }

    /// `tidyCSV`, its rows formatted in contiguous blocks on up to `threads` threads (the same bytes on any number).
    package func tidyCSV(threads: Int) -> String {
        let header = (axes.map { CSVText.field($0.path) } + metricNames.map(CSVText.field)).joined(separator: ",") + "\n"
        // Blocks of at least 2,000 rows: below that a thread costs more than it saves.
        let workers = max(1, min(threads, count / 2_000))
        let blocks = SharedBuffer<[UInt8]>(repeating: [], count: workers)
        if workers == 1 {
            blocks[0] = rows(0..<count)
        } else {
            DispatchQueue.concurrentPerform(iterations: workers) { w in
                blocks[w] = rows((count * w / workers)..<(count * (w + 1) / workers))
            }
        }
        let parts = (0..<workers).map { blocks[$0] }
        let length = header.utf8.count + parts.reduce(0) { $0 + $1.count }
        return String(unsafeUninitializedCapacity: length) { buffer in
            var offset = 0
            for part in [Array(header.utf8)] + parts {
                part.withUnsafeBufferPointer { source in
                    _ = UnsafeMutableBufferPointer(rebasing: buffer[offset..<(offset + source.count)]).initialize(
                        from: source)
                }
                offset += part.count
            }
            return length
        }
    }

    /// The CSV lines of the grid points `points`.
    private func rows(_ points: Range<Int>) -> [UInt8] {
        let m = metricNames.count
        // Each axis value written once, not once per point.
        let axisText = axes.map { axis in axis.values.map { Array($0.description.utf8) } }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(points.count * (m + axes.count) * 12)
        // Bytes appended cell by cell: a grid of 40,000 points writes more than a million cells.
        let inner = axes.count > 1 ? axes[1].values.count : 1
        for p in points {
            if axes.count == 1 {
                bytes.append(contentsOf: axisText[0][p])
            } else {
                bytes.append(contentsOf: axisText[0][p / inner])
                bytes.append(UInt8(ascii: ","))
                bytes.append(contentsOf: axisText[1][p % inner])
            }
            for j in 0..<m {
                bytes.append(UInt8(ascii: ","))
                CSVText.appendDecimal(metrics[p * m + j], to: &bytes)
            }
            bytes.append(UInt8(ascii: "\n"))
        }
        return bytes
    }

    /// The names of the sweep table's metrics, one row each: `metric,name`, the metric id (a column of the sweep
    /// table, whose columns are its keys and so cannot carry a name column) and the metric as a person reads it
    /// (`names[metric]`, such as "Series 2-A Convertible Preferred: price"; the id where `names` has none).
    package func metricNamesCSV(names: [String: String]) -> String {
        "metric,name\n" + metricNames.map { "\(CSVText.field($0)),\(CSVText.field(names[$0] ?? $0))\n" }.joined()
    }

    /// For two inputs: `metric` as a matrix, rows = values of the first input, columns = values of the second; the
    /// top-left cell names both inputs (`FIRST \ SECOND`).
    package func matrixCSV(metric: String) throws(SweepError) -> String {
        guard let index = metricNames.firstIndex(of: metric) else {
            throw SweepError(Sweep.unknownMetric(metric, among: metricNames))
        }
        precondition(axes.count == 2)
        let m = metricNames.count
        let columns = axes[1].values.count
        var text = ([CSVText.field("\(axes[0].path) \\ \(axes[1].path)")] + axes[1].values.map(\.description))
            .joined(separator: ",") + "\n"
        for (row, value) in axes[0].values.enumerated() {
            let cells = (0..<columns).map { CSVText.decimal(metrics[(row * columns + $0) * m + index]) }
            text += ([value.description] + cells).joined(separator: ",") + "\n"
        }
        return text
    }

    /// One break-even line: for a protected instrument, and a value of the second input (when there is one).
    package struct BreakEven: Sendable, Equatable {
        package var line: DecimalNumber?
        package var instrument: String
        /// The instrument's price in effect immediately before the swept event on the central path.
        package var priceBefore: Price?
        /// When the swept input is a priced issuance's `price`: the threshold below which (or at or below which,
        /// for an `at-or-below` trigger) the clause fires — the price before; `nil` otherwise or when exempt.
        package var exactThreshold: Price?
        /// The highest value of the first input at which the instrument's price after the event is below its
        /// price before; `nil` when it fires nowhere on the grid, or up to its top (`notReached`).
        package var gridBreakEven: DecimalNumber?
        /// Whether the clause fires at the top of the grid (the first input's highest value): the break-even lies
        /// above the grid, so no grid value is one.
        package var notReached = false
        package var note: String
    }

    /// The break-even values of every protected instrument, per value of the second input.
    package var breakEvens: [BreakEven] {
        let k = protected.count
        let lines = axes.count == 2 ? axes[1].values.count : 1
        let firstCount = axes[0].values.count
        let top = axes[0].values.max()
        var found: [BreakEven] = []
        for line in 0..<lines {
            for (i, instrument) in protected.enumerated() {
                var priceBefore: Price? = nil
                var highest: DecimalNumber? = nil
                for row in 0..<firstCount {
                    let p = row * lines + line
                    guard let before = before[p * k + i] else { continue }
                    priceBefore = priceBefore ?? before
                    if let after = after[p * k + i], after < before {
                        let value = axes[0].values[row]
                        if highest == nil || value > highest! { highest = value }
                    }
                }
                var note: String
                var exact: Price? = nil
                if priceBefore == nil {
                    note = "not outstanding before the event (or the event does not happen)"
                } else if exemptFor.contains(instrument.id) {
                    note = "the event is exempt for this instrument (exempt, waived or after the sunset)"
                } else if pricedIssuance {
                    exact = priceBefore
                    note = instrument.trigger == .atOrBelow
                        ? "fires at a price at or below the threshold" : "fires at a price strictly below the threshold"
                    if attachedSecurities {
                        note += "; the issuance also creates other securities, so its effective price is lower "
                            + "than 'price' and the clause may fire above the threshold: use the grid value"
                    }
                } else {
                    note = "grid only: the swept input is not the price of a priced issuance"
                }
                if highest == nil, priceBefore != nil { note += "; does not fire on the grid" }
                let notReached = highest != nil && highest == top
                if notReached {
                    note += "; fires up to the top of the grid (\(top!)): the break-even is above it, not reached"
                }
                found.append(
                    BreakEven(
                        line: axes.count == 2 ? axes[1].values[line] : nil, instrument: instrument.id,
                        priceBefore: priceBefore, exactThreshold: exact, gridBreakEven: notReached ? nil : highest,
                        notReached: notReached, note: note))
            }
        }
        return found
    }

    /// The break-even table without names (an empty `name` column).
    package var breakEvenCSV: String { breakEvenCSV(names: [:]) }

    /// The break-even table as CSV: `[SECOND,]instrument,price_before,exact_threshold,grid_breakeven,note,name`;
    /// `grid_breakeven` is `not reached` when the clause fires up to the top of the grid. The instrument id is the
    /// key; `name` is the instrument's name (`names[id]`), empty where `names` has none.
    package func breakEvenCSV(names: [String: String]) -> String {
        var header = ["instrument", "price_before", "exact_threshold", "grid_breakeven", "note", "name"]
        if axes.count == 2 { header.insert(CSVText.field(axes[1].path), at: 0) }
        var text = header.joined(separator: ",") + "\n"
        for row in breakEvens {
            var cells = [
                CSVText.field(row.instrument), row.priceBefore.map(Self.priceText) ?? "",
                row.exactThreshold.map(Self.priceText) ?? "",
                row.notReached ? "not reached" : row.gridBreakEven?.description ?? "",
                CSVText.field(row.note), CSVText.field(names[row.instrument] ?? ""),
            ]
            if let line = row.line { cells.insert(line.description, at: 0) }
            text += cells.joined(separator: ",") + "\n"
        }
        return text
    }

    /// A price in full, without trailing zeros beyond the cents.
    static func priceText(_ price: Price) -> String { price.fullText(minimumPlaces: 2) }
}
