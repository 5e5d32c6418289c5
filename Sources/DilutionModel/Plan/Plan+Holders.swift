package import DilutionExact

// Ownership by person: each slot's holder entries, common held by holder, transfers between holders.
// Every split of a count among holders is `distribute`: pro rata, each part rounded down to a whole
// share, what is left over (whole shares and any fraction) to the largest holder (the first listed of equals).
extension Plan {
    /// One share in `Shares` units.
    static let oneShare = Wide.pow10(Shares.decimals)

    /// Splits `total` among `count` holders in proportion to `weights`, into `out` (which may be
    /// `weights`' own storage only if it is not read again): each part is total × weight ÷ Σ weights
    /// rounded down to a whole share, and what is left goes to the largest weight (the first of equals).
    /// With every weight zero, everything goes to the first holder.
    static func distribute(
        _ total: Int128, over weights: UnsafeMutablePointer<Int128>, _ count: Int,
        into out: UnsafeMutablePointer<Int128>
    ) throws {
        guard count > 0 else { return }
        if count == 1 {
            out[0] = total
            return
        }
        var sum: Int128 = 0
        var largest = 0
        for h in 0..<count {
            sum = try Wide.add(sum, weights[h], "a sum of Shares values")
            if weights[h] > weights[largest] { largest = h }
        }
        if sum == 0 {
            for h in 0..<count { out[h] = 0 }
            out[0] = total
            return
        }
        if sum == total {
            if out != weights { out.update(from: weights, count: count) }
            return
        }
        var assigned: Int128 = 0
        var parts = (largest: Int128(0), index: largest)
        for h in 0..<count {
            let part =
                weights[h] == 0
                ? 0
                : try Wide.divide(
                    try Wide.multiply(total, weights[h], "a holder's part of \(Shares(units: total)) shares"), sum,
                    .down, "a holder's part")
            out[h] = part - part % Plan.oneShare
            assigned = try Wide.add(assigned, out[h], "a sum of Shares values")
        }
        parts.largest = try Wide.subtract(total, assigned, "a difference of Shares values")
        out[parts.index] = try Wide.add(out[parts.index], parts.largest, "a sum of Shares values")
    }

    /// A new instrument's holders as written, or (when its share count on this path is not the
    /// written one) the count split among them in the written proportions.
    func placeHolders(_ index: Int, _ state: inout PlanState) throws {
        let slot = state.slots + index
        let capacity = slots[index].holderCapacity
        let start = slots[index].holderStart
        slot.pointee.holderCount = Int32(capacity)
        let written = initial.holders + start
        try Plan.distribute(slot.pointee.shares, over: written, capacity, into: state.holders + start)
    }

    /// Gives `issued` common to the holders of a slot, in proportion to what each gave up of the
    /// `given` shares that `reduce` took (left in `scratch2`).
    func giveCommon(_ issued: Int128, from index: Int, given: Int128, _ state: inout PlanState) throws {
        let count = Int(state.slots[index].holderCount)
        guard count > 0, given > 0 else { return }
        try Plan.distribute(issued, over: state.scratch2, count, into: state.scratch)
        let start = slots[index].holderStart
        for h in 0..<count where state.scratch[h] != 0 {
            let held = state.commonHeld + entryHolders[start + h]
            held.pointee = try Wide.add(held.pointee, state.scratch[h], "a sum of Shares values")
        }
    }

    /// The holder entry of `holder` in a slot, if it has one.
    @inline(__always)
    func entry(of holder: Int, in index: Int) -> Int? {
        let start = slots[index].holderStart
        for h in 0..<slots[index].holderCapacity where entryHolders[start + h] == holder { return start + h }
        return nil
    }

    /// Shares move between holders at a price: no new shares, no cash to the company; the sellers are
    /// paid. With `triggers`, the shares sold (as converted) count as an issuance at that price.
    func transfer(_ index: Int, event: Int, _ state: inout PlanState, _ trace: Trace?) throws {
        let op = ops.base + index
        let transfer = transfers[op.pointee.transfer]
        let id = scenario.events[index].id
        // The price as bound (written, or drawn by a path).
        let price = state.bindings[index].sharePrice
        var source: Int? = nil
        if !transfer.fromCommon {
            guard let found = existing(op, state) else {
                throw EngineError(
                    eventIndex: event, field: "class",
                    message: "Event '\(id)' transfers shares of '\(instrumentID(of: index))', which is not an "
                        + "instrument of the scenario at that date.")
            }
            source = found
        }
        var target: Int? = nil
        if !transfer.toCommon {
            for position in transfer.toRefStart..<(transfer.toRefStart + transfer.toRefCount)
            where state.slots[refs[position]].exists {
                target = refs[position]
            }
            if target == nil {
                throw EngineError(
                    eventIndex: event, field: "becomes",
                    message: "Event '\(id)' transfers shares that become '\(slots[refs[transfer.toRefStart]].instrument.id)', "
                        + "which is not an instrument of the scenario at that date.")
            }
        }
        let className = source.map { "'\(slots[$0].instrument.id)'" } ?? "common"
        let outstanding = source.map { state.slots[$0].shares } ?? state.common
        if transfer.total > outstanding {
            throw EngineError(
                eventIndex: event, field: "shares",
                message: "Event '\(id)' transfers \(Shares(units: transfer.total).fullText()) shares of \(className), "
                    + "but only \(Shares(units: outstanding).fullText()) are outstanding.")
        }
        // The sellers' parts: listed, or the total split pro rata among the class's holders (into `scratch2`).
        if transfer.proRata {
            if let source {
                let count = Int(state.slots[source].holderCount)
                try Plan.distribute(transfer.total, over: state.holders + slots[source].holderStart, count, into: state.scratch2)
            } else {
                try Plan.distribute(transfer.total, over: state.commonHeld, holderNames.count, into: state.scratch2)
            }
        }
        // Triggers: an issuance of the shares sold, as converted, at the price, tested before they move.
        if transfer.triggers, op.pointee.eligibleCount > 0 {
            let consideration = try Exact.value(of: Shares(units: transfer.total), at: Price(units: price)).units
            var additional = transfer.total
            if let source, kinds[source] == .preferred {
                let slot = state.slots[source]
                additional = try Exact.asConverted(
                    Shares(units: transfer.total), statedValue: Money(units: slot.stated), price: Price(units: slot.price)
                ).units
            }
            if let trace {
                let name = source.map { slots[$0].instrument.name } ?? "common"
                trace.feedbackSummary = (
                    [Component(.paidToSellers, value: Money(units: consideration))],
                    [Component(.transferred(name), value: Shares(units: additional))]
                )
            }
            if fixedPointLimit != nil { state.round.removeAll(keepingCapacity: true) }
            try adjustAll(
                index, event: event, consideration: consideration, additional: additional, cause: .issuance, &state,
                trace)
            if let limit = fixedPointLimit { try feedback(index, event: event, limit: limit, &state, trace) }
        }
        do {
            // Sellers give up their shares and are paid.
            let count = transfer.proRata ? (source.map { Int(state.slots[$0].holderCount) } ?? holderNames.count) : transfer.sellerCount
            for position in 0..<count {
                let holder: Int
                let shares: Int128
                if transfer.proRata {
                    holder = source.map { entryHolders[slots[$0].holderStart + position] } ?? position
                    shares = state.scratch2[position]
                } else {
                    let part = transferParts[transfer.sellerStart + position]
                    (holder, shares) = (part.holder, part.shares)
                }
                guard shares != 0 else { continue }
                let held: UnsafeMutablePointer<Int128>? =
                    source.map { s in entry(of: holder, in: s).map { state.holders + $0 } } ?? (state.commonHeld + holder)
                let has = held?.pointee ?? 0
                if shares > has {
                    throw EngineError(
                        eventIndex: event, field: "from",
                        message: "Event '\(id)' has '\(holderNames[holder])' sell \(Shares(units: shares).fullText()) "
                            + "shares of \(className), but they hold only \(Shares(units: has).fullText()).")
                }
                held!.pointee = try Wide.subtract(has, shares, "a difference of Shares values")
                // What a seller's remaining shares cost is not recorded.
                if let source {
                    if let e = entry(of: holder, in: source) { state.invested[e] = Plan.unknownMoney }
                } else {
                    state.commonPaid[holder] = Plan.unknownMoney
                }
                let paid = try Exact.value(of: Shares(units: shares), at: Price(units: price)).units
                state.proceeds[holder] = try Wide.add(state.proceeds[holder], paid, "a sum of Money values")
            }
        }
        // The class sold and the class bought, share for share.
        if source != target {
            if let source {
                let slot = state.slots + source
                slot.pointee.shares = try Wide.subtract(slot.pointee.shares, transfer.total, "a difference of Shares values")
                slot.pointee.asConverted = try asConverted(slot, kind: kinds[source])
            } else {
                state.common = try Wide.subtract(state.common, transfer.total, "a difference of Shares values")
            }
            if let target {
                let slot = state.slots + target
                slot.pointee.shares = try Wide.add(slot.pointee.shares, transfer.total, "a sum of Shares values")
                slot.pointee.asConverted = try asConverted(slot, kind: kinds[target])
            } else {
                state.common = try Wide.add(state.common, transfer.total, "a sum of Shares values")
            }
        }
        // Buyers receive them, for price × shares (to the nearest 10⁻⁸ dollar) invested.
        for position in 0..<transfer.buyerCount {
            let part = transferParts[transfer.buyerStart + position]
            func paid() throws -> Int128 {
                try Exact.value(of: Shares(units: part.shares), at: Price(units: price), .nearest).units
            }
            let held: UnsafeMutablePointer<Int128>
            if let target {
                guard let entry = entry(of: part.holder, in: target) else { continue }
                held = state.holders + entry
                if state.invested[entry] != Plan.unknownMoney {
                    state.invested[entry] = try Wide.add(state.invested[entry], try paid(), "a sum of Money values")
                }
            } else {
                held = state.commonHeld + part.holder
                let h = part.holder
                if state.commonPaid[h] != Plan.unknownMoney, state.commonBought[h] == held.pointee {
                    state.commonPaid[h] = try Wide.add(state.commonPaid[h], try paid(), "a sum of Money values")
                    state.commonBought[h] = try Wide.add(state.commonBought[h], part.shares, "a sum of Shares values")
                } else {
                    // They held common not bought so.
                    state.commonPaid[h] = Plan.unknownMoney
                }
            }
            held.pointee = try Wide.add(held.pointee, part.shares, "a sum of Shares values")
        }
    }

    /// Each holder's shares as converted, in `state.holderTotal` (`holderNames` order): the common they
    /// hold and their part of every instrument as converted (a preferred series' common as converted split
    /// among its holders by `distribute`). The state is only read (what is written is behind its pointers); it is
    /// taken `inout` so that a path's state is not copied, with its references retained, at every call.
    package func holderTotals(_ state: inout PlanState) throws {
        state.holderTotal.update(from: state.commonHeld, count: holderNames.count)
        for index in 0..<slotCount where state.slots[index].exists {
            let slot = state.slots[index]
            let count = Int(slot.holderCount)
            guard count > 0 else { continue }
            let start = slots[index].holderStart
            let entries = state.holders + start
            if kinds[index] == .preferred, slot.asConverted != slot.shares {
                try Plan.distribute(slot.asConverted, over: entries, count, into: state.scratch)
            } else {
                state.scratch.update(from: entries, count: count)
            }
            for h in 0..<count where state.scratch[h] != 0 {
                let total = state.holderTotal + entryHolders[start + h]
                total.pointee = try Wide.add(total.pointee, state.scratch[h], "a sum of Shares values")
            }
        }
    }

    /// Every holder's position in `state`, for tables (`holderNames` order).
    func holderPositions(_ state: PlanState) -> [HolderPosition] {
        var state = state
        guard (try? holderTotals(&state)) != nil else { return [] }
        return holderNames.indices.map { h in
            HolderPosition(
                name: holderNames[h], common: Shares(units: state.commonHeld[h]),
                asConverted: Shares(units: state.holderTotal[h]), cash: Money(units: state.proceeds[h]))
        }
    }

    /// The sentinel of `PlanState.invested` and `commonPaid`: the events do not record the money.
    package static let unknownMoney: Int128 = -1

    /// Class id (a preferred series, a SAFE or note, `Transfer.common`) → holder → money invested on this state's
    /// path, where the events record it (`HolderInvestment`'s rule), for the classes outstanding.
    package func investedMoney(_ state: PlanState) -> [String: [String: Money]] {
        var result: [String: [String: Money]] = [:]
        for index in 0..<slotCount where state.slots[index].exists {
            let instrument = slots[index].instrument
            if case .convertible(let terms) = instrument.kind {
                result[instrument.id, default: [:]][terms.holder ?? instrument.name] = terms.amount
                continue
            }
            guard kinds[index] == .preferred else { continue }
            let start = slots[index].holderStart
            for h in 0..<Int(state.slots[index].holderCount) where state.invested[start + h] > 0 {
                let name = holderNames[entryHolders[start + h]]
                let money = Money(units: state.invested[start + h] + (result[instrument.id]?[name]?.units ?? 0))
                result[instrument.id, default: [:]][name] = money
            }
        }
        for h in 0..<holderNames.count
        where state.commonPaid[h] > 0 && state.commonHeld[h] > 0 && state.commonBought[h] == state.commonHeld[h] {
            result[Transfer.common, default: [:]][holderNames[h]] = Money(units: state.commonPaid[h])
        }
        return result
    }
}
