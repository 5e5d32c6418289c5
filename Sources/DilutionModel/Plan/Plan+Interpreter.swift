internal import DilutionExact

/// The stated values whose product by 10¹⁶ (in `Exact.rate`) fits in an `Int128`.
private var maxRateStated: Int128 { 17_014_118_346_046_923_173_168 }
private var minRateStated: Int128 { -17_014_118_346_046_923_173_168 }
private var tenPow10: Int128 { 10_000_000_000 }

/// The one interpreter: applies a plan's events to a state, exactly. Every command runs it:
/// `run` and `explain` with a trace (`Trace`), simulations and sweeps without one.
extension Plan {
    /// Whole shares, rounded down (made once: `RoundingRule.to` parses its step).
    static let wholeDown = RoundingRule.to("1", .down)

    /// Applies the events `start..<end` that happen (per their bindings) to `state`; with a
    /// trace, records each event applied as a `Step`.
    package func apply(_ state: inout PlanState, from start: Int = 0, to end: Int, trace: Trace? = nil)
        throws(EngineError)
    {
        for index in start..<end {
            guard state.bindings[index].happens else { continue }
            let event = state.applied
            let op = ops.base + index
            if state.lastDay != Int.min, op.pointee.day < state.lastDay {
                let previous = state.lastOp
                throw EngineError(
                    eventIndex: event, field: "date",
                    message: "Event '\(scenario.events[index].id)' is dated \(scenario.events[index].date), before the "
                        + "event that precedes it (\(scenario.events[previous].date)); events must be in date order.")
            }
            state.lastDay = op.pointee.day
            state.lastOp = index
            let before = trace.map { _ in table(state) }
            trace?.adjustments.removeAll()
            trace?.unadjusted.removeAll()
            trace?.rounds = 0
            trace?.roundSolution = nil
            trace?.ratchets.removeAll()
            do {
                switch op.pointee.kind {
                case .issue:
                    if op.pointee.round >= 0 {
                        let solution = try solveRound(index, event: event, &state, explained: trace != nil)
                        trace?.roundSolution = solution
                    }
                    try issue(index, event: event, &state, trace)
                case .exercise:
                    if state.bindings[index].lapse {
                        try expire(
                            index, event: event, requested: nil, readjust: state.bindings[index].lapseReadjusts,
                            &state, trace)
                    } else {
                        try exercise(index, event: event, &state, trace)
                    }
                case .expire:
                    let binding = state.bindings[index]
                    try expire(
                        index, event: event, requested: binding.quantityMode == 1 ? binding.quantity : nil,
                        readjust: op.pointee.readjust, &state, trace)
                case .split:
                    try split(index, &state)
                case .convert:
                    try convert(index, event: event, &state)
                case .ipo:
                    try ipo(index, event: event, &state, trace)
                case .closing:
                    try closing(index, event: event, &state, trace)
                case .transfer:
                    try transfer(index, event: event, &state, trace)
                case .exit:
                    // A sale changes no capitalization: its waterfall is read from the state (`Plan.sale(in:)`).
                    break
                }
            } catch let error as EngineError {
                throw error
            } catch let error as ArithmeticError {
                throw EngineError(error, eventIndex: event)
            } catch {
                throw EngineError(eventIndex: event, message: "\(error)")
            }
            state.applied += 1
            if let trace, let before {
                trace.steps.append(
                    Step(
                        eventIndex: event, event: realizedEvent(index, state), before: before, after: table(state),
                        adjustments: trace.adjustments, feedbackRounds: trace.rounds, round: trace.roundSolution,
                        ratchets: trace.ratchets, unadjusted: trace.unadjusted))
            }
        }
    }

    // MARK: Issuance (an issuance, its summary, every clause, the fixed-point feedback)

    /// The existing slot among `refs` holding an event's instrument id.
    @inline(__always)
    func existing(_ op: UnsafeMutablePointer<PlanOp>, _ state: PlanState) -> Int? {
        for position in op.pointee.refStart..<(op.pointee.refStart + op.pointee.refCount) {
            let slot = refs[position]
            if state.slots[slot].exists { return slot }
        }
        return nil
    }

    /// `Instrument.commonAsConverted()` of a slot's current values.
    @inline(__always)
    func asConverted(_ slot: UnsafeMutablePointer<SlotState>, kind: SlotKind) throws -> Int128 {
        guard kind == .preferred else { return slot.pointee.shares }
        guard slot.pointee.hasPrice, slot.pointee.price > 0 else { return 0 }
        return try Exact.asConverted(
            Shares(units: slot.pointee.shares), statedValue: Money(units: slot.pointee.stated),
            price: Price(units: slot.pointee.price)
        ).units
    }

    /// A new instrument's minimum payment and common as converted on this path.
    @inline(__always)
    func summary(of new: Int, _ state: PlanState) throws -> (payment: Int128, asConverted: Int128) {
        let instrument = newInstruments.base + new
        let terms = state.terms[new]
        let removed = state.slots[instrument.pointee.slot].removed
        if instrument.pointee.constant, !terms.varies, removed == 0 {
            return (instrument.pointee.payment, instrument.pointee.asConverted)
        }
        let slot = instrument.pointee.slot
        let shares = try Wide.subtract(terms.shares, removed, "a difference of Shares values")
        var payment: Int128
        var converted: Int128
        switch kinds[slot] {
        case .warrant, .option:
            payment = try Exact.value(of: Shares(units: shares), at: Price(units: terms.hasPrice ? terms.price : 0)).units
            converted = shares
        case .other:
            payment = slots[slot].instrument.minimumPayment.units
            converted = shares
        case .convertible:
            payment = 0
            converted = 0
        case .preferred:
            payment = slots[slot].instrument.minimumPayment.units
            if terms.hasPrice, terms.price > 0 {
                converted = try Exact.asConverted(
                    Shares(units: shares), statedValue: Money(units: terms.stated), price: Price(units: terms.price)
                ).units
            } else {
                converted = 0
            }
        }
        return (payment, converted)
    }

    func issue(_ index: Int, event: Int, _ state: inout PlanState, _ trace: Trace?) throws {
        let op = ops.base + index
        let binding = state.bindings[index]
        let newStart = op.pointee.newStart
        let newEnd = newStart + op.pointee.newCount
        var anyRemoved = false
        for new in newStart..<newEnd where state.slots[newInstruments[new].slot].removed != 0 {
            anyRemoved = true
            _ = try Wide.subtract(
                state.terms[new].shares, state.slots[newInstruments[new].slot].removed, "a difference of Shares values")
        }
        for new in newStart..<newEnd {
            let instrument = newInstruments.base + new
            var exists = state.slots[instrument.pointee.slot].exists
            for twin in instrument.pointee.twinStart..<(instrument.pointee.twinStart + instrument.pointee.twinCount)
            where state.slots[twins[twin]].exists {
                exists = true
            }
            if exists {
                throw EngineError(
                    eventIndex: event, field: "id",
                    message: "Event '\(scenario.events[index].id)' issues an instrument with id "
                        + "'\(slots[instrument.pointee.slot].instrument.id)', which already exists.")
            }
        }
        if op.pointee.fromPool > state.pool {
            throw EngineError(
                eventIndex: event, field: "shares",
                message: "Event '\(scenario.events[index].id)' grants \(Shares(units: op.pointee.fromPool).fullText()) "
                    + "options from the pool, but only \(Shares(units: state.pool).fullText()) remain reserved and ungranted."
            )
        }
        // The summary: consideration (its positive parts) and additional common.
        var consideration: Int128 = binding.cash > 0 ? binding.cash : 0
        var additional: Int128 = binding.common > 0 ? binding.common : 0
        var varies = anyRemoved || !op.pointee.constantSummary
        if !varies {
            for new in newStart..<newEnd where state.terms[new].varies {
                varies = true
                break
            }
        }
        if varies {
            for new in newStart..<newEnd {
                let (payment, converted) = try summary(of: new, state)
                if payment > 0 { consideration = try Wide.add(consideration, payment, "a sum of Money values") }
                additional = try Wide.add(additional, converted, "a sum of Shares values")
            }
        } else {
            consideration = try Wide.add(consideration, op.pointee.constantConsideration, "a sum of Money values")
            additional = try Wide.add(additional, op.pointee.constantAdditional, "a sum of Shares values")
        }
        if op.pointee.round >= 0 {
            consideration = state.roundConsideration
            additional = state.roundAdditional
        }
        if index == state.augmentOp {
            // The replay of a later closing within its window: one issuance with this, its first closing.
            consideration = try Wide.add(consideration, state.augmentCash, "a sum of Money values")
            additional = try Wide.add(additional, state.augmentShares, "a sum of Shares values")
        }
        let fixedPoint = fixedPointLimit != nil && !op.pointee.exempt
        if fixedPoint { state.round.removeAll(keepingCapacity: true) }
        if !op.pointee.exempt, op.pointee.eligibleCount > 0 {
            try adjustAll(
                index, event: event, consideration: consideration, additional: additional, cause: .issuance, &state,
                trace)
        }
        state.common = try Wide.add(state.common, binding.common, "a sum of Shares values")
        let receiver = state.commonHeld + op.pointee.commonHolder
        receiver.pointee = try Wide.add(receiver.pointee, binding.common, "a sum of Shares values")
        state.pool = try Wide.subtract(state.pool, op.pointee.fromPool, "a difference of Shares values")
        state.cashRaised = try Wide.add(state.cashRaised, binding.cash, "a sum of Money values")
        for new in newStart..<newEnd {
            let instrument = newInstruments.base + new
            let index = instrument.pointee.slot
            let slot = state.slots + index
            let terms = state.terms[new]
            let removed = slot.pointee.removed
            slot.pointee.exists = true
            slot.pointee.hasCarried = false
            slot.pointee.carried = 0
            slot.pointee.issued = 0
            slot.pointee.expired = 0
            slot.pointee.expiredAsIssued = 0
            slot.pointee.origin = Int32(truncatingIfNeeded: event)
            slot.pointee.shares = removed == 0 ? terms.shares : try Wide.subtract(terms.shares, removed, "")
            slot.pointee.issuedAs = slot.pointee.shares
            slot.pointee.gross = slot.pointee.shares
            slot.pointee.price = terms.price
            slot.pointee.hasPrice = terms.hasPrice
            slot.pointee.stated = terms.stated
            if let floor = slots[index].instrument.clause.floor {
                slot.pointee.hasFloor = true
                slot.pointee.floor = floor.units
            } else {
                slot.pointee.hasFloor = false
            }
            // Also on a readjustment's replay (shares removed): its holders then hold what is left, pro rata.
            if op.pointee.round >= 0 {
                // A round's series: its investors' and converting holders' shares were set when it was solved.
                slot.pointee.holderCount = Int32(slots[index].holderCapacity)
            } else {
                try placeHolders(index, &state)
            }
            if !varies, instrument.pointee.constant, !terms.varies {
                slot.pointee.asConverted = instrument.pointee.asConverted
            } else {
                slot.pointee.asConverted = try asConverted(slot, kind: kinds[index])
            }
        }
        if let limit = fixedPointLimit, !op.pointee.exempt {
            try feedback(index, event: event, limit: limit, &state, trace)
        }
        if op.pointee.round >= 0 {
            // The top-up is reserved after the round's clauses (their A is the capitalization before it).
            state.pool = try Wide.add(state.pool, state.roundTopUp, "a sum of Shares values")
        }
        if let trace {
            try traceUnadjusted(index, event: event, consideration: consideration, additional: additional, state, trace)
        }
    }

    /// Tests and adjusts every eligible instrument that exists for one (deemed) issuance.
    func adjustAll(
        _ index: Int, event: Int, consideration: Int128, additional: Int128, cause: AdjustmentCause,
        _ state: inout PlanState, _ trace: Trace?
    ) throws {
        let op = ops.base + index
        // Consideration × 10¹⁰, which every clause's trigger test computes (and fails on alike).
        let scaled = consideration.multipliedReportingOverflow(by: tenPow10)
        state.epoch &+= 1
        if !sequential {
            for slot in 0..<slotCount { state.snapshot[slot] = state.slots[slot].asConverted }
        }
        // The table the clauses saw, kept on the trace: an untraced run makes no optional table per clause.
        if let trace { trace.eventView = table(state) }
        let lean = !sequential && trace == nil && fixedPointLimit == nil && !scaled.overflow && additional > 0
        let start = op.pointee.eligibleStart
        for position in start..<(start + op.pointee.eligibleCount) {
            let slot = eligible[position]
            // A series with nothing outstanding (all converted, say) has no holder to protect.
            guard state.slots[slot].exists, state.slots[slot].hasPrice, state.slots[slot].shares > 0 else { continue }
            if lean, leanClause[slot],
                leanAdjust(slot, scaled: scaled.partialValue, additional: additional, event: event, &state)
            {
                continue
            }
            let before = state.slots[slot].asConverted
            let made = try adjust(
                slot, index: index, event: event, consideration: consideration, scaled: scaled, additional: additional,
                cause: cause, &state, trace)
            if made, sequential { moveBases(counting: slot, from: before, &state) }
        }
    }

    /// `adjust` for the common case of a simultaneous cascade without a trace or fixed-point rounds: a clause of the
    /// `leanClause` shape, an issuance with shares and a consideration × 10¹⁰ (`scaled`) that fits. The same result in
    /// far fewer instructions; false, with nothing changed, where `adjust` must run instead (an overflow, a zero, a
    /// quotient the fast division declines, a rate check that fails), so that it computes or reports it as before.
    @inline(__always)
    func leanAdjust(_ index: Int, scaled: Int128, additional: Int128, event: Int, _ state: inout PlanState) -> Bool {
        let clause = clauses.base + index
        let slot = state.slots + index
        let inEffect = slot.pointee.price
        guard let right = Wide.product(inEffect, additional) else { return false }
        // Not triggered: nothing to do, as in `adjust`.
        guard clause.pointee.atOrBelow ? scaled <= right : scaled < right else { return true }
        let cp1 = slot.pointee.hasCarried ? slot.pointee.carried : inEffect
        guard cp1 != 0, let a = try? baseTotal(clause.pointee.base, &state) else { return false }
        let (denominator, overflow) = a.addingReportingOverflow(additional)
        guard !overflow, denominator > 0, let priceStep = clause.pointee.priceStep else { return false }
        var after: Int128
        if clause.pointee.considerationExact {
            guard let price = fastWeightedAverage(cp1, a, scaled, denominator, priceStep, &state.reciprocal) else {
                return false
            }
            after = price
        } else {
            guard let sharesStep = clause.pointee.considerationStep,
                let (_, price) = fastRoundedWeightedAverage(
                    cp1, a, scaled, denominator, sharesStep, priceStep, &state.reciprocal)
            else { return false }
            after = price
        }
        if slot.pointee.hasFloor, after < slot.pointee.floor { after = slot.pointee.floor }
        if clause.pointee.neverUpward, after > inEffect { after = inEffect }
        if clause.pointee.checksRate {
            guard ratePasses(slot.pointee.stated, per: inEffect, clause),
                ratePasses(slot.pointee.stated, per: after, clause)
            else { return false }
        }
        let changed = after != inEffect
        var converted = slot.pointee.asConverted
        if changed, kinds[index] == .preferred {
            guard after > 0,
                let value = Exact.asConverted(slot.pointee.shares, statedValue: slot.pointee.stated, price: after)
            else { return false }
            converted = value
        }
        slot.pointee.price = after
        slot.pointee.hasCarried = false
        slot.pointee.carried = 0
        slot.pointee.asConverted = converted
        state.adjustments += 1
        if changed, mayReadjust {
            state.adjustedLog.append((Int32(truncatingIfNeeded: event), Int32(truncatingIfNeeded: index), inEffect))
        }
        return true
    }

    /// Whether `checkRate(stated, per: price, clause)` passes.
    @inline(__always)
    func ratePasses(_ stated: Int128, per price: Int128, _ clause: UnsafeMutablePointer<PlanClause>) -> Bool {
        if stated > maxRateStated || stated < minRateStated || price == 0 { return false }
        guard clause.pointee.rateStepped else { return true }
        return price <= clause.pointee.rateMaxPrice && price >= clause.pointee.rateMinPrice
    }

    /// A of a base, from the snapshot (simultaneous) or the current state (sequential), computed
    /// once per base and round of clauses.
    @inline(__always)
    func baseTotal(_ base: Int, _ state: inout PlanState) throws -> Int128 {
        if state.baseEpoch[base] == state.epoch { return state.baseValue[base] }
        let b = bases.base + base
        var a: Int128 = 0
        for _ in 0..<b.pointee.common { a = try Wide.add(a, state.common, "a sum of Shares values") }
        for _ in 0..<b.pointee.pool { a = try Wide.add(a, state.pool, "a sum of Shares values") }
        var signed = state.common < 0 || state.pool < 0
        for position in b.pointee.start..<(b.pointee.start + b.pointee.count) {
            let counted = baseSlots[position]
            guard state.slots[counted].exists else { continue }
            let value = sequential ? state.slots[counted].asConverted : state.snapshot[counted]
            signed = signed || value < 0
            a = try Wide.add(a, value, "a sum of Shares values")
        }
        state.baseValue[base] = a
        state.baseEpoch[base] = state.epoch
        state.baseSigned[base] = signed
        return a
    }

    /// A sequential cascade after a clause changed `slot`'s common as converted from `old`: each current A
    /// that counts the slot is moved by the difference rather than summed again. It is the same integer: every
    /// term was non-negative, so no partial sum of a new summation could overflow where the total does not; an A
    /// with a negative term, or whose move overflows, is summed again when next needed (and fails there, as before).
    @inline(__always)
    func moveBases(counting slot: Int, from old: Int128, _ state: inout PlanState) {
        let new = state.slots[slot].asConverted
        if new == old { return }
        for position in slotBaseStart[slot]..<slotBaseStart[slot + 1] {
            let base = slotBases[position]
            guard state.baseEpoch[base] == state.epoch else { continue }
            if old >= 0, new >= 0, !state.baseSigned[base] {
                let (moved, overflow) = state.baseValue[base].addingReportingOverflow(new - old)
                if !overflow {
                    state.baseValue[base] = moved
                    continue
                }
            }
            state.baseEpoch[base] = state.epoch &- 1
        }
    }

    /// One protected slot's clause against a (deemed) issuance; whether it adjusted.
    @inline(__always)
    func adjust(
        _ index: Int, index opIndex: Int, event: Int, consideration: Int128,
        scaled: (partialValue: Int128, overflow: Bool), additional: Int128, cause: AdjustmentCause,
        _ state: inout PlanState, _ trace: Trace?
    ) throws -> Bool {
        guard hasClause[index] else { return false }
        // Read in place: the clause is a large value, and an adjustment reads only a few of its fields.
        let clause = clauses.base + index
        let slot = state.slots + index
        let inEffect = slot.pointee.price
        guard additional > 0 else { return false }
        if scaled.overflow { throw ArithmeticError.overflow("the effective price") }
        let left = scaled.partialValue
        let right = try Wide.multiply(inEffect, additional, "the effective price")
        guard clause.pointee.atOrBelow ? left <= right : left < right else { return false }
        // A notice shows A as the clause saw it: the snapshot, or (sequential) the table right now.
        if let trace { trace.clauseView = sequential ? table(state) : trace.eventView }
        let cp1 = slot.pointee.hasCarried ? slot.pointee.carried : inEffect
        let computed: Int128
        var a: Int128 = 0
        var bExact: Int128 = 0
        var b: Int128 = 0
        if clause.pointee.isRatchet {
            if consideration == 0 {
                if let nominal = clause.pointee.noConsiderationPrice {
                    computed = nominal
                } else {
                    let written = slots[index].instrument.clause
                    computed = try written.noConsiderationPrice.rounded(written.priceRounding).units
                }
            } else {
                if let step = clause.pointee.priceStep {
                    computed = try step.divide(left, additional, what: "the effective price")
                } else {
                    computed = try clause.pointee.priceRounding.divide(
                        left, additional, decimals: Price.decimals, what: "the effective price")
                }
            }
        } else {
            a = try baseTotal(clause.pointee.base, &state)
            let denominator = try Wide.add(a, additional, "a sum of Shares values")
            guard denominator > 0 else {
                throw EngineError(
                    eventIndex: event,
                    message: "The clause of '\(slots[index].instrument.id)' has a zero denominator (A + C) at event "
                        + "'\(scenario.events[opIndex].id)'.")
            }
            // B before rounding is computed (and only fails) when CP1 is zero.
            if cp1 == 0 {
                throw ArithmeticError.divisionByZero(
                    "the shares $\(Money(units: consideration)) buys at $\(Price(units: cp1))")
            }
            if trace != nil {
                bExact = try Exact.shares(
                    buyableWith: Money(units: consideration), at: Price(units: cp1), rounding: .exact
                ).units
            }
            if clause.pointee.considerationExact {
                b = bExact
                if let step = clause.pointee.priceStep {
                    computed = try Exact.weightedAverage(
                        price: Price(units: cp1), base: Shares(units: a), consideration: Money(units: consideration),
                        over: Shares(units: denominator), step: step
                    ).units
                } else {
                    computed = try Exact.weightedAverage(
                        price: Price(units: cp1), base: Shares(units: a), consideration: Money(units: consideration),
                        over: Shares(units: denominator), rounding: clause.pointee.priceRounding
                    ).units
                }
            } else {
                if let step = clause.pointee.considerationStep {
                    b = try Exact.shares(buyableWith: Money(units: consideration), at: Price(units: cp1), step: step).units
                } else {
                    b = try Exact.shares(
                        buyableWith: Money(units: consideration), at: Price(units: cp1),
                        rounding: clause.pointee.considerationRounding
                    ).units
                }
                let aPlusB = try Shares(units: a) + Shares(units: b)
                if let step = clause.pointee.priceStep {
                    computed = try Exact.scale(
                        Price(units: cp1), by: aPlusB, over: Shares(units: denominator), step: step
                    ).units
                } else {
                    computed = try Exact.scale(
                        Price(units: cp1), by: aPlusB, over: Shares(units: denominator),
                        rounding: clause.pointee.priceRounding
                    ).units
                }
            }
        }
        var candidate = computed
        let floored = slot.pointee.hasFloor && candidate < slot.pointee.floor
        if floored { candidate = slot.pointee.floor }
        let capped = clause.pointee.neverUpward && candidate > inEffect
        if capped { candidate = inEffect }
        var carries = false
        var after = candidate
        if clause.pointee.hasMinimum, candidate < inEffect,
            try Wide.subtract(inEffect, candidate, "a difference of Price values") < clause.pointee.minimum
        {
            carries = true
            after = inEffect
        }
        if clause.pointee.checksRate {
            try checkRate(slot.pointee.stated, per: inEffect, clause)
            try checkRate(slot.pointee.stated, per: after, clause)
        }
        let sharesBefore = slot.pointee.shares
        let scales = clause.pointee.scales && after < inEffect
        if scales {
            try scaleShares(index, from: inEffect, to: after, &state)
        }
        let changed = after != inEffect
        slot.pointee.price = after
        slot.pointee.hasCarried = carries
        slot.pointee.carried = carries ? candidate : 0
        if changed, kinds[index] == .preferred {
            slot.pointee.asConverted = try asConverted(slot, kind: .preferred)
        }
        state.adjustments += 1
        if changed, mayReadjust {
            state.adjustedLog.append((Int32(truncatingIfNeeded: event), Int32(truncatingIfNeeded: index), inEffect))
        }
        if fixedPointLimit != nil {
            state.round.append((index, scales ? sharesBefore : -1, scales ? slot.pointee.shares : -1, after))
        }
        if let trace, let view = trace.clauseView {
            trace.adjustments.append(
                try tracedAdjustment(
                    index, op: opIndex, event: event, cause: cause, view: view, state: state, inEffect: inEffect,
                    cp1: cp1, computed: computed, after: after, candidate: candidate, floored: floored, capped: capped,
                    carries: carries, a: a, bExact: bExact, b: b, consideration: consideration, additional: additional,
                    sharesBefore: scales ? sharesBefore : nil, feedback: trace.feedbackSummary))
        }
        return true
    }

    /// `Exact.weightedAverage(price: cp1, base: a, consideration:, over: denominator, step:)`, where `scaled` is the
    /// consideration × 10¹⁰, estimated with the issuance's shared `reciprocal`, when every step fits and the quotient
    /// is below 2⁵³ steps; `nil` sends the clause to `adjust` and that general computation, which then gives the same
    /// value or its error.
    @inline(__always)
    func fastWeightedAverage(
        _ cp1: Int128, _ a: Int128, _ scaled: Int128, _ denominator: Int128, _ step: StepRounding,
        _ reciprocal: inout Reciprocal
    ) -> Int128? {
        guard let priceTimesBase = Wide.product(cp1, a) else { return nil }
        let (numerator, overflow) = priceTimesBase.addingReportingOverflow(scaled)
        return overflow ? nil : step.dividePositive(numerator, denominator, reciprocal: &reciprocal)
    }

    /// B = the consideration's shares at `cp1` rounded to `sharesStep`, and `Exact.scale(cp1, by: a + B, over:
    /// denominator, step: priceStep)`, as the general computation gives them, or `nil` for that computation to run.
    @inline(__always)
    func fastRoundedWeightedAverage(
        _ cp1: Int128, _ a: Int128, _ scaled: Int128, _ denominator: Int128, _ sharesStep: StepRounding,
        _ priceStep: StepRounding, _ reciprocal: inout Reciprocal
    ) -> (b: Int128, price: Int128)? {
        guard let b = sharesStep.dividePositive(scaled, cp1) else { return nil }
        let (aPlusB, overflow) = a.addingReportingOverflow(b)
        guard !overflow, let product = Wide.product(cp1, aPlusB),
            let price = priceStep.dividePositive(product, denominator, reciprocal: &reciprocal)
        else { return nil }
        return (b, price)
    }

    /// A warrant's share count scaled so that shares × price stays the same, per holder when
    /// holders are listed.
    func scaleShares(_ index: Int, from old: Int128, to new: Int128, _ state: inout PlanState) throws {
        let slot = state.slots + index
        let rule = slots[index].instrument.clause.shareRounding
        let step = hasClause[index] ? (clauses.base + index).pointee.shareStep : nil
        func what() -> String { "the scaled share count of \(slots[index].instrument.id)" }
        func scale(_ shares: Int128) throws -> Int128 {
            let product = try Wide.multiply(shares, old, what())
            if let step { return try step.divide(product, new, what: what()) }
            return try rule.divide(product, new, decimals: Shares.decimals, what: what())
        }
        if slot.pointee.gross != 0 { slot.pointee.gross = try scale(slot.pointee.gross) }
        let count = Int(slot.pointee.holderCount)
        if count == 0 {
            slot.pointee.shares = try scale(slot.pointee.shares)
        } else {
            let start = slots[index].holderStart
            var total: Int128 = 0
            for h in start..<(start + count) {
                state.holders[h] = try scale(state.holders[h])
                total = try Wide.add(total, state.holders[h], "a sum of Shares values")
            }
            slot.pointee.shares = total
        }
        slot.pointee.asConverted = slot.pointee.shares
    }

    /// Throws exactly when `Exact.rate(stated, per: price, rounding: clause.rateRounding)` would: an
    /// overflow of stated value × 10¹⁶ or of price × step, or a zero divisor.
    @inline(__always)
    func checkRate(_ stated: Int128, per price: Int128, _ clause: UnsafeMutablePointer<PlanClause>) throws {
        func what() -> String { "$\(Money(units: stated)) / $\(Price(units: price))" }
        if stated > maxRateStated || stated < minRateStated { throw ArithmeticError.overflow(what()) }
        if clause.pointee.rateStepped, price > clause.pointee.rateMaxPrice || price < clause.pointee.rateMinPrice {
            throw ArithmeticError.overflow(what())
        }
        if price == 0 { throw ArithmeticError.zeroPrice(stated: "\(Money(units: stated))") }
    }

    /// Fixed-point cascades: repriced warrants whose share count grew are deemed to issue the extra
    /// shares at their new exercise price; repeat until nothing moves.
    func feedback(_ index: Int, event: Int, limit: Int, _ state: inout PlanState, _ trace: Trace?) throws {
        var round = 0
        var seen: Set<[Int128]> = [prices(state)]
        var latest = state.round
        while true {
            var consideration: Int128 = 0
            var additional: Int128 = 0
            var moneyParts: [Component<Money>] = []
            var shareParts: [Component<Shares>] = []
            var any = false
            for entry in latest where entry.before >= 0 && entry.after > entry.before {
                let extra = try Wide.subtract(entry.after, entry.before, "a difference of Shares values")
                let paid = try Exact.value(of: Shares(units: extra), at: Price(units: entry.price)).units
                additional = try Wide.add(additional, extra, "a sum of Shares values")
                consideration = try Wide.add(consideration, paid, "a sum of Money values")
                any = true
                if trace != nil {
                    let name = slots[entry.slot].instrument.name
                    shareParts.append(Component(.additionalAfterRepricing(name), value: Shares(units: extra)))
                    moneyParts.append(Component(.payableForAdditional(name), value: Money(units: paid)))
                }
            }
            if !any {
                trace?.rounds = round
                return
            }
            round += 1
            if round > limit {
                let moving = latest.map { slots[$0.slot].instrument.id }.joined(separator: ", ")
                throw EngineError(
                    eventIndex: event,
                    message: "The fixed-point cascade of event '\(scenario.events[index].id)' did not converge after "
                        + "\(limit) rounds; still moving: \(moving).")
            }
            trace?.feedbackSummary = (moneyParts, shareParts)
            state.round.removeAll(keepingCapacity: true)
            // Every clause-bearing instrument that exists, the new ones included.
            try adjustAll(
                index, event: event, consideration: consideration, additional: additional,
                cause: .feedback(round: round), &state, trace)
            latest = state.round
            if !latest.isEmpty, !seen.insert(prices(state)).inserted {
                let moving = latest.map { slots[$0.slot].instrument.id }.joined(separator: ", ")
                throw EngineError(
                    eventIndex: event,
                    message: "The fixed-point cascade of event '\(scenario.events[index].id)' cycles: round \(round) "
                        + "returns to the prices of an earlier round (instruments \(moving)).")
            }
        }
    }

    /// Every existing instrument's price (a sentinel for none), in slot order: the cycle test's key.
    func prices(_ state: PlanState) -> [Int128] {
        var result: [Int128] = []
        for slot in 0..<slotCount where state.slots[slot].exists {
            result.append(state.slots[slot].hasPrice ? state.slots[slot].price : Int128.min)
        }
        return result
    }

    // MARK: Exercise, expiry, conversion, split

    /// The existing warrant or option an exercise or expiry names.
    func exercisable(_ index: Int, _ verb: String, event: Int, _ state: PlanState) throws -> Int {
        let op = ops.base + index
        guard let slot = existing(op, state) else {
            throw EngineError(
                eventIndex: event, field: "instrument",
                message: "Event '\(scenario.events[index].id)' \(verb) '\(instrumentID(of: index))', which is not an "
                    + "instrument of the scenario at that date.")
        }
        switch kinds[slot] {
        case .warrant, .option: return slot
        default:
            throw EngineError(
                eventIndex: event, field: "instrument",
                message: "Event '\(scenario.events[index].id)' \(verb) '\(instrumentID(of: index))', which is "
                    + "\(slots[slot].instrument.kind.label) stock, not a warrant or option.")
        }
    }

    /// The op (event of the plan) that was the `applied`-th event applied on this state's bindings.
    package func op(ofApplied applied: Int, _ state: PlanState) -> Int? {
        var seen = 0
        for op in 0..<ops.count where state.bindings[op].happens {
            if seen == applied { return op }
            seen += 1
        }
        return nil
    }

    /// The instrument id an exercise, expiry or conversion names.
    func instrumentID(of index: Int) -> String {
        switch scenario.events[index].action {
        case .exercise(let exercise): return exercise.instrument
        case .expire(let id, _, _), .convert(let id, _, _): return id
        case .transfer(let transfer): return transfer.instrument
        default: return ""
        }
    }

    func checkedCount(_ requested: Int128?, slot: Int, _ verb: String, index: Int, event: Int, _ state: PlanState)
        throws -> Int128
    {
        let outstanding = state.slots[slot].shares
        let count = requested ?? outstanding
        let id = slots[slot].instrument.id
        if requested != nil, count <= 0 {
            throw EngineError(
                eventIndex: event, field: "shares",
                message: "Event '\(scenario.events[index].id)' \(verb) \(Shares(units: count)) shares of '\(id)'; "
                    + "the count must be positive.")
        }
        if count > outstanding {
            throw EngineError(
                eventIndex: event, field: "shares",
                message: "Event '\(scenario.events[index].id)' \(verb) \(Shares(units: count).fullText()) shares of "
                    + "'\(id)', but only \(Shares(units: outstanding).fullText()) are outstanding.")
        }
        return count
    }

    /// Removes `count` from a slot; holders keep their proportions, the last takes the remainder.
    func reduce(_ index: Int, by count: Int128, _ state: inout PlanState) throws {
        let slot = state.slots + index
        let remaining = try Wide.subtract(slot.pointee.shares, count, "a difference of Shares values")
        let holders = Int(slot.pointee.holderCount)
        if holders > 0, slot.pointee.shares > 0 {
            // What each holder gives up, in `scratch2`, for the common they receive in exchange.
            let entries = state.holders + slots[index].holderStart
            try Plan.distribute(remaining, over: entries, holders, into: state.scratch)
            for h in 0..<holders {
                state.scratch2[h] = entries[h] - state.scratch[h]
                entries[h] = state.scratch[h]
            }
        }
        slot.pointee.shares = remaining
        if kinds[index] == .preferred {
            slot.pointee.asConverted = try asConverted(slot, kind: .preferred)
        } else {
            slot.pointee.asConverted = remaining
        }
    }

    func exercise(_ index: Int, event: Int, _ state: inout PlanState, _ trace: Trace?) throws {
        let op = ops.base + index
        let binding = state.bindings[index]
        let slotIndex = try exercisable(index, "exercises", event: event, state)
        let slot = state.slots + slotIndex
        let price = slot.pointee.hasPrice ? slot.pointee.price : 0
        if binding.hasSharePrice, binding.sharePrice <= price {
            // Out of the money: not exercised.
            guard op.pointee.otherwiseExpire else { return }
            try expire(index, event: event, requested: nil, readjust: op.pointee.readjustOnExpiry, &state, trace)
            return
        }
        var requested: Int128? = nil
        switch binding.quantityMode {
        case 1:
            requested = binding.quantity
        case 2:
            if slot.pointee.shares == 0 {
                throw EngineError(
                    eventIndex: event, field: "instrument",
                    message: EngineError.exhausted(
                        event: scenario.events[index].id, instrument: slots[slotIndex].instrument.id))
            }
            let shares = try Exact.shares(
                Shares(units: slot.pointee.shares), times: Ratio(units: binding.quantity), Plan.wholeDown)
            if shares.isZero { return }
            requested = shares.units
        default:
            break
        }
        let count = try checkedCount(requested, slot: slotIndex, "exercises", index: index, event: event, state)
        if requested == nil, count == 0 {
            throw EngineError(
                eventIndex: event, field: "instrument",
                message: EngineError.exhausted(event: scenario.events[index].id, instrument: slots[slotIndex].instrument.id))
        }
        try reduce(slotIndex, by: count, &state)
        if !binding.net {
            try giveCommon(count, from: slotIndex, given: count, &state)
            state.common = try Wide.add(state.common, count, "a sum of Shares values")
            slot.pointee.issued = try Wide.add(slot.pointee.issued, count, "a sum of Shares values")
            let paid = try Exact.value(of: Shares(units: count), at: Price(units: price))
            state.cashRaised = try Wide.add(state.cashRaised, paid.units, "a sum of Money values")
        } else {
            let fairValue = binding.fairValue
            guard fairValue > price else {
                throw EngineError(
                    eventIndex: event, field: "fair-value",
                    message: "Event '\(scenario.events[index].id)' net-exercises '\(slots[slotIndex].instrument.id)' at a "
                        + "fair value of $\(Price(units: fairValue).fullText(minimumPlaces: 2)), not above the exercise "
                        + "price of $\(Price(units: price).fullText(minimumPlaces: 2)): a net exercise would issue no shares."
                )
            }
            let spread = Price(units: try Wide.subtract(fairValue, price, "a difference of Price values"))
            let issued = try Exact.scaleShares(
                Shares(units: count), by: spread, over: Price(units: fairValue), rounding: op.pointee.rounding)
            try giveCommon(issued.units, from: slotIndex, given: count, &state)
            state.common = try Wide.add(state.common, issued.units, "a sum of Shares values")
            slot.pointee.issued = try Wide.add(slot.pointee.issued, issued.units, "a sum of Shares values")
        }
    }

    /// A lapse of (part of) a warrant or option; with `readjust`, every price its issuance moved is
    /// recomputed as if the lapsed shares had never been issued (never above its earlier price).
    func expire(
        _ index: Int, event: Int, requested: Int128?, readjust: Bool, _ state: inout PlanState, _ trace: Trace?
    ) throws {
        let slotIndex = try exercisable(index, "lets lapse", event: event, state)
        let count = try checkedCount(requested, slot: slotIndex, "lets lapse", index: index, event: event, state)
        try reduce(slotIndex, by: count, &state)
        let slot = state.slots + slotIndex
        slot.pointee.expired = try Wide.add(slot.pointee.expired, count, "a sum of Shares values")
        // A warrant repriced with a share count that scales (or split) lapses in today's shares; the
        // issuance being undone created fewer (or more) of them.
        let asIssued =
            slot.pointee.gross == slot.pointee.issuedAs || slot.pointee.gross == 0
            ? count
            : try Wide.divide(
                try Wide.multiply(count, slot.pointee.issuedAs, "the lapsed shares as issued"), slot.pointee.gross,
                .nearest, "the lapsed shares as issued")
        slot.pointee.expiredAsIssued = try Wide.add(slot.pointee.expiredAsIssued, asIssued, "a sum of Shares values")
        let issuedAt = Int(slot.pointee.origin)
        guard readjust, issuedAt >= 0, count > 0, state.adjustedLog.contains(where: { Int($0.op) == issuedAt }) else {
            return
        }
        // Replay the events before this one as if the lapsed shares had never been issued.
        var replay = makeState()
        for op in 0..<ops.count { replay.bindings[op] = state.bindings[op] }
        for t in 0..<newInstruments.count { replay.terms[t] = state.terms[t] }
        for s in 0..<slotCount { replay.slots[s].removed = state.slots[s].removed }
        let id = slots[slotIndex].instrument.id
        for twin in slotsByID[id] ?? [] {
            replay.slots[twin].removed = try Wide.add(
                state.slots[twin].removed, slot.pointee.expiredAsIssued, "a sum of Shares values")
        }
        for op in 0..<index where replay.bindings[op].happens {
            let candidate = ops.base + op
            let lapses = candidate.pointee.kind == .expire || (candidate.pointee.kind == .exercise && replay.bindings[op].lapse)
            if lapses, instrumentID(of: op) == id { replay.bindings[op].happens = false }
        }
        try apply(&replay, from: 0, to: index)

        // The replay's events are the path's events before this one, in the path's numbering.
        for entry in state.adjustedLog where Int(entry.op) == issuedAt {
            let adjustedID = slots[Int(entry.slot)].instrument.id
            guard let target = (slotsByID[adjustedID] ?? []).first(where: { state.slots[$0].exists }),
                state.slots[target].hasPrice,
                let replayedSlot = (slotsByID[adjustedID] ?? []).first(where: { replay.slots[$0].exists }),
                replay.slots[replayedSlot].hasPrice
            else { continue }
            let current = state.slots[target].price
            let replayed = replay.slots[replayedSlot].price
            var cap = Price(units: entry.priceBefore)
            var position = 0
            for op in 0..<index where state.bindings[op].happens {
                defer { position += 1 }
                guard position > issuedAt, ops[op].kind == .split else { continue }
                cap = try Exact.price(cap, times: ops[op].denominator, over: ops[op].numerator)
            }
            let readjusted = min(replayed, cap.units)
            guard readjusted > current else { continue }
            let target_ = state.slots + target
            var sharesBefore: Int128? = nil
            var sharesAfter: Int128? = nil
            let instrument = slots[target].instrument
            if instrument.clause.scalesShares, instrument.kind == .warrant {
                sharesBefore = target_.pointee.shares
                try scaleShares(target, from: current, to: readjusted, &state)
                sharesAfter = target_.pointee.shares
            }
            target_.pointee.price = readjusted
            target_.pointee.hasCarried = false
            target_.pointee.carried = 0
            if kinds[target] == .preferred {
                target_.pointee.asConverted = try asConverted(target_, kind: .preferred)
            }
            let (rateBefore, rateAfter) = try Self.rates(
                of: instrument, stated: target_.pointee.stated, from: current, to: readjusted)
            state.adjustments += 1
            if let trace {
                let expired = Shares(units: slot.pointee.expired)
                var notes = [
                    "recomputed as if the \(expired.formatted(places: 0)) lapsed shares of \(id) had never been issued: "
                        + "$\(Price(units: replayed))"
                ]
                if cap.units < replayed { notes.append("capped at $\(cap), the price before the original adjustment") }
                trace.adjustments.append(
                    Adjustment(
                        eventIndex: event, eventID: scenario.events[index].id, instrumentID: adjustedID,
                        instrumentName: instrument.name, formula: instrument.clause.formula,
                        cause: .readjustment(expired: id), priceBefore: Price(units: current),
                        formulaPrice: Price(units: current), computedPrice: Price(units: replayed),
                        priceAfter: Price(units: readjusted), base: [], consideration: [],
                        considerationSharesExact: .zero, considerationShares: .zero, additional: [], effectivePrice: .zero,
                        rateBefore: rateBefore, rateAfter: rateAfter, sharesBefore: sharesBefore.map { Shares(units: $0) },
                        sharesAfter: sharesAfter.map { Shares(units: $0) }, notes: notes))
            }
        }
    }

    func convert(_ index: Int, event: Int, _ state: inout PlanState) throws {
        let op = ops.base + index
        guard let slotIndex = existing(op, state), kinds[slotIndex] == .preferred, state.slots[slotIndex].hasPrice else {
            throw EngineError(
                eventIndex: event, field: "instrument",
                message: "Event '\(scenario.events[index].id)' converts '\(instrumentID(of: index))', which is not a "
                    + "preferred series of the scenario at that date.")
        }
        let binding = state.bindings[index]
        let count = try checkedCount(
            binding.quantityMode == 1 ? binding.quantity : nil, slot: slotIndex, "converts", index: index,
            event: event, state)
        let slot = state.slots + slotIndex
        let issued = try Exact.asConverted(
            Shares(units: count), statedValue: Money(units: slot.pointee.stated), price: Price(units: slot.pointee.price),
            op.pointee.rounding)
        try reduce(slotIndex, by: count, &state)
        try giveCommon(issued.units, from: slotIndex, given: count, &state)
        // A part converted: which money the converted shares carried away is not recorded.
        if binding.quantityMode == 1 {
            let start = slots[slotIndex].holderStart
            for h in 0..<slots[slotIndex].holderCapacity { state.invested[start + h] = Plan.unknownMoney }
        }
        state.common = try Wide.add(state.common, issued.units, "a sum of Shares values")
        slot.pointee.issued = try Wide.add(slot.pointee.issued, issued.units, "a sum of Shares values")
    }

    func split(_ index: Int, _ state: inout PlanState) throws {
        let op = ops.base + index
        let numerator = op.pointee.numerator
        let denominator = op.pointee.denominator
        let rounding = op.pointee.rounding
        func shares(_ value: Int128) throws -> Int128 {
            let product = try Wide.multiply(value, numerator, "a split share count")
            return try rounding.divide(product, denominator, decimals: Shares.decimals, what: "a split share count")
        }
        func price(_ value: Int128) throws -> Int128 {
            try Exact.price(Price(units: value), times: denominator, over: numerator).units
        }
        let commonBefore = state.common
        state.common = try shares(state.common)
        if commonBefore != 0 {
            try Plan.distribute(state.common, over: state.commonHeld, holderNames.count, into: state.scratch)
            // Common bought, while it is all a holder's common, splits with it (the money stays).
            for h in 0..<holderNames.count where state.commonBought[h] != 0 && state.commonBought[h] == state.commonHeld[h] {
                state.commonBought[h] = state.scratch[h]
            }
            state.commonHeld.update(from: state.scratch, count: holderNames.count)
        }
        state.pool = try shares(state.pool)
        for index in 0..<slotCount where state.slots[index].exists {
            let slot = state.slots + index
            if slot.pointee.hasPrice { slot.pointee.price = try price(slot.pointee.price) }
            if slot.pointee.hasFloor { slot.pointee.floor = try price(slot.pointee.floor) }
            // The common received on exercise or conversion is common, and splits with it.
            if slot.pointee.issued != 0 { slot.pointee.issued = try shares(slot.pointee.issued) }
            if kinds[index] != .preferred {
                slot.pointee.shares = try shares(slot.pointee.shares)
                slot.pointee.gross = try shares(slot.pointee.gross)
                // The holders keep their proportions of the new count (each rounded alone, they might not add up).
                let count = Int(slot.pointee.holderCount)
                let entries = state.holders + slots[index].holderStart
                try Plan.distribute(slot.pointee.shares, over: entries, count, into: state.scratch)
                entries.update(from: state.scratch, count: count)
            }
            if slot.pointee.hasCarried { slot.pointee.carried = try price(slot.pointee.carried) }
        }
        for index in 0..<slotCount where state.slots[index].exists {
            let slot = state.slots + index
            slot.pointee.asConverted = try asConverted(slot, kind: kinds[index])
        }
    }
}
