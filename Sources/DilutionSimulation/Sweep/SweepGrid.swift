package import DilutionExact
package import DilutionModel
internal import DilutionScenario
import Foundation

/// The results of a sweep over one or two inputs: every grid point's metrics, and for each protected instrument
/// whether its clause fired at the swept event (the event of the first input) and its price before that event.
///
/// Points are in row-major order: the first axis's values outside, the second's inside.
package struct SweepResult: Sendable {
    package var axes: [SweepAxis]
    package var metricNames: [String]
    /// Metrics of point `p` at `metrics[p * metricNames.count ..< (p + 1) * metricNames.count]`.
    package var metrics: [Double]
    /// Paths per point for a Monte Carlo sweep (metrics are means), `nil` for the central path.
    package var paths: Int?
    /// The protected instruments: preferred series and warrants with an active clause.
    package var protected: [(id: String, trigger: Trigger)]
    /// Per point and protected instrument: price before and after the swept event on the central path (`nil` when
    /// the instrument does not exist then, or the event does not happen).
    package var before: [Price?]
    package var after: [Price?]
    /// Whether the swept event is a priced issuance (`EVENT.price` swept), and what else it issues.
    package var pricedIssuance: Bool
    /// Whether the priced issuance also creates warrants, options, other securities or common (its effective
    /// price per share is then lower than `price`).
    package var attachedSecurities: Bool
    /// Instruments for which the swept event is exempt (a `grant`, `exempt: true`, `waived-by`, or after the
    /// clause's sunset).
    package var exemptFor: Set<String>

    /// Number of grid points.
    package var count: Int { axes.reduce(1) { $0 * $1.values.count } }

    /// The values of point `p`, one per axis.
    package func point(_ p: Int) -> [DecimalNumber] {
        if axes.count == 1 { return [axes[0].values[p]] }
        let inner = axes[1].values.count
        return [axes[0].values[p / inner], axes[1].values[p % inner]]
    }

    /// The metric `name` at point `p`.
    package func metric(_ name: String, at p: Int) -> Double? {
        guard let m = metricNames.firstIndex(of: name) else { return nil }
        return metrics[p * metricNames.count + m]
    }
}

/// Runs sweeps over a `SweepModel`.
package enum Sweep {
    /// The largest grid.
    package static let maximumPoints = 1_000_000

    /// Evaluates every point of the grid of `axes` (one or two), on the central path, or with the Monte Carlo
    /// `monteCarlo` at each point (the same seed at each point, so that curves are smooth; its threads are not
    /// used); `threads` evaluates points in parallel (the results do not depend on it).
    package static func run(
        _ model: SweepModel, axes: [SweepAxis], monteCarlo: SimulationOptions? = nil,
        threads: Int = ProcessInfo.processInfo.activeProcessorCount
    ) throws -> SweepResult {
        let paths = monteCarlo?.paths
        precondition(axes.count == model.paths.count && (1...2).contains(axes.count))
        let count = axes.reduce(1) { $0 * $1.values.count }
        guard count <= maximumPoints else {
            throw SweepError("The grid has \(count) points; at most \(maximumPoints) are allowed.")
        }
        if let paths {
            let (total, overflow) = paths.multipliedReportingOverflow(by: count)
            if overflow || total > SimulationOptions.maximumPaths {
                throw SweepError(
                    "The sweep would simulate \(count) points × \(ProgressBar.grouped(paths)) paths; at most "
                        + "\(ProgressBar.grouped(SimulationOptions.maximumPaths)) paths in all are allowed: give fewer "
                        + "--paths or fewer points.")
            }
        }
        let doubles = axes.map { $0.values.map(\.doubleValue) }
        let inner = axes.count == 2 ? axes[1].values.count : 1
        func values(_ p: Int) -> [Double] {
            axes.count == 1 ? [doubles[0][p]] : [doubles[0][p / inner], doubles[1][p % inner]]
        }
        let protected = model.protectedInstruments
        let m = model.metricNames.count
        let k = protected.count
        let eventID = String(axes[0].path.split(separator: ".").first ?? "")
        let metrics = SharedBuffer<Double>(repeating: .nan, count: count * m)
        let before = SharedBuffer<Price?>(repeating: nil, count: count * k)
        let after = SharedBuffer<Price?>(repeating: nil, count: count * k)

        // The central path at every point: the full timeline, for the prices around the swept event.
        func located<T>(_ p: Int, _ body: () throws -> T) throws -> T {
            do { return try body() } catch {
                let at = zip(axes, result(p)).map { "\($0.path) = \($1)" }.joined(separator: ", ")
                var event: PathEventError? = error as? PathEventError
                if case .pathFailed(let path, let underlying as PathEventError)? = error as? SimulationError {
                    event = underlying
                    event?.message += " (simulation path \(path))"
                }
                if var event {
                    event.message = "At \(at): \(event.message)"
                    throw SweepError(event.message, event: event)
                }
                throw SweepError("At \(at): \(error)")
            }
        }
        func result(_ p: Int) -> [DecimalNumber] {
            axes.count == 1 ? [axes[0].values[p]] : [axes[0].values[p / inner], axes[1].values[p % inner]]
        }
        let sweptEvent = model.stochastic.allEvents.firstIndex { $0.id == eventID }
        let workspaces = SharedBuffer<SweepModel.Workspace?>(repeating: nil, count: Self.workerCount(count, threads))
        try parallel(count: count, threads: threads) { p, w in
            if workspaces[w] == nil { workspaces[w] = try model.makeWorkspace() }
            var point = [Double](repeating: .nan, count: m)
            try located(p) {
                try model.evaluate(values(p), metrics: &point, workspace: &workspaces[w]!, around: sweptEvent) {
                    plan, state, moment in
                    // The prices immediately before and after the swept event (when it happens).
                    for (i, instrument) in protected.enumerated() {
                        let price = Self.price(of: instrument.id, plan: plan, state: state)
                        if moment == .before { before[p * k + i] = price } else { after[p * k + i] = price }
                    }
                }
            }
            if let monteCarlo {
                point = try located(p) { try model.means(values(p), options: monteCarlo) }
            }
            for j in 0..<m { metrics[p * m + j] = point[j] }
        }

        // What the swept event is.
        var priced = false
        var attached = false
        var exempt: Set<String> = []
        let components = axes[0].path.split(separator: ".")
        if let index = model.stochastic.allEvents.firstIndex(where: { $0.id == eventID }) {
            let event = model.stochastic.allEvents[index]
            let recipe = model.stochastic.recipes.first { $0.eventIndex == index }
            if components.count == 2, components[1] == "price", let pricedIssue = recipe?.priced,
                case .issue(let issuance) = event.action
            {
                priced = true
                let others = issuance.instruments.indices.filter { $0 != pricedIssue.instrumentPosition }
                attached = !others.isEmpty || (pricedIssue.instrumentPosition != nil && issuance.common.isPositive)
            }
            var all = model.stochastic.central.instruments
            for event in model.stochastic.allEvents {
                if case .issue(let issuance) = event.action { all += issuance.instruments }
            }
            for instrument in protected {
                let clause = all.first { $0.id == instrument.id }?.clause
                if event.exempt || event.waivedBy.contains(instrument.id)
                    || (clause?.sunset.map { event.date > $0 } ?? false)
                {
                    exempt.insert(instrument.id)
                }
            }
        }
        return SweepResult(
            axes: axes, metricNames: model.metricNames, metrics: metrics.array, paths: paths, protected: protected,
            before: before.array, after: after.array, pricedIssuance: priced, attachedSecurities: attached, exemptFor: exempt)
    }

    /// Only the metrics of the central path at every point of a grid, from the engine checkpoint after the certain
    /// first events (the fast path the benchmark times). Points in row-major order.
    package static func centralMetrics(
        _ model: SweepModel, axes: [SweepAxis], threads: Int = ProcessInfo.processInfo.activeProcessorCount
    ) throws -> [Double] {
        let doubles = axes.map { $0.values.map(\.doubleValue) }
        let inner = axes.count == 2 ? axes[1].values.count : 1
        let count = axes.reduce(1) { $0 * $1.values.count }
        let m = model.metricNames.count
        let metrics = SharedBuffer<Double>(repeating: .nan, count: count * m)
        let workspaces = SharedBuffer<SweepModel.Workspace?>(repeating: nil, count: Self.workerCount(count, threads))
        try parallel(count: count, threads: threads) { p, w in
            if workspaces[w] == nil { workspaces[w] = try model.makeWorkspace() }
            let values = axes.count == 1 ? [doubles[0][p]] : [doubles[0][p / inner], doubles[1][p % inner]]
            var point = [Double](repeating: .nan, count: m)
            try model.evaluate(values, metrics: &point, workspace: &workspaces[w]!)
            for j in 0..<m { metrics[p * m + j] = point[j] }
        }
        return metrics.array
    }

    /// Calls `body` for 0..<count on up to `threads` threads, in contiguous blocks; the first error (by index)
    /// is rethrown. `body` must write only to its own index's slots.
    static func parallel(count: Int, threads: Int, _ body: (Int, Int) throws -> Void) throws {
        let workers = workerCount(count, threads)
        if workers == 1 {
            for p in 0..<count { try body(p, 0) }
            return
        }
        let errors = ErrorBox(count: workers)
        withoutActuallyEscaping(body) { body in
            let box = UnsafeSendable(body)
            DispatchQueue.concurrentPerform(iterations: workers) { w in
                let start = count * w / workers
                let end = count * (w + 1) / workers
                for p in start..<end {
                    do { try box.value(p, w) } catch {
                        errors.set(w, error)
                        return
                    }
                }
            }
        }
        if let error = errors.first { throw error }
    }
}

extension Sweep {
    /// How many workers `parallel` uses for `count` points.
    static func workerCount(_ count: Int, _ threads: Int) -> Int { max(1, min(threads, count / 64, 64)) }

    /// The price of the instrument with this id that exists in `state`, if any.
    static func price(of id: String, plan: Plan, state: PlanState) -> Price? {
        guard let slot = plan.slot(of: id, in: state), state.slots[slot].exists, state.slots[slot].hasPrice else {
            return nil
        }
        return Price(units: state.slots[slot].price)
    }
}

/// A non-Sendable value passed to worker threads that use it without data races (each writes its own slots).
struct UnsafeSendable<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}

/// Memory that worker threads write at disjoint indices.
final class SharedBuffer<T>: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<T>
    let count: Int
    init(repeating value: T, count: Int) {
        self.count = count
        pointer = .allocate(capacity: max(count, 1))
        pointer.initialize(repeating: value, count: count)
    }
    subscript(index: Int) -> T {
        get { pointer[index] }
        set { pointer[index] = newValue }
    }
    var array: [T] { Array(UnsafeBufferPointer(start: pointer, count: count)) }
    deinit {
        pointer.deinitialize(count: count)
        pointer.deallocate()
    }
}

/// The first error of each worker.
final class ErrorBox: @unchecked Sendable {
    private let lock = NSLock()
    private var errors: [(any Error)?]
    init(count: Int) { errors = Array(repeating: nil, count: count) }
    func set(_ index: Int, _ error: any Error) {
        lock.lock()
        errors[index] = error
        lock.unlock()
    }
    var first: (any Error)? {
        lock.lock()
        defer { lock.unlock() }
        return errors.compactMap { $0 }.first
    }
}
