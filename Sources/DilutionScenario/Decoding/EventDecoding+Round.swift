internal import DilutionExact
internal import DilutionModel

/// A financing priced from a valuation.
///
/// ```yaml
/// - id: series-a
///   type: financing
///   date: 2025-06-01
///   pre-money: 32000000               # or post-money
///   investors:
///     - {name: Lead Fund, amount: 6000000}
///     - {name: Angel B, amount: 2000000}
///   option-pool: {target: 10%, of: post-money, counted-in: pre-money}
///   round-price: {step: 0.0001, direction: nearest}
///   round-shares: {step: 1, direction: down}
///   preferred:
///     - id: series-a
///       clause: {formula: weighted-average, base: broad}
/// ```
extension EventDecoding {
    static let roundKeys = [
        "pre-money", "post-money", "fully-diluted", "investors", "option-pool", "round-price", "converting-in-clauses",
        "max-iterations",
    ]

    /// Whether the event being read is priced from a valuation.
    static func isRound(_ map: inout MappingReader) -> Bool { map.has("pre-money") || map.has("post-money") }

    mutating func round(_ map: inout MappingReader, _ issuance: Issuance, context: String, eventID: String)
        throws(ScenarioError) -> Issuance
    {
        let pre = map.optional("pre-money")
        let post = map.optional("post-money")
        if let pre, post != nil {
            throw pre.error("give either 'pre-money' or 'post-money' in \(context), not both")
        }
        for key in ["price", "amount", "cash", "units", "common"] {
            if let value = map.optional(key) {
                throw value.error("'\(key)' cannot be given in \(context): a round priced from a valuation computes "
                    + "its price, its shares and its cash from 'investors'")
            }
        }
        let valuationValue = pre ?? post!
        let amount = try centralMoney(valuationValue, field: .valuation, context: context, eventID: eventID)
        if !amount.isPositive {
            throw valuationValue.error("'\(valuationValue.keyName)' in \(context) must be more than zero")
        }
        let valuation: Valuation = pre != nil ? .preMoney(amount) : .postMoney(amount)
        let preferred = issuance.instruments.filter(\.isPreferred)
        guard preferred.count == 1, issuance.instruments.count == 1 else {
            throw valuationValue.error("a round priced from a valuation issues exactly one preferred series (its "
                + "'preferred' list), but \(context) issues \(issuance.instruments.count) instruments")
        }
        // Investors.
        let investorsValue = try map.required("investors")
        var investors: [Investor] = []
        var names: Set<String> = []
        for entry in try investorsValue.sequence() {
            var investor = try entry.mapping(context: "an investor of \(context)")
            let name = try investor.required("name").string()
            let owner = "investor '\(name)' of \(context)"
            if !names.insert(name).inserted {
                throw entry.error("the investor '\(name)' is listed twice in \(context)")
            }
            let investorID = try investor.optional("id")?.identifier()
            let amountValue = try investor.required("amount")
            var invested: Money
            if let investorID {
                // An investor with an id has an amount that a distribution, a sweep or a variant may set.
                invested = try centralMoney(
                    amountValue, field: .investorAmount(investors.count), context: owner, eventID: eventID,
                    path: "\(eventID).\(investorID).amount")
            } else if amountValue.isDistribution {
                throw amountValue.error("an uncertain amount needs an id for \(owner) (its path is EVENT.ID.amount)")
            } else {
                invested = try amountValue.money(in: owner, allowZero: false)
            }
            if !invested.isPositive { throw amountValue.error("'amount' in \(owner) must be more than zero") }
            try investor.finish()
            investors.append(Investor(name: name, amount: invested))
        }
        if investors.isEmpty { throw investorsValue.error("'investors' in \(context) lists nobody") }
        // The pool top-up.
        var pool: PoolTopUp? = nil
        if let value = map.optional("option-pool") {
            let owner = "the option pool of \(context)"
            var poolMap = try value.mapping(context: owner)
            let targetValue = try poolMap.required("target")
            let ratio: Ratio
            let targetPath = "\(eventID).option-pool.target"
            if isUncertain(targetValue, path: targetPath) {
                let median = try centralNumber(targetValue, field: .poolTarget, context: owner, eventID: eventID, path: targetPath)
                ratio = try Self.ratio(min(median, 0.999_999_999_999), targetValue)
            } else {
                let target = try targetValue.decimal()
                if target.isNegative || target >= DecimalNumber(1) {
                    throw targetValue.error("'target' in \(owner) must be at least 0 and less than 100 %, not \(target)")
                }
                guard let exact = try? Ratio(exactly: target) else {
                    throw targetValue.error("'target' in \(owner) has more decimal places than a rate carries "
                        + "(\(Ratio.decimals)): \(target)")
                }
                ratio = exact
            }
            let of = try poolMap.optional("of")?.enumeration(allowed: ["post-money", "pre-money"]) ?? "post-money"
            let countedIn =
                try poolMap.optional("counted-in")?.enumeration(allowed: ["pre-money", "post-money"]) ?? "pre-money"
            let rounding = try poolMap.optional("round-shares")?.roundingRule(in: owner) ?? .to("1", .down)
            try poolMap.finish()
            pool = PoolTopUp(
                target: ratio, ofPostMoney: of == "post-money", inPreMoney: countedIn == "pre-money", rounding: rounding)
        }
        var count = RoundPricing.defaultCount(
            postMoney: valuation.isPostMoney, topUpInPreMoney: pool?.inPreMoney ?? true)
        if let value = map.optional("fully-diluted") {
            count = try InstrumentDecoding.roundTerms(
                value, context: context, references: &instruments.baseReferences, allowsNewMoney: true)
            if valuation.isPostMoney, !count.contains(.newMoney) {
                throw value.error("a post-money price divides a count that includes the round's own shares; add "
                    + "'new-money' to 'fully-diluted' in \(context), or give 'pre-money'")
            }
            if !valuation.isPostMoney, count.contains(.newMoney) {
                throw value.error("a pre-money price cannot count the round's own shares ('new-money') in \(context); "
                    + "give 'post-money' instead")
            }
        }
        let priceRounding = try map.optional("round-price")?.roundingRule(in: context) ?? .to("0.0001")
        if priceRounding.step == nil {
            throw map.error("'round-price' in \(context) must be a step: a price computed from a valuation is "
                + "rarely a whole number of 10⁻¹² dollars")
        }
        let shareRounding = try map.optional("round-shares")?.roundingRule(in: context) ?? .to("1", .down)
        let convertingInClauses = try map.optional("converting-in-clauses")?.bool() ?? false
        var maxIterations = 100
        if let value = map.optional("max-iterations") {
            maxIterations = try value.integer()
            if maxIterations < 1 {
                throw value.error("'max-iterations' in \(context) must be at least 1, not \(maxIterations)")
            }
        }
        var total = Money.zero
        for investor in investors {
            do { total = try total + investor.amount } catch {
                throw investorsValue.error("the investors' amounts in \(context) are too large: \(error)")
            }
        }
        var issue = issuance
        issue.cash = total
        issue.round = RoundPricing(
            valuation: valuation, fullyDiluted: count, investors: investors, pool: pool, priceRounding: priceRounding,
            shareRounding: shareRounding, convertingInClauses: convertingInClauses, maxIterations: maxIterations)
        return issue
    }

    /// `type: closing`: `closing-of` an earlier financing that issued one preferred series, `investors`,
    /// `closing-window` (days, default 90), `round-shares`.
    mutating func additionalClosing(_ map: inout MappingReader, context: String) throws(ScenarioError)
        -> AdditionalClosing
    {
        let ofValue = try map.required("closing-of")
        let firstID = try ofValue.identifier()
        guard let first = allEvents.first(where: { $0.id == firstID }) else {
            var message = "'closing-of' in \(context) names '\(firstID)', which is not an earlier event"
            if let close = Suggestions.closest(to: firstID, among: allEvents.map(\.id)) { message += "; did you mean '\(close)'?" }
            throw ofValue.error(message)
        }
        guard case .issue(let issuance) = first.action, issuance.instruments.count == 1,
            let series = issuance.instruments.first, series.isPreferred
        else {
            throw ofValue.error("'closing-of' in \(context) names '\(firstID)', which does not issue exactly one "
                + "preferred series; a later closing sells more of the series its first closing issued")
        }
        let investorsValue = try map.required("investors")
        var investors: [Investor] = []
        for entry in try investorsValue.sequence() {
            var investor = try entry.mapping(context: "an investor of \(context)")
            let name = try investor.required("name").string()
            let owner = "investor '\(name)' of \(context)"
            let amount = try investor.required("amount").money(in: owner, allowZero: false)
            try investor.finish()
            investors.append(Investor(name: name, amount: amount))
        }
        if investors.isEmpty { throw investorsValue.error("'investors' in \(context) lists nobody") }
        var window = 90
        if let value = map.optional("closing-window") {
            window = try value.integer()
            if window < 0 { throw value.error("'closing-window' in \(context) must be zero or more days, not \(window)") }
        }
        let rounding = try map.optional("round-shares")?.roundingRule(in: context) ?? .to("1", .down)
        return AdditionalClosing(
            firstClosing: firstID, series: series.id, investors: investors, windowDays: window, shareRounding: rounding)
    }
}
