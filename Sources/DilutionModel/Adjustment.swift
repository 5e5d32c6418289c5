public import DilutionExact

/// Why an adjustment happened.
public enum AdjustmentCause: Sendable, Hashable {
    /// The event's own issuance.
    case issuance
    /// A deemed issuance produced by another instrument's adjustment (fixed-point cascades),
    /// in the given round (1 is the first feedback round).
    case feedback(round: Int)
    /// The lapse of an instrument whose issuance had adjusted this one.
    case readjustment(expired: String)
    /// A later closing of a round within its window: recomputed as one issuance with the first closing.
    case closing(first: String)
}

/// One instrument's adjustment by one event, with every number a notice of adjustment shows.
public struct Adjustment: Sendable, Hashable {
    public var eventIndex: Int
    public var eventID: String
    public var instrumentID: String
    public var instrumentName: String
    public var formula: ClauseFormula
    public var cause: AdjustmentCause
    /// The price in effect immediately before.
    public var priceBefore: Price
    /// The price the formula started from (differs from `priceBefore` when a change below the
    /// minimum was carried forward).
    public var formulaPrice: Price
    /// The formula's result after the clause's price rounding.
    public var computedPrice: Price
    /// The price in effect after the floor, the never-upward rule and the minimum change.
    public var priceAfter: Price
    /// A, term by term (weighted average only).
    public var base: [Component<Shares>]
    /// The consideration counted, part by part.
    public var consideration: [Component<Money>]
    /// B before rounding (at the engine's resolution).
    public var considerationSharesExact: Shares
    /// B as the clause rounds it.
    public var considerationShares: Shares
    /// C, part by part.
    public var additional: [Component<Shares>]
    /// Consideration ÷ C: the effective price of the issuance.
    public var effectivePrice: Price
    /// The conversion rate (common per preferred share) before and after, rounded as the clause
    /// shows it; `nil` for warrants.
    public var rateBefore: Ratio?
    public var rateAfter: Ratio?
    /// Warrants whose share count scales: the count before and after.
    public var sharesBefore: Shares?
    public var sharesAfter: Shares?
    /// Plain-language remarks: floor applied, change carried forward, readjustment cap.
    public var notes: [String]
    /// The floor, when the formula's result fell below it and the floor was applied.
    public var floor: Price? = nil

    /// A, the shares deemed outstanding immediately before.
    public var baseTotal: Shares { (try? base.total()) ?? .zero }
    /// The total consideration.
    public var considerationTotal: Money { (try? consideration.total()) ?? .zero }
    /// C, the additional shares issued or deemed issued.
    public var additionalTotal: Shares { (try? additional.total()) ?? .zero }
    /// A + B.
    public var numerator: Shares { (try? baseTotal + considerationShares) ?? .zero }
    /// A + C.
    public var denominator: Shares { (try? baseTotal + additionalTotal) ?? .zero }
    /// Whether this re-prices after a lapse rather than on an issuance.
    public var isReadjustment: Bool {
        if case .readjustment = cause { return true }
        return false
    }
    /// Whether the price in effect changed.
    public var changedPrice: Bool { priceAfter != priceBefore }
}

/// A protected instrument an issuance did not adjust, and why: a holder's notice that nothing
/// changed is also a notice.
public struct NonAdjustment: Sendable, Hashable {
    /// Why the clause did not move the price.
    public enum Reason: Sendable, Hashable {
        /// The effective price of the issuance is not below the price in effect (`atOrBelow`: the
        /// clause also fires at equality, so the effective price is above it).
        case notBelow(effective: Price, atOrBelow: Bool)
        /// The issuance adds no common, issued or deemed issued.
        case noAdditionalShares
        /// The event is marked exempt.
        case exempt
        /// The instrument's holders waived their adjustment for this event.
        case waived
        /// The event is dated after the clause's sunset.
        case afterSunset(CalendarDate)
    }

    public var instrumentID: String
    public var instrumentName: String
    /// The price in effect, unchanged.
    public var price: Price
    public var reason: Reason
    /// The issuance's consideration and additional common (C), as the trigger test counted them.
    public var consideration: Money
    public var additional: Shares

    public init(
        instrumentID: String, instrumentName: String, price: Price, reason: Reason, consideration: Money,
        additional: Shares
    ) {
        self.instrumentID = instrumentID
        self.instrumentName = instrumentName
        self.price = price
        self.reason = reason
        self.consideration = consideration
        self.additional = additional
    }
}
