internal import DilutionExact
package import DilutionModel
import DilutionSampling
package import DilutionScenario

/// A scenario's Monte Carlo path: draw the uncertain inputs, apply the events exactly, and
/// report every instrument's final price, rate and its holders' fully diluted ownership (what they
/// hold as converted plus the common they received on exercise or conversion), the ownership of
/// the other common holders, the fully diluted total, the cash raised and the number of adjustments.
///
/// Paths run on the compiled fast path (`CompiledScenario`) when the scenario uses only what it
/// supports, and on the generic engine otherwise; both give the same metrics to the last bit.
package struct ScenarioPathModel: PathModel {
    /// Per-thread scratch state: the compiled path's state, or nothing for the generic engine.
    package struct Workspace {
        var compiled: CompiledState?
    }

    package let scenario: StochasticScenario
    package let metricNames: [String]
    package let dimension: Int
    /// The state after the certain first events, computed once.
    let checkpoint: EngineCheckpoint
    package let instrumentIDs: [String]
    package let kinds: [String: InstrumentKind]
    package let tracksPool: Bool
    /// The compiled fast path, or `nil` when paths run on the generic engine.
    package let compiled: CompiledScenario?
    /// Why paths run on the generic engine (`nil` when they run compiled).
    package let fallbackReason: String?

    /// A model for `scenario`; `compile: false` forces the generic engine (for comparisons).
    package init(_ scenario: StochasticScenario, compile: Bool = true) throws {
        self.scenario = scenario
        self.dimension = scenario.dimension
        self.checkpoint = try Engine(scenario.central).checkpoint(after: scenario.certainPrefix)
        var kinds: [String: InstrumentKind] = [:]
        for instrument in scenario.central.instruments { kinds[instrument.id] = instrument.kind }
        for id in scenario.instrumentIDs where kinds[id] == nil { kinds[id] = scenario.kind(of: id) }
        self.kinds = kinds
        self.instrumentIDs = scenario.instrumentIDs
        self.tracksPool = scenario.central.pool.isPositive || scenario.grantsOptions
        var names: [String] = []
        for id in instrumentIDs {
            switch kinds[id] {
            case .preferred?: names += ["\(id).price", "\(id).rate", "\(id).ownership"]
            case .warrant?, .option?: names += ["\(id).price", "\(id).shares", "\(id).exercised", "\(id).ownership"]
            default: names += ["\(id).ownership"]
            }
        }
        names += ["common.ownership"]
        if tracksPool { names += ["pool.ownership"] }
        names += ["fd_shares", "cash_raised", "adjustments"]
        self.metricNames = names
        if compile {
            do {
                self.compiled = try CompiledScenario(
                    scenario,
                    checkpoint: checkpoint,
                    ids: instrumentIDs,
                    kinds: kinds,
                    tracksPool: tracksPool,
                    metricCount: names.count
                )
                self.fallbackReason = nil
            } catch {
                self.compiled = nil
                self.fallbackReason = error.reason
            }
        } else {
            self.compiled = nil
            self.fallbackReason = "compilation not requested"
        }
    }

    package func makeWorkspace() throws -> Workspace {
        Workspace(compiled: compiled?.makeState())
    }

    package func evaluate(_ draws: inout Draws, workspace: inout Workspace, metrics: inout [Double]) throws {
        if let compiled {
            do {
                try compiled.evaluate(&draws, state: &workspace.compiled!, metrics: &metrics)
            } catch let error as EngineError {
                // Numbered within the path's own events: renumbered among all the scenario's, to be located.
                guard let index = error.eventIndex,
                    let all = compiled.allEventIndex(ofPathEvent: index, workspace.compiled!)
                else { throw error }
                throw PathEventError(eventIndex: all, field: error.field, message: error.message)
            }
            return
        }
        try evaluateGeneric(&draws, metrics: &metrics)
    }

    /// One path on the generic engine: realize the scenario, finish it from the checkpoint, record.
    package func evaluateGeneric(_ draws: inout Draws, metrics: inout [Double]) throws {
        let realized = try scenario.realize(draw: { draws.sample($0) }, uniform: { draws.uniform() })
        let table: CapTable
        let adjustments: Int
        do {
            (table, adjustments) = try checkpoint.finish(realized)
        } catch {
            // Numbered within the path's own events (some may not happen): renumbered by id among all of them.
            guard let index = error.eventIndex, index < realized.events.count,
                let all = scenario.allEvents.firstIndex(where: { $0.id == realized.events[index].id })
            else { throw error }
            throw PathEventError(eventIndex: all, field: error.field, message: error.message)
        }
        try Self.record(
            table,
            adjustments: adjustments,
            ids: instrumentIDs,
            kinds: kinds,
            pool: tracksPool,
            into: &metrics
        )
    }

    /// Writes the metrics of a final capitalization, in `metricNames` order.
    package static func record(
        _ table: CapTable,
        adjustments: Int,
        ids: [String],
        kinds: [String: InstrumentKind],
        pool: Bool,
        into metrics: inout [Double]
    ) throws {
        let total = try table.fullyDiluted()
        let totalShares = double(total)
        func ownership(_ shares: Shares) -> Double { totalShares > 0 ? double(shares) / totalShares : .nan }
        var slot = 0
        func put(_ value: Double) {
            metrics[slot] = value
            slot += 1
        }
        var heldAsCommon = Shares.zero
        for issued in table.issuedOnExercise { heldAsCommon = try heldAsCommon + issued }
        for id in ids {
            let position = table.index(of: id)
            let instrument = position.map { table.instruments[$0] }
            let issued = position.map { table.issuedOnExercise[$0] } ?? .zero
            // Holders' ownership: what they still hold, as converted, plus the common they received.
            let held = try (try instrument?.commonAsConverted() ?? .zero) + issued
            switch kinds[id] {
            case .preferred?:
                put(instrument?.price.map(double) ?? .nan)
                if let instrument, let stated = instrument.statedValue, let price = instrument.price {
                    put(double(try Exact.rate(stated, per: price)))
                } else {
                    put(.nan)
                }
            case .warrant?, .option?:
                put(instrument?.price.map(double) ?? .nan)
                put(instrument.map { double($0.shares) } ?? .nan)
                put(double(issued))
            default:
                break
            }
            put(ownership(held))
        }
        put(ownership(try table.common - heldAsCommon))
        if pool { put(ownership(table.pool)) }
        put(totalShares)
        put(double(table.cashRaised))
        put(Double(adjustments))
    }

    /// An exact quantity as a double, for statistics only.
    static func double<Q: FixedPointQuantity>(_ value: Q) -> Double {
        double(units: value.units) / pow10[Q.decimals]
    }

    /// `Double(units)`, fast: below 2⁵³ in magnitude an integer converts exactly, so going through `Int64` (one
    /// instruction) gives the same double as the generic conversion from `Int128`, which is many times slower.
    @inline(__always)
    static func double(units: Int128) -> Double {
        let limit: Int128 = 1 << 53
        if units >= -limit, units <= limit { return Double(Int64(truncatingIfNeeded: units)) }
        return Double(units)
    }

    static let pow10: [Double] = (0...18).map { n in (0..<n).reduce(1.0) { acc, _ in acc * 10 } }
}

extension CompiledScenario {
    /// The position among all the scenario's events of the path's event `index` (as a path numbers its events: the
    /// certain prefix, then the ops that happen), read from the path's realized ops in `state`.
    func allEventIndex(ofPathEvent index: Int, _ state: CompiledState) -> Int? {
        if index < prefix { return index }
        var kept = prefix
        for op in 0..<ops.count where state.realized[op].happens {
            if kept == index { return ops[op].eventIndex }
            kept += 1
        }
        return nil
    }
}
