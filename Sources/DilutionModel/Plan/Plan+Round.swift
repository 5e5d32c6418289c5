public import DilutionExact

/// A fully diluted count compiled to slots: how many times common and the pool count, the slots
/// counted, and the quantities of the round counted.
struct PlanCount: Sendable {
    var common = 0
    var pool = 0
    var slots: [Int] = []
    var topUp = false
    var converting = false
    var newMoney = false

    init(_ terms: [RoundTerm], slotInfos: [Plan.SlotInfo]) {
        for term in terms {
            switch term {
            case .topUp: topUp = true
            case .converting: converting = true
            case .newMoney: newMoney = true
            case .existing(.common): common += 1
            case .existing(.pool): pool += 1
            case .existing(let base):
                for index in slotInfos.indices where CapTable.term(base, counts: slotInfos[index].instrument) {
                    slots.append(index)
                }
            }
        }
    }
}

/// A SAFE or note that may convert in a round, compiled.
struct PlanConversion: Sendable {
    var slot: Int
    var terms: ConvertibleTerms
    var capCount: PlanCount
    /// The holder entry of the round's series that receives its shares.
    var entry = 0
    /// Where its cap, discount and interest rate are in `PlanState.roundInputs`.
    var inputStart = 0
}

/// A round priced from a valuation, compiled.
struct PlanRound: Sendable {
    var pricing: RoundPricing
    var priceCount: PlanCount
    /// The count a pool target is a fraction of (before the top-up and the round's own shares).
    var poolCount: PlanCount
    var priceStep: StepRounding
    var shareStep: StepRounding
    var poolStep: StepRounding?
    /// The round's new series in `newInstruments`.
    var series: Int
    var conversions: [PlanConversion]
    var date: CalendarDate
    /// Where the round's inputs start in `PlanState.roundInputs`: each investor's amount, then the pool target.
    var inputStart = 0
}

/// The inputs of a SAFE or note in `PlanState.roundInputs`, from its `inputStart`: the cap (`Money`
/// units), the discount and the interest rate (`Ratio` units), each `Plan.absentInput` when it has none.
package enum ConvertibleInput: Int, Sendable {
    case cap, discount, rate

    static let count = 3
}

/// What a round came to on one path: the numbers its notice shows.
public struct RoundSolution: Sendable, Hashable {
    /// One term of the count the valuation divided.
    public struct CountTerm: Sendable, Hashable {
        public var term: String
        public var shares: Shares
    }

    /// An investor's amount and shares.
    public struct InvestorShares: Sendable, Hashable {
        public var name: String
        public var amount: Money
        public var shares: Shares
    }

    public struct Conversion: Sendable, Hashable {
        public var id: String
        public var name: String
        public var form: ConvertibleTerms.Form
        /// The amount converting (a note's principal and interest).
        public var amount: Money
        public var capPrice: Price?
        public var discountPrice: Price?
        /// The cap and discount it converted with (an MFN SAFE's may come from a later SAFE).
        public var cap: Money?
        public var discount: Ratio?
        public var price: Price
        public var shares: Shares
        /// The count its cap divided.
        public var capCount: Shares?
    }

    public var valuation: Valuation
    public var price: Price
    /// The count the valuation divided, term by term.
    public var count: [CountTerm]
    public var countTotal: Shares
    public var investors: [InvestorShares]
    public var conversions: [Conversion]
    public var poolBefore: Shares
    public var topUp: Shares
    /// The count the pool target is a fraction of, when there is a target.
    public var poolTarget: Ratio?
    public var poolBase: Shares
    public var iterations: Int
    public var newMoneyShares: Shares
    public var convertingShares: Shares
}

extension Plan {
    /// Where a round's input is in `PlanState.roundInputs`: an investor's amount by position, or
    /// (`nil`) its pool target.
    package func roundInput(event: Int, _ position: Int?) -> Int {
        let round = rounds.base + Int(ops[event].round)
        return round.pointee.inputStart + (position ?? round.pointee.pricing.investors.count)
    }

    /// An input that a SAFE or note does not have (no cap, no discount, no interest).
    static let absentInput: Int128 = -1

    /// The written cap, discount and interest rate of a SAFE or note, as `roundInputs` holds them.
    static func convertibleInputs(_ terms: ConvertibleTerms) -> [Int128] {
        [terms.cap?.units ?? absentInput, terms.discount?.units ?? absentInput, terms.interest?.rate.units ?? absentInput]
    }

    /// Where the cap (`.cap`), discount (`.discount`) or interest rate (`.rate`) of the SAFE or note
    /// at `position` among an event's new instruments is in `PlanState.roundInputs`.
    package func convertibleInput(event: Int, position: Int, _ term: ConvertibleInput) -> Int {
        convertibleInputStart[newInstruments[ops[event].newStart + position].slot] + term.rawValue
    }

    /// A SAFE's or note's terms on `state`: the written terms with the cap, discount and interest
    /// rate the state binds.
    func convertibleTerms(_ written: ConvertibleTerms, inputStart: Int, _ state: PlanState) -> ConvertibleTerms {
        var terms = written
        let inputs = state.roundInputs + inputStart
        let cap = inputs[ConvertibleInput.cap.rawValue]
        let discount = inputs[ConvertibleInput.discount.rawValue]
        let rate = inputs[ConvertibleInput.rate.rawValue]
        terms.cap = cap >= 0 ? Money(units: cap) : nil
        terms.discount = discount >= 0 ? Ratio(units: discount) : nil
        if terms.interest != nil, rate >= 0 { terms.interest!.rate = Ratio(units: rate) }
        return terms
    }

    /// Compiles a round's terms against the plan's slots.
    static func compileRound(
        _ pricing: RoundPricing, eventID: String, date: CalendarDate, series: Int, seriesSlot: Int,
        slotInfos: [Plan.SlotInfo], convertibleInputStart: [Int], issuedBefore: (Int) -> Bool
    ) -> PlanRound {
        var conversions: [PlanConversion] = []
        let seriesHolders = slotInfos[seriesSlot].instrument.holders
        for index in slotInfos.indices {
            guard let terms = slotInfos[index].instrument.convertible, issuedBefore(index) else { continue }
            if let target = terms.convertsIn, target != eventID { continue }
            var conversion = PlanConversion(
                slot: index, terms: terms, capCount: PlanCount(terms.capCount, slotInfos: slotInfos))
            let name = terms.holder ?? slotInfos[index].instrument.name
            conversion.entry = seriesHolders.firstIndex { $0.name == name } ?? 0
            conversion.inputStart = convertibleInputStart[index]
            conversions.append(conversion)
        }
        return PlanRound(
            pricing: pricing, priceCount: PlanCount(pricing.fullyDiluted, slotInfos: slotInfos),
            poolCount: PlanCount(RoundTerm.capitalization + [.topUp, .converting], slotInfos: slotInfos),
            priceStep: try! StepRounding(pricing.priceRounding, decimals: Price.decimals),
            shareStep: try! StepRounding(pricing.shareRounding, decimals: Shares.decimals),
            poolStep: pricing.pool.map { try! StepRounding($0.rounding, decimals: Shares.decimals) },
            series: series, conversions: conversions, date: date)
    }

    /// The classes of the capitalization a count names, on `state`.
    func existing(_ count: PlanCount, _ state: PlanState) throws(ArithmeticError) -> Int128 {
        try existing(count, state.slots, common: state.common, pool: state.pool)
    }

    /// The classes of the capitalization a count names, on a state's slots, common and pool.
    func existing(
        _ count: PlanCount, _ slots: UnsafeMutablePointer<SlotState>, common: Int128, pool: Int128
    ) throws(ArithmeticError) -> Int128 {
        var total: Int128 = 0
        for _ in 0..<count.common { total = try Wide.add(total, common, "a sum of Shares values") }
        for _ in 0..<count.pool { total = try Wide.add(total, pool, "a sum of Shares values") }
        for slot in count.slots where slots[slot].exists {
            total = try Wide.add(total, slots[slot].asConverted, "a sum of Shares values")
        }
        return total
    }

    /// The round's quantities counted by `count`.
    func total(
        _ count: PlanCount, existing: Int128, topUp: Int128, converting: Int128, newMoney: Int128
    ) throws(ArithmeticError) -> Int128 {
        var total = existing
        if count.topUp { total = try Wide.add(total, topUp, "a sum of Shares values") }
        if count.converting { total = try Wide.add(total, converting, "a sum of Shares values") }
        if count.newMoney { total = try Wide.add(total, newMoney, "a sum of Shares values") }
        return total
    }

    /// money ÷ shares → a price, rounded by a step.
    static func price(
        _ money: Int128, per shares: Int128, _ step: StepRounding, _ what: @autoclosure () -> String
    ) throws(ArithmeticError) -> Int128 {
        guard shares > 0 else { throw ArithmeticError.divisionByZero(what()) }
        // money(8) + 10 = 18 places; ÷ shares(6) = 12 places (price).
        return try step.divide(try Wide.multiply(money, Wide.pow10(10), what()), shares, what: what())
    }

    /// Solves a round on `state` (the capitalization just before it): the price, the top-up, each
    /// converting instrument's shares, each investor's shares, and the adjustments the round causes
    /// in earlier series (counted in the price's count when it counts them), iterated together until
    /// nothing moves. Sets the round's cash and its series' terms in the state's bindings.
    ///
    /// Allocates nothing once the state has solved a round: its working numbers live in the state's
    /// round buffer and its trial adjustments run on the state's round scratch state, both made on first
    /// use and kept (a Monte Carlo worker solves every path's rounds on the same state).
    /// The sum of `count` values from `values`, checked.
    @inline(__always)
    static func sum(_ values: UnsafeMutablePointer<Int128>, _ count: Int, _ what: @autoclosure () -> String)
        throws(ArithmeticError) -> Int128
    {
        var total: Int128 = 0
        for i in 0..<count { total = try Wide.add(total, values[i], what()) }
        return total
    }

    func solveRound(_ index: Int, event: Int, _ state: inout PlanState, explained: Bool) throws -> RoundSolution? {
        let op = ops.base + index
        let round = rounds.base + Int(op.pointee.round)
        let eventID = scenario.events[index].id
        let valuation = state.bindings[index].valuation
        let valuationField = round.pointee.pricing.valuation.name
        let investorCount = round.pointee.pricing.investors.count
        // The working numbers: per converting instrument (at most `capacity`), then per investor.
        let capacity = round.pointee.conversions.count
        let buffer = state.storage.roundBuffer(count: RoundBuffer.perConversion * capacity + 2 * investorCount)
        let entry = buffer + RoundBuffer.conversion * capacity  // index in round.pointee.conversions
        let amounts = buffer + RoundBuffer.amount * capacity
        let caps = buffer + RoundBuffer.cap * capacity  // -1: none
        let discounts = buffer + RoundBuffer.discount * capacity  // -1: none
        let convertedShares = buffer + RoundBuffer.converted * capacity
        let newConverted = buffer + RoundBuffer.newConverted * capacity
        let capPrices = buffer + RoundBuffer.capPrice * capacity  // -1: none
        let discountPrices = buffer + RoundBuffer.discountPrice * capacity  // -1: none
        let conversionPrices = buffer + RoundBuffer.conversionPrice * capacity
        let capCounts = buffer + RoundBuffer.capCount * capacity
        let investorShares = buffer + RoundBuffer.perConversion * capacity
        let newInvestors = investorShares + investorCount
        // The converting instruments that exist, with the amounts that convert.
        var converting = 0
        // (Fields are read in place: a copy of a `PlanConversion` retains every array and string of its terms.)
        for c in round.pointee.conversions.indices where state.slots[round.pointee.conversions[c].slot].exists {
            // The cap, discount and interest rate as the state binds them (written, or drawn by a path).
            let inputs = state.roundInputs + round.pointee.conversions[c].inputStart
            var amount = round.pointee.conversions[c].terms.amount
            if var interest = round.pointee.conversions[c].terms.interest, let issued = round.pointee.conversions[c].terms.issued {
                interest.rate = Ratio(units: inputs[ConvertibleInput.rate.rawValue])
                amount = try interest.accrued(amount, from: issued, to: round.pointee.date)
            }
            entry[converting] = Int128(c)
            amounts[converting] = amount.units
            caps[converting] = inputs[ConvertibleInput.cap.rawValue]
            discounts[converting] = inputs[ConvertibleInput.discount.rawValue]
            converting += 1
        }
        // Most favoured nation: the best cap and discount of the SAFEs issued after it.
        for i in 0..<converting where round.pointee.conversions[Int(entry[i])].terms.mfn {
            let slotI = round.pointee.conversions[Int(entry[i])].slot
            let origin = state.slots[slotI].origin
            for j in 0..<converting where j != i && round.pointee.conversions[Int(entry[j])].terms.form != .note {
                let slotJ = round.pointee.conversions[Int(entry[j])].slot
                let later = state.slots[slotJ].origin
                guard later > origin || (later == origin && slotJ > slotI) else { continue }
                if caps[j] >= 0 { caps[i] = caps[i] >= 0 ? min(caps[i], caps[j]) : caps[j] }
                if discounts[j] >= 0 { discounts[i] = max(discounts[i], discounts[j]) }
            }
        }
        let inputs = state.roundInputs + round.pointee.inputStart
        let poolTarget = inputs[investorCount]
        let consideration = try Self.sum(inputs, investorCount, "a sum of Money values")
        let convertingAmount = try Self.sum(amounts, converting, "a sum of Money values")
        let one = Wide.pow10(Ratio.decimals)
        var topUp: Int128 = 0
        for k in 0..<converting {
            convertedShares[k] = 0
            capPrices[k] = -1
            discountPrices[k] = -1
            conversionPrices[k] = 0
            capCounts[k] = 0
        }
        for j in 0..<investorCount { investorShares[j] = 0 }
        var price: Int128 = 0
        var fd: Int128 = 0
        var poolBase: Int128 = 0
        var previousExisting: Int128 = -1
        var iterations = 0
        // The capitalization the counts read: the state, then (`trial`) the scratch state with the round's
        // trial adjustments. The scratch state is taken from the state's storage for the solve and put back.
        let adjusts = !op.pointee.exempt && op.pointee.eligibleCount > 0
        var scratch: PlanState? = nil
        if adjusts {
            scratch = state.storage.takeRoundState() ?? makeState()
            scratch!.resetUncopied()
        }
        defer { if let scratch { state.storage.keepRoundState(scratch) } }
        var trial = false
        // What the counts read (the state's, then the scratch state's), without copying either state.
        var sourceSlots = state.slots
        var sourceCommon = state.common
        var sourcePool = state.pool
        var converged = false
        while iterations < round.pointee.pricing.maxIterations {
            iterations += 1
            let existingPrice = try existing(round.pointee.priceCount, sourceSlots, common: sourceCommon, pool: sourcePool)
            let existingPool = try existing(round.pointee.poolCount, sourceSlots, common: sourceCommon, pool: sourcePool)
            let pool = sourcePool
            let sumConverting = try Self.sum(convertedShares, converting, "a sum of Shares values")
            let sumNew = try Self.sum(investorShares, investorCount, "a sum of Shares values")
            let newFD = try total(
                round.pointee.priceCount, existing: existingPrice, topUp: topUp, converting: sumConverting, newMoney: sumNew)
            let newPrice = try Self.price(valuation, per: newFD, round.pointee.priceStep, "the price of round '\(eventID)'")
            if newPrice <= 0 {
                throw EngineError(
                    eventIndex: event, field: valuationField,
                    message: "The round '\(eventID)' has no solution: its price, \(round.pointee.pricing.valuation.name) "
                        + "$\(Money(units: valuation)) over \(Shares(units: newFD).fullText()) shares, rounds to zero.")
            }
            for k in 0..<converting {
                let c = Int(entry[k])
                var best: Int128 = -1
                if caps[k] >= 0 {
                    let capExisting = try existing(
                        round.pointee.conversions[c].capCount, sourceSlots, common: sourceCommon, pool: sourcePool)
                    let count = try total(
                        round.pointee.conversions[c].capCount, existing: capExisting, topUp: topUp, converting: sumConverting,
                        newMoney: 0)
                    capCounts[k] = count
                    let capPrice = try Self.price(
                        caps[k], per: count, round.pointee.priceStep,
                        "the cap price of '\(slots[round.pointee.conversions[c].slot].instrument.id)'")
                    capPrices[k] = capPrice
                    best = capPrice
                }
                if discounts[k] >= 0 {
                    let factor = try Wide.subtract(one, discounts[k], "one minus the discount")
                    let discounted = try round.pointee.priceStep.divide(
                        try Wide.multiply(newPrice, factor, "the discounted price"), one, what: "the discounted price")
                    discountPrices[k] = discounted
                    best = best >= 0 ? min(best, discounted) : discounted
                }
                let conversionPrice = best >= 0 ? min(best, newPrice) : newPrice
                if conversionPrice <= 0 {
                    throw EngineError(
                        eventIndex: event, field: valuationField,
                        message: "The round '\(eventID)' has no solution: the conversion price of "
                            + "'\(slots[round.pointee.conversions[c].slot].instrument.id)' rounds to zero (its cap over a "
                            + "count that grows with its own shares).")
                }
                conversionPrices[k] = conversionPrice
                newConverted[k] = try Exact.shares(
                    buyableWith: Money(units: amounts[k]), at: Price(units: conversionPrice), step: round.pointee.shareStep
                ).units
            }
            for j in 0..<investorCount {
                newInvestors[j] = try Exact.shares(
                    buyableWith: Money(units: inputs[j]), at: Price(units: newPrice), step: round.pointee.shareStep
                ).units
            }
            var newTopUp: Int128 = 0
            if let poolTerms = round.pointee.pricing.pool, let step = round.pointee.poolStep {
                var base = try total(
                    round.pointee.poolCount, existing: existingPool, topUp: topUp, converting: sumConverting, newMoney: 0)
                if poolTerms.ofPostMoney { base = try Wide.add(base, sumNew, "a sum of Shares values") }
                poolBase = base
                let target = try step.divide(
                    try Wide.multiply(base, poolTarget, "the pool target"), one, what: "the pool target")
                newTopUp = max(0, try Wide.subtract(target, pool, "the pool top-up"))
            }
            // The round's own adjustments of earlier series, for the next iteration's counts.
            var existingNow = existingPrice
            if adjusts {
                scratch!.copy(from: state)
                let sumNewNow = try Self.sum(newInvestors, investorCount, "a sum of Shares values")
                let sumConvertingNow = try Self.sum(newConverted, converting, "a sum of Shares values")
                var trialConsideration = consideration
                var trialAdditional = sumNewNow
                if round.pointee.pricing.convertingInClauses {
                    trialConsideration = try Wide.add(trialConsideration, convertingAmount, "a sum of Money values")
                    trialAdditional = try Wide.add(trialAdditional, sumConvertingNow, "a sum of Shares values")
                }
                try adjustAll(
                    index, event: event, consideration: trialConsideration, additional: trialAdditional,
                    cause: .issuance, &scratch!, nil)
                trial = true
                sourceSlots = scratch!.slots
                sourceCommon = scratch!.common
                sourcePool = scratch!.pool
                existingNow = try existing(round.pointee.priceCount, sourceSlots, common: sourceCommon, pool: sourcePool)
            }
            var stable = newPrice == price && newTopUp == topUp && existingNow == previousExisting
            for k in 0..<converting where newConverted[k] != convertedShares[k] { stable = false }
            for j in 0..<investorCount where newInvestors[j] != investorShares[j] { stable = false }
            price = newPrice
            fd = newFD
            convertedShares.update(from: newConverted, count: converting)
            investorShares.update(from: newInvestors, count: investorCount)
            topUp = newTopUp
            previousExisting = existingNow
            if stable {
                converged = true
                break
            }
        }
        guard converged else {
            throw EngineError(
                eventIndex: event, field: valuationField,
                message: "The round '\(eventID)' does not settle after \(round.pointee.pricing.maxIterations) iterations of its price, "
                    + "its top-up, its converting SAFEs and notes and the adjustments it causes (the price was last "
                    + "$\(Price(units: price)) on \(Shares(units: fd).fullText()) shares); check the valuation, the pool "
                    + "target and the caps, or raise 'max-iterations'.")
        }
        // Bind the result: the cash, the series' shares and price.
        let newMoney = try Self.sum(investorShares, investorCount, "a sum of Shares values")
        let convertingTotal = try Self.sum(convertedShares, converting, "a sum of Shares values")
        let seriesShares = try Wide.add(newMoney, convertingTotal, "a sum of Shares values")
        state.bindings[index].cash = consideration
        let terms = state.terms + round.pointee.series
        terms.pointee.shares = seriesShares
        terms.pointee.price = price
        terms.pointee.hasPrice = true
        // The original issue price is the round's price (to the cent's 10⁻⁸, the resolution of money).
        terms.pointee.stated = try Wide.divide(price, Wide.pow10(Price.decimals - Money.decimals), .nearest, "")
        terms.pointee.varies = true
        // The summary the clauses see: the new money only, unless the converting instruments count.
        state.roundConsideration = consideration
        state.roundAdditional = newMoney
        if round.pointee.pricing.convertingInClauses {
            state.roundConsideration = try Wide.add(consideration, convertingAmount, "a sum of Money values")
            state.roundAdditional = seriesShares
        }
        state.roundTopUp = topUp
        for k in 0..<converting {
            // The instrument is gone: its holders now hold shares of the round's series.
            state.slots[round.pointee.conversions[Int(entry[k])].slot].exists = false
        }
        // Each investor's and each converting holder's shares of the series (its holder entries).
        let seriesSlot = newInstruments[round.pointee.series].slot
        let start = slots[seriesSlot].holderStart
        for h in 0..<slots[seriesSlot].holderCapacity {
            state.holders[start + h] = 0
            state.invested[start + h] = 0
        }
        for j in 0..<investorCount {
            state.holders[start + j] = investorShares[j]
            state.invested[start + j] = inputs[j]
        }
        for k in 0..<converting {
            let holder = start + round.pointee.conversions[Int(entry[k])].entry
            state.holders[holder] = try Wide.add(state.holders[holder], convertedShares[k], "a sum of Shares values")
            // A SAFE's purchase amount or a note's principal (not its interest) is its holder's money invested.
            state.invested[holder] = try Wide.add(
                state.invested[holder], round.pointee.conversions[Int(entry[k])].terms.amount.units, "a sum of Money values")
        }
        guard explained else { return nil }
        // The solution, for notices.
        var count: [RoundSolution.CountTerm] = []
        for term in round.pointee.pricing.fullyDiluted {
            switch term {
            case .topUp: count.append(.init(term: "top-up", shares: Shares(units: topUp)))
            case .converting: count.append(.init(term: "converting", shares: Shares(units: convertingTotal)))
            case .newMoney: count.append(.init(term: "new-money", shares: Shares(units: newMoney)))
            case .existing(let base):
                let single = PlanCount([.existing(base)], slotInfos: slots)
                count.append(
                    .init(term: base.description, shares: Shares(units: try existing(single, trial ? scratch! : state))))
            }
        }
        var conversions: [RoundSolution.Conversion] = []
        for k in 0..<converting {
            let conversion = round.pointee.conversions[Int(entry[k])]
            let info = slots[conversion.slot].instrument
            conversions.append(
                RoundSolution.Conversion(
                    id: info.id, name: info.name, form: conversion.terms.form,
                    amount: Money(units: amounts[k]), capPrice: capPrices[k] >= 0 ? Price(units: capPrices[k]) : nil,
                    discountPrice: discountPrices[k] >= 0 ? Price(units: discountPrices[k]) : nil,
                    cap: caps[k] >= 0 ? Money(units: caps[k]) : nil,
                    discount: discounts[k] >= 0 ? Ratio(units: discounts[k]) : nil,
                    price: Price(units: conversionPrices[k]), shares: Shares(units: convertedShares[k]),
                    capCount: capPrices[k] >= 0 ? Shares(units: capCounts[k]) : nil))
        }
        return RoundSolution(
            valuation: round.pointee.pricing.valuation.isPostMoney ? .postMoney(Money(units: valuation)) : .preMoney(Money(units: valuation)),
            price: Price(units: price), count: count, countTotal: Shares(units: fd),
            investors: (0..<investorCount).map {
                RoundSolution.InvestorShares(
                    name: round.pointee.pricing.investors[$0].name, amount: Money(units: inputs[$0]),
                    shares: Shares(units: investorShares[$0]))
            },
            conversions: conversions, poolBefore: Shares(units: state.pool), topUp: Shares(units: topUp),
            poolTarget: round.pointee.pricing.pool == nil ? nil : Ratio(units: poolTarget), poolBase: Shares(units: poolBase),
            iterations: iterations, newMoneyShares: Shares(units: newMoney), convertingShares: Shares(units: convertingTotal))
    }
}

/// The layout of a round's working numbers in `PlanState`'s round buffer: each block holds one entry per
/// converting instrument (the round's conversions' count of them), then come the investors' shares (current
/// and next iteration's).
enum RoundBuffer {
    static let conversion = 0, amount = 1, cap = 2, discount = 3, converted = 4, newConverted = 5, capPrice = 6
    static let discountPrice = 7, conversionPrice = 8, capCount = 9
    static let perConversion = 10
}

extension Plan {
    /// An IPO: each preferred series with an IPO ratchet whose guarantee exceeds its value at the
    /// IPO price receives the extra common that makes up the difference (rounded down to a whole
    /// share, at most its cap); the offering's common is issued (exempt); then, when the offering
    /// says so, every preferred series converts into common (rounded down to a whole share).
    func ipo(_ index: Int, event: Int, _ state: inout PlanState, _ trace: Trace?) throws {
        let op = ops.base + index
        let binding = state.bindings[index]
        let price = binding.sharePrice
        guard price > 0 else {
            throw EngineError(
                eventIndex: event, field: "price",
                message: "The IPO '\(scenario.events[index].id)' has no price above zero.")
        }
        for slotIndex in 0..<slotCount where kinds[slotIndex] == .preferred && state.slots[slotIndex].exists {
            guard let ratchet = slots[slotIndex].instrument.ipoRatchet else { continue }
            let slot = state.slots + slotIndex
            // The guarantee: preferred shares × original issue price × multiple (Money units).
            let guaranteed = try Wide.divide(
                try Wide.multiply(
                    try Wide.multiply(slot.pointee.shares, slot.pointee.stated, "the IPO guarantee"),
                    ratchet.multiple.units, "the IPO guarantee"),
                Wide.pow10(Shares.decimals + Ratio.decimals), .nearest, "the IPO guarantee")
            // Common worth the guarantee at the IPO price, less what the series already converts into.
            let worth = try Exact.shares(
                buyableWith: Money(units: guaranteed), at: Price(units: price), rounding: .exact
            ).units
            var extra = max(0, try Wide.subtract(worth, slot.pointee.asConverted, "the IPO ratchet"))
            extra = try Self.wholeDown.round(units: extra, decimals: Shares.decimals, what: "the IPO ratchet")
            var capped = false
            if let cap = ratchet.capShares?.units, extra > cap {
                extra = cap
                capped = true
            }
            if trace != nil {
                trace?.ratchets.append(
                    RatchetResult(
                        instrumentID: slots[slotIndex].instrument.id, instrumentName: slots[slotIndex].instrument.name,
                        preferredShares: Shares(units: slot.pointee.shares), asConverted: Shares(units: slot.pointee.asConverted),
                        guaranteed: Money(units: guaranteed), multiple: ratchet.multiple, ipoPrice: Price(units: price),
                        extraShares: Shares(units: extra), capped: capped))
            }
            guard extra > 0 else { continue }
            // The extra common goes to the series' holders in proportion to their shares.
            let count = Int(slot.pointee.holderCount)
            if count > 0 {
                let start = slots[slotIndex].holderStart
                for h in 0..<count { state.scratch2[h] = state.holders[start + h] }
                try giveCommon(extra, from: slotIndex, given: slot.pointee.shares, &state)
            }
            state.common = try Wide.add(state.common, extra, "a sum of Shares values")
            slot.pointee.issued = try Wide.add(slot.pointee.issued, extra, "a sum of Shares values")
        }
        // The offering's common, for cash; exempt.
        if binding.common > 0 {
            state.common = try Wide.add(state.common, binding.common, "a sum of Shares values")
            let receiver = state.commonHeld + op.pointee.commonHolder
            receiver.pointee = try Wide.add(receiver.pointee, binding.common, "a sum of Shares values")
            let cash = try Exact.value(of: Shares(units: binding.common), at: Price(units: price)).units
            state.cashRaised = try Wide.add(state.cashRaised, cash, "a sum of Money values")
        }
        guard op.pointee.convertsPreferred else { return }
        for slotIndex in 0..<slotCount where kinds[slotIndex] == .preferred && state.slots[slotIndex].exists {
            let slot = state.slots + slotIndex
            guard slot.pointee.hasPrice, slot.pointee.price > 0, slot.pointee.shares > 0 else { continue }
            let issued = try Exact.asConverted(
                Shares(units: slot.pointee.shares), statedValue: Money(units: slot.pointee.stated),
                price: Price(units: slot.pointee.price), Self.wholeDown)
            let given = slot.pointee.shares
            try reduce(slotIndex, by: given, &state)
            try giveCommon(issued.units, from: slotIndex, given: given, &state)
            state.common = try Wide.add(state.common, issued.units, "a sum of Shares values")
            slot.pointee.issued = try Wide.add(slot.pointee.issued, issued.units, "a sum of Shares values")
        }
    }
}

/// A later closing, compiled.
struct PlanClosing: Sendable {
    /// The op of the first closing (-1 when it is not an event of the scenario).
    var firstOp: Int
    var windowDays: Int
    var rounding: StepRounding
    var amounts: [Int128] = []
    /// Each investor's `holderNames` index.
    var holders: [Int] = []
}

extension Plan {
    /// A later closing: each investor buys amount ÷ the series' original issue price shares (rounded). Within
    /// the window of the first closing, every clause is recomputed as if all the closings were one issuance at
    /// the first (a replay of the events before this one with the first closing's issuance enlarged by this
    /// one's), so adjustments do not compound per closing; after the window it is an issuance of its own.
    func closing(_ index: Int, event: Int, _ state: inout PlanState, _ trace: Trace?) throws {
        let op = ops.base + index
        let closing = closings[op.pointee.closing]
        let id = scenario.events[index].id
        guard let seriesSlot = existing(op, state), kinds[seriesSlot] == .preferred, state.slots[seriesSlot].hasPrice
        else {
            throw EngineError(
                eventIndex: event, field: "closing-of",
                message: "The closing '\(id)' sells more of '\(instrumentID(of: index))', which does not exist at that "
                    + "date (its first closing did not happen).")
        }
        let slot = state.slots + seriesSlot
        // The original issue price (money) as a price.
        let issuePrice = try Wide.multiply(slot.pointee.stated, Wide.pow10(Price.decimals - Money.decimals), "")
        var cash: Int128 = 0
        var total: Int128 = 0
        var bought = [Int128](repeating: 0, count: closing.amounts.count)
        for j in closing.amounts.indices {
            bought[j] = try Exact.shares(
                buyableWith: Money(units: closing.amounts[j]), at: Price(units: issuePrice), step: closing.rounding
            ).units
            total = try Wide.add(total, bought[j], "a sum of Shares values")
            cash = try Wide.add(cash, closing.amounts[j], "a sum of Money values")
        }
        // The new shares as converted at the series' conversion price.
        let converted = try Exact.asConverted(
            Shares(units: total), statedValue: Money(units: slot.pointee.stated), price: Price(units: slot.pointee.price)
        ).units
        let first = closing.firstOp
        let within =
            first >= 0 && state.bindings[first].happens && op.pointee.day - ops[first].day <= closing.windowDays
        if !op.pointee.exempt, op.pointee.eligibleCount > 0 {
            if within {
                try closeAsOne(
                    index, event: event, first: first, cash: cash, converted: converted, &state, trace)
            } else {
                try adjustAll(
                    index, event: event, consideration: cash, additional: converted, cause: .issuance, &state, trace)
            }
        }
        // The shares, to the investors' holder entries.
        slot.pointee.shares = try Wide.add(slot.pointee.shares, total, "a sum of Shares values")
        slot.pointee.issuedAs = try Wide.add(slot.pointee.issuedAs, total, "a sum of Shares values")
        slot.pointee.gross = try Wide.add(slot.pointee.gross, total, "a sum of Shares values")
        for j in bought.indices {
            guard let entry = entry(of: closing.holders[j], in: seriesSlot) else { continue }
            state.holders[entry] = try Wide.add(state.holders[entry], bought[j], "a sum of Shares values")
            if state.invested[entry] != Plan.unknownMoney {
                state.invested[entry] = try Wide.add(state.invested[entry], closing.amounts[j], "a sum of Money values")
            }
        }
        slot.pointee.asConverted = try asConverted(slot, kind: .preferred)
        state.cashRaised = try Wide.add(state.cashRaised, cash, "a sum of Money values")
    }

    /// Reprices every protected instrument to what the first closing would have given with this closing's
    /// cash and shares added to it.
    func closeAsOne(
        _ index: Int, event: Int, first: Int, cash: Int128, converted: Int128, _ state: inout PlanState,
        _ trace: Trace?
    ) throws {
        var replay = makeState()
        for o in 0..<ops.count { replay.bindings[o] = state.bindings[o] }
        for t in 0..<newInstruments.count { replay.terms[t] = state.terms[t] }
        for i in 0..<roundInputCount { replay.roundInputs[i] = state.roundInputs[i] }
        replay.augmentOp = first
        replay.augmentCash = cash
        replay.augmentShares = converted
        try apply(&replay, from: 0, to: index)
        let firstID = scenario.events[first].id
        let start = ops[index].eligibleStart
        for position in start..<(start + ops[index].eligibleCount) {
            let target = eligible[position]
            guard state.slots[target].exists, state.slots[target].hasPrice, replay.slots[target].exists,
                replay.slots[target].hasPrice
            else { continue }
            let current = state.slots[target].price
            let replayed = replay.slots[target].price
            guard replayed != current else { continue }
            let slot = state.slots + target
            let instrument = slots[target].instrument
            var sharesBefore: Int128? = nil
            var sharesAfter: Int128? = nil
            if instrument.clause.scalesShares, instrument.kind == .warrant, replayed < current {
                sharesBefore = slot.pointee.shares
                try scaleShares(target, from: current, to: replayed, &state)
                sharesAfter = slot.pointee.shares
            }
            slot.pointee.price = replayed
            slot.pointee.hasCarried = replay.slots[target].hasCarried
            slot.pointee.carried = replay.slots[target].carried
            if kinds[target] == .preferred { slot.pointee.asConverted = try asConverted(slot, kind: .preferred) }
            state.adjustments += 1
            if mayReadjust {
                state.adjustedLog.append((Int32(truncatingIfNeeded: event), Int32(truncatingIfNeeded: target), current))
            }
            if let trace {
                let (rateBefore, rateAfter) = try Self.rates(
                    of: instrument, stated: slot.pointee.stated, from: current, to: replayed)
                trace.adjustments.append(
                    Adjustment(
                        eventIndex: event, eventID: scenario.events[index].id, instrumentID: instrument.id,
                        instrumentName: instrument.name, formula: instrument.clause.formula,
                        cause: .closing(first: firstID), priceBefore: Price(units: current),
                        formulaPrice: Price(units: current), computedPrice: Price(units: replayed),
                        priceAfter: Price(units: replayed), base: [], consideration: [],
                        considerationSharesExact: .zero, considerationShares: .zero, additional: [], effectivePrice: .zero,
                        rateBefore: rateBefore, rateAfter: rateAfter, sharesBefore: sharesBefore.map { Shares(units: $0) },
                        sharesAfter: sharesAfter.map { Shares(units: $0) },
                        notes: [
                            "recomputed as one issuance with '\(firstID)': $\(Money(units: cash)) more for "
                                + "\(Shares(units: converted).formatted(places: 0)) more shares as converted gives "
                                + "$\(Price(units: replayed))"
                        ]))
            }
        }
    }
}
