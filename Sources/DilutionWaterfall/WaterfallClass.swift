public import DilutionExact
public import DilutionModel

/// One class of holders at an exit: a preferred series, the common, or a warrant tranche, option
/// grant or other security.
public struct WaterfallClass: Sendable, Hashable {
    /// What the class holds.
    public enum Kind: String, Sendable, Hashable {
        case preferred, common, warrant, option, other
        /// A SAFE or convertible note still outstanding: no shares; at the exit it takes its cash-out
        /// amount or converts into common, whichever pays it more.
        case convertible
    }

    /// The instrument id (`common` for the common stock).
    public var id: String
    /// The name shown to people.
    public var name: String
    public var kind: Kind
    /// Shares held: preferred shares, common shares, or common issuable on exercise.
    public var shares: Shares
    /// The common the class counts as when it converts or exercises (preferred: as converted).
    public var commonEquivalent: Shares
    /// Preferred: the liquidation terms; `nil` for a series that shares with common as converted.
    public var terms: LiquidationTerms?
    /// Preferred with terms: the preference owed (multiple × issue price × shares, plus accrued
    /// cumulative dividends).
    public var preference: Money
    /// Preferred with cumulative dividends: the part of `preference` that is accrued dividends.
    public var accruedDividends: Money = .zero
    /// Preferred with a participation cap: the most it receives without converting.
    public var cap: Money?
    /// Warrants and options: the exercise price per share.
    public var exercisePrice: Price?
    /// Warrants, options and other securities: what exercising everything would cost (exercise
    /// price × shares, or an other security's minimum payment).
    public var exerciseCost: Money
    /// Preferred: the money invested (issue price × shares); `nil` for the others.
    public var invested: Money?
    /// Instruments with named holders (warrant tranches today; any instrument's `holders`): who holds how
    /// many of `shares`.
    public var holders: [Holder] = []
    /// SAFEs and notes: the terms (form, amount, cap, discount); `preference` is the cash-out amount
    /// (a SAFE's purchase amount, a note's principal plus interest accrued to the exit), which is also
    /// the amount that converts.
    public var convertible: ConvertibleTerms?
    /// SAFEs and notes: the rank of preferences whose cash-out is pari passu with (see `classes(of:on:)`).
    public var cashOutRank: Int = 1

    public init(
        id: String,
        name: String? = nil,
        kind: Kind,
        shares: Shares,
        commonEquivalent: Shares? = nil,
        terms: LiquidationTerms? = nil,
        preference: Money = .zero,
        cap: Money? = nil,
        exercisePrice: Price? = nil,
        exerciseCost: Money = .zero,
        invested: Money? = nil
    ) {
        self.id = id
        self.name = name ?? id
        self.kind = kind
        self.shares = shares
        self.commonEquivalent = commonEquivalent ?? shares
        self.terms = terms
        self.preference = preference
        self.cap = cap
        self.exercisePrice = exercisePrice
        self.exerciseCost = exerciseCost
        self.invested = invested
    }

    /// Whether the class chooses between its preference and conversion.
    public var elects: Bool { (kind == .preferred && terms != nil) || kind == .convertible }

    /// The rank at which the class is paid a preference (a SAFE's or note's cash-out), if it has one.
    public var preferenceRank: Int? {
        switch kind {
        case .preferred: return terms?.seniority
        case .convertible: return cashOutRank
        default: return nil
        }
    }

    /// The classes of a capitalization: the common, every preferred series (as converted at its
    /// conversion price in effect), every warrant tranche, option grant and other security with
    /// shares outstanding. The ungranted pool is not a class: it is forfeited.
    public static func classes(
        of table: CapTable,
        on date: CalendarDate? = nil
    ) throws(WaterfallError) -> [WaterfallClass] {
        do {
            return try classes(table, date)
        } catch let error as WaterfallError {
            throw error
        } catch let error as ArithmeticError {
            throw .arithmetic(error)
        } catch {
            preconditionFailure("unexpected error \(error)")
        }
    }

    static func classes(_ table: CapTable, _ date: CalendarDate?) throws -> [WaterfallClass] {
        var common = WaterfallClass(id: "common", name: "Common", kind: .common, shares: table.common)
        common.holders = commonHolders(table)
        var classes = [common]
        for instrument in table.instruments {
            if case .convertible(let terms) = instrument.kind {
                // Outstanding (a SAFE or note that converted in a round is gone from the table).
                var owed = terms.amount
                if let interest = terms.interest, let issued = terms.issued {
                    guard let date else { throw WaterfallError.noteNeedsDate(instrument.id) }
                    owed = try interest.accrued(terms.amount, from: issued, to: date)
                }
                var safe = WaterfallClass(
                    id: instrument.id,
                    name: instrument.name,
                    kind: .convertible,
                    shares: .zero,
                    commonEquivalent: .zero,
                    preference: owed,
                    invested: terms.amount
                )
                safe.convertible = terms
                // A SAFE or note has one holder; a named one (`holder`) gets its line in `NAME.exit-holders.csv`.
                if let holder = terms.holder {
                    safe.holders = [Holder(name: holder, shares: .zero)]
                } else {
                    safe.holders = instrument.holders
                }
                classes.append(safe)
                continue
            }
            guard instrument.shares.isPositive else { continue }
            switch instrument.kind {
            case .preferred(let statedValue):
                let converted = try instrument.commonAsConverted()
                let issuePrice = instrument.liquidation?.issuePrice ?? statedValue
                let invested = try money(instrument.shares, issuePrice, times: .one)
                var holder = WaterfallClass(
                    id: instrument.id,
                    name: instrument.name,
                    kind: .preferred,
                    shares: instrument.shares,
                    commonEquivalent: converted,
                    terms: instrument.liquidation,
                    invested: invested
                )
                holder.holders = instrument.holders
                if let terms = instrument.liquidation {
                    holder.preference = try money(instrument.shares, issuePrice, times: terms.multiple)
                    if let dividends = terms.dividends, dividends.cumulative {
                        guard let date else { throw WaterfallError.needsDate(instrument.id) }
                        holder.accruedDividends = try dividends.accrued(on: invested, at: date)
                        holder.preference = try holder.preference + holder.accruedDividends
                    }
                    if case .capped(let multiple) = terms.participation {
                        holder.cap = try money(instrument.shares, issuePrice, times: multiple)
                    }
                }
                classes.append(holder)
            case .warrant, .option:
                let price = instrument.price ?? .zero
                var tranche = WaterfallClass(
                        id: instrument.id,
                        name: instrument.name,
                        kind: instrument.kind == .warrant ? .warrant : .option,
                        shares: instrument.shares,
                        exercisePrice: price,
                        exerciseCost: try Exact.value(of: instrument.shares, at: price)
                    )
                tranche.holders = instrument.holders
                classes.append(tranche)
            case .other:
                var security = WaterfallClass(
                    id: instrument.id,
                    name: instrument.name,
                    kind: .other,
                    shares: instrument.shares,
                    exerciseCost: instrument.minimumPayment
                )
                security.holders = instrument.holders
                classes.append(security)
            case .convertible:
                break  // handled above
            }
        }
        // A SAFE's or note's cash-out is paid at its `seniority` when it has one; otherwise pari passu with the
        // most junior rank of preferences (the YC post-money SAFE: on par with the preferred, senior to common;
        // junior to debt, repaid first).
        let junior = classes.compactMap { $0.kind == .preferred ? $0.terms?.seniority : nil }.max() ?? 1
        for i in classes.indices where classes[i].kind == .convertible {
            classes[i].cashOutRank = classes[i].convertible?.seniority ?? junior
        }
        return classes
    }

    /// The named holders of the common, each with the common they hold, when someone other than the implicit holder
    /// (`Scenario.commonHolderName`, the scenario's unnamed common) holds some and the holdings add up to the common
    /// outstanding; otherwise none, and the common's proceeds are the class's alone.
    static func commonHolders(_ table: CapTable) -> [Holder] {
        let holding = table.holders.filter { $0.common.isPositive }
        guard holding.contains(where: { $0.name != Scenario.commonHolderName }),
            holding.reduce(Int128(0), { $0 + $1.common.units }) == table.common.units
        else { return [] }
        return holding.map { Holder(name: $0.name, shares: $0.common) }
    }

    /// shares × price per share × multiple, rounded to the nearest 10⁻⁸ dollar.
    static func money(_ shares: Shares, _ price: Money, times multiple: Ratio) throws(ArithmeticError) -> Money {
        // shares(6) × money(8) = 14 places, × ratio(12) = 26 places; money has 8.
        func compute(_ what: String) throws(ArithmeticError) -> Money {
            let product = try Wide.multiply(try Wide.multiply(shares.units, price.units, what), multiple.units, what)
            return Money(units: try Wide.divide(product, Wide.pow10(18), .nearest, what))
        }
        // The description is formatted only for the message of a failure (formatting it on every call made a
        // Monte Carlo path's waterfall twice as slow): the failing computation is repeated with it.
        do {
            return try compute("")
        } catch {
            return try compute("\(shares) shares × $\(price) × \(multiple)")
        }
    }

    /// The canonical order: preferred with terms and outstanding SAFEs and notes by rank then id, other
    /// preferred by id, the common, then warrants, options and other securities by id. Results never
    /// depend on the order a scenario lists its instruments in.
    static func canonicalOrder(_ a: WaterfallClass, _ b: WaterfallClass) -> Bool {
        func group(_ c: WaterfallClass) -> Int {
            switch c.kind {
            case .preferred: return c.terms == nil ? 1 : 0
            case .convertible: return 0
            case .common: return 2
            case .warrant, .option, .other: return 3
            }
        }
        let (ga, gb) = (group(a), group(b))
        if ga != gb { return ga < gb }
        let (sa, sb) = (a.preferenceRank ?? 0, b.preferenceRank ?? 0)
        if sa != sb { return sa < sb }
        return a.id < b.id
    }
}
