public import DilutionExact

/// What an instrument is, with the data only that kind has.
public enum InstrumentKind: Sendable, Hashable {
    /// Convertible preferred stock: shares outstanding convert at stated value ÷ conversion price.
    case preferred(statedValue: Money)
    /// A warrant tranche: `shares` is the common issuable on exercise.
    case warrant
    /// Options granted under the plan: `shares` is the common issuable on exercise.
    case option
    /// A named "other security": `shares` is the common underlying it.
    case other
    /// A SAFE or a convertible note: no shares until it converts in a priced round (then it is gone
    /// and its holders hold shares of the round's series).
    case convertible(ConvertibleTerms)

    /// A short name for tables: preferred, warrant, option, other.
    public var label: String {
        switch self {
        case .preferred: return "preferred"
        case .warrant: return "warrant"
        case .option: return "option"
        case .other: return "other"
        case .convertible(let terms): return terms.form == .note ? "note" : "safe"
        }
    }
}

/// One holder's part of an instrument (or of common): a person or fund by name and the shares they hold.
/// Holders are the one mechanism of ownership by person; a warrant's scaled share count is rounded per holder.
public struct Holder: Sendable, Hashable {
    public var name: String
    public var shares: Shares
    public init(name: String, shares: Shares) {
        self.name = name
        self.shares = shares
    }
}

/// A security that is, or converts into, common: a preferred series, a warrant tranche, options,
/// or another security.
public struct Instrument: Sendable, Hashable {
    /// The identifier used by events, bases and outputs.
    public var id: String
    /// The name shown to people ("Series 2-A Convertible Preferred").
    public var name: String
    public var kind: InstrumentKind
    /// Preferred: shares outstanding. Warrants, options, other: common issuable.
    public var shares: Shares
    /// Preferred: conversion price. Warrants and options: exercise price. Other: `nil`.
    public var price: Price?
    /// The anti-dilution clause protecting this instrument.
    public var clause: Clause
    /// Warrants and options: the day they lapse.
    public var expires: CalendarDate?
    /// The holders, adding up to `shares`; empty for one implicit holder named by `name`.
    public var holders: [Holder]
    /// Other securities: the minimum still payable to obtain the underlying common.
    public var minimumPayment: Money
    /// Preferred: its liquidation preference, participation and seniority; `nil` for none (it
    /// shares with common as converted at an exit).
    public var liquidation: LiquidationTerms?
    /// Preferred: the extra common it receives at an IPO priced below its guarantee, if any.
    public var ipoRatchet: IPORatchet? = nil

    public init(
        id: String, name: String? = nil, kind: InstrumentKind, shares: Shares, price: Price? = nil,
        clause: Clause = .none, expires: CalendarDate? = nil, holders: [Holder] = [], minimumPayment: Money = .zero,
        liquidation: LiquidationTerms? = nil
    ) {
        self.id = id
        self.name = name ?? id
        self.kind = kind
        self.shares = shares
        self.price = price
        self.clause = clause
        self.expires = expires
        self.holders = holders
        self.minimumPayment = minimumPayment
        self.liquidation = liquidation
    }

    /// Whether this is a preferred series.
    public var isPreferred: Bool {
        if case .preferred = kind { return true }
        return false
    }

    /// The terms of a SAFE or note, `nil` for other kinds.
    public var convertible: ConvertibleTerms? {
        if case .convertible(let terms) = kind { return terms }
        return nil
    }

    /// The stated value of a preferred share, `nil` for other kinds.
    public var statedValue: Money? {
        if case .preferred(let value) = kind { return value }
        return nil
    }

    /// Common issuable on conversion or exercise of everything outstanding (exact).
    public func commonAsConverted() throws(ArithmeticError) -> Shares {
        switch kind {
        case .preferred(let statedValue):
            guard let price, price.isPositive else { return .zero }
            return try Exact.asConverted(shares, statedValue: statedValue, price: price)
        case .warrant, .option, .other:
            return shares
        case .convertible:
            return .zero
        }
    }

    /// The minimum payment due to obtain all the common this instrument is exercisable or
    /// convertible into: exercise price × shares for warrants and options.
    public func minimumExercisePayment() throws(ArithmeticError) -> Money {
        switch kind {
        case .warrant, .option:
            return try Exact.value(of: shares, at: price ?? .zero)
        case .other:
            return minimumPayment
        case .preferred, .convertible:
            return minimumPayment
        }
    }
}
