internal import DilutionExact
package import DilutionModel
import DilutionSampling
package import DilutionScenario

/// A stochastic scenario compiled for the Monte Carlo: every instrument that can ever exist has a
/// fixed slot, every event after the certain prefix is an op on slot indices, and a path runs on
/// plain fixed-point state in a reusable `CompiledState`, without allocating, retaining or looking
/// anything up by name.
///
/// It reproduces `StochasticScenario.realize` followed by `EngineCheckpoint.finish` and
/// `ScenarioPathModel.record` exactly: the same draws in the same order, the same conversions of
/// sampled values, the same `Exact` operations and rounding rules in the same order, the same
/// errors. It supports what `init` accepts; anything else throws `Unsupported` and the model runs
/// the generic engine instead.
package final class CompiledScenario: @unchecked Sendable {
    /// Why a scenario cannot be compiled: a feature the fast path does not support.
    package struct Unsupported: Error, CustomStringConvertible {
        /// What is not supported, in words.
        package var reason: String
        /// The reason.
        package var description: String { reason }
    }

    /// The scenario, for its conversions of sampled values (`price(_:)`, `money(_:)`).
    let scenario: StochasticScenario
    /// Events applied once before every path (the checkpoint's).
    let prefix: Int
    let sequential: Bool
    let slotCount: Int
    let initialCommon: Int128
    let initialPool: Int128
    let initialCash: Int128
    let initialSlots: UnsafeMutableBufferPointer<SlotState>
    let slotKinds: UnsafeMutableBufferPointer<SlotKind>
    let clauses: UnsafeMutableBufferPointer<CompiledClause>
    let baseSlots: UnsafeMutableBufferPointer<Int>
    let ops: UnsafeMutableBufferPointer<CompiledOp>
    let newInstruments: UnsafeMutableBufferPointer<NewInstrument>
    let eligible: UnsafeMutableBufferPointer<Int>
    /// Every distribution drawn on a path, in draw order (random probabilities included).
    let distributions: UnsafeMutableBufferPointer<Distribution>
    let recordEntries: UnsafeMutableBufferPointer<RecordEntry>
    let tracksPool: Bool
    /// The number of metrics a path writes.
    package let metricCount: Int
    /// For error messages only.
    let slotIDs: [String]
    let eventIDs: [String]
    /// `.to("1", .down)`, made once rather than parsed on every use.
    let wholeDown = RoundingRule.to("1", .down)
    /// The scale of each quantity's raw units as a double (`ScenarioPathModel.double`).
    let sharesScale = ScenarioPathModel.pow10[Shares.decimals]
    let moneyScale = ScenarioPathModel.pow10[Money.decimals]
    let priceScale = ScenarioPathModel.pow10[Price.decimals]
    let ratioScale = ScenarioPathModel.pow10[Ratio.decimals]

    /// Compiles `scenario`, whose certain prefix `checkpoint` has applied, for the metrics of
    /// `ids` (with `kinds`) as `ScenarioPathModel` names them; throws `Unsupported` when the
    /// scenario needs the generic engine.
    package init(
        _ scenario: StochasticScenario,
        checkpoint: EngineCheckpoint,
        ids: [String],
        kinds: [String: InstrumentKind],
        tracksPool: Bool,
        metricCount: Int
    ) throws(Unsupported) {
        var builder = Builder(scenario: scenario, checkpoint: checkpoint)
        try builder.build(ids: ids, kinds: kinds, tracksPool: tracksPool, metricCount: metricCount)
        self.scenario = scenario
        self.prefix = builder.prefix
        self.sequential = builder.sequential
        self.slotCount = builder.slots.count
        self.initialCommon = checkpoint.table.common.units
        self.initialPool = checkpoint.table.pool.units
        self.initialCash = checkpoint.table.cashRaised.units
        self.initialSlots = Self.buffer(builder.slots.map(\.initial))
        self.slotKinds = Self.buffer(builder.slots.map(\.kind))
        self.clauses = Self.buffer(builder.slots.map { $0.clause ?? CompiledClause() })
        self.baseSlots = Self.buffer(builder.baseSlots)
        self.ops = Self.buffer(builder.ops)
        self.newInstruments = Self.buffer(builder.newInstruments)
        self.eligible = Self.buffer(builder.eligible)
        self.distributions = Self.buffer(builder.distributions)
        self.recordEntries = Self.buffer(builder.record)
        self.tracksPool = tracksPool
        self.metricCount = metricCount
        self.slotIDs = builder.slots.map(\.id)
        self.eventIDs = builder.ops.map { scenario.allEvents[$0.eventIndex].id }
    }

    deinit {
        initialSlots.deallocate()
        slotKinds.deallocate()
        clauses.deallocate()
        baseSlots.deallocate()
        ops.deallocate()
        newInstruments.deallocate()
        eligible.deallocate()
        distributions.deinitialize()
        distributions.deallocate()
        recordEntries.deallocate()
    }

    /// The number of sampled values a path stores (one per distribution drawn).
    var inputCount: Int { distributions.count }

    private static func buffer<T>(_ array: [T]) -> UnsafeMutableBufferPointer<T> {
        let buffer = UnsafeMutableBufferPointer<T>.allocate(capacity: max(array.count, 1))
        _ = buffer.initialize(from: array)
        return UnsafeMutableBufferPointer(rebasing: buffer[0..<array.count])
    }
}

/// Builds the compiled form, deciding on the way whether the scenario is supported.
private struct Builder {
    struct Slot {
        var id: String
        var kind: SlotKind
        var instrument: Instrument
        var initial: SlotState
        var clause: CompiledClause?
    }

    let scenario: StochasticScenario
    let checkpoint: EngineCheckpoint
    let prefix: Int
    var sequential = false
    var order: [Int] = []
    var slots: [Slot] = []
    var slotIndex: [String: Int] = [:]
    var baseSlots: [Int] = []
    var ops: [CompiledOp] = []
    var newInstruments: [NewInstrument] = []
    var eligible: [Int] = []
    var distributions: [Distribution] = []
    var record: [RecordEntry] = []
    /// The prefix's timeline, computed only if an expiry's readjustment needs checking.
    var prefixTimeline: Timeline?

    init(scenario: StochasticScenario, checkpoint: EngineCheckpoint) {
        self.scenario = scenario
        self.checkpoint = checkpoint
        self.prefix = scenario.certainPrefix
    }

    static func unsupported(_ reason: String) -> CompiledScenario.Unsupported {
        CompiledScenario.Unsupported(reason: reason)
    }

    mutating func build(
        ids: [String],
        kinds: [String: InstrumentKind],
        tracksPool: Bool,
        metricCount: Int
    )
        throws(CompiledScenario.Unsupported)
    {
        guard checkpoint.eventCount == prefix else {
            throw Self.unsupported("the checkpoint does not end at the certain prefix")
        }
        switch scenario.central.cascade {
        case .simultaneous: sequential = false
        case .sequential: sequential = true
        case .fixedPoint: throw Self.unsupported("fixed-point cascades")
        }
        let events = scenario.allEvents
        guard prefix <= events.count else { throw Self.unsupported("an inconsistent certain prefix") }

        // Slots: the checkpoint's instruments, then those later events create, in order.
        let table = checkpoint.table
        for (position, instrument) in table.instruments.enumerated() {
            var state = SlotState()
            state.exists = true
            state.shares = instrument.shares.units
            state.hasPrice = instrument.price != nil
            state.price = instrument.price?.units ?? 0
            if let carried = table.carriedPrices[position] {
                state.hasCarried = true
                state.carried = carried.units
            }
            state.issued = table.issuedOnExercise[position].units
            state.stated = instrument.statedValue?.units ?? 0
            do {
                state.asConverted = try instrument.commonAsConverted().units
            } catch {
                throw Self.unsupported("an instrument's common as converted does not compute at the checkpoint")
            }
            try addSlot(instrument, initial: state)
        }
        for event in events[prefix...] {
            switch event.action {
            case .issue(let issuance):
                for instrument in issuance.instruments {
                    var state = SlotState()
                    state.hasPrice = instrument.price != nil
                    try addSlot(instrument, initial: state)
                }
            case .split:
                throw Self.unsupported("a split after the first uncertain event")
            case .exercise, .expire, .convert:
                break
            }
        }
        for index in slots.indices {
            slots[index].clause = try compileClause(of: index)
        }
        order = Array(slots.indices)
        if case .sequential(let declared) = scenario.central.cascade {
            var rank: [String: Int] = [:]
            for (position, id) in declared.enumerated() where rank[id] == nil { rank[id] = position }
            order.sort {
                (rank[slots[$0].id] ?? declared.count + $0, $0) < (rank[slots[$1].id] ?? declared.count + $1, $1)
            }
        }

        // Ops.
        var recipes: [Int: EventRecipe] = [:]
        for recipe in scenario.recipes { recipes[recipe.eventIndex] = recipe }
        for index in prefix..<events.count {
            try compileOp(events[index], index: index, recipe: recipes[index])
        }

        // Metrics, in `ScenarioPathModel.metricNames` order.
        var count = 0
        for id in ids {
            guard let slot = slotIndex[id] else { throw Self.unsupported("an instrument id without a slot") }
            var kind = SlotKind.other
            switch kinds[id] {
            case .preferred?:
                kind = .preferred
                count += 3
            case .warrant?:
                kind = .warrant
                count += 4
            case .option?:
                kind = .option
                count += 4
            default: count += 1
            }
            if kind != .other || kinds[id] == .other, kind != slots[slot].kind {
                throw Self.unsupported("an instrument whose kind differs from its metrics")
            }
            record.append(RecordEntry(slot: slot, kind: kind))
        }
        count += 1 + (tracksPool ? 1 : 0) + 3
        guard count == metricCount else { throw Self.unsupported("an unexpected metric layout") }
    }

    mutating func addSlot(_ instrument: Instrument, initial: SlotState) throws(CompiledScenario.Unsupported) {
        guard slotIndex[instrument.id] == nil else {
            throw Self.unsupported("the instrument id '\(instrument.id)' issued more than once")
        }
        let kind: SlotKind
        switch instrument.kind {
        case .preferred: kind = .preferred
        case .warrant: kind = .warrant
        case .option: kind = .option
        case .other: kind = .other
        }
        slotIndex[instrument.id] = slots.count
        slots.append(Slot(id: instrument.id, kind: kind, instrument: instrument, initial: initial))
    }

    // MARK: Clauses

    mutating func compileClause(of index: Int) throws(CompiledScenario.Unsupported) -> CompiledClause? {
        let slot = slots[index]
        let clause = slot.instrument.clause
        var compiled = CompiledClause()
        switch clause.formula {
        case .none:
            return nil
        case .fullRatchet:
            compiled.isRatchet = true
            do {
                compiled.noConsiderationPrice = try clause.noConsiderationPrice.rounded(clause.priceRounding).units
            } catch {
                throw Self.unsupported("a nominal no-consideration price that its rounding cannot round")
            }
        case .weightedAverage(let composition):
            compiled.baseStart = baseSlots.count
            for term in composition.terms {
                switch term {
                case .common: compiled.baseCommon += 1
                case .pool: compiled.basePool += 1
                default:
                    for (candidate, other) in slots.enumerated() where Self.term(term, counts: other) {
                        baseSlots.append(candidate)
                    }
                }
            }
            compiled.baseCount = baseSlots.count - compiled.baseStart
        }
        compiled.atOrBelow = clause.trigger == .atOrBelow
        compiled.priceRounding = clause.priceRounding
        compiled.considerationRounding = clause.considerationSharesRounding
        compiled.considerationExact = clause.considerationSharesRounding.step == nil
        compiled.checksRate = slot.kind == .preferred
        if let step = clause.rateRounding.step {
            compiled.rateStepped = true
            let units: Int128
            do {
                units = try step.units(atDecimals: Ratio.decimals, what: "")
            } catch {
                throw Self.unsupported("a rate rounding step finer than the engine's resolution")
            }
            guard units > 0 else { throw Self.unsupported("a rate rounding step that is not positive") }
            compiled.rateMaxPrice = Int128.max / units
            compiled.rateMinPrice = Int128.min / units
        }
        if let floor = clause.floor {
            compiled.hasFloor = true
            compiled.floor = floor.units
        }
        if let minimum = clause.minimumChange {
            compiled.hasMinimum = true
            compiled.minimum = minimum.units
        }
        compiled.neverUpward = clause.neverUpward
        compiled.scales = clause.scalesShares && slot.kind == .warrant
        compiled.shareRounding = clause.shareRounding
        return compiled
    }

    /// `CapTable.term(_:counts:)`: whether a base term counts an instrument.
    static func term(_ term: BaseTerm, counts slot: Slot) -> Bool {
        switch (term, slot.kind) {
        case (.allPreferred, .preferred), (.options, .option), (.allWarrants, .warrant), (.allOther, .other):
            return true
        case (.preferred(let id), .preferred), (.warrant(let id), .warrant), (.other(let id), .other):
            return slot.id == id
        default:
            return false
        }
    }

    // MARK: Ops

    mutating func compileOp(_ event: Event, index: Int, recipe: EventRecipe?) throws(CompiledScenario.Unsupported) {
        var op = CompiledOp()
        op.eventIndex = index
        if let recipe {
            op.hasRecipe = true
            switch recipe.probability {
            case .fixed(let p)?:
                op.probabilityMode = 1
                guard let value = recipe.fixedProbability ?? Double("\(p)") else {
                    throw Self.unsupported("a probability that is not a number")
                }
                op.fixedProbability = value
            case .random(let distribution)?:
                op.probabilityMode = 2
                op.probabilityInput = distributions.count
                distributions.append(distribution)
            case nil:
                break
            }
            op.inputStart = distributions.count
            op.inputCount = recipe.inputs.count
            for input in recipe.inputs {
                let position = distributions.count
                distributions.append(input.distribution)
                switch input.field {
                case .cash: op.cashInput = position
                case .common: op.commonInput = position
                case .price: op.priceInput = position
                case .amount: op.amountInput = position
                case .shares: op.sharesInput = position
                case .fraction: op.fractionInput = position
                case .fairValue: op.fairValueInput = position
                case .sharePrice: op.sharePriceInput = position
                case .instrument: throw Self.unsupported("an uncertain term of an instrument an event creates")
                }
            }
            if recipe.otherwiseExpire, case .exercise(let exercise) = event.action {
                op.lapses = true
                if recipe.readjustOnExpiry {
                    try requireInertLapse(of: exercise.instrument)
                }
            }
            if let priced = recipe.priced {
                guard let price = recipe.fixedPrice, let amount = recipe.fixedAmount else {
                    throw Self.unsupported("a priced issuance without central values")
                }
                op.priced = true
                op.pricedNew = priced.instrumentPosition ?? -1
                op.pricedRounding = priced.sharesRounding
                op.fixedPrice = price.units
                op.fixedAmount = amount.units
            }
        }
        switch event.action {
        case .issue(let issuance):
            try compileIssue(issuance, event: event, into: &op)
        case .exercise(let exercise):
            op.kind = .exercise
            op.slot = try slot(exercise.instrument, kinds: [.warrant, .option])
            switch exercise.quantity {
            case .all: break
            case .shares(let shares):
                op.defaults.quantityMode = 1
                op.defaults.quantity = shares.units
            case .fraction(let fraction):
                op.defaults.quantityMode = 2
                op.defaults.quantity = fraction.units
            }
            if case .net(let fairValue) = exercise.method {
                op.defaults.net = true
                op.defaults.fairValue = fairValue.units
            }
            if let sharePrice = exercise.sharePrice {
                op.defaults.hasSharePrice = true
                op.defaults.sharePrice = sharePrice.units
            }
            op.rounding = exercise.rounding
            op.otherwiseExpire = exercise.otherwiseExpire
            if exercise.otherwiseExpire, exercise.readjustOnExpiry {
                try requireInertLapse(of: exercise.instrument)
            }
        case .expire(let id, let shares, let readjust):
            op.kind = .expire
            op.slot = try slot(id, kinds: [.warrant, .option])
            if let shares {
                op.defaults.quantityMode = 1
                op.defaults.quantity = shares.units
            }
            if readjust { try requireInertLapse(of: id) }
        case .convert(let id, let shares, let rounding):
            op.kind = .convert
            op.slot = try slot(id, kinds: [.preferred])
            if let shares {
                op.defaults.quantityMode = 1
                op.defaults.quantity = shares.units
            }
            op.rounding = rounding
        case .split:
            throw Self.unsupported("a split after the first uncertain event")
        }
        ops.append(op)
    }

    func slot(_ id: String, kinds: [SlotKind]) throws(CompiledScenario.Unsupported) -> Int {
        guard let slot = slotIndex[id], kinds.contains(slots[slot].kind) else {
            throw Self.unsupported("an event on '\(id)', which no slot of the right kind holds")
        }
        return slot
    }

    mutating func compileIssue(
        _ issuance: Issuance,
        event: Event,
        into op: inout CompiledOp
    )
        throws(CompiledScenario.Unsupported)
    {
        op.kind = .issue
        op.exempt = event.exempt
        op.fromPool = issuance.fromPool.units
        op.defaults.cash = issuance.cash.units
        op.defaults.common = issuance.common.units
        op.newStart = newInstruments.count
        op.newCount = issuance.instruments.count
        for (position, instrument) in issuance.instruments.enumerated() {
            var new = NewInstrument()
            new.slot = slotIndex[instrument.id]!
            new.shares = instrument.shares.units
            new.hasPrice = instrument.price != nil
            new.price = instrument.price?.units ?? 0
            new.stated = instrument.statedValue?.units ?? 0
            new.priced = op.priced && op.pricedNew == position
            do {
                let payment = try instrument.minimumExercisePayment()
                if payment.isPositive {
                    op.constantConsideration = try Wide.add(op.constantConsideration, payment.units, "")
                }
                if !new.priced {
                    new.asConverted = try instrument.commonAsConverted().units
                    op.constantAdditional = try Wide.add(op.constantAdditional, new.asConverted, "")
                }
            } catch {
                throw Self.unsupported("an issuance whose summary does not compute")
            }
            if new.priced {
                guard instrument.isPreferred else { throw Self.unsupported("a priced issuance of a non-preferred") }
                new.hasPrice = true
            }
            newInstruments.append(new)
        }
        op.eligibleStart = eligible.count
        if !event.exempt {
            for slot in order where slots[slot].clause != nil {
                let instrument = slots[slot].instrument
                let hasPrice =
                    slot < checkpoint.table.instruments.count
                    ? slots[slot].initial.hasPrice : instrument.price != nil
                guard hasPrice, !event.waivedBy.contains(instrument.id) else { continue }
                if let sunset = instrument.clause.sunset, event.date > sunset { continue }
                if !instrument.holders.isEmpty, slots[slot].clause?.scales == true {
                    // Scaled share counts are rounded per holder.
                    throw Self.unsupported("warrants with holders whose share count scales")
                }
                eligible.append(slot)
            }
        }
        op.eligibleCount = eligible.count - op.eligibleStart
    }

    /// An expiry with readjustment is supported only when the readjustment can never do anything: the
    /// instrument was not issued by an event (it is in the initial capitalization), or was issued
    /// in the certain prefix by an event that changed no price.
    mutating func requireInertLapse(of id: String) throws(CompiledScenario.Unsupported) {
        if scenario.central.instruments.contains(where: { $0.id == id }) { return }
        let events = scenario.allEvents
        guard
            let issuedAt = events[..<prefix].firstIndex(where: { event in
                if case .issue(let issuance) = event.action { return issuance.instruments.contains { $0.id == id } }
                return false
            })
        else {
            throw Self.unsupported("an expiry that readjusts the prices moved by an uncertain issuance")
        }
        if prefixTimeline == nil {
            var prefixScenario = scenario.central
            prefixScenario.events = Array(prefixScenario.events[..<prefix])
            prefixTimeline = try? Engine(prefixScenario).run()
        }
        guard let timeline = prefixTimeline, let step = timeline.steps.first(where: { $0.eventIndex == issuedAt }),
            !step.adjustments.contains(where: { !$0.isReadjustment && $0.changedPrice })
        else {
            throw Self.unsupported("an expiry that readjusts prices")
        }
    }
}
