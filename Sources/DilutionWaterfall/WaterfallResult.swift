public import DilutionExact
public import DilutionModel

/// What a class chose, or what happened to it, at an exit.
public enum Election: String, Sendable, Hashable {
    /// A preferred series, SAFE or note that converts to common.
    case converts
    /// A preferred series that takes its preference (and participation, if any) instead; a SAFE or
    /// note that takes its cash-out amount.
    case holds
    /// A preferred series without liquidation terms, or the common: shares as common.
    case common
    /// Warrants, options or other securities in the money, exercised and paid net of the price.
    case exercised
    /// At or out of the money: not exercised, paid nothing.
    case notExercised = "not-exercised"
}

/// One class's part of an exit.
public struct ClassPayout: Sendable, Hashable {
    public var holder: WaterfallClass
    public var election: Election
    /// What the class receives, in whole cents (the totals equal the net proceeds).
    public var proceeds: Money
    /// The same before the cents were allocated, to 10⁻⁸ dollar.
    public var exact: Money
    /// Electing classes: what the other election would have paid it, the others' elections
    /// unchanged (10⁻⁸ dollar).
    public var alternative: Money?
    /// The preference paid, included in `exact`.
    public var preferencePaid: Money
    /// Whether a participation cap bound.
    public var capReached: Bool
    /// Whether the last-cent rule gave this class a cent more than its exact amount rounded down.
    public var receivedRoundingCent: Bool
    /// Classes with named holders: each holder's part of `proceeds`, in whole cents, in proportion to
    /// the shares held (the cents left over to the largest remainders, ties to the holder listed first).
    public var holderProceeds: [Money] = []
    /// SAFEs and notes with a cap: the common they convert into (converting or not: what conversion
    /// would give, the others' elections unchanged), 10⁻⁶ share rounded down.
    public var conversionShares: Shares? = nil
    /// Post-money SAFEs: the liquidity capitalization their cap divides, with that conversion.
    public var liquidityCapitalization: Shares? = nil

    /// Each listed holder with their part of `proceeds`, leaving out one with no shares of the class and no proceeds
    /// from it (a round's entry for the holder of a SAFE that converted earlier); a SAFE's or note's holder, who holds
    /// no shares, always counts.
    public var holderParts: [(holder: Holder, proceeds: Money)] {
        zip(holder.holders, holderProceeds).filter { listed, part in
            holder.kind == .convertible || listed.shares.isPositive || part.isPositive
        }
    }

    /// Proceeds per share held (preferred share, common share, or share issuable on exercise),
    /// to 10⁻¹² dollar, nearest; `nil` without shares.
    public var pricePerShare: Price? {
        guard holder.shares.isPositive else { return nil }
        return try? Exact.price(of: proceeds, per: holder.shares)
    }

    /// Proceeds ÷ money invested (preferred only), to 10⁻¹², nearest.
    public var multiple: Ratio? {
        guard let invested = holder.invested, invested.isPositive else { return nil }
        return try? Exact.ratio(proceeds, invested)
    }
}

/// One rank of preferences: who is owed what and what was paid.
public struct PreferenceTier: Sendable, Hashable {
    public var rank: Int
    /// The non-converting classes of the rank with a preference.
    public var members: [String]
    public var owed: Money
    public var paid: Money
    public var fullyPaid: Bool { paid == owed }
}

/// How the elections were solved.
public enum ElectionMethod: Sendable, Hashable {
    /// Every election enumerated; `equilibria` of them were equilibria and the rule chose one.
    case enumeration(equilibria: Int)
    /// Best responses iterated (more than the enumeration limit of electing classes) from all
    /// holding, or if that cycled from all converting, until no class wanted to change.
    case bestResponse(passes: Int, fromAllConverting: Bool)
    /// No class elects.
    case none
}

/// The liquidation waterfall at one exit.
public struct WaterfallResult: Sendable, Hashable {
    public var terms: ExitTerms
    /// Exit value − debt − costs, what the shareholders and the carve-out share.
    public var distributable: Money
    /// The management carve-out, in whole cents.
    public var carveOut: Money
    /// Distributable − carve-out, in whole cents: the sum of every class's proceeds.
    public var netProceeds: Money
    /// Classes in canonical order (see `WaterfallClass`).
    public var payouts: [ClassPayout]
    public var tiers: [PreferenceTier]
    /// What was left after the preferences (10⁻⁸ dollar).
    public var residual: Money
    /// The price per common share at which the residual is shared, to 10⁻¹² dollar (nearest);
    /// `nil` when no common-equivalent share takes part.
    public var pricePerCommonShare: Price?
    public var method: ElectionMethod
    /// The ungranted option pool, forfeited.
    public var forfeitedPool: Shares

    /// The payout of the class with this id.
    public func payout(_ id: String) -> ClassPayout? { payouts.first { $0.holder.id == id } }

    /// Every part of the distribution that goes to the holder `name`: their `holderParts`, and each class without
    /// listed holders whose implicit holder they are ("Common" for the common, the holder named by an instrument's
    /// name otherwise). Their proceeds add up, over every holder, to the net proceeds.
    public func parts(of name: String) -> [(payout: ClassPayout, shares: Shares, proceeds: Money)] {
        var parts: [(payout: ClassPayout, shares: Shares, proceeds: Money)] = []
        for payout in payouts {
            if payout.holderProceeds.isEmpty {
                let implicit = payout.holder.kind == .common ? Scenario.commonHolderName : payout.holder.name
                if implicit == name { parts.append((payout, payout.holder.shares, payout.proceeds)) }
                continue
            }
            for part in payout.holderParts where part.holder.name == name {
                parts.append((payout, part.holder.shares, part.proceeds))
            }
        }
        return parts
    }
}
