public import DilutionExact

/// How a warrant or option is exercised.
public enum ExerciseMethod: Sendable, Hashable {
    /// The holder pays the exercise price in cash for every share.
    case cash
    /// Cashless: the holder receives shares worth the spread at the stated fair value.
    case net(fairValue: Price)
}

/// How much of a tranche an exercise covers.
public enum ExerciseQuantity: Sendable, Hashable {
    /// Everything outstanding.
    case all
    /// A number of shares (never more than outstanding).
    case shares(Shares)
    /// A fraction of what is outstanding, rounded down to whole shares.
    case fraction(Ratio)
}

/// The exercise of (part of) a warrant tranche or option grant.
public struct Exercise: Sendable, Hashable {
    public var instrument: String
    public var quantity: ExerciseQuantity
    public var method: ExerciseMethod
    /// Rounding of the shares issued on a net exercise.
    public var rounding: RoundingRule
    /// When set, holders exercise only if this share price is above the exercise price in effect.
    public var sharePrice: Price?
    /// When the exercise does not happen (price condition unmet), the tranche lapses instead.
    public var otherwiseExpire: Bool
    /// Whether that lapse readjusts the prices the tranche's issuance moved.
    public var readjustOnExpiry: Bool

    public init(
        instrument: String, quantity: ExerciseQuantity = .all, method: ExerciseMethod = .cash,
        rounding: RoundingRule = .to("1", .down), sharePrice: Price? = nil, otherwiseExpire: Bool = false,
        readjustOnExpiry: Bool = true
    ) {
        self.instrument = instrument
        self.quantity = quantity
        self.method = method
        self.rounding = rounding
        self.sharePrice = sharePrice
        self.otherwiseExpire = otherwiseExpire
        self.readjustOnExpiry = readjustOnExpiry
    }
}

/// A stock split, reverse split or stock dividend: every share count is multiplied by
/// `numerator / denominator` and every price by the inverse.
public struct SplitRatio: Sendable, Hashable, CustomStringConvertible {
    public var numerator: Int128
    public var denominator: Int128
    public init(numerator: Int128, denominator: Int128) {
        self.numerator = numerator
        self.denominator = denominator
    }
    public var description: String { "\(numerator):\(denominator)" }
}

/// A sale or grant of securities: new money, new common, new instruments.
public struct Issuance: Sendable, Hashable {
    /// Cash paid for everything issued.
    public var cash: Money
    /// Common issued outright.
    public var common: Shares
    /// Instruments created by this issuance (preferred series, warrant tranches, options, convertibles).
    public var instruments: [Instrument]
    /// Options granted out of the reserved pool.
    public var fromPool: Shares
    /// A round priced from a valuation: its one new preferred series' shares and price, the cash,
    /// the pool top-up and the conversion of SAFEs and notes are solved when it is applied.
    public var round: RoundPricing?
    /// Who receives the common issued outright; `nil` for the implicit holder of common ("Common").
    public var commonHolder: String?

    public init(
        cash: Money = .zero, common: Shares = .zero, instruments: [Instrument] = [], fromPool: Shares = .zero,
        round: RoundPricing? = nil, commonHolder: String? = nil
    ) {
        self.cash = cash
        self.common = common
        self.instruments = instruments
        self.fromPool = fromPool
        self.round = round
        self.commonHolder = commonHolder
    }
}

/// A sale of existing shares between holders (a secondary sale, a tender): no new shares, no cash
/// to the company; the sellers receive price × the shares each sells.
public struct Transfer: Sendable, Hashable {
    /// Who sells.
    public enum Sellers: Sendable, Hashable {
        /// These holders, these amounts.
        case listed([Holder])
        /// This many shares from every holder of the class, in proportion to their holdings.
        case proRata(Shares)
    }

    /// The class sold: an instrument id, or `Transfer.common`.
    public var instrument: String
    public var sellers: Sellers
    /// The buyers and what each receives; they add up to the shares sold.
    public var buyers: [Holder]
    /// The price per share paid to the sellers.
    public var price: Price
    /// The class the shares become in the buyers' hands (share for share); `nil` keeps the class.
    public var becomes: String?
    /// Whether the transfer counts, for the clauses, as an issuance of its shares (as converted) at its price.
    public var triggers: Bool

    /// The class name of common in a transfer.
    public static let common = "common"

    public init(
        instrument: String, sellers: Sellers, buyers: [Holder], price: Price, becomes: String? = nil,
        triggers: Bool = false
    ) {
        self.instrument = instrument
        self.sellers = sellers
        self.buyers = buyers
        self.price = price
        self.becomes = becomes
        self.triggers = triggers
    }

    /// The shares sold in all.
    public var shares: Shares {
        switch sellers {
        case .proRata(let shares): return shares
        case .listed(let holders):
            var total = Shares.zero
            for holder in holders { total = (try? total + holder.shares) ?? total }
            return total
        }
    }
}

/// A sale of the company: the price paid and what comes off it before the shareholders are paid
/// (the terms of an `exit` event, and of `DilutionWaterfall`'s `ExitTerms`).
public struct ExitSale: Sendable, Hashable {
    /// The price paid for the company, in whole cents.
    public var value: Money
    /// Debt repaid at closing, in whole cents.
    public var debt: Money
    /// Transaction costs, in whole cents.
    public var costs: Money
    /// The management carve-out: this fraction of value − debt − costs, paid before any preference.
    public var carveOut: Ratio

    public init(value: Money, debt: Money = .zero, costs: Money = .zero, carveOut: Ratio = .zero) {
        self.value = value
        self.debt = debt
        self.costs = costs
        self.carveOut = carveOut
    }
}

/// What an event does.
public enum EventAction: Sendable, Hashable {
    /// A financing or any issuance of common, options, warrants or convertibles.
    case issue(Issuance)
    /// Exercise of a warrant tranche or options.
    case exercise(Exercise)
    /// Lapse of (part of) a warrant tranche or options; `readjust` re-prices what its issuance adjusted.
    case expire(instrument: String, shares: Shares?, readjust: Bool)
    /// A split, reverse split or stock dividend.
    case split(SplitRatio, rounding: RoundingRule)
    /// Conversion of preferred into common.
    case convert(instrument: String, shares: Shares?, rounding: RoundingRule)
    /// An initial public offering: IPO ratchets, common sold, and the conversion of the preferred.
    case ipo(PublicOffering)
    /// A later closing of a round (more of the first closing's series, at its price).
    case closing(AdditionalClosing)
    /// Shares sold by holders to other holders.
    case transfer(Transfer)
    /// A sale of the company (the last event): changes no capitalization; its waterfall is
    /// evaluated on the capitalization at that point when metrics are recorded.
    case exit(ExitSale)

    /// The event type's name in scenario files and tables.
    public var typeName: String {
        switch self {
        case .issue: return "issue"
        case .exercise: return "exercise"
        case .expire: return "expire"
        case .split: return "split"
        case .convert: return "convert"
        case .ipo: return "ipo"
        case .closing: return "closing"
        case .transfer: return "transfer"
        case .exit: return "exit"
        }
    }
}

/// A dated event of a scenario.
public struct Event: Sendable, Hashable {
    /// The identifier outputs and `explain --event` use; generated from the position when absent.
    public var id: String
    public var date: CalendarDate
    public var action: EventAction
    /// Exempt issuances never trigger a clause.
    public var exempt: Bool
    /// Instruments whose holders waived their adjustment for this event.
    public var waivedBy: Set<String>
    /// The name shown in notices ("the sale of 1,478 units").
    public var description: String?
    /// The `type` the scenario file gives the event (`financing`, `grant`, …), when it was read from one.
    public var writtenType: String? = nil

    /// The event's type as tables show it: as written in the scenario (`financing`, `grant`), or
    /// the action's name for an event built in code. An exercise that the path lets lapse (its
    /// `otherwise: expire` branch) is an `expire`.
    public var typeName: String {
        if case .expire = action, writtenType == "exercise" { return "expire" }
        return writtenType ?? action.typeName
    }

    public init(
        id: String, date: CalendarDate, action: EventAction, exempt: Bool = false, waivedBy: Set<String> = [],
        description: String? = nil
    ) {
        self.id = id
        self.date = date
        self.action = action
        self.exempt = exempt
        self.waivedBy = waivedBy
        self.description = description
    }
}

/// How the adjustments of several instruments within one event see each other.
public enum CascadeMode: Sendable, Hashable {
    /// Every clause sees the snapshot taken immediately before the event (the charter reading).
    case simultaneous
    /// In the given order (instrument ids; unlisted ones follow in declaration order), each clause
    /// sees the adjustments made before it.
    case sequential([String])
    /// Adjustments that are themselves deemed issuances (a ratcheted warrant whose share count
    /// grows) feed back until nothing moves, at most `maxIterations` rounds.
    case fixedPoint(maxIterations: Int)

    /// The name used in scenario files.
    public var name: String {
        switch self {
        case .simultaneous: return "simultaneous"
        case .sequential: return "sequential"
        case .fixedPoint: return "fixed-point"
        }
    }
}

/// The capitalization before the first event and the events that follow.
public struct Scenario: Sendable, Hashable {
    public var name: String
    /// Common outstanding.
    public var common: Shares
    /// Reserved, ungranted option pool.
    public var pool: Shares
    /// Every instrument outstanding before the first event, in declaration order.
    public var instruments: [Instrument]
    public var events: [Event]
    public var cascade: CascadeMode
    /// The holders of `common`, adding up to it; empty for one implicit holder (`Scenario.commonHolderName`).
    public var commonHolders: [Holder]

    /// The name of the implicit holder of common that no holder list names.
    public static let commonHolderName = "Common"

    public init(
        name: String, common: Shares, pool: Shares = .zero, instruments: [Instrument], events: [Event],
        cascade: CascadeMode = .simultaneous, commonHolders: [Holder] = []
    ) {
        self.name = name
        self.common = common
        self.pool = pool
        self.instruments = instruments
        self.events = events
        self.cascade = cascade
        self.commonHolders = commonHolders
    }

    /// Whether the scenario names any holder: common by holder, an instrument's `holders`, an issuance's
    /// holder of common, or a transfer. Only then are holder metrics and the holders table produced.
    public var namesHolders: Bool {
        if !commonHolders.isEmpty || instruments.contains(where: { !$0.holders.isEmpty }) { return true }
        for event in events {
            switch event.action {
            case .transfer: return true
            case .issue(let issuance):
                if issuance.commonHolder != nil || issuance.instruments.contains(where: { !$0.holders.isEmpty }) {
                    return true
                }
            default: break
            }
        }
        return false
    }
}
