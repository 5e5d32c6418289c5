public import DilutionExact
public import DilutionModel

/// The liquidation waterfall of a capitalization: who receives what at a sale of the company.
///
/// Exact throughout (10⁻⁸ dollar until the final cents). Net proceeds go first to the
/// preferences of the preferred classes that do not convert, rank by rank (1 first; classes of
/// one rank pari passu, in proportion to what they are owed), the cash-out of the SAFEs and notes
/// still outstanding that do not convert pari passu with the most junior rank; then the fixed claims
/// of converting SAFEs and notes without a cap (see `conversions(converts:)`); what is left is shared per common
/// share by the common, the converting classes, the participating classes (up to their caps) and
/// the warrants, options and other securities worth exercising (strictly in the money, paid the
/// price per share net of their exercise price). The ungranted pool is forfeited.
///
/// Each electing class (preferred with terms, SAFEs and notes outstanding) converts exactly when that pays it strictly more,
/// the others' elections given: an equilibrium. See `distribute(_:)` for the rule among several.
public struct Waterfall: Sendable {
    /// The classes, in canonical order.
    public let classes: [WaterfallClass]
    /// The ungranted option pool (forfeited).
    public let pool: Shares
    /// Up to this many electing classes, every election is enumerated; beyond, best responses.
    public var enumerationLimit = 16
    /// Indices of the electing classes in `classes`.
    let electing: [Int]
    /// Per class (canonical order), what every allocation reads: kept apart from the classes, whose ids, names
    /// and holders would otherwise be copied (and retained) each time an election is tried.
    let facts: [ClassFacts]
    /// The common count the caps divide: every class's common equivalent (the common, every preferred series as
    /// converted, the warrants, options and other securities outstanding; not the ungranted pool), but the SAFEs'
    /// and notes'.
    let base: Int128

    /// The figures of one class that the allocation reads.
    struct ClassFacts: Sendable {
        var kind: WaterfallClass.Kind
        /// The rank of its preference or cash-out, if it has one.
        var rank: Int?
        var preference: Int128
        var commonEquivalent: Int128
        var exerciseCost: Int128
        /// Preferred with terms: its participation; `nil` without terms (it shares as converted).
        var participation: LiquidationTerms.Participation?
        var cap: Int128

        init(_ c: WaterfallClass) {
            kind = c.kind
            rank = c.preferenceRank
            preference = c.preference.units
            commonEquivalent = c.commonEquivalent.units
            exerciseCost = c.exerciseCost.units
            participation = c.terms?.participation
            cap = c.cap?.units ?? 0
        }
    }

    /// The waterfall of a list of classes (in any order).
    public init(classes: [WaterfallClass], pool: Shares = .zero) {
        // Sorted by index, so that the classes (large values) are moved once.
        let order = classes.indices.sorted { a, b in
            WaterfallClass.canonicalOrder(classes[a], classes[b]) || (!WaterfallClass.canonicalOrder(classes[b], classes[a]) && a < b)
        }
        let sorted = order.map { classes[$0] }
        self.classes = sorted
        self.pool = pool
        self.electing = sorted.indices.filter { sorted[$0].elects }
        self.facts = sorted.map(ClassFacts.init)
        self.base = sorted.reduce(Int128(0)) { $0 + ($1.kind == .convertible ? 0 : $1.commonEquivalent.units) }
    }

    /// The waterfall of a capitalization (for instance `Engine(scenario).finalTable()`) at an exit on
    /// `date` (needed only to accrue cumulative dividends).
    public init(_ table: CapTable, on date: CalendarDate? = nil) throws(WaterfallError) {
        self.init(classes: try WaterfallClass.classes(of: table, on: date), pool: table.pool)
    }

    /// Exit value − debt − costs, and the carve-out (10⁻⁸ dollar, rounded down).
    func deductions(_ terms: ExitTerms) throws(WaterfallError) -> (distributable: Money, carveOut: Int128) {
        for (what, value) in [("exit value", terms.value), ("debt", terms.debt), ("transaction costs", terms.costs)] {
            if value.isNegative || value.units % 1_000_000 != 0 {
                throw .notWholeCents(what: what, value: value)
            }
        }
        let deductions = Money(units: terms.debt.units + terms.costs.units)
        guard deductions <= terms.value else {
            throw .deductionsExceedValue(value: terms.value, deductions: deductions)
        }
        let distributable = Money(units: terms.value.units - deductions.units)
        do {
            let product = try Wide.multiply(distributable.units, terms.carveOut.units, "the carve-out")
            let carve = try Wide.divide(product, Wide.pow10(Ratio.decimals), .down, "the carve-out")
            return (distributable, carve)
        } catch {
            throw .arithmetic(error)
        }
    }

    /// The elections solved at net proceeds `net` (10⁻⁸ dollar): per class whether it converts,
    /// the payoff of the other election per electing class, and how they were solved.
    ///
    /// Among several equilibria the rule is, in order: the fewest conversions; then the one whose
    /// converting classes come first in the canonical order (more senior, then by id). An election is
    /// an equilibrium when each converting class receives strictly more than by holding and each holding
    /// class at least as much as by converting: a tie is not a reason to convert.
    func elections(net: Int128) throws(WaterfallError) -> (converts: [Bool], method: ElectionMethod) {
        let solved = try solveElections(net: net)
        return (solved.converts, solved.method)
    }

    /// `elections(net:)`, with, when every election was enumerated, what the other election pays each
    /// electing class (by class index), read from the payoffs already computed.
    func solveElections(net: Int128) throws(WaterfallError)
        -> (converts: [Bool], method: ElectionMethod, alternatives: [Int: Int128])
    {
        let n = electing.count
        var converts = [Bool](repeating: false, count: classes.count)
        guard n > 0 else { return (converts, .none, [:]) }
        do {
            if n <= enumerationLimit {
                let profiles = 1 << n
                var payoffs = [Int128](repeating: 0, count: profiles * n)
                // One allocation, one set of flags and one working memory for every election tried.
                var allocation = Allocation.empty
                var scratch = AllocationScratch()
                var trial = [Bool](repeating: false, count: classes.count)
                for mask in 0..<profiles {
                    for j in 0..<n { trial[electing[j]] = mask & (1 << j) != 0 }
                    try allocate(net: net, converts: trial, into: &allocation, scratch: &scratch, tiers: false)
                    for j in 0..<n { payoffs[mask * n + j] = allocation.pay[electing[j]] }
                }
                var best: Int? = nil
                var count = 0
                for mask in 0..<profiles {
                    var stable = true
                    for j in 0..<n {
                        let mine = payoffs[mask * n + j]
                        let other = payoffs[(mask ^ (1 << j)) * n + j]
                        if mask & (1 << j) != 0 ? mine <= other : mine < other {
                            stable = false
                            break
                        }
                    }
                    guard stable else { continue }
                    count += 1
                    if let current = best {
                        if Self.preferred(mask, over: current, bits: n) { best = mask }
                    } else {
                        best = mask
                    }
                }
                guard let chosen = best else {
                    throw WaterfallError.noEquilibrium(classes: electing.map { classes[$0].id })
                }
                converts = flags(chosen)
                var alternatives: [Int: Int128] = [:]
                for j in 0..<n { alternatives[electing[j]] = payoffs[(chosen ^ (1 << j)) * n + j] }
                return (converts, .enumeration(equilibria: count), alternatives)
            }
            for fromAll in [false, true] {
                var mask = [Bool](repeating: fromAll, count: n)
                let limit = 4 * n + 4
                for pass in 1...limit {
                    var changed = false
                    for j in 0..<n {
                        var trial = mask
                        trial[j] = !trial[j]
                        let now = try allocate(net: net, converts: flags(mask)).pay[electing[j]]
                        let then = try allocate(net: net, converts: flags(trial)).pay[electing[j]]
                        // Convert only when strictly better; hold when at least as good.
                        let wantsConvert = mask[j] ? now > then : then > now
                        if wantsConvert != mask[j] {
                            mask[j] = wantsConvert
                            changed = true
                        }
                    }
                    if !changed {
                        for j in 0..<n { converts[electing[j]] = mask[j] }
                        return (converts, .bestResponse(passes: pass, fromAllConverting: fromAll), [:])
                    }
                }
            }
            throw WaterfallError.bestResponseDidNotSettle(classes: n, passes: 4 * n + 4)
        } catch let error as WaterfallError {
            throw error
        } catch let error as ArithmeticError {
            throw .arithmetic(error)
        } catch {
            preconditionFailure("unexpected error \(error)")
        }
    }

    /// Whether equilibrium `a` is chosen over `b` (bit j: the j-th electing class converts).
    static func preferred(_ a: Int, over b: Int, bits: Int) -> Bool {
        let (ca, cb) = (a.nonzeroBitCount, b.nonzeroBitCount)
        if ca != cb { return ca < cb }
        // Converting classes earliest in canonical order: compare the lowest differing bit.
        let differing = a ^ b
        let lowest = differing & -differing
        return a & lowest != 0
    }

    func flags(_ mask: Int) -> [Bool] {
        var converts = [Bool](repeating: false, count: classes.count)
        for j in electing.indices where mask & (1 << j) != 0 { converts[electing[j]] = true }
        return converts
    }

    func flags(_ mask: [Bool]) -> [Bool] {
        var converts = [Bool](repeating: false, count: classes.count)
        for j in electing.indices where mask[j] { converts[electing[j]] = true }
        return converts
    }

    /// The waterfall at one exit.
    ///
    /// The last cent: every class's exact amount (and the carve-out) is rounded down to the cent, and
    /// the cents left over, fewer than the number of rows, go one each to the rows with the largest
    /// remainders, ties to the carve-out first and then to the classes in canonical order. The
    /// carve-out and the classes then add up to value − debt − costs exactly.
    public func distribute(_ terms: ExitTerms) throws(WaterfallError) -> WaterfallResult {
        let (distributable, carve) = try deductions(terms)
        let net = distributable.units - carve
        let (converts, method, alternatives) = try solveElections(net: net)
        do {
            let allocation = try allocate(net: net, converts: converts)
            // Cents: the carve-out first, then the classes.
            let exact = [carve] + allocation.pay
            let cent: Int128 = 1_000_000
            var rounded = exact.map { ($0 / cent) * cent }
            var left = (distributable.units - rounded.reduce(0, +)) / cent
            let order = exact.indices.sorted { a, b in
                let (ra, rb) = (exact[a] - rounded[a], exact[b] - rounded[b])
                return ra != rb ? ra > rb : a < b
            }
            var bumped = [Bool](repeating: false, count: exact.count)
            for index in order where left > 0 {
                rounded[index] += cent
                bumped[index] = true
                left -= 1
            }
            var payouts: [ClassPayout] = []
            for (i, holder) in classes.enumerated() {
                let election: Election
                switch holder.kind {
                case .preferred: election = holder.terms == nil ? .common : converts[i] ? .converts : .holds
                case .convertible: election = converts[i] ? .converts : .holds
                case .common: election = .common
                case .warrant, .option, .other: election = allocation.exercised[i] ? .exercised : .notExercised
                }
                var alternative: Money? = nil
                if holder.elects {
                    if let known = alternatives[i] {
                        alternative = Money(units: known)
                    } else {
                        var flipped = converts
                        flipped[i].toggle()
                        alternative = Money(units: try allocate(net: net, converts: flipped).pay[i])
                    }
                }
                payouts.append(
                    ClassPayout(
                        holder: holder,
                        election: election,
                        proceeds: Money(units: rounded[i + 1]),
                        exact: Money(units: allocation.pay[i]),
                        alternative: alternative,
                        preferencePaid: Money(units: allocation.preferencePaid[i]),
                        capReached: allocation.capped[i],
                        receivedRoundingCent: bumped[i + 1]
                    )
                )
                if holder.kind == .convertible {
                    let conversion = try conversions(converts: converts.enumerated().map { $0.offset == i ? true : $0.element })
                    var shares = conversion.shares[i]
                    var capitalization = conversion.liquidityCapitalization
                    // Converting beside uncapped SAFEs or notes, L also holds their common at this exit's price, and
                    // so does the SAFE's own common (its fixed part ÷ the price, rounded down to 10⁻⁶ share).
                    let (num, den) = (allocation.priceNumerator, allocation.priceDenominator)
                    if converts[i], conversion.uncappedValue > 0, num > 0, den > 0, let s = shares, let l = capitalization {
                        let own = try Wide.divide(
                            try Wide.multiply(conversion.fixed[i] ?? 0, den, "a SAFE's conversion"), num, .down,
                            "a SAFE's conversion")
                        let added = try Wide.divide(
                            try Wide.multiply(conversion.uncappedValue, den, "the liquidity capitalization"), num, .down,
                            "the liquidity capitalization")
                        shares = s + own
                        capitalization = l + added
                    }
                    payouts[payouts.count - 1].conversionShares = shares.map { Shares(units: $0) }
                    payouts[payouts.count - 1].liquidityCapitalization = capitalization.map { Shares(units: $0) }
                }
                if holder.holders.count == 1 {
                    // One holder (a SAFE's or note's, which holds no shares) takes the class's whole proceeds.
                    payouts[payouts.count - 1].holderProceeds = [Money(units: rounded[i + 1])]
                } else if !holder.holders.isEmpty {
                    let cents = try apportion(rounded[i + 1] / cent, holder.holders.map(\.shares.units))
                    payouts[payouts.count - 1].holderProceeds = cents.map { Money(units: $0 * cent) }
                }
            }
            let tiers = allocation.tiers.map { tier in
                PreferenceTier(
                    rank: tier.rank,
                    members: tier.members.map { classes[$0].id },
                    owed: Money(units: tier.owed),
                    paid: Money(units: tier.paid)
                )
            }
            var price: Price? = nil
            if allocation.priceDenominator > 0 {
                price = try Exact.price(
                    of: Money(units: allocation.priceNumerator),
                    per: Shares(units: allocation.priceDenominator)
                )
            }
            return WaterfallResult(
                terms: terms,
                distributable: distributable,
                carveOut: Money(units: rounded[0]),
                netProceeds: Money(units: distributable.units - rounded[0]),
                payouts: payouts,
                tiers: tiers,
                residual: Money(units: allocation.residual),
                pricePerCommonShare: price,
                method: method,
                forfeitedPool: pool
            )
        } catch {
            throw .arithmetic(error)
        }
    }
}
