public import DilutionExact

/// One term of a round's fully diluted count: a class of the capitalization before the round
/// (as in a weighted-average base), or a quantity the round itself creates.
public enum RoundTerm: Sendable, Hashable, CustomStringConvertible {
    /// A class counted as in a clause's base (common, preferred as converted, options, the pool before
    /// the top-up, warrants, other securities, or one instrument).
    case existing(BaseTerm)
    /// The shares added to the pool by the round's top-up.
    case topUp
    /// The shares the converting SAFEs and notes receive.
    case converting
    /// The shares the round's investors buy (a post-money count).
    case newMoney

    public var description: String {
        switch self {
        case .existing(let term): return term.description
        case .topUp: return "top-up"
        case .converting: return "converting"
        case .newMoney: return "new-money"
        }
    }

    /// The classes of the capitalization before the round that every default count includes.
    public static let capitalization: [RoundTerm] = [
        .existing(.common), .existing(.allPreferred), .existing(.options), .existing(.pool), .existing(.allWarrants),
        .existing(.allOther),
    ]
}

/// How a round's price is set: from a valuation on a fully diluted count.
public enum Valuation: Sendable, Hashable {
    /// price = pre-money ÷ the pre-money fully diluted count.
    case preMoney(Money)
    /// price = post-money ÷ the post-money fully diluted count (which includes the new money).
    case postMoney(Money)

    public var amount: Money {
        switch self {
        case .preMoney(let value), .postMoney(let value): return value
        }
    }

    public var isPostMoney: Bool {
        if case .postMoney = self { return true }
        return false
    }

    /// `pre-money` or `post-money`.
    public var name: String { isPostMoney ? "post-money" : "pre-money" }
}

/// An investor in a round and the amount invested.
public struct Investor: Sendable, Hashable {
    public var name: String
    public var amount: Money
    public init(name: String, amount: Money) {
        self.name = name
        self.amount = amount
    }
}

/// The option pool topped up in a round to a target fraction of a fully diluted count.
public struct PoolTopUp: Sendable, Hashable {
    /// The target: the ungranted pool after the round ÷ the count (0.10 for 10 %).
    public var target: Ratio
    /// Whether the target is of the post-money count (everything after the round) or of the
    /// pre-money count (everything but the new money).
    public var ofPostMoney: Bool
    /// Whether the new pool shares are counted in the pre-money count that sets the price (the
    /// "option pool shuffle": only the existing holders are diluted by them).
    public var inPreMoney: Bool
    /// Rounding of the new pool shares.
    public var rounding: RoundingRule

    public init(target: Ratio, ofPostMoney: Bool = true, inPreMoney: Bool = true, rounding: RoundingRule = .to("1", .down)) {
        self.target = target
        self.ofPostMoney = ofPostMoney
        self.inPreMoney = inPreMoney
        self.rounding = rounding
    }
}

/// An issuance priced from a valuation: the price, the top-up, the converting SAFEs and notes and
/// the investors' shares solved together (`Plan` solves it as a fixed point).
public struct RoundPricing: Sendable, Hashable {
    public var valuation: Valuation
    /// The count the valuation divides.
    public var fullyDiluted: [RoundTerm]
    public var investors: [Investor]
    public var pool: PoolTopUp?
    /// Rounding of the price per share and of each converting instrument's price.
    public var priceRounding: RoundingRule
    /// Rounding of each investor's and each converting instrument's shares.
    public var shareRounding: RoundingRule
    /// Whether the converting instruments' shares and amounts count in earlier series' B and C.
    public var convertingInClauses: Bool
    /// The most iterations of the fixed point before it is an error.
    public var maxIterations: Int

    public init(
        valuation: Valuation, fullyDiluted: [RoundTerm], investors: [Investor], pool: PoolTopUp? = nil,
        priceRounding: RoundingRule, shareRounding: RoundingRule = .to("1", .down), convertingInClauses: Bool = false,
        maxIterations: Int = 100
    ) {
        self.valuation = valuation
        self.fullyDiluted = fullyDiluted
        self.investors = investors
        self.pool = pool
        self.priceRounding = priceRounding
        self.shareRounding = shareRounding
        self.convertingInClauses = convertingInClauses
        self.maxIterations = maxIterations
    }

    /// The default count of a valuation: the capitalization before the round, the top-up when it is
    /// counted in the pre-money, the converting instruments, and the new money for a post-money price.
    public static func defaultCount(postMoney: Bool, topUpInPreMoney: Bool) -> [RoundTerm] {
        var terms = RoundTerm.capitalization
        if topUpInPreMoney || postMoney { terms.append(.topUp) }
        terms.append(.converting)
        if postMoney { terms.append(.newMoney) }
        return terms
    }
}

/// How a note's interest counts days.
public enum DayCount: String, Sendable, Hashable, CaseIterable {
    /// Actual days ÷ 365.
    case actual365 = "actual/365"
    /// US 30/360 (bond basis).
    case thirty360 = "30/360"

    /// The days from `start` to `end` and the days of a year under this convention.
    public func days(from start: CalendarDate, to end: CalendarDate) -> (days: Int, year: Int) {
        switch self {
        case .actual365:
            return (end.dayNumber - start.dayNumber, 365)
        case .thirty360:
            var d1 = start.day
            var d2 = end.day
            if d1 == 31 { d1 = 30 }
            if d2 == 31, d1 == 30 { d2 = 30 }
            return (360 * (end.year - start.year) + 30 * (end.month - start.month) + (d2 - d1), 360)
        }
    }
}

/// A note's interest: a yearly rate, simple or compounded yearly, counted by a day convention.
public struct NoteInterest: Sendable, Hashable {
    public var rate: Ratio
    /// Compounded on each anniversary of the issue (simple for the part of a year since the last one).
    public var compound: Bool
    public var dayCount: DayCount

    public init(rate: Ratio, compound: Bool = false, dayCount: DayCount = .actual365) {
        self.rate = rate
        self.compound = compound
        self.dayCount = dayCount
    }

    /// Principal plus interest from `start` to `end`, rounded to the cent (half up).
    public func accrued(_ principal: Money, from start: CalendarDate, to end: CalendarDate) throws(ArithmeticError)
        -> Money
    {
        let (days, year) = dayCount.days(from: start, to: end)
        guard days > 0 else { return principal }
        let one = Wide.pow10(Ratio.decimals)
        // In Money units (10⁻⁸ dollar), each step rounded to the nearest unit.
        var value = principal.units
        var remaining = days
        if compound {
            while remaining >= year {
                let interest = try Wide.divide(
                    try Wide.multiply(value, rate.units, "the note's interest"), one, .nearest, "the note's interest")
                value = try Wide.add(value, interest, "the accrued value of the note")
                remaining -= year
            }
        }
        // Simple interest for the remaining days: value × rate × days ÷ year.
        let product = try Wide.multiply(
            try Wide.multiply(value, rate.units, "the note's interest"), Int128(remaining), "the note's interest")
        let interest = try Wide.divide(product, one * Int128(year), .nearest, "the note's interest")
        let units = try Wide.add(value, interest, "the accrued value of the note")
        return try Money(units: units).rounded(.to("0.01"))
    }
}

/// The terms of a SAFE or a convertible note: what it converts into in a priced round.
public struct ConvertibleTerms: Sendable, Hashable {
    public enum Form: String, Sendable, Hashable, CaseIterable {
        /// YC post-money SAFE: the cap divides a count that includes every converting instrument.
        case postMoneySafe = "post-money"
        /// Pre-money SAFE: the cap divides the capitalization before the round only.
        case preMoneySafe = "pre-money"
        /// A convertible note: principal and interest convert.
        case note
    }

    public var form: Form
    /// The purchase amount of a SAFE, the principal of a note.
    public var amount: Money
    /// The valuation cap, if any.
    public var cap: Money?
    /// The discount off the round's price (0.20 for 20 %), if any.
    public var discount: Ratio?
    /// Most favoured nation: the lowest cap and highest discount of the SAFEs issued after it and
    /// converting in the same round.
    public var mfn: Bool
    /// The event id of the round it converts in; `nil` for the next round priced from a valuation.
    public var convertsIn: String?
    /// The count the cap divides.
    public var capCount: [RoundTerm]
    /// A note's interest.
    public var interest: NoteInterest?
    /// The day interest starts (a note's issue date).
    public var issued: CalendarDate?
    /// Who holds it (and then the shares it converts into); `nil` for a holder named by the instrument.
    public var holder: String? = nil
    /// At an exit, the rank of preferences its cash-out is paid pari passu with (1 is paid first); `nil` for the
    /// most junior rank of preferred with liquidation terms (the YC post-money SAFE's "on par with … Preferred
    /// Stock", senior to common).
    public var seniority: Int? = nil

    public init(
        form: Form, amount: Money, cap: Money? = nil, discount: Ratio? = nil, mfn: Bool = false, convertsIn: String? = nil,
        capCount: [RoundTerm]? = nil, interest: NoteInterest? = nil, issued: CalendarDate? = nil
    ) {
        self.form = form
        self.amount = amount
        self.cap = cap
        self.discount = discount
        self.mfn = mfn
        self.convertsIn = convertsIn
        self.capCount = capCount ?? Self.defaultCapCount(form)
        self.interest = interest
        self.issued = issued
    }

    /// A post-money SAFE's cap divides the capitalization and every converting instrument (the
    /// YC "Company Capitalization", without the round's top-up); a pre-money SAFE's and a note's
    /// divide the capitalization before the round.
    public static func defaultCapCount(_ form: Form) -> [RoundTerm] {
        form == .postMoneySafe ? RoundTerm.capitalization + [.converting] : RoundTerm.capitalization
    }

    /// `safe` or `note`.
    public var noun: String { form == .note ? "note" : "SAFE" }
}

/// The IPO ratchet of a preferred series (the form of Square's Series E in 2015): at an IPO whose
/// price is below the guaranteed value per common share as converted, the holders receive extra
/// common so that everything they hold is worth the guarantee at the IPO price.
public struct IPORatchet: Sendable, Hashable {
    /// The guarantee per preferred share, as a multiple of the original issue price (1.2 for 20 %).
    public var multiple: Ratio
    /// The most extra common the ratchet may issue, if any.
    public var capShares: Shares?

    public init(multiple: Ratio, capShares: Shares? = nil) {
        self.multiple = multiple
        self.capShares = capShares
    }
}

/// An initial public offering: a price per common share, common sold at it, and (usually) the
/// conversion of every preferred series, after its IPO ratchet.
public struct PublicOffering: Sendable, Hashable {
    public var price: Price
    /// New common sold in the offering (exempt: it triggers no clause).
    public var shares: Shares
    /// Whether every preferred series converts into common at the IPO.
    public var convertsPreferred: Bool

    /// The holder of the common sold in an offering.
    public static let buyers = "IPO investors"

    public init(price: Price, shares: Shares = .zero, convertsPreferred: Bool = true) {
        self.price = price
        self.shares = shares
        self.convertsPreferred = convertsPreferred
    }
}

/// What an IPO ratchet gave one series, for its notice.
public struct RatchetResult: Sendable, Hashable {
    public var instrumentID: String
    public var instrumentName: String
    public var preferredShares: Shares
    /// Common as converted before the ratchet.
    public var asConverted: Shares
    /// The guaranteed value: preferred shares × original issue price × multiple.
    public var guaranteed: Money
    public var multiple: Ratio
    public var ipoPrice: Price
    /// Extra common issued (after the cap), rounded down to a whole share.
    public var extraShares: Shares
    public var capped: Bool
}

/// A later closing of a round: more shares of the series its first closing issued, at that series'
/// original issue price. Within `windowDays` of the first closing it is treated as one issuance with
/// it (NVCA form), so the adjustments it causes do not compound per closing.
public struct AdditionalClosing: Sendable, Hashable {
    /// The event id of the first closing.
    public var firstClosing: String
    /// The series the first closing issued.
    public var series: String
    public var investors: [Investor]
    public var windowDays: Int
    /// Rounding of each investor's shares.
    public var shareRounding: RoundingRule

    public init(
        firstClosing: String, series: String, investors: [Investor], windowDays: Int = 90,
        shareRounding: RoundingRule = .to("1", .down)
    ) {
        self.firstClosing = firstClosing
        self.series = series
        self.investors = investors
        self.windowDays = windowDays
        self.shareRounding = shareRounding
    }
}
