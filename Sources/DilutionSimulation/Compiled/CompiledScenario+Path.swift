internal import DilutionExact
internal import DilutionModel
import DilutionSampling
internal import DilutionScenario

// One Monte Carlo path of a compiled scenario. Each step names the generic code it mirrors
// (`StochasticScenario.realize`, `Run.applyIssuance`, `Run.adjustment(of:in:…)`, …); the order of
// the exact operations, their rounding rules and their error conditions are the same.

/// 10¹⁰ and 10⁴ as literals (`Wide.pow10` reads a lazily initialized table on every call).
private var tenPow10: Int128 { 10_000_000_000 }
/// The stated values whose product by 10¹⁶ (in `Exact.rate`) fits in an `Int128`: `Int128.max / 10¹⁶` and
/// `Int128.min / 10¹⁶` (truncated), as literals.
private var maxRateStated: Int128 { 17_014_118_346_046_923_173_168 }
private var minRateStated: Int128 { -17_014_118_346_046_923_173_168 }
private var priceToMoneyDivisor: Int128 { 10_000 }


extension CompiledScenario {
    /// Evaluates one path: draws its inputs from `draws` exactly as `StochasticScenario.realize`
    /// does, applies the events after the checkpoint, and writes the metrics as
    /// `ScenarioPathModel.record` does.
    package func evaluate(_ draws: inout Draws, state: inout CompiledState, metrics: inout [Double]) throws {
        try realize(&draws, state)
        state.common = initialCommon
        state.pool = initialPool
        state.cashRaised = initialCash
        state.adjustments = 0
        state.slots.update(from: initialSlots.baseAddress!, count: slotCount)
        try apply(&state)
        try record(state, into: &metrics)
    }

    // MARK: Drawing (StochasticScenario.realize and apply(_:recipe:to:))

    /// Draws every recipe's probability and inputs in recipe order (all of them, whether or not the
    /// event happens) and converts the sampled values; stores each op's inputs in `state.realized`.
    @inline(__always)
    func realize(_ draws: inout Draws, _ state: CompiledState) throws {
        let values = state.values
        let opBase = ops.baseAddress!
        for index in 0..<ops.count {
            let op = opBase + index
            let target = state.realized + index
            guard op.pointee.hasRecipe else {
                target.pointee = op.pointee.defaults
                continue
            }
            var happens = true
            switch op.pointee.probabilityMode {
            case 1:
                happens = draws.uniform() < op.pointee.fixedProbability
            case 2:
                let p = draws.sample(distributions[op.pointee.probabilityInput])
                // A quasi-random point mapped through an inverse that failed: an error, never a silent "no".
                if p.isNaN { throw SamplingError.notRepresentable(value: p, type: "Probability") }
                happens = draws.uniform() < p
            default:
                break
            }
            let start = op.pointee.inputStart
            for input in start..<(start + op.pointee.inputCount) {
                values[input] = draws.sample(distributions[input])
            }
            var r = op.pointee.defaults
            do {
                try convert(op, values, into: &r)
            } catch {
                // A sampled value the engine cannot take: said at the event it belongs to.
                throw PathEventError(eventIndex: op.pointee.eventIndex, message: "\(error)")
            }
            if !happens {
                if op.pointee.lapses { r.lapse = true } else { r.happens = false }
            }
            target.pointee = r
        }
    }

    /// The sampled values of one op converted to its exact inputs (`StochasticScenario.apply(_:recipe:to:)`).
    @inline(__always)
    func convert(_ op: UnsafeMutablePointer<CompiledOp>, _ values: UnsafeMutablePointer<Double>, into r: inout Realized)
        throws
    {
        switch op.pointee.kind {
        case .issue:
            if op.pointee.cashInput >= 0 { r.cash = try scenario.money(values[op.pointee.cashInput]).units }
            if op.pointee.commonInput >= 0 { r.common = try wholeShares(values[op.pointee.commonInput]) }
            if op.pointee.priced {
                let price =
                    op.pointee.priceInput >= 0
                    ? try scenario.price(values[op.pointee.priceInput]) : Price(units: op.pointee.fixedPrice)
                let amount =
                    op.pointee.amountInput >= 0
                    ? try scenario.money(values[op.pointee.amountInput]) : Money(units: op.pointee.fixedAmount)
                let shares = try Exact.shares(buyableWith: amount, at: price, rounding: op.pointee.pricedRounding)
                r.cash = amount.units
                if op.pointee.pricedNew >= 0 {
                    r.newShares = shares.units
                    r.newPrice = price.units
                    // Money(exactly: price.decimal.rounded(toScale: 8)): the price's digits beyond the
                    // 8th place dropped (integer division truncates, as that rounding does).
                    r.newStated = price.units / priceToMoneyDivisor
                } else {
                    r.common = shares.units
                }
            }
        case .exercise:
            if op.pointee.sharesInput >= 0 {
                r.quantityMode = 1
                r.quantity = try wholeShares(values[op.pointee.sharesInput])
            }
            if op.pointee.fractionInput >= 0 {
                r.quantityMode = 2
                r.quantity = try Ratio(sampled: min(max(values[op.pointee.fractionInput], 0), 1)).units
            }
            if op.pointee.fairValueInput >= 0 {
                r.net = true
                r.fairValue = try scenario.price(values[op.pointee.fairValueInput]).units
            }
            if op.pointee.sharePriceInput >= 0 {
                r.hasSharePrice = true
                r.sharePrice = try scenario.price(values[op.pointee.sharePriceInput]).units
            }
        case .expire, .convert:
            if op.pointee.sharesInput >= 0 {
                r.quantityMode = 1
                r.quantity = try wholeShares(values[op.pointee.sharesInput])
            }
        }
    }

    /// A sampled share count: `Shares(sampled: max(v, 0)).rounded(.to("1", .down))`.
    @inline(__always)
    func wholeShares(_ value: Double) throws -> Int128 {
        // `rounded(_:)` is this call on the units.
        try wholeDown.round(units: Shares(sampled: max(value, 0)).units, decimals: Shares.decimals, what: "rounding")
    }

    // MARK: Events (Run.apply)

    @inline(__always)
    func apply(_ state: inout CompiledState) throws {
        var kept = 0
        let opBase = ops.baseAddress!
        for index in 0..<ops.count {
            let r = state.realized + index
            guard r.pointee.happens else { continue }
            // The event's position in the path's scenario, as the generic engine numbers it.
            let eventIndex = prefix + kept
            kept += 1
            let op = opBase + index
            do {
                switch op.pointee.kind {
                case .issue:
                    try issue(op, r, op: index, event: eventIndex, &state)
                case .exercise:
                    if r.pointee.lapse {
                        try expire(op.pointee.slot, requested: nil, op: index, event: eventIndex, &state)
                    } else {
                        try exercise(op, r, op: index, event: eventIndex, &state)
                    }
                case .expire:
                    let requested: Int128? = r.pointee.quantityMode == 1 ? r.pointee.quantity : nil
                    try expire(op.pointee.slot, requested: requested, op: index, event: eventIndex, &state)
                case .convert:
                    try convert(op, r, op: index, event: eventIndex, &state)
                }
            } catch let error as EngineError {
                throw error
            } catch let error as ArithmeticError {
                throw EngineError(eventIndex: eventIndex, message: error.description)
            } catch {
                throw EngineError(eventIndex: eventIndex, message: "\(error)")
            }
        }
    }

    /// `Instrument.commonAsConverted()` for a slot's current values.
    @inline(__always)
    func asConverted(_ slot: UnsafeMutablePointer<SlotState>, kind: SlotKind) throws -> Int128 {
        guard kind == .preferred else { return slot.pointee.shares }
        guard slot.pointee.hasPrice, slot.pointee.price > 0 else { return 0 }
        return try Exact.asConverted(
            Shares(units: slot.pointee.shares),
            statedValue: Money(units: slot.pointee.stated),
            price: Price(units: slot.pointee.price)
        ).units
    }

    // MARK: Issuance (Run.applyIssuance, summarize, adjustAll)

    @inline(__always)
    func issue(
        _ op: UnsafeMutablePointer<CompiledOp>,
        _ r: UnsafeMutablePointer<Realized>,
        op opIndex: Int,
        event: Int,
        _ state: inout CompiledState
    ) throws {
        if op.pointee.fromPool > state.pool {
            throw EngineError(
                eventIndex: event,
                field: "shares",
                message: "Event '\(eventIDs[opIndex])' grants \(Shares(units: op.pointee.fromPool).fullText()) options "
                    + "from the pool, but only \(Shares(units: state.pool).fullText()) remain reserved and ungranted."
            )
        }
        // The summary: consideration (positive parts) and additional common.
        var consideration: Int128 = 0
        if r.pointee.cash > 0 { consideration = r.pointee.cash }
        consideration = try Wide.add(consideration, op.pointee.constantConsideration, "a sum of Money values")
        var additional: Int128 = 0
        if r.pointee.common > 0 { additional = r.pointee.common }
        additional = try Wide.add(additional, op.pointee.constantAdditional, "a sum of Shares values")
        var pricedAsConverted: Int128 = 0
        if op.pointee.priced, op.pointee.pricedNew >= 0 {
            if r.pointee.newPrice > 0 {
                pricedAsConverted = try Exact.asConverted(
                    Shares(units: r.pointee.newShares),
                    statedValue: Money(units: r.pointee.newStated),
                    price: Price(units: r.pointee.newPrice)
                ).units
            }
            additional = try Wide.add(additional, pricedAsConverted, "a sum of Shares values")
        }
        let eligibleCount = op.pointee.eligibleCount
        if eligibleCount > 0 {
            // Consideration × 10¹⁰, which every clause's trigger test computes (and fails on alike).
            let scaled = consideration.multipliedReportingOverflow(by: tenPow10)
            if !sequential {
                for slot in 0..<slotCount { state.snapshot[slot] = state.slots[slot].asConverted }
            }
            let start = op.pointee.eligibleStart
            for position in start..<(start + eligibleCount) {
                let slot = eligible[position]
                guard state.slots[slot].exists else { continue }
                try adjust(
                    slot,
                    consideration: consideration,
                    scaled: scaled,
                    additional: additional,
                    op: opIndex,
                    event: event,
                    &state
                )
            }
        }
        state.common = try Wide.add(state.common, r.pointee.common, "a sum of Shares values")
        state.pool = try Wide.subtract(state.pool, op.pointee.fromPool, "a difference of Shares values")
        state.cashRaised = try Wide.add(state.cashRaised, r.pointee.cash, "a sum of Money values")
        let newStart = op.pointee.newStart
        for position in newStart..<(newStart + op.pointee.newCount) {
            let new = newInstruments.baseAddress! + position
            let slot = state.slots + new.pointee.slot
            slot.pointee.exists = true
            slot.pointee.hasCarried = false
            slot.pointee.carried = 0
            slot.pointee.issued = 0
            if new.pointee.priced {
                slot.pointee.shares = r.pointee.newShares
                slot.pointee.price = r.pointee.newPrice
                slot.pointee.hasPrice = true
                slot.pointee.stated = r.pointee.newStated
                slot.pointee.asConverted = pricedAsConverted
            } else {
                slot.pointee.shares = new.pointee.shares
                slot.pointee.price = new.pointee.price
                slot.pointee.hasPrice = new.pointee.hasPrice
                slot.pointee.stated = new.pointee.stated
                slot.pointee.asConverted = new.pointee.asConverted
            }
        }
    }

    /// One protected slot's clause against the issuance (`Run.adjustment(of:in:…)` and the writes of
    /// `adjustAll`). A and CP1 come from the snapshot before the event (simultaneous) or from the
    /// current state (sequential); the slot's own values are the same in both.
    @inline(__always)
    func adjust(
        _ index: Int,
        consideration: Int128,
        scaled: (partialValue: Int128, overflow: Bool),
        additional: Int128,
        op opIndex: Int,
        event: Int,
        _ state: inout CompiledState
    ) throws {
        let clause = clauses.baseAddress! + index
        let slot = state.slots + index
        let inEffect = slot.pointee.price
        // IssuanceSummary.triggers
        guard additional > 0 else { return }
        if scaled.overflow { throw ArithmeticError.overflow("the effective price") }
        let left = scaled.partialValue
        let right = try Wide.multiply(inEffect, additional, "the effective price")
        guard clause.pointee.atOrBelow ? left <= right : left < right else { return }
        let cp1 = slot.pointee.hasCarried ? slot.pointee.carried : inEffect
        let computed: Int128
        if clause.pointee.isRatchet {
            if consideration == 0 {
                computed = clause.pointee.noConsiderationPrice
            } else {
                computed = try clause.pointee.priceRounding.divide(
                    left,
                    additional,
                    decimals: Price.decimals,
                    what: "the effective price"
                )
            }
        } else {
            var a: Int128 = 0
            for _ in 0..<clause.pointee.baseCommon { a = try Wide.add(a, state.common, "a sum of Shares values") }
            for _ in 0..<clause.pointee.basePool { a = try Wide.add(a, state.pool, "a sum of Shares values") }
            let start = clause.pointee.baseStart
            for position in start..<(start + clause.pointee.baseCount) {
                let counted = baseSlots[position]
                guard state.slots[counted].exists else { continue }
                let value = sequential ? state.slots[counted].asConverted : state.snapshot[counted]
                a = try Wide.add(a, value, "a sum of Shares values")
            }
            let denominator = try Wide.add(a, additional, "a sum of Shares values")
            guard denominator > 0 else {
                throw EngineError(
                    eventIndex: event,
                    message: "The clause of '\(slotIDs[index])' has a zero denominator (A + C) at event "
                        + "'\(eventIDs[opIndex])'."
                )
            }
            // B before rounding is computed (and only fails) when CP1 is zero.
            if cp1 == 0 {
                throw ArithmeticError.divisionByZero(
                    "the shares $\(Money(units: consideration)) buys at $\(Price(units: cp1))"
                )
            }
            if clause.pointee.considerationExact {
                computed = try Exact.weightedAverage(
                    price: Price(units: cp1),
                    base: Shares(units: a),
                    consideration: Money(units: consideration),
                    over: Shares(units: denominator),
                    rounding: clause.pointee.priceRounding
                ).units
            } else {
                let b = try Exact.shares(
                    buyableWith: Money(units: consideration),
                    at: Price(units: cp1),
                    rounding: clause.pointee.considerationRounding
                )
                computed = try Exact.scale(
                    Price(units: cp1),
                    by: try Shares(units: a) + b,
                    over: Shares(units: denominator),
                    rounding: clause.pointee.priceRounding
                ).units
            }
        }
        var candidate = computed
        if clause.pointee.hasFloor, candidate < clause.pointee.floor { candidate = clause.pointee.floor }
        if clause.pointee.neverUpward, candidate > inEffect { candidate = inEffect }
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
        if clause.pointee.scales, after < inEffect {
            let product = try Wide.multiply(
                slot.pointee.shares,
                inEffect,
                "the scaled share count of \(slotIDs[index])"
            )
            slot.pointee.shares = try clause.pointee.shareRounding.divide(
                product,
                after,
                decimals: Shares.decimals,
                what: "the scaled share count of \(slotIDs[index])"
            )
            slot.pointee.asConverted = slot.pointee.shares
        }
        let changed = after != slot.pointee.price
        slot.pointee.price = after
        slot.pointee.hasCarried = carries
        slot.pointee.carried = carries ? candidate : 0
        if changed, slotKinds[index] == .preferred {
            slot.pointee.asConverted = try asConverted(slot, kind: .preferred)
        }
        state.adjustments += 1
    }

    /// Throws exactly when `Exact.rate(stated, per: price, rounding: clause.rateRounding)` would
    /// (the generic adjustment computes the rates before and after for its record; the path needs
    /// only their failures): an overflow of stated value × 10¹⁶ or of price × step, or a zero divisor.
    /// The overflows are tested by comparison with precomputed bounds rather than by multiplying.
    @inline(__always)
    func checkRate(_ stated: Int128, per price: Int128, _ clause: UnsafeMutablePointer<CompiledClause>) throws {
        func what() -> String { "$\(Money(units: stated)) / $\(Price(units: price))" }
        if stated > maxRateStated || stated < minRateStated { throw ArithmeticError.overflow(what()) }
        if clause.pointee.rateStepped, price > clause.pointee.rateMaxPrice || price < clause.pointee.rateMinPrice {
            throw ArithmeticError.overflow(what())
        }
        if price == 0 { throw ArithmeticError.zeroPrice(stated: "\(Money(units: stated))") }
    }

    // MARK: Exercise, expiry, conversion (Run.applyExercise, applyExpiry, applyConversion)

    /// `Run.checkedCount`: the count requested (or everything outstanding), checked.
    @inline(__always)
    func checkedCount(
        _ requested: Int128?,
        slot index: Int,
        verb: String,
        op opIndex: Int,
        event: Int,
        _ state: CompiledState
    )
        throws -> Int128
    {
        let outstanding = state.slots[index].shares
        let count = requested ?? outstanding
        if requested != nil, count <= 0 {
            throw EngineError(
                eventIndex: event,
                field: "shares",
                message: "Event '\(eventIDs[opIndex])' \(verb) \(Shares(units: count)) shares of '\(slotIDs[index])'; "
                    + "the count must be positive."
            )
        }
        if count > outstanding {
            throw EngineError(
                eventIndex: event,
                field: "shares",
                message: "Event '\(eventIDs[opIndex])' \(verb) \(Shares(units: count).fullText()) shares of "
                    + "'\(slotIDs[index])', but only \(Shares(units: outstanding).fullText()) are outstanding."
            )
        }
        return count
    }

    func missing(_ index: Int, verb: String, op opIndex: Int, event: Int) -> EngineError {
        EngineError(
            eventIndex: event,
            field: "instrument",
            message: "Event '\(eventIDs[opIndex])' \(verb) '\(slotIDs[index])', which is not an instrument of the "
                + "scenario at that date."
        )
    }

    @inline(__always)
    func exercise(
        _ op: UnsafeMutablePointer<CompiledOp>,
        _ r: UnsafeMutablePointer<Realized>,
        op opIndex: Int,
        event: Int,
        _ state: inout CompiledState
    ) throws {
        let index = op.pointee.slot
        let slot = state.slots + index
        guard slot.pointee.exists else { throw missing(index, verb: "exercises", op: opIndex, event: event) }
        let price = slot.pointee.hasPrice ? slot.pointee.price : 0
        if r.pointee.hasSharePrice, r.pointee.sharePrice <= price {
            // Out of the money: not exercised.
            guard op.pointee.otherwiseExpire else { return }
            try expire(index, requested: nil, op: opIndex, event: event, &state)
            return
        }
        var requested: Int128? = nil
        switch r.pointee.quantityMode {
        case 1:
            requested = r.pointee.quantity
        case 2:
            let shares = try Exact.shares(
                Shares(units: slot.pointee.shares),
                times: Ratio(units: r.pointee.quantity),
                wholeDown
            )
            if shares.isZero { return }
            requested = shares.units
        default:
            break
        }
        let count = try checkedCount(requested, slot: index, verb: "exercises", op: opIndex, event: event, state)
        if requested == nil, count == 0 {
            throw EngineError(
                eventIndex: event, field: "instrument",
                message: EngineError.exhausted(event: eventIDs[opIndex], instrument: slotIDs[index]))
        }
        slot.pointee.shares = try Wide.subtract(slot.pointee.shares, count, "a difference of Shares values")
        slot.pointee.asConverted = slot.pointee.shares
        if !r.pointee.net {
            state.common = try Wide.add(state.common, count, "a sum of Shares values")
            slot.pointee.issued = try Wide.add(slot.pointee.issued, count, "a sum of Shares values")
            let paid = try Exact.value(of: Shares(units: count), at: Price(units: price))
            state.cashRaised = try Wide.add(state.cashRaised, paid.units, "a sum of Money values")
        } else {
            let fairValue = r.pointee.fairValue
            guard fairValue > price else {
                throw EngineError(
                    eventIndex: event,
                    field: "fair-value",
                    message: "Event '\(eventIDs[opIndex])' net-exercises '\(slotIDs[index])' at a fair value of "
                        + "$\(Price(units: fairValue).fullText(minimumPlaces: 2)), not above the exercise price of "
                        + "$\(Price(units: price).fullText(minimumPlaces: 2)): a net exercise would issue no shares."
                )
            }
            let spread = Price(units: try Wide.subtract(fairValue, price, "a difference of Price values"))
            let issued = try Exact.scaleShares(
                Shares(units: count),
                by: spread,
                over: Price(units: fairValue),
                rounding: op.pointee.rounding
            )
            state.common = try Wide.add(state.common, issued.units, "a sum of Shares values")
            slot.pointee.issued = try Wide.add(slot.pointee.issued, issued.units, "a sum of Shares values")
        }
    }

    /// A lapse; the compiler accepted only lapses whose readjustment can never change anything.
    @inline(__always)
    func expire(_ index: Int, requested: Int128?, op opIndex: Int, event: Int, _ state: inout CompiledState) throws {
        let slot = state.slots + index
        guard slot.pointee.exists else { throw missing(index, verb: "lets lapse", op: opIndex, event: event) }
        let count = try checkedCount(requested, slot: index, verb: "lets lapse", op: opIndex, event: event, state)
        slot.pointee.shares = try Wide.subtract(slot.pointee.shares, count, "a difference of Shares values")
        slot.pointee.asConverted = slot.pointee.shares
    }

    @inline(__always)
    func convert(
        _ op: UnsafeMutablePointer<CompiledOp>,
        _ r: UnsafeMutablePointer<Realized>,
        op opIndex: Int,
        event: Int,
        _ state: inout CompiledState
    ) throws {
        let index = op.pointee.slot
        let slot = state.slots + index
        guard slot.pointee.exists, slot.pointee.hasPrice else {
            throw EngineError(
                eventIndex: event,
                field: "instrument",
                message: "Event '\(eventIDs[opIndex])' converts '\(slotIDs[index])', which is not a preferred series "
                    + "of the scenario at that date."
            )
        }
        let requested: Int128? = r.pointee.quantityMode == 1 ? r.pointee.quantity : nil
        let count = try checkedCount(requested, slot: index, verb: "converts", op: opIndex, event: event, state)
        let issued = try Exact.asConverted(
            Shares(units: count),
            statedValue: Money(units: slot.pointee.stated),
            price: Price(units: slot.pointee.price),
            op.pointee.rounding
        )
        slot.pointee.shares = try Wide.subtract(slot.pointee.shares, count, "a difference of Shares values")
        slot.pointee.asConverted = try asConverted(slot, kind: .preferred)
        state.common = try Wide.add(state.common, issued.units, "a sum of Shares values")
        slot.pointee.issued = try Wide.add(slot.pointee.issued, issued.units, "a sum of Shares values")
    }

    // MARK: Metrics (ScenarioPathModel.record)

    @inline(__always)
    func record(_ state: CompiledState, into metrics: inout [Double]) throws {
        var total = try Wide.add(state.common, state.pool, "a sum of Shares values")
        for index in 0..<slotCount where state.slots[index].exists {
            total = try Wide.add(total, state.slots[index].asConverted, "a sum of Shares values")
        }
        var heldAsCommon: Int128 = 0
        for index in 0..<slotCount where state.slots[index].exists {
            heldAsCommon = try Wide.add(heldAsCommon, state.slots[index].issued, "a sum of Shares values")
        }
        let totalShares = ScenarioPathModel.double(units: total) / sharesScale
        try metrics.withUnsafeMutableBufferPointer { out in
            var k = 0
            for entryIndex in 0..<recordEntries.count {
                let entry = recordEntries[entryIndex]
                let slot = state.slots + entry.slot
                let exists = slot.pointee.exists
                let issued = exists ? slot.pointee.issued : 0
                let held = try Wide.add(exists ? slot.pointee.asConverted : 0, issued, "a sum of Shares values")
                switch entry.kind {
                case .preferred:
                    if exists, slot.pointee.hasPrice {
                        out[k] = ScenarioPathModel.double(units: slot.pointee.price) / priceScale
                        // The rate of the last path, reused when stated value and price are the same.
                        let cache = state.rates + entry.slot
                        if !cache.pointee.valid || cache.pointee.stated != slot.pointee.stated
                            || cache.pointee.price != slot.pointee.price
                        {
                            let rate = try Exact.rate(
                                Money(units: slot.pointee.stated),
                                per: Price(units: slot.pointee.price)
                            )
                            cache.pointee = RateCache(
                                stated: slot.pointee.stated,
                                price: slot.pointee.price,
                                value: ScenarioPathModel.double(units: rate.units) / ratioScale,
                                valid: true
                            )
                        }
                        out[k + 1] = cache.pointee.value
                    } else {
                        out[k] = .nan
                        out[k + 1] = .nan
                    }
                    k += 2
                case .warrant, .option:
                    out[k] =
                        exists && slot.pointee.hasPrice
                        ? ScenarioPathModel.double(units: slot.pointee.price) / priceScale : .nan
                    out[k + 1] =
                        exists ? ScenarioPathModel.double(units: slot.pointee.shares) / sharesScale : .nan
                    out[k + 2] = ScenarioPathModel.double(units: issued) / sharesScale
                    k += 3
                case .other:
                    break
                }
                out[k] = totalShares > 0 ? ScenarioPathModel.double(units: held) / sharesScale / totalShares : .nan
                k += 1
            }
            let common = try Wide.subtract(state.common, heldAsCommon, "a difference of Shares values")
            out[k] = totalShares > 0 ? ScenarioPathModel.double(units: common) / sharesScale / totalShares : .nan
            k += 1
            if tracksPool {
                out[k] =
                    totalShares > 0 ? ScenarioPathModel.double(units: state.pool) / sharesScale / totalShares : .nan
                k += 1
            }
            out[k] = totalShares
            out[k + 1] = ScenarioPathModel.double(units: state.cashRaised) / moneyScale
            out[k + 2] = Double(state.adjustments)
        }
    }
}
