internal import DilutionExact
package import DilutionModel
import DilutionSampling
package import DilutionScenario

/// A scenario's Monte Carlo path: draw the uncertain inputs, apply the events exactly, and
/// report every instrument's final price, rate and its holders' fully diluted ownership (what they
/// hold as converted plus the common they received on exercise or conversion), the ownership of
/// the other common holders, the fully diluted total, the cash raised and the number of adjustments.
///
/// Every path runs the scenario's one compiled plan (`Plan`) on a per-thread state: the certain
/// first events are applied once, and each path copies that state, binds its draws
/// (`PathSampler`) and applies the rest, with no allocation.
package final class ScenarioPathModel: PathModel {
    /// Per-thread scratch state: the plan's state and the conversion rates last recorded.
    package struct Workspace {
        var state: PlanState
        var rates: [RateCache]
    }

    package let scenario: StochasticScenario
    package let metricNames: [String]
    package let dimension: Int
    /// The plan of every event the scenario can have.
    package let plan: Plan
    /// The state after the certain first events, computed once. Kept in memory of its own and read in place: a
    /// `PlanState` stored in this class is copied onto the stack each time a path reads it.
    nonisolated(unsafe) let checkpointStorage: UnsafeMutablePointer<PlanState>
    /// The number of certain first events.
    let prefix: Int
    package let sampler: PathSampler
    package let instrumentIDs: [String]
    package let kinds: [String: InstrumentKind]
    package let tracksPool: Bool
    /// The holders whose metrics (`holder:NAME.ownership`, `.shares`, `.cash`) follow the others, in
    /// `Plan.holderNames` order; empty when the scenario names no holder.
    package let holderNames: [String]
    /// Per instrument id (in `instrumentIDs` order): its kind and the slots that may hold it.
    let entries: [RecordEntry]
    let entrySlots: [Int]
    /// The exit event's metrics (after the others, from `exitOffset`), when the scenario has one.
    package let exit: ExitMetrics?
    let exitOffset: Int
    let exitNeedsInvestment: Bool

    /// A model for `scenario`.
    package init(_ scenario: StochasticScenario) throws {
        self.scenario = scenario
        self.dimension = scenario.dimension
        var all = scenario.central
        all.events = scenario.allEvents
        let plan = Plan(all)
        self.plan = plan
        self.prefix = scenario.certainPrefix
        var state = plan.makeState()
        try plan.apply(&state, to: prefix)
        checkpointStorage = .allocate(capacity: 1)
        checkpointStorage.initialize(to: state)
        self.sampler = try PathSampler(scenario, plan: plan)
        var kinds: [String: InstrumentKind] = [:]
        for instrument in scenario.central.instruments { kinds[instrument.id] = instrument.kind }
        for id in scenario.instrumentIDs where kinds[id] == nil { kinds[id] = scenario.kind(of: id) }
        self.kinds = kinds
        self.instrumentIDs = scenario.instrumentIDs
        self.tracksPool = scenario.central.pool.isPositive || scenario.grantsOptions
        var names: [String] = []
        var entries: [RecordEntry] = []
        var entrySlots: [Int] = []
        for id in instrumentIDs {
            var entry = RecordEntry()
            switch kinds[id] {
            case .preferred?:
                names += ["\(id).price", "\(id).rate", "\(id).ownership"]
                entry.kind = .preferred
            case .warrant?, .option?:
                names += ["\(id).price", "\(id).shares", "\(id).exercised", "\(id).ownership"]
                entry.kind = kinds[id] == .warrant ? .warrant : .option
            default:
                names += ["\(id).ownership"]
                entry.kind = .other
            }
            entry.start = entrySlots.count
            entrySlots += plan.slotsByID[id] ?? []
            entry.count = entrySlots.count - entry.start
            entries.append(entry)
        }
        names += ["common.ownership"]
        if tracksPool { names += ["pool.ownership"] }
        names += ["fd_shares", "cash_raised", "adjustments"]
        holderNames = plan.namesHolders ? plan.holderNames : []
        for name in holderNames { names += Self.holderMetrics(name) }
        self.exitOffset = names.count
        self.exit = ExitMetrics(plan: plan, ids: instrumentIDs, kinds: kinds)
        exitNeedsInvestment = exit?.needsInvestment ?? false
        names += exit?.names ?? []
        self.metricNames = names
        self.entries = entries
        self.entrySlots = entrySlots
    }

    deinit {
        checkpointStorage.deinitialize(count: 1)
        checkpointStorage.deallocate()
    }

    package func makeWorkspace() throws -> Workspace {
        var state = plan.makeState()
        state.copy(from: checkpointStorage.pointee)
        return Workspace(state: state, rates: Array(repeating: RateCache(), count: plan.slotCount))
    }

    package func evaluate(_ draws: inout Draws, workspace: inout Workspace, metrics: inout [Double]) throws {
        try evaluate(&draws, workspace: &workspace, metrics: &metrics, recording: nil)
    }

    /// One path; with `recording`, the exact value each drawn input became is stored there.
    @inline(__always)
    package func evaluate(
        _ draws: inout Draws, workspace: inout Workspace, metrics: inout [Double],
        recording values: UnsafeMutablePointer<Int128>?
    ) throws {
        workspace.state.copyCapitalization(from: checkpointStorage)
        workspace.state.adjustments = 0
        try sampler.bind(&workspace.state, plan: plan, from: &draws, recording: values)
        try applyRest(&workspace.state, from: prefix, to: plan.eventCount)
        try record(&workspace.state, rates: &workspace.rates, into: &metrics)
    }

    /// Applies the events after the certain prefix on bindings made from `source` (a sweep point's
    /// central values, say), starting from the checkpoint; the state holds the result.
    /// With `around`, `observe` sees the state immediately before and after that event, when it happens.
    package func apply<Source: DrawSource>(
        _ source: inout Source, state: inout PlanState, around event: Int? = nil,
        observe: (Plan, PlanState, Moment) -> Void = { _, _, _ in }
    ) throws {
        state.copyCapitalization(from: checkpointStorage)
        state.adjustments = 0
        try sampler.bind(&state, plan: plan, from: &source)
        guard let event, event >= prefix, event < plan.eventCount, state.bindings[event].happens else {
            try applyRest(&state, from: prefix, to: plan.eventCount)
            return
        }
        try applyRest(&state, from: prefix, to: event)
        observe(plan, state, .before)
        try applyRest(&state, from: event, to: event + 1)
        observe(plan, state, .after)
        try applyRest(&state, from: event + 1, to: plan.eventCount)
    }

    /// `plan.apply`, with an engine error (numbered among the events the path applied) renumbered among all the
    /// scenario's events, so that it can be placed in the file.
    @inline(__always)
    func applyRest(_ state: inout PlanState, from start: Int, to end: Int) throws {
        do {
            try plan.apply(&state, from: start, to: end)
        } catch {
            guard let index = error.eventIndex, let op = plan.op(ofApplied: index, state) else { throw error }
            throw PathEventError(eventIndex: op, field: error.field, message: error.message)
        }
    }

    /// Immediately before or after an event.
    package enum Moment: Sendable { case before, after }

    /// The number of adjustments the certain first events made.
    package var prefixAdjustments: Int { checkpointStorage.pointee.adjustments }

    /// Writes the metrics of a state, in `metricNames` order (`record(_:adjustments:…)` of its table). The state is
    /// taken `inout`, though only read, so that a caller passing its workspace's state and rates does not copy it.
    @inline(__always)
    package func record(_ state: inout PlanState, rates: inout [RateCache], into metrics: inout [Double]) throws {
        var total = try Wide.add(state.common, state.pool, "a sum of Shares values")
        var heldAsCommon: Int128 = 0
        for index in 0..<plan.slotCount where state.slots[index].exists {
            total = try Wide.add(total, state.slots[index].asConverted, "a sum of Shares values")
            heldAsCommon = try Wide.add(heldAsCommon, state.slots[index].issued, "a sum of Shares values")
        }
        let sharesScale = Self.pow10[Shares.decimals]
        let priceScale = Self.pow10[Price.decimals]
        let totalShares = Self.double(units: total) / sharesScale
        try metrics.withUnsafeMutableBufferPointer { out in
            try rates.withUnsafeMutableBufferPointer { rates in
                var k = 0
                for entry in entries {
                    var found = -1
                    for position in entry.start..<(entry.start + entry.count)
                    where state.slots[entrySlots[position]].exists {
                        found = entrySlots[position]
                        break
                    }
                    let exists = found >= 0
                    // Read in place: a slot's state is a large value, of which a few fields are recorded.
                    let slot = state.slots + max(found, 0)
                    let issued = exists ? slot.pointee.issued : 0
                    let held = try Wide.add(exists ? slot.pointee.asConverted : 0, issued, "a sum of Shares values")
                    switch entry.kind {
                    case .preferred:
                        if exists, slot.pointee.hasPrice {
                            out[k] = Self.double(units: slot.pointee.price) / priceScale
                            // The rate of the last path, reused when stated value and price are the same.
                            if !rates[found].valid || rates[found].stated != slot.pointee.stated
                                || rates[found].price != slot.pointee.price
                            {
                                let rate = try Exact.rate(
                                    Money(units: slot.pointee.stated), per: Price(units: slot.pointee.price))
                                rates[found] = RateCache(
                                    stated: slot.pointee.stated, price: slot.pointee.price,
                                    value: Self.double(units: rate.units) / Self.pow10[Ratio.decimals], valid: true)
                            }
                            out[k + 1] = rates[found].value
                        } else {
                            out[k] = .nan
                            out[k + 1] = .nan
                        }
                        k += 2
                    case .warrant, .option:
                        out[k] =
                            exists && slot.pointee.hasPrice ? Self.double(units: slot.pointee.price) / priceScale : .nan
                        out[k + 1] = exists ? Self.double(units: slot.pointee.shares) / sharesScale : .nan
                        out[k + 2] = Self.double(units: issued) / sharesScale
                        k += 3
                    case .other, .convertible:
                        break
                    }
                    out[k] = totalShares > 0 ? Self.double(units: held) / sharesScale / totalShares : .nan
                    k += 1
                }
                let common = try Wide.subtract(state.common, heldAsCommon, "a difference of Shares values")
                out[k] = totalShares > 0 ? Self.double(units: common) / sharesScale / totalShares : .nan
                k += 1
                if tracksPool {
                    out[k] = totalShares > 0 ? Self.double(units: state.pool) / sharesScale / totalShares : .nan
                    k += 1
                }
                out[k] = totalShares
                out[k + 1] = Self.double(units: state.cashRaised) / Self.pow10[Money.decimals]
                out[k + 2] = Double(state.adjustments)
                k += 3
                guard !holderNames.isEmpty else { return }
                try plan.holderTotals(&state)
                for h in 0..<holderNames.count {
                    let shares = Self.double(units: state.holderTotal[h]) / sharesScale
                    out[k] = totalShares > 0 ? shares / totalShares : .nan
                    out[k + 1] = shares
                    out[k + 2] = Self.double(units: state.proceeds[h]) / Self.pow10[Money.decimals]
                    k += 3
                }
            }
        }
        if let exit {
            // The waterfall runs only for a scenario with an exit, and only on the paths where it happens.
            let sale = plan.sale(in: state)
            do {
                if let sale {
                    try exit.record(
                        plan.table(state), sale: sale, on: plan.saleDate(in: state),
                        invested: exitNeedsInvestment ? plan.investedMoney(state) : [:], into: &metrics, at: exitOffset)
                } else {
                    exit.recordNone(into: &metrics, at: exitOffset)
                }
            } catch {
                throw PathEventError(
                    eventIndex: plan.saleEvent(in: state) ?? plan.exitEvent ?? 0, field: "value", message: error.description)
            }
        }
    }

    /// Writes the exit metrics of a timeline (nothing when the scenario has no exit), after `record(_:adjustments:…)`.
    package func recordExit(_ timeline: Timeline, into metrics: inout [Double]) throws {
        guard let exit else { return }
        try exit.record(timeline, into: &metrics, at: exitOffset)
    }

    /// The metric names of one holder.
    static func holderMetrics(_ name: String) -> [String] {
        ["holder:\(name).ownership", "holder:\(name).shares", "holder:\(name).cash"]
    }

    /// Writes the metrics of a final capitalization, in `metricNames` order.
    package static func record(
        _ table: CapTable,
        adjustments: Int,
        ids: [String],
        kinds: [String: InstrumentKind],
        pool: Bool,
        holders: [String] = [],
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
        // A holder absent from this table (named only by events that did not happen) holds nothing.
        for name in holders {
            let position = table.holders.first { $0.name == name }
            let shares = position.map { double($0.asConverted) } ?? 0
            put(ownership(position?.asConverted ?? .zero))
            put(shares)
            put(position.map { double($0.cash) } ?? 0)
        }
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

/// One instrument's metrics: the kind its metric names were made for and the slots that may hold it.
struct RecordEntry {
    var kind = SlotKind.other
    var start = 0
    var count = 0
}

/// A conversion rate computed on an earlier path, reused while stated value and price are the same.
package struct RateCache {
    var stated: Int128 = 0
    var price: Int128 = 0
    var value = 0.0
    var valid = false
}
