internal import DilutionExact

/// One event applied: the capitalization before and after, and every adjustment it caused.
public struct Step: Sendable, Hashable {
    public var eventIndex: Int
    public var event: Event
    public var before: CapTable
    public var after: CapTable
    public var adjustments: [Adjustment]
    /// Fixed-point cascades: the feedback rounds run before nothing moved (0 otherwise).
    public var feedbackRounds: Int
}

/// The result of applying a scenario's events in order.
public struct Timeline: Sendable, Hashable {
    public var scenario: Scenario
    public var initial: CapTable
    public var steps: [Step]

    /// The capitalization after the last event.
    public var final: CapTable { steps.last?.after ?? initial }
}

/// Applies the events of a scenario to its capitalization, exactly.
public struct Engine: Sendable {
    public let scenario: Scenario

    public init(_ scenario: Scenario) {
        self.scenario = scenario
    }

    /// Applies every event and keeps each step.
    public func run() throws(EngineError) -> Timeline {
        var run = Run(scenario: scenario, keepSteps: true)
        try run.apply(upTo: scenario.events.count)
        return Timeline(scenario: scenario, initial: run.initial, steps: run.steps)
    }

    /// Applies every event and returns the final capitalization only (no history kept).
    public func finalTable() throws(EngineError) -> CapTable {
        var run = Run(scenario: scenario, keepSteps: false)
        try run.apply(upTo: scenario.events.count)
        return run.table
    }

    /// The engine's state after the first `count` events, to resume from many times with
    /// different later events (the deterministic start of a Monte Carlo scenario is applied once).
    public func checkpoint(after count: Int) throws(EngineError) -> EngineCheckpoint {
        var run = Run(scenario: scenario, keepSteps: false)
        try run.apply(upTo: count)
        return EngineCheckpoint(run: run, eventCount: count)
    }
}

/// The engine's state part-way through a scenario (see `Engine.checkpoint(after:)`).
public struct EngineCheckpoint: Sendable {
    var run: Run
    /// How many events have been applied.
    public let eventCount: Int

    /// The capitalization at the checkpoint.
    public var table: CapTable { run.table }

    /// Applies the rest of `scenario`, whose first `eventCount` events must be those the
    /// checkpoint applied; returns the final capitalization and the number of adjustments made
    /// after the checkpoint.
    public func finish(_ scenario: Scenario) throws(EngineError) -> (table: CapTable, adjustments: Int) {
        var run = self.run
        run.scenario = scenario
        run.adjustmentCount = 0
        try run.apply(from: eventCount, upTo: scenario.events.count)
        return (run.table, run.adjustmentCount)
    }
}

/// The summary of what an issuance (or deemed issuance) counts: consideration and additional common.
struct IssuanceSummary {
    var consideration: [Component<Money>]
    var additional: [Component<Shares>]
    var considerationTotal: Money
    var additionalTotal: Shares

    init(consideration: [Component<Money>], additional: [Component<Shares>]) throws(ArithmeticError) {
        self.consideration = consideration
        self.additional = additional
        self.considerationTotal = try consideration.total()
        self.additionalTotal = try additional.total()
    }

    /// Whether the effective price (consideration ÷ C) is below `price` (or at it, for at-or-below).
    func triggers(_ price: Price, _ trigger: Trigger) throws(ArithmeticError) -> Bool {
        guard additionalTotal.isPositive else { return false }
        // consideration (8 places) × 10^10 vs price (12) × C (6): both at 18 places.
        let left = try Wide.multiply(considerationTotal.units, Wide.pow10(10), "the effective price")
        let right = try Wide.multiply(price.units, additionalTotal.units, "the effective price")
        return trigger == .below ? left < right : left <= right
    }
}

/// The mutable state of one pass over the events.
struct Run: Sendable {
    var scenario: Scenario
    let keepSteps: Bool
    let initial: CapTable
    var table: CapTable
    var steps: [Step] = []
    /// Which event issued each instrument created by an event.
    var origin: [String: Int] = [:]
    /// Shares of each instrument lapsed so far.
    var expired: [String: Shares] = [:]
    /// For each event index, the instruments it adjusted and their price immediately before.
    var adjustedBy: [Int: [(id: String, priceBefore: Price)]] = [:]
    /// Instruments whose issuance the replay treats as reduced: id → shares removed.
    var removedAtIssuance: [String: Shares] = [:]
    /// Adjustments made so far (counted whether or not steps are kept).
    var adjustmentCount = 0

    init(scenario: Scenario, keepSteps: Bool, removedAtIssuance: [String: Shares] = [:]) {
        self.scenario = scenario
        self.keepSteps = keepSteps
        self.initial = CapTable(common: scenario.common, pool: scenario.pool, instruments: scenario.instruments)
        self.table = initial
        self.removedAtIssuance = removedAtIssuance
    }

    mutating func apply(from start: Int = 0, upTo end: Int) throws(EngineError) {
        for index in start..<end {
            let event = scenario.events[index]
            if index > 0, event.date < scenario.events[index - 1].date {
                throw EngineError(
                    eventIndex: index, field: "date",
                    message: "Event '\(event.id)' is dated \(event.date), before the event that precedes it "
                        + "(\(scenario.events[index - 1].date)); events must be in date order.")
            }
            let before = table
            var adjustments: [Adjustment] = []
            var rounds = 0
            do {
                switch event.action {
                case .issue(let issuance):
                    (adjustments, rounds) = try applyIssuance(issuance, event: event, index: index)
                case .exercise(let exercise):
                    adjustments = try applyExercise(exercise, event: event, index: index)
                case .expire(let id, let shares, let readjust):
                    adjustments = try applyExpiry(id, shares: shares, readjust: readjust, event: event, index: index)
                case .split(let ratio, let rounding):
                    try applySplit(ratio, rounding: rounding, index: index)
                case .convert(let id, let shares, let rounding):
                    try applyConversion(id, shares: shares, rounding: rounding, index: index)
                }
            } catch let error as ArithmeticError {
                throw EngineError(error, eventIndex: index)
            } catch let error as EngineError {
                throw error
            } catch {
                throw EngineError(eventIndex: index, message: "\(error)")
            }
            adjustmentCount += adjustments.count
            if !adjustments.isEmpty {
                adjustedBy[index, default: []].append(
                    contentsOf: adjustments.filter { !$0.isReadjustment && $0.changedPrice }
                        .map { (id: $0.instrumentID, priceBefore: $0.priceBefore) })
            }
            if keepSteps {
                steps.append(
                    Step(
                        eventIndex: index, event: event, before: before, after: table, adjustments: adjustments,
                        feedbackRounds: rounds))
            }
        }
    }

    // MARK: Issuance

    mutating func applyIssuance(_ original: Issuance, event: Event, index: Int) throws -> ([Adjustment], Int) {
        var issuance = original
        for (position, instrument) in issuance.instruments.enumerated() {
            if let removed = removedAtIssuance[instrument.id] {
                issuance.instruments[position].shares = try instrument.shares - removed
                issuance.instruments[position].holders = []
            }
        }
        for instrument in issuance.instruments where table.index(of: instrument.id) != nil {
            throw EngineError(
                eventIndex: index, field: "id",
                message: "Event '\(event.id)' issues an instrument with id '\(instrument.id)', which already exists.")
        }
        if issuance.fromPool > table.pool {
            throw EngineError(
                eventIndex: index, field: "shares",
                message: "Event '\(event.id)' grants \(issuance.fromPool.fullText()) options from the pool, "
                    + "but only \(table.pool.fullText()) remain reserved and ungranted.")
        }
        let summary = try Self.summarize(issuance)
        var adjustments: [Adjustment] = []
        var rounds = 0
        let protected = table.instruments.count
        if !event.exempt {
            adjustments = try adjustAll(summary, event: event, index: index, cause: .issuance, upTo: protected)
        }
        table.common = try table.common + issuance.common
        table.pool = try table.pool - issuance.fromPool
        table.cashRaised = try table.cashRaised + issuance.cash
        for instrument in issuance.instruments {
            table.append(instrument)
            origin[instrument.id] = index
        }
        if case .fixedPoint(let limit) = scenario.cascade, !event.exempt {
            (rounds, adjustments) = try feedback(from: adjustments, event: event, index: index, limit: limit)
        }
        return (adjustments, rounds)
    }

    static func summarize(_ issuance: Issuance) throws(ArithmeticError) -> IssuanceSummary {
        var consideration: [Component<Money>] = []
        var additional: [Component<Shares>] = []
        if issuance.cash.isPositive {
            consideration.append(Component(.cashPaid, value: issuance.cash))
        }
        if issuance.common.isPositive {
            additional.append(Component(.commonIssued, value: issuance.common))
        }
        for instrument in issuance.instruments {
            let payment = try instrument.minimumExercisePayment()
            if payment.isPositive {
                let conversion = instrument.kind == .other || instrument.isPreferred
                consideration.append(
                    Component(
                        conversion ? .payableOnConversion(instrument.name) : .payableOnExercise(instrument.name),
                        value: payment))
            }
            let shares = try instrument.commonAsConverted()
            switch instrument.kind {
            case .preferred:
                additional.append(Component(.issuableOnConversion(instrument.name), value: shares))
            case .warrant, .option:
                additional.append(Component(.issuableOnExercise(instrument.name), value: shares))
            case .other:
                additional.append(Component(.underlying(instrument.name), value: shares))
            }
        }
        return try IssuanceSummary(consideration: consideration, additional: additional)
    }

    /// Tests and adjusts every protected instrument among the first `count` for one (deemed) issuance.
    mutating func adjustAll(
        _ summary: IssuanceSummary, event: Event, index: Int, cause: AdjustmentCause, upTo count: Int
    ) throws -> [Adjustment] {
        var order = Array(0..<count)
        var sequential = false
        if case .sequential(let declared) = scenario.cascade {
            sequential = true
            let rank = Dictionary(declared.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
            order.sort { (rank[table.instruments[$0].id] ?? declared.count + $0, $0)
                < (rank[table.instruments[$1].id] ?? declared.count + $1, $1) }
        }
        let snapshot = table
        var adjustments: [Adjustment] = []
        for position in order {
            let instrument = table.instruments[position]
            guard instrument.clause.isActive, instrument.price != nil,
                !event.waivedBy.contains(instrument.id)
            else { continue }
            if let sunset = instrument.clause.sunset, event.date > sunset { continue }
            let view = sequential ? table : snapshot
            guard
                let result = try Self.adjustment(
                    of: position, in: view, summary: summary, event: event, index: index, cause: cause)
            else { continue }
            table.instruments[position].price = result.adjustment.priceAfter
            table.carriedPrices[position] = result.carried
            if let shares = result.adjustment.sharesAfter {
                table.instruments[position].shares = shares
                table.instruments[position].holders = result.holders
            }
            adjustments.append(result.adjustment)
        }
        return adjustments
    }

    struct Outcome {
        var adjustment: Adjustment
        var carried: Price?
        var holders: [Holder]
    }

    /// One instrument's adjustment against `view` (A and CP1 are read from it), or `nil` if the
    /// clause does not fire.
    static func adjustment(
        of position: Int, in view: CapTable, summary: IssuanceSummary, event: Event, index: Int, cause: AdjustmentCause
    ) throws -> Outcome? {
        let instrument = view.instruments[position]
        let clause = instrument.clause
        guard let inEffect = instrument.price, try summary.triggers(inEffect, clause.trigger) else { return nil }
        let cp1 = view.carriedPrices[position] ?? inEffect
        var notes: [String] = []
        var base: [Component<Shares>] = []
        var bExact = Shares.zero
        var b = Shares.zero
        let computed: Price
        let effective: Price =
            summary.considerationTotal.isZero
            ? clause.noConsiderationPrice
            : try Exact.price(of: summary.considerationTotal, per: summary.additionalTotal)
        switch clause.formula {
        case .none:
            return nil
        case .weightedAverage(let composition):
            base = try view.baseComponents(composition)
            let a: Shares = try base.total()
            let denominator = try a + summary.additionalTotal
            guard denominator.isPositive else {
                throw EngineError(
                    eventIndex: index,
                    message: "The clause of '\(instrument.id)' has a zero denominator (A + C) at event '\(event.id)'.")
            }
            bExact = try Exact.shares(buyableWith: summary.considerationTotal, at: cp1, rounding: .exact)
            if clause.considerationSharesRounding.step == nil {
                b = bExact
                computed = try Exact.weightedAverage(
                    price: cp1, base: a, consideration: summary.considerationTotal, over: denominator,
                    rounding: clause.priceRounding)
            } else {
                b = try Exact.shares(
                    buyableWith: summary.considerationTotal, at: cp1, rounding: clause.considerationSharesRounding)
                computed = try Exact.scale(cp1, by: try a + b, over: denominator, rounding: clause.priceRounding)
            }
        case .fullRatchet:
            if summary.considerationTotal.isZero {
                computed = try clause.noConsiderationPrice.rounded(clause.priceRounding)
                notes.append("issued for no consideration: counted at $\(clause.noConsiderationPrice) per share")
            } else {
                let scaled = try Wide.multiply(summary.considerationTotal.units, Wide.pow10(10), "the effective price")
                computed = Price(
                    units: try clause.priceRounding.divide(
                        scaled, summary.additionalTotal.units, decimals: Price.decimals, what: "the effective price"))
            }
        }
        var candidate = computed
        if let floor = clause.floor, candidate < floor {
            candidate = floor
            notes.append("the floor of $\(floor) applies")
        }
        if clause.neverUpward, candidate > inEffect {
            candidate = inEffect
            notes.append("never upward: the price stays at $\(inEffect)")
        }
        var carried: Price? = nil
        var after = candidate
        if let minimum = clause.minimumChange, candidate < inEffect, try inEffect - candidate < minimum {
            carried = candidate
            after = inEffect
            notes.append("the change to $\(candidate) is below the minimum of $\(minimum): carried forward")
        }
        var rateBefore: Ratio? = nil
        var rateAfter: Ratio? = nil
        if let stated = instrument.statedValue {
            rateBefore = try Exact.rate(stated, per: inEffect, rounding: clause.rateRounding)
            rateAfter = try Exact.rate(stated, per: after, rounding: clause.rateRounding)
        }
        var sharesBefore: Shares? = nil
        var sharesAfter: Shares? = nil
        var holders = instrument.holders
        if clause.scalesShares, instrument.kind == .warrant, after < inEffect {
            sharesBefore = instrument.shares
            (sharesAfter, holders) = try scaledShares(instrument, from: inEffect, to: after)
        }
        let adjustment = Adjustment(
            eventIndex: index, eventID: event.id, instrumentID: instrument.id, instrumentName: instrument.name,
            formula: clause.formula, cause: cause, priceBefore: inEffect, formulaPrice: cp1, computedPrice: computed,
            priceAfter: after, base: base, consideration: summary.consideration, considerationSharesExact: bExact,
            considerationShares: b, additional: summary.additional, effectivePrice: effective, rateBefore: rateBefore,
            rateAfter: rateAfter, sharesBefore: sharesBefore, sharesAfter: sharesAfter, notes: notes)
        return Outcome(adjustment: adjustment, carried: carried, holders: holders)
    }

    /// A warrant's share count scaled so that shares × price stays the same, rounded per holder
    /// when holders are listed.
    static func scaledShares(_ instrument: Instrument, from old: Price, to new: Price) throws -> (Shares, [Holder]) {
        let rule = instrument.clause.shareRounding
        func scale(_ shares: Shares) throws -> Shares {
            let product = try Wide.multiply(shares.units, old.units, "the scaled share count of \(instrument.id)")
            return Shares(
                units: try rule.divide(
                    product, new.units, decimals: Shares.decimals, what: "the scaled share count of \(instrument.id)"))
        }
        if instrument.holders.isEmpty { return (try scale(instrument.shares), []) }
        var holders = instrument.holders
        var total = Shares.zero
        for i in holders.indices {
            holders[i].shares = try scale(holders[i].shares)
            total = try total + holders[i].shares
        }
        return (total, holders)
    }

    /// Fixed-point cascades: repriced warrants whose share count grew are deemed to issue the extra
    /// shares at their new exercise price; repeat until nothing moves.
    mutating func feedback(from first: [Adjustment], event: Event, index: Int, limit: Int) throws -> (Int, [Adjustment]) {
        var all = first
        var latest = first
        var round = 0
        var seen: Set<[Price?]> = [table.instruments.map(\.price)]
        while true {
            var consideration: [Component<Money>] = []
            var additional: [Component<Shares>] = []
            for adjustment in latest {
                guard let before = adjustment.sharesBefore, let after = adjustment.sharesAfter, after > before else {
                    continue
                }
                let extra = try after - before
                additional.append(Component(.additionalAfterRepricing(adjustment.instrumentName), value: extra))
                consideration.append(
                    Component(
                        .payableForAdditional(adjustment.instrumentName),
                        value: try Exact.value(of: extra, at: adjustment.priceAfter)))
            }
            if additional.isEmpty { return (round, all) }
            round += 1
            if round > limit {
                let moving = latest.map(\.instrumentID).joined(separator: ", ")
                throw EngineError(
                    eventIndex: index,
                    message: "The fixed-point cascade of event '\(event.id)' did not converge after \(limit) rounds; "
                        + "still moving: \(moving).")
            }
            let summary = try IssuanceSummary(consideration: consideration, additional: additional)
            latest = try adjustAll(
                summary, event: event, index: index, cause: .feedback(round: round), upTo: table.instruments.count)
            all += latest
            let prices = table.instruments.map(\.price)
            if !latest.isEmpty, !seen.insert(prices).inserted {
                let moving = latest.map(\.instrumentID).joined(separator: ", ")
                throw EngineError(
                    eventIndex: index,
                    message: "The fixed-point cascade of event '\(event.id)' cycles: round \(round) returns to the "
                        + "prices of an earlier round (instruments \(moving)).")
            }
        }
    }

    // MARK: Exercise, expiry, split, conversion

    func exercisable(_ id: String, _ verb: String, index: Int) throws -> Int {
        guard let position = table.index(of: id) else {
            throw EngineError(
                eventIndex: index, field: "instrument",
                message: "Event '\(scenario.events[index].id)' \(verb) '\(id)', which is not an instrument of the scenario at that date.")
        }
        switch table.instruments[position].kind {
        case .warrant, .option: return position
        default:
            throw EngineError(
                eventIndex: index, field: "instrument",
                message: "Event '\(scenario.events[index].id)' \(verb) '\(id)', which is \(table.instruments[position].kind.label) stock, not a warrant or option.")
        }
    }

    func checkedCount(_ requested: Shares?, of position: Int, _ verb: String, index: Int) throws -> Shares {
        let instrument = table.instruments[position]
        let count = requested ?? instrument.shares
        if requested != nil, !count.isPositive {
            throw EngineError(
                eventIndex: index, field: "shares",
                message: "Event '\(scenario.events[index].id)' \(verb) \(count) shares of '\(instrument.id)'; the count must be positive.")
        }
        if count > instrument.shares {
            throw EngineError(
                eventIndex: index, field: "shares",
                message: "Event '\(scenario.events[index].id)' \(verb) \(count.fullText()) shares of '\(instrument.id)', "
                    + "but only \(instrument.shares.fullText()) are outstanding.")
        }
        return count
    }

    mutating func reduce(_ position: Int, by count: Shares) throws {
        var instrument = table.instruments[position]
        let remaining = try instrument.shares - count
        if !instrument.holders.isEmpty, instrument.shares.isPositive {
            // Holders keep their proportions; the last holder takes the rounding remainder.
            var assigned = Shares.zero
            for i in instrument.holders.indices {
                if i == instrument.holders.count - 1 {
                    instrument.holders[i].shares = try remaining - assigned
                } else {
                    instrument.holders[i].shares = try Exact.scaleShares(
                        instrument.holders[i].shares, by: remaining, over: instrument.shares)
                    assigned = try assigned + instrument.holders[i].shares
                }
            }
        }
        instrument.shares = remaining
        table.instruments[position] = instrument
    }

    mutating func applyExercise(_ exercise: Exercise, event: Event, index: Int) throws -> [Adjustment] {
        let id = exercise.instrument
        let position = try exercisable(id, "exercises", index: index)
        let price = table.instruments[position].price ?? .zero
        if let sharePrice = exercise.sharePrice, sharePrice <= price {
            // Out of the money: not exercised.
            guard exercise.otherwiseExpire else { return [] }
            return try applyExpiry(id, shares: nil, readjust: exercise.readjustOnExpiry, event: event, index: index)
        }
        let requested: Shares?
        switch exercise.quantity {
        case .all: requested = nil
        case .shares(let shares): requested = shares
        case .fraction(let fraction):
            requested = try Exact.shares(table.instruments[position].shares, times: fraction, .to("1", .down))
            if requested?.isZero == true { return [] }
        }
        let count = try checkedCount(requested, of: position, "exercises", index: index)
        if requested == nil, count.isZero {
            throw EngineError(
                eventIndex: index, field: "instrument",
                message: EngineError.exhausted(
                    event: scenario.events[index].id, instrument: table.instruments[position].id))
        }
        let method = exercise.method
        let rounding = exercise.rounding
        try reduce(position, by: count)
        switch method {
        case .cash:
            table.common = try table.common + count
            table.issuedOnExercise[position] = try table.issuedOnExercise[position] + count
            table.cashRaised = try table.cashRaised + Exact.value(of: count, at: price)
        case .net(let fairValue):
            guard fairValue > price else {
                throw EngineError(
                    eventIndex: index, field: "fair-value",
                    message: "Event '\(scenario.events[index].id)' net-exercises '\(id)' at a fair value of "
                        + "$\(fairValue.fullText(minimumPlaces: 2)), not above the exercise price of "
                        + "$\(price.fullText(minimumPlaces: 2)): a net exercise would issue no shares.")
            }
            let spread = try fairValue - price
            let issued = try Exact.scaleShares(count, by: spread, over: fairValue, rounding: rounding)
            table.common = try table.common + issued
            table.issuedOnExercise[position] = try table.issuedOnExercise[position] + issued
        }
        return []
    }

    mutating func applyExpiry(_ id: String, shares: Shares?, readjust: Bool, event: Event, index: Int) throws
        -> [Adjustment]
    {
        let position = try exercisable(id, "lets lapse", index: index)
        let count = try checkedCount(shares, of: position, "lets lapse", index: index)
        try reduce(position, by: count)
        expired[id] = try (expired[id] ?? .zero) + count
        guard readjust, let issuedAt = origin[id], let adjusted = adjustedBy[issuedAt], !adjusted.isEmpty,
            count.isPositive
        else { return [] }
        // Replay the events before this one as if the lapsed shares had never been issued.
        var events = scenario.events
        events = events.enumerated().filter { position, candidate in
            guard position < index else { return false }
            if case .expire(let other, _, _) = candidate.action, other == id { return false }
            return true
        }.map(\.element)
        var replayScenario = scenario
        replayScenario.events = events
        var removed = removedAtIssuance
        removed[id] = try (removed[id] ?? .zero) + expired[id]!
        var replay = Run(scenario: replayScenario, keepSteps: false, removedAtIssuance: removed)
        try replay.apply(upTo: events.count)

        var adjustments: [Adjustment] = []
        for (adjustedID, priceBefore) in adjusted {
            guard let target = table.index(of: adjustedID), let current = table.instruments[target].price,
                let replayed = replay.table.instrument(adjustedID)?.price
            else { continue }
            var cap = priceBefore
            for later in scenario.events[(issuedAt + 1)..<index] {
                if case .split(let ratio, _) = later.action {
                    cap = try Exact.price(cap, times: ratio.denominator, over: ratio.numerator)
                }
            }
            let readjusted = min(replayed, cap)
            guard readjusted > current else { continue }
            let instrument = table.instruments[target]
            var notes = [
                "recomputed as if the \(expired[id]!.formatted(places: 0)) lapsed shares of \(id) had never been issued: $\(replayed)"
            ]
            if cap < replayed { notes.append("capped at $\(cap), the price before the original adjustment") }
            var sharesBefore: Shares? = nil
            var sharesAfter: Shares? = nil
            if instrument.clause.scalesShares, instrument.kind == .warrant {
                sharesBefore = instrument.shares
                let (scaled, holders) = try Self.scaledShares(instrument, from: current, to: readjusted)
                sharesAfter = scaled
                table.instruments[target].shares = scaled
                table.instruments[target].holders = holders
            }
            table.instruments[target].price = readjusted
            table.carriedPrices[target] = nil
            var rateBefore: Ratio? = nil
            var rateAfter: Ratio? = nil
            if let stated = instrument.statedValue {
                rateBefore = try Exact.rate(stated, per: current, rounding: instrument.clause.rateRounding)
                rateAfter = try Exact.rate(stated, per: readjusted, rounding: instrument.clause.rateRounding)
            }
            adjustments.append(
                Adjustment(
                    eventIndex: index, eventID: event.id, instrumentID: adjustedID, instrumentName: instrument.name,
                    formula: instrument.clause.formula, cause: .readjustment(expired: id), priceBefore: current,
                    formulaPrice: current, computedPrice: replayed, priceAfter: readjusted, base: [], consideration: [],
                    considerationSharesExact: .zero, considerationShares: .zero, additional: [],
                    effectivePrice: .zero, rateBefore: rateBefore, rateAfter: rateAfter, sharesBefore: sharesBefore,
                    sharesAfter: sharesAfter, notes: notes))
        }
        return adjustments
    }

    mutating func applySplit(_ ratio: SplitRatio, rounding: RoundingRule, index: Int) throws {
        func shares(_ value: Shares) throws -> Shares {
            let product = try Wide.multiply(value.units, ratio.numerator, "a split share count")
            return Shares(units: try rounding.divide(product, ratio.denominator, decimals: Shares.decimals, what: "a split share count"))
        }
        func price(_ value: Price) throws -> Price {
            try Exact.price(value, times: ratio.denominator, over: ratio.numerator)
        }
        table.common = try shares(table.common)
        table.pool = try shares(table.pool)
        for i in table.instruments.indices {
            var instrument = table.instruments[i]
            if let p = instrument.price { instrument.price = try price(p) }
            if let floor = instrument.clause.floor { instrument.clause.floor = try price(floor) }
            if !instrument.isPreferred {
                instrument.shares = try shares(instrument.shares)
                for h in instrument.holders.indices {
                    instrument.holders[h].shares = try shares(instrument.holders[h].shares)
                }
            }
            if let carried = table.carriedPrices[i] { table.carriedPrices[i] = try price(carried) }
            table.instruments[i] = instrument
        }
    }

    mutating func applyConversion(_ id: String, shares: Shares?, rounding: RoundingRule, index: Int) throws {
        guard let position = table.index(of: id), let stated = table.instruments[position].statedValue,
            let price = table.instruments[position].price
        else {
            throw EngineError(
                eventIndex: index, field: "instrument",
                message: "Event '\(scenario.events[index].id)' converts '\(id)', which is not a preferred series of the scenario at that date.")
        }
        let count = try checkedCount(shares, of: position, "converts", index: index)
        let issued = try Exact.asConverted(count, statedValue: stated, price: price, rounding)
        try reduce(position, by: count)
        table.common = try table.common + issued
        table.issuedOnExercise[position] = try table.issuedOnExercise[position] + issued
    }
}
