public import DilutionExact

/// What a preferred series takes at a liquidation or sale before (or instead of) sharing with
/// common: a preference, a participation right and a seniority rank.
///
/// A series without terms (`Instrument.liquidation == nil`) has no preference: at an exit it
/// shares with common as converted.
public struct LiquidationTerms: Sendable, Hashable {
    /// Whether, after its preference, the series also shares in what is left with common.
    public enum Participation: Sendable, Hashable {
        /// Non-participating: the preference, or conversion to common, whichever pays more.
        case none
        /// Fully participating: the preference, then its as-converted share of the rest.
        case full
        /// Participating until the series has received `multiple` × its original issue price per
        /// share in all (preference included).
        case capped(multiple: Ratio)
    }

    /// The preference per share, as a multiple of the original issue price (1 for "1×").
    public var multiple: Ratio
    public var participation: Participation
    /// The rank: 1 is paid first; series of the same rank are paid pari passu.
    public var seniority: Int
    /// The original issue price per share the multiples apply to; `nil` for the series' stated
    /// value.
    public var issuePrice: Money?
    /// Dividends on the issue price, added to the preference when cumulative.
    public var dividends: Dividends?

    public init(
        multiple: Ratio = .one,
        participation: Participation = .none,
        seniority: Int = 1,
        issuePrice: Money? = nil,
        dividends: Dividends? = nil
    ) {
        self.multiple = multiple
        self.participation = participation
        self.seniority = seniority
        self.issuePrice = issuePrice
        self.dividends = dividends
    }
}

/// A preferred dividend: a yearly rate on the original issue price, from a date.
public struct Dividends: Sendable, Hashable {
    /// How accrued dividends grow.
    public enum Compounding: String, Sendable, Hashable, CaseIterable {
        /// rate × issue price × days ÷ 365.
        case simple
        /// Compounded on each anniversary of `from`; simple for the days since the last one.
        case compound
    }

    /// The yearly rate (0.08 for 8 %).
    public var rate: Ratio
    public var compounding: Compounding
    /// The day dividends start to accrue.
    public var from: CalendarDate
    /// Cumulative dividends accrue and are owed with the preference; non-cumulative ones are owed
    /// only when declared, so nothing is added at an exit.
    public var cumulative: Bool

    public init(rate: Ratio, compounding: Compounding = .simple, from: CalendarDate, cumulative: Bool = true) {
        self.rate = rate
        self.compounding = compounding
        self.from = from
        self.cumulative = cumulative
    }
}
