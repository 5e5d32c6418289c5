internal import DilutionExact

/// A scenario compiled once for the one interpreter, like a prepared statement: every instrument
/// that can ever exist has a slot, every event is an op on slot indices, every weighted-average
/// base is a list of slots (each distinct base once), and rounding rules are resolved.
///
/// A state (`PlanState`) is the binding: the written values of every event, or those a Monte
/// Carlo path or a sweep point puts in place. `Engine` runs a plan with a trace for `run` and
/// `explain`; simulations and sweeps run the same plan without one.
package final class Plan: @unchecked Sendable {
    /// What a slot is, for traces, errors and metrics.
    package struct SlotInfo: Sendable {
        package var instrument: Instrument
        package var holderStart: Int
        package var holderCapacity: Int
    }

    /// The scenario the plan was compiled from (its events are the plan's ops, in order).
    package let scenario: Scenario
    let sequential: Bool
    let fixedPointLimit: Int?
    package let slotCount: Int
    package let slots: [SlotInfo]
    /// Slot index by instrument id (every slot holding that id).
    package let slotsByID: [String: [Int]]
    /// The number of slots of the initial capitalization (the first ones).
    package let initialSlotCount: Int
    package let holderCount: Int
    let kinds: Buffer<SlotKind>
    /// Each slot's clause, read in place (a default clause where a slot has none), and which slots have one.
    let clauses: Buffer<PlanClause>
    let hasClause: Buffer<Bool>
    /// The slots whose clause `Plan.leanAdjust` can apply: a weighted average whose price rounding resolves (to a
    /// step or exact), with B rounded to a step or left exact, no minimum change and no scaled share count.
    let leanClause: Buffer<Bool>
    let bases: Buffer<PlanBase>
    let baseSlots: Buffer<Int>
    /// The bases that count each slot, once per time they count it: slot s's at
    /// `slotBaseStart[s]..<slotBaseStart[s + 1]` of `slotBases` (a sequential cascade moves them by a change).
    let slotBaseStart: Buffer<Int>
    let slotBases: Buffer<Int>
    let ops: Buffer<PlanOp>
    let newInstruments: Buffer<NewInstrument>
    let twins: Buffer<Int>
    let refs: Buffer<Int>
    let eligible: Buffer<Int>
    /// The rounds priced from a valuation, compiled (read in place: a copy of one retains all its arrays).
    let rounds: Buffer<PlanRound>
    let closings: [PlanClosing]
    let roundInputCount: Int
    /// Where each slot's SAFE or note inputs (cap, discount, interest rate) are in `PlanState.roundInputs`
    /// (-1 for a slot of another kind).
    let convertibleInputStart: [Int]
    /// Whether some expiry or lapse may readjust (then adjustments are remembered per op).
    let mayReadjust: Bool
    /// Every holder by name: common's, every instrument's (declared or implicit), every buyer; the
    /// index of a name is its place in `PlanState.commonHeld`, `proceeds` and `holderTotal`.
    package let holderNames: [String]
    /// Whether the scenario names holders (then holder metrics and tables are produced).
    package let namesHolders: Bool
    /// The holder (`holderNames` index) of each holder entry of a slot.
    let entryHolders: Buffer<Int>
    let transfers: Buffer<PlanTransfer>
    let transferParts: Buffer<TransferPart>
    /// The size of the per-holder scratch areas: the most entries of a slot, or the holders of common.
    let holderScratch: Int
    /// The state before the first event, with the written bindings.
    let initial: PlanState

    /// Compiles `scenario`: its capitalization and its events, in order.
    package init(_ scenario: Scenario) {
        var builder = PlanBuilder(scenario: scenario)
        builder.build()
        self.scenario = scenario
        switch scenario.cascade {
        case .simultaneous:
            sequential = false
            fixedPointLimit = nil
        case .sequential:
            sequential = true
            fixedPointLimit = nil
        case .fixedPoint(let limit):
            sequential = false
            fixedPointLimit = limit
        }
        slotCount = builder.slots.count
        slots = builder.slots
        slotsByID = builder.slotsByID
        initialSlotCount = scenario.instruments.count
        holderCount = builder.holderShares.count
        kinds = Buffer(builder.kinds)
        clauses = Buffer(builder.clauses.map { $0 ?? PlanClause() })
        hasClause = Buffer(builder.clauses.map { $0 != nil })
        leanClause = Buffer(
            builder.clauses.map { clause in
                guard let clause else { return false }
                return !clause.isRatchet && clause.priceStep != nil
                    && (clause.considerationExact || clause.considerationStep != nil) && !clause.hasMinimum
                    && !clause.scales
            })
        bases = Buffer(builder.bases)
        baseSlots = Buffer(builder.baseSlots)
        var countedBy = Array(repeating: [Int](), count: builder.slots.count)
        for (index, base) in builder.bases.enumerated() {
            for position in base.start..<(base.start + base.count) { countedBy[builder.baseSlots[position]].append(index) }
        }
        slotBaseStart = Buffer(countedBy.reduce(into: [0]) { starts, bases in starts.append(starts.last! + bases.count) })
        slotBases = Buffer(countedBy.flatMap { $0 })
        ops = Buffer(builder.ops)
        newInstruments = Buffer(builder.newInstruments)
        twins = Buffer(builder.twins)
        refs = Buffer(builder.refs)
        eligible = Buffer(builder.eligible)
        rounds = Buffer(builder.rounds)
        closings = builder.closings
        roundInputCount = builder.roundInputs.count
        convertibleInputStart = builder.convertibleInputStart
        mayReadjust = builder.mayReadjust
        holderNames = builder.holderNames
        namesHolders = scenario.namesHolders
        entryHolders = Buffer(builder.entryHolders)
        transfers = Buffer(builder.transfers)
        transferParts = Buffer(builder.transferParts)
        holderScratch = max(builder.slots.map(\.holderCapacity).max() ?? 0, builder.holderNames.count)
        var state = PlanState(
            slotCount: builder.slots.count, opCount: builder.ops.count, newCount: builder.newInstruments.count,
            holderCount: builder.holderShares.count, baseCount: builder.bases.count,
            nameCount: builder.holderNames.count, scratchCount: holderScratch,
            inputCount: builder.roundInputs.count)
        for (index, shares) in builder.commonHeld.enumerated() { state.commonHeld[index] = shares }
        state.common = scenario.common.units
        state.pool = scenario.pool.units
        for index in 0..<builder.initialSlots.count { state.slots[index] = builder.initialSlots[index] }
        for index in 0..<builder.holderShares.count { state.holders[index] = builder.holderShares[index] }
        // No money is recorded for the capitalization's instruments, nor for those issued outside a round.
        for index in 0..<builder.holderShares.count { state.invested[index] = Plan.unknownMoney }
        for index in 0..<builder.bindings.count { state.bindings[index] = builder.bindings[index] }
        for index in 0..<builder.terms.count { state.terms[index] = builder.terms[index] }
        for index in 0..<builder.roundInputs.count { state.roundInputs[index] = builder.roundInputs[index] }
        initial = state
    }

    /// A fresh state before the first event, with the written bindings.
    package func makeState() -> PlanState {
        var state = PlanState(
            slotCount: slotCount, opCount: ops.count, newCount: newInstruments.count, holderCount: holderCount,
            baseCount: bases.count, nameCount: holderNames.count, scratchCount: holderScratch,
            inputCount: roundInputCount)
        state.copy(from: initial)
        return state
    }

    /// The number of events (ops).
    package var eventCount: Int { ops.count }

    /// Where an event's new instruments start in `PlanState.terms`.
    package func termsStart(event: Int) -> Int { ops[event].newStart }

    /// How many instruments an event creates.
    package func newCount(event: Int) -> Int { ops[event].newCount }

    /// An event's written binding.
    @inline(__always)
    package func writtenBinding(_ event: Int) -> Binding { initial.bindings[event] }

    /// A new instrument's written terms.
    @inline(__always)
    package func writtenTerms(_ index: Int) -> NewTerms { initial.terms[index] }

    /// The slot of the instrument with this id that exists in `state`, else the first slot with that id.
    package func slot(of id: String, in state: PlanState) -> Int? {
        guard let candidates = slotsByID[id] else { return nil }
        return candidates.first { state.slots[$0].exists } ?? candidates.first
    }

}

/// A fixed-size buffer owned by a plan, read without bounds checks or reference counting.
final class Buffer<T>: @unchecked Sendable {
    let base: UnsafeMutablePointer<T>
    let count: Int

    init(_ array: [T]) {
        count = array.count
        base = .allocate(capacity: max(array.count, 1))
        base.initialize(from: array, count: array.count)
    }

    deinit {
        base.deinitialize(count: count)
        base.deallocate()
    }

    @inline(__always) subscript(_ index: Int) -> T { base[index] }
}

/// Builds a plan's tables from a scenario.
private struct PlanBuilder {
    let scenario: Scenario
    var slots: [Plan.SlotInfo] = []
    var slotsByID: [String: [Int]] = [:]
    var kinds: [SlotKind] = []
    var clauses: [PlanClause?] = []
    var bases: [PlanBase] = []
    var baseKeys: [[Int]: Int] = [:]
    var baseSlots: [Int] = []
    var ops: [PlanOp] = []
    var newInstruments: [NewInstrument] = []
    var twins: [Int] = []
    var refs: [Int] = []
    var eligible: [Int] = []
    var rounds: [PlanRound] = []
    var closings: [PlanClosing] = []
    /// The written inputs of every SAFE and note (cap, discount, interest rate) and of every round (its
    /// investors' amounts, then its pool target).
    var roundInputs: [Int128] = []
    var convertibleInputStart: [Int] = []
    var initialSlots: [SlotState] = []
    var holderShares: [Int128] = []
    var bindings: [Binding] = []
    var terms: [NewTerms] = []
    var mayReadjust = false
    /// Slot → the written holder shares (for instruments an event creates).
    var order: [Int] = []
    var holderNames: [String] = []
    var holderIndex: [String: Int] = [:]
    var entryHolders: [Int] = []
    var commonHeld: [Int128] = []
    var transfers: [PlanTransfer] = []
    var transferParts: [TransferPart] = []
    /// Instrument id → the buyers a transfer may give its shares to (they get holder entries).
    var buyersByID: [String: [String]] = [:]

    init(scenario: Scenario) { self.scenario = scenario }

    /// The index of a holder by name, registering it the first time.
    mutating func holder(_ name: String) -> Int {
        if let index = holderIndex[name] { return index }
        holderIndex[name] = holderNames.count
        holderNames.append(name)
        return holderNames.count - 1
    }

    mutating func build() {
        // Common's holders first, then every instrument's in slot order, then the buyers.
        if scenario.commonHolders.isEmpty {
            _ = holder(Scenario.commonHolderName)
            commonHeld = [scenario.common.units]
        } else {
            for entry in scenario.commonHolders {
                let index = holder(entry.name)
                if index == commonHeld.count { commonHeld.append(0) }
                commonHeld[index] += entry.shares.units
            }
        }
        for event in scenario.events {
            // A later closing's investors hold entries of the series.
            guard case .closing(let closing) = event.action else { continue }
            for investor in closing.investors where !(buyersByID[closing.series] ?? []).contains(investor.name) {
                buyersByID[closing.series, default: []].append(investor.name)
            }
        }
        for event in scenario.events {
            guard case .transfer(let transfer) = event.action else { continue }
            for buyer in transfer.buyers {
                let target = transfer.becomes ?? transfer.instrument
                if !(buyersByID[target] ?? []).contains(buyer.name) { buyersByID[target, default: []].append(buyer.name) }
            }
        }
        // Every slot's record is made once: growing these arrays would copy them into fresh memory each time.
        var slotCount = scenario.instruments.count
        for event in scenario.events {
            if case .issue(let issuance) = event.action { slotCount += issuance.instruments.count }
        }
        slots.reserveCapacity(slotCount)
        clauses.reserveCapacity(slotCount)
        initialSlots.reserveCapacity(scenario.instruments.count)
        for instrument in scenario.instruments {
            let slot = addSlot(instrument)
            var state = SlotState()
            state.exists = true
            state.shares = instrument.shares.units
            state.hasPrice = instrument.price != nil
            state.price = instrument.price?.units ?? 0
            state.stated = instrument.statedValue?.units ?? 0
            if let floor = instrument.clause.floor {
                state.hasFloor = true
                state.floor = floor.units
            }
            state.asConverted = (try? instrument.commonAsConverted().units) ?? 0
            state.holderCount = Int32(slots[slot].holderCapacity)
            initialSlots.append(state)
            _ = slot
        }
        for event in scenario.events {
            if case .issue(let issuance) = event.action {
                for var instrument in issuance.instruments {
                    if let round = issuance.round {
                        // A round's series is held by its investors and by the holders of what converts in it
                        // (their shares are set when the round is solved).
                        instrument.holders = round.investors.map { Holder(name: $0.name, shares: .zero) }
                        for slot in slots.indices {
                            guard let terms = slots[slot].instrument.convertible,
                                terms.convertsIn == nil || terms.convertsIn == event.id
                            else { continue }
                            let name = terms.holder ?? slots[slot].instrument.name
                            if !instrument.holders.contains(where: { $0.name == name }) {
                                instrument.holders.append(Holder(name: name, shares: .zero))
                            }
                        }
                    }
                    _ = addSlot(instrument)
                }
            }
        }
        for index in slots.indices { clauses.append(compileClause(of: index)) }
        order = Array(slots.indices)
        if case .sequential(let declared) = scenario.cascade {
            var rank: [String: Int] = [:]
            for (position, id) in declared.enumerated() where rank[id] == nil { rank[id] = position }
            order.sort {
                (rank[slots[$0].instrument.id] ?? declared.count + $0, $0)
                    < (rank[slots[$1].instrument.id] ?? declared.count + $1, $1)
            }
        }
        var nextNew = scenario.instruments.count
        for event in scenario.events {
            compileOp(event, nextNew: &nextNew)
        }
        for event in scenario.events {
            guard case .transfer(let transfer) = event.action else { continue }
            for buyer in transfer.buyers { _ = holder(buyer.name) }
        }
        while commonHeld.count < holderNames.count { commonHeld.append(0) }
    }

    mutating func addSlot(_ instrument: Instrument) -> Int {
        let index = slots.count
        // The declared holders, or one implicit holder named by the instrument; then any buyer a transfer names.
        var entries: [(String, Int128)] =
            instrument.holders.isEmpty
            ? [(instrument.convertible?.holder ?? instrument.name, instrument.shares.units)]
            : instrument.holders.map { ($0.name, $0.shares.units) }
        for buyer in buyersByID[instrument.id] ?? [] where !entries.contains(where: { $0.0 == buyer }) {
            entries.append((buyer, 0))
        }
        slots.append(Plan.SlotInfo(instrument: instrument, holderStart: holderShares.count, holderCapacity: entries.count))
        holderShares += entries.map(\.1)
        for (name, _) in entries { entryHolders.append(holder(name)) }
        slotsByID[instrument.id, default: []].append(index)
        if let terms = instrument.convertible {
            convertibleInputStart.append(roundInputs.count)
            roundInputs += Plan.convertibleInputs(terms)
        } else {
            convertibleInputStart.append(-1)
        }
        switch instrument.kind {
        case .preferred: kinds.append(.preferred)
        case .warrant: kinds.append(.warrant)
        case .option: kinds.append(.option)
        case .other: kinds.append(.other)
        case .convertible: kinds.append(.convertible)
        }
        return index
    }

    mutating func compileClause(of index: Int) -> PlanClause? {
        let instrument = slots[index].instrument
        let clause = instrument.clause
        var compiled = PlanClause()
        switch clause.formula {
        case .none:
            return nil
        case .fullRatchet:
            compiled.isRatchet = true
            compiled.noConsiderationPrice = try? clause.noConsiderationPrice.rounded(clause.priceRounding).units
        case .weightedAverage(let composition):
            var base = PlanBase()
            var counted: [Int] = []
            for term in composition.terms {
                switch term {
                case .common: base.common += 1
                case .pool: base.pool += 1
                default:
                    for candidate in slots.indices where CapTable.term(term, counts: slots[candidate].instrument) {
                        counted.append(candidate)
                    }
                }
            }
            let key = [base.common, base.pool, -1] + counted
            if let existing = baseKeys[key] {
                compiled.base = existing
            } else {
                base.start = baseSlots.count
                base.count = counted.count
                baseSlots += counted
                compiled.base = bases.count
                baseKeys[key] = bases.count
                bases.append(base)
            }
        }
        compiled.atOrBelow = clause.trigger == .atOrBelow
        compiled.priceRounding = clause.priceRounding
        compiled.considerationRounding = clause.considerationSharesRounding
        compiled.considerationExact = clause.considerationSharesRounding.step == nil
        compiled.checksRate = instrument.isPreferred
        if let step = clause.rateRounding.step {
            compiled.rateStepped = true
            if let units = try? step.units(atDecimals: Ratio.decimals, what: ""), units > 0 {
                compiled.rateMaxPrice = Int128.max / units
                compiled.rateMinPrice = Int128.min / units
            } else {
                // A step the engine cannot represent: every rate computation fails, as `Exact.rate` does.
                compiled.rateMaxPrice = -1
                compiled.rateMinPrice = 1
            }
        }
        if let minimum = clause.minimumChange {
            compiled.hasMinimum = true
            compiled.minimum = minimum.units
        }
        compiled.priceStep = try? StepRounding(clause.priceRounding, decimals: Price.decimals)
        compiled.considerationStep = try? StepRounding(clause.considerationSharesRounding, decimals: Shares.decimals)
        compiled.shareStep = try? StepRounding(clause.shareRounding, decimals: Shares.decimals)
        compiled.neverUpward = clause.neverUpward
        compiled.scales = clause.scalesShares && instrument.kind == .warrant
        compiled.shareRounding = clause.shareRounding
        return compiled
    }

    /// The slots whose clauses an issuance tests, in cascade order: none for an exempt one; not those whose
    /// holders waived it or whose clause's sunset is past.
    mutating func eligibleSlots(for event: Event) -> (Int, Int) {
        let start = eligible.count
        if !event.exempt {
            for slot in order where clauses[slot] != nil {
                let instrument = slots[slot].instrument
                guard !event.waivedBy.contains(instrument.id) else { continue }
                if let sunset = instrument.clause.sunset, event.date > sunset { continue }
                eligible.append(slot)
            }
        }
        return (start, eligible.count - start)
    }

    mutating func references(_ id: String) -> (Int, Int) {
        let start = refs.count
        refs += slotsByID[id] ?? []
        return (start, refs.count - start)
    }

    mutating func compileOp(_ event: Event, nextNew: inout Int) {
        var op = PlanOp()
        var binding = Binding()
        op.day = event.date.dayNumber
        switch event.action {
        case .issue(let issuance):
            op.kind = .issue
            op.exempt = event.exempt
            op.fromPool = issuance.fromPool.units
            binding.cash = issuance.cash.units
            binding.common = issuance.common.units
            // Common issued outright goes to the named holder, else to the implicit one (not made up for an
            // issuance that issues no common: its binding's common is then zero on every path).
            if let named = issuance.commonHolder {
                op.commonHolder = holder(named)
            } else if issuance.common.isPositive {
                op.commonHolder = holder(Scenario.commonHolderName)
            }
            op.newStart = newInstruments.count
            op.newCount = issuance.instruments.count
            var consideration: Int128 = 0
            var additional: Int128 = 0
            for instrument in issuance.instruments {
                var new = NewInstrument()
                new.slot = nextNew
                nextNew += 1
                new.twinStart = twins.count
                twins += (slotsByID[instrument.id] ?? []).filter { $0 != new.slot }
                new.twinCount = twins.count - new.twinStart
                do {
                    new.payment = try instrument.minimumExercisePayment().units
                    new.asConverted = try instrument.commonAsConverted().units
                    if new.payment > 0 { consideration = try Wide.add(consideration, new.payment, "") }
                    additional = try Wide.add(additional, new.asConverted, "")
                } catch {
                    new.constant = false
                    op.constantSummary = false
                }
                newInstruments.append(new)
                terms.append(
                    NewTerms(
                        shares: instrument.shares.units, price: instrument.price?.units ?? 0,
                        hasPrice: instrument.price != nil, stated: instrument.statedValue?.units ?? 0, varies: false))
            }
            op.constantConsideration = consideration
            op.constantAdditional = additional
            (op.eligibleStart, op.eligibleCount) = eligibleSlots(for: event)
            if let pricing = issuance.round {
                let seriesSlot = newInstruments[op.newStart].slot
                op.round = Int32(rounds.count)
                var compiled = Plan.compileRound(
                    pricing, eventID: event.id, date: event.date, series: op.newStart,
                    seriesSlot: seriesSlot, slotInfos: slots, convertibleInputStart: convertibleInputStart,
                    issuedBefore: { $0 < seriesSlot })
                compiled.inputStart = roundInputs.count
                roundInputs += pricing.investors.map(\.amount.units)
                roundInputs.append(pricing.pool?.target.units ?? 0)
                rounds.append(compiled)
                binding.valuation = pricing.valuation.amount.units
            }
        case .exercise(let exercise):
            op.kind = .exercise
            (op.refStart, op.refCount) = references(exercise.instrument)
            switch exercise.quantity {
            case .all: break
            case .shares(let shares):
                binding.quantityMode = 1
                binding.quantity = shares.units
            case .fraction(let fraction):
                binding.quantityMode = 2
                binding.quantity = fraction.units
            }
            if case .net(let fairValue) = exercise.method {
                binding.net = true
                binding.fairValue = fairValue.units
            }
            if let sharePrice = exercise.sharePrice {
                binding.hasSharePrice = true
                binding.sharePrice = sharePrice.units
            }
            op.rounding = exercise.rounding
            op.otherwiseExpire = exercise.otherwiseExpire
            op.readjustOnExpiry = exercise.readjustOnExpiry
            binding.lapseReadjusts = exercise.readjustOnExpiry
            // A lapse may be bound on any exercise (`otherwise: expire` of a Monte Carlo path).
            mayReadjust = true
        case .expire(let id, let shares, let readjust):
            op.kind = .expire
            (op.refStart, op.refCount) = references(id)
            if let shares {
                binding.quantityMode = 1
                binding.quantity = shares.units
            }
            op.readjust = readjust
            if readjust { mayReadjust = true }
        case .split(let ratio, let rounding):
            op.kind = .split
            op.numerator = ratio.numerator
            op.denominator = ratio.denominator
            op.rounding = rounding
        case .closing(let closing):
            op.kind = .closing
            (op.refStart, op.refCount) = references(closing.series)
            var compiled = PlanClosing(
                firstOp: scenario.events.firstIndex { $0.id == closing.firstClosing } ?? -1, windowDays: closing.windowDays,
                rounding: (try? StepRounding(closing.shareRounding, decimals: Shares.decimals))
                    ?? (try! StepRounding(.to("1", .down), decimals: Shares.decimals)))
            for investor in closing.investors {
                compiled.amounts.append(investor.amount.units)
                compiled.holders.append(holder(investor.name))
                binding.cash = (try? Wide.add(binding.cash, investor.amount.units, "")) ?? binding.cash
            }
            op.closing = closings.count
            closings.append(compiled)
            op.exempt = event.exempt
            (op.eligibleStart, op.eligibleCount) = eligibleSlots(for: event)
            mayReadjust = true
        case .ipo(let offering):
            op.kind = .ipo
            // The common sold in the offering is held by its buyers, one holder.
            op.commonHolder = holder(PublicOffering.buyers)
            op.exempt = true
            op.convertsPreferred = offering.convertsPreferred
            binding.hasSharePrice = true
            binding.sharePrice = offering.price.units
            binding.common = offering.shares.units
        case .convert(let id, let shares, let rounding):
            op.kind = .convert
            (op.refStart, op.refCount) = references(id)
            if let shares {
                binding.quantityMode = 1
                binding.quantity = shares.units
            }
            op.rounding = rounding
        case .transfer(let transfer):
            op.kind = .transfer
            op.transfer = transfers.count
            var compiled = PlanTransfer()
            compiled.fromCommon = transfer.instrument == Transfer.common
            if !compiled.fromCommon { (op.refStart, op.refCount) = references(transfer.instrument) }
            let target = transfer.becomes ?? transfer.instrument
            compiled.toCommon = target == Transfer.common
            if !compiled.toCommon { (compiled.toRefStart, compiled.toRefCount) = references(target) }
            // The price is a binding, so that a path may draw it.
            binding.hasSharePrice = true
            binding.sharePrice = transfer.price.units
            compiled.total = transfer.shares.units
            compiled.triggers = transfer.triggers
            compiled.sellerStart = transferParts.count
            switch transfer.sellers {
            case .proRata:
                compiled.proRata = true
            case .listed(let sellers):
                for seller in sellers { transferParts.append(TransferPart(holder: holder(seller.name), shares: seller.shares.units)) }
            }
            compiled.sellerCount = transferParts.count - compiled.sellerStart
            compiled.buyerStart = transferParts.count
            for buyer in transfer.buyers { transferParts.append(TransferPart(holder: holder(buyer.name), shares: buyer.shares.units)) }
            compiled.buyerCount = transferParts.count - compiled.buyerStart
            transfers.append(compiled)
            op.eligibleStart = eligible.count
            if transfer.triggers {
                for slot in order where clauses[slot] != nil {
                    if let sunset = slots[slot].instrument.clause.sunset, event.date > sunset { continue }
                    eligible.append(slot)
                }
            }
            op.eligibleCount = eligible.count - op.eligibleStart
        case .exit(let sale):
            op.kind = .exit
            binding.exitValue = sale.value.units
            binding.exitDebt = sale.debt.units
            binding.exitCosts = sale.costs.units
            binding.exitCarveOut = sale.carveOut.units
        }
        ops.append(op)
        bindings.append(binding)
    }
}

extension CalendarDate {
    /// Days since 0001-01-01 (proleptic Gregorian), for ordering.
    var dayNumber: Int {
        let y = month <= 2 ? year - 1 : year
        let era = y / 400
        let yoe = y - era * 400
        let m = month <= 2 ? month + 9 : month - 3
        let doy = (153 * m + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe
    }
}
