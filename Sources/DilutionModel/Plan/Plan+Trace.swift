internal import DilutionExact

/// What the interpreter records when asked: each event applied with the capitalization before
/// and after it and every adjustment in full (the words of a notice are made from it later).
package final class Trace {
    package var steps: [Step] = []
    /// The current event's adjustments.
    var adjustments: [Adjustment] = []
    /// The current event's fixed-point feedback rounds.
    var rounds = 0
    /// The current event's IPO ratchets.
    var ratchets: [RatchetResult] = []
    /// The current event's round solution, when it is priced from a valuation.
    var roundSolution: RoundSolution? = nil
    /// The components of the current feedback round's deemed issuance.
    var feedbackSummary: ([Component<Money>], [Component<Shares>])? = nil
    /// The current event's protected instruments left unadjusted.
    var unadjusted: [NonAdjustment] = []
    /// The table before the current event's clauses, and the one the current clause sees (the same in a
    /// simultaneous cascade, the table right now in a sequential one).
    var eventView: CapTable? = nil
    var clauseView: CapTable? = nil

    package init() {}
}

extension Plan {
    /// The capitalization a state holds, as the reports read it.
    package func table(_ state: PlanState) -> CapTable {
        var instruments: [Instrument] = []
        var carried: [Price?] = []
        var issued: [Shares] = []
        instruments.reserveCapacity(slotCount)
        carried.reserveCapacity(slotCount)
        issued.reserveCapacity(slotCount)
        for index in 0..<slotCount where state.slots[index].exists {
            let slot = state.slots[index]
            var instrument = slots[index].instrument
            instrument.shares = Shares(units: slot.shares)
            instrument.price = slot.hasPrice ? Price(units: slot.price) : nil
            if instrument.isPreferred { instrument.kind = .preferred(statedValue: Money(units: slot.stated)) }
            instrument.clause.floor = slot.hasFloor ? Price(units: slot.floor) : nil
            instrument.holders = listedHolders(index, state)
            if let terms = instrument.convertible {
                instrument.kind = .convertible(convertibleTerms(terms, inputStart: convertibleInputStart[index], state))
            }
            instruments.append(instrument)
            carried.append(slot.hasCarried ? Price(units: slot.carried) : nil)
            issued.append(Shares(units: slot.issued))
        }
        var table = CapTable(
            common: Shares(units: state.common), pool: Shares(units: state.pool), instruments: instruments,
            cashRaised: Money(units: state.cashRaised))
        table.carriedPrices = carried
        table.issuedOnExercise = issued
        table.holders = holderPositions(state)
        return table
    }

    /// A slot's holders as tables show them: the declared ones (and any buyer holding some), or, for an
    /// instrument written without holders, none until a transfer gives some of it to a buyer.
    func listedHolders(_ index: Int, _ state: PlanState) -> [Holder] {
        let count = Int(state.slots[index].holderCount)
        let start = slots[index].holderStart
        let declared = slots[index].instrument.holders.count
        let all = (0..<count).map { h in
            Holder(name: holderNames[entryHolders[start + h]], shares: Shares(units: state.holders[start + h]))
        }
        if declared > 0 { return all.enumerated().filter { $0.offset < declared || $0.element.shares.isPositive }.map(\.element) }
        guard all.dropFirst().contains(where: { $0.shares.isPositive }) else { return [] }
        return all.enumerated().filter { $0.offset == 0 || $0.element.shares.isPositive }.map(\.element)
    }

    /// An event as it is on this state's bindings: the written event with every bound value in
    /// place (a lapse written as an expiry).
    package func realizedEvent(_ index: Int, _ state: PlanState) -> Event {
        var event = scenario.events[index]
        let binding = state.bindings[index]
        switch event.action {
        case .issue(var issuance):
            issuance.cash = Money(units: binding.cash)
            issuance.common = Shares(units: binding.common)
            for position in issuance.instruments.indices {
                if let written = issuance.instruments[position].convertible {
                    let slot = newInstruments[ops[index].newStart + position].slot
                    issuance.instruments[position].kind = .convertible(
                        convertibleTerms(written, inputStart: convertibleInputStart[slot], state))
                }
                let terms = state.terms[ops[index].newStart + position]
                guard terms.varies else { continue }
                issuance.instruments[position].shares = Shares(units: terms.shares)
                issuance.instruments[position].price = terms.hasPrice ? Price(units: terms.price) : nil
                if issuance.instruments[position].isPreferred {
                    issuance.instruments[position].kind = .preferred(statedValue: Money(units: terms.stated))
                }
            }
            if var round = issuance.round, ops[index].round >= 0 {
                let value = Money(units: binding.valuation)
                round.valuation = round.valuation.isPostMoney ? .postMoney(value) : .preMoney(value)
                for j in round.investors.indices {
                    round.investors[j].amount = Money(units: state.roundInputs[roundInput(event: index, j)])
                }
                if round.pool != nil { round.pool!.target = Ratio(units: state.roundInputs[roundInput(event: index, nil)]) }
                issuance.round = round
            }
            event.action = .issue(issuance)
        case .closing:
            break
        case .ipo(var offering):
            offering.price = Price(units: binding.sharePrice)
            offering.shares = Shares(units: binding.common)
            event.action = .ipo(offering)
        case .exercise(var exercise):
            if binding.lapse {
                event.action = .expire(instrument: exercise.instrument, shares: nil, readjust: binding.lapseReadjusts)
                break
            }
            switch binding.quantityMode {
            case 1: exercise.quantity = .shares(Shares(units: binding.quantity))
            case 2: exercise.quantity = .fraction(Ratio(units: binding.quantity))
            default: exercise.quantity = .all
            }
            exercise.method = binding.net ? .net(fairValue: Price(units: binding.fairValue)) : .cash
            exercise.sharePrice = binding.hasSharePrice ? Price(units: binding.sharePrice) : nil
            event.action = .exercise(exercise)
        case .expire(let id, _, let readjust):
            event.action = .expire(
                instrument: id, shares: binding.quantityMode == 1 ? Shares(units: binding.quantity) : nil,
                readjust: readjust)
        case .convert(let id, _, let rounding):
            event.action = .convert(
                instrument: id, shares: binding.quantityMode == 1 ? Shares(units: binding.quantity) : nil,
                rounding: rounding)
        case .transfer(var transfer):
            transfer.price = Price(units: binding.sharePrice)
            event.action = .transfer(transfer)
        case .split:
            break
        case .exit:
            event.action = .exit(
                ExitSale(
                    value: Money(units: binding.exitValue), debt: Money(units: binding.exitDebt),
                    costs: Money(units: binding.exitCosts), carveOut: Ratio(units: binding.exitCarveOut)))
        }
        return event
    }

    /// The consideration and additional common of an issuance, part by part, as a notice lists them.
    func summaryComponents(_ index: Int, _ state: PlanState) throws -> ([Component<Money>], [Component<Shares>]) {
        let op = ops[index]
        let binding = state.bindings[index]
        var consideration: [Component<Money>] = []
        var additional: [Component<Shares>] = []
        if binding.cash > 0 { consideration.append(Component(.cashPaid, value: Money(units: binding.cash))) }
        if binding.common > 0 { additional.append(Component(.commonIssued, value: Shares(units: binding.common))) }
        for new in op.newStart..<(op.newStart + op.newCount) {
            let slot = newInstruments[new].slot
            let instrument = slots[slot].instrument
            let (payment, converted) = try summary(of: new, state)
            if payment > 0 {
                let conversion = instrument.kind == .other || instrument.isPreferred
                consideration.append(
                    Component(
                        conversion ? .payableOnConversion(instrument.name) : .payableOnExercise(instrument.name),
                        value: Money(units: payment)))
            }
            let shares = Shares(units: converted)
            switch instrument.kind {
            case .preferred: additional.append(Component(.issuableOnConversion(instrument.name), value: shares))
            case .warrant, .option: additional.append(Component(.issuableOnExercise(instrument.name), value: shares))
            case .other: additional.append(Component(.underlying(instrument.name), value: shares))
            case .convertible: break
            }
        }
        return (consideration, additional)
    }

    /// One adjustment with every number and remark its notice shows.
    func tracedAdjustment(
        _ index: Int, op: Int, event: Int, cause: AdjustmentCause, view: CapTable, state: PlanState, inEffect: Int128,
        cp1: Int128, computed: Int128, after: Int128, candidate: Int128, floored: Bool, capped: Bool, carries: Bool,
        a: Int128, bExact: Int128, b: Int128, consideration: Int128, additional: Int128, sharesBefore: Int128?,
        feedback: ([Component<Money>], [Component<Shares>])?
    ) throws -> Adjustment {
        let instrument = slots[index].instrument
        let clause = instrument.clause
        let summary: ([Component<Money>], [Component<Shares>])
        if case .feedback = cause, let feedback {
            summary = feedback
        } else if ops[op].kind == .transfer, let feedback {
            summary = feedback
        } else {
            summary = try summaryComponents(op, state)
        }
        var notes: [String] = []
        var base: [Component<Shares>] = []
        let effective =
            consideration == 0
            ? clause.noConsiderationPrice
            : try Exact.price(of: Money(units: consideration), per: Shares(units: additional))
        switch clause.formula {
        case .weightedAverage(let composition):
            base = try view.baseComponents(composition)
        case .fullRatchet:
            if consideration == 0 {
                notes.append("issued for no consideration: counted at $\(clause.noConsiderationPrice) per share")
            }
        case .none:
            break
        }
        let slot = state.slots[index]
        if floored { notes.append("the floor of $\(Price(units: slot.floor)) applies") }
        let floor = floored ? Price(units: slot.floor) : nil
        if capped { notes.append("never upward: the price stays at $\(Price(units: inEffect))") }
        if carries, let minimum = clause.minimumChange {
            notes.append("the change to $\(Price(units: candidate)) is below the minimum of $\(minimum): carried forward")
        }
        let (rateBefore, rateAfter) = try Self.rates(of: instrument, stated: slot.stated, from: inEffect, to: after)
        return Adjustment(
            eventIndex: event, eventID: scenario.events[op].id, instrumentID: instrument.id,
            instrumentName: instrument.name, formula: clause.formula, cause: cause, priceBefore: Price(units: inEffect),
            formulaPrice: Price(units: cp1), computedPrice: Price(units: computed), priceAfter: Price(units: after),
            base: base, consideration: summary.0, considerationSharesExact: Shares(units: bExact),
            considerationShares: Shares(units: b), additional: summary.1, effectivePrice: effective,
            rateBefore: rateBefore, rateAfter: rateAfter, sharesBefore: sharesBefore.map { Shares(units: $0) },
            sharesAfter: sharesBefore == nil ? nil : Shares(units: slot.shares), notes: notes, floor: floor)
    }

    /// Records, after an issuance's clauses (and feedback rounds) ran, every protected instrument
    /// outstanding before it that none of them adjusted, with the reason. Instruments with nothing
    /// outstanding and the issuance's own new instruments are not tested, so they get no statement.
    func traceUnadjusted(_ index: Int, event: Int, consideration: Int128, additional: Int128, _ state: PlanState, _ trace: Trace)
        throws
    {
        let written = scenario.events[index]
        let exempt = ops[index].exempt
        for slot in 0..<slotCount where hasClause[slot] {
            let current = state.slots[slot]
            guard current.exists, current.hasPrice, current.shares > 0, Int(current.origin) != event else { continue }
            let instrument = slots[slot].instrument
            guard !trace.adjustments.contains(where: { $0.instrumentID == instrument.id }) else { continue }
            let reason: NonAdjustment.Reason
            if exempt {
                reason = .exempt
            } else if written.waivedBy.contains(instrument.id) {
                reason = .waived
            } else if let sunset = instrument.clause.sunset, written.date > sunset {
                reason = .afterSunset(sunset)
            } else if additional <= 0 {
                reason = .noAdditionalShares
            } else {
                let effective = try Exact.price(of: Money(units: consideration), per: Shares(units: additional))
                reason = .notBelow(effective: effective, atOrBelow: instrument.clause.trigger == .atOrBelow)
            }
            trace.unadjusted.append(
                NonAdjustment(
                    instrumentID: instrument.id, instrumentName: instrument.name, price: Price(units: current.price),
                    reason: reason, consideration: Money(units: consideration), additional: Shares(units: additional)))
        }
    }
}

extension Plan {
    /// A preferred series' conversion rates (stated value ÷ price, rounded as its clause says) at the prices before and
    /// after an adjustment, as its notice shows them; `nil` for any other instrument.
    static func rates(of instrument: Instrument, stated: Int128, from before: Int128, to after: Int128)
        throws(ArithmeticError) -> (before: Ratio?, after: Ratio?)
    {
        guard instrument.isPreferred else { return (nil, nil) }
        let value = Money(units: stated)
        let rounding = instrument.clause.rateRounding
        return (
            try Exact.rate(value, per: Price(units: before), rounding: rounding),
            try Exact.rate(value, per: Price(units: after), rounding: rounding)
        )
    }
}
