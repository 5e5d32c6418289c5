public import DilutionExact

/// One term of a weighted-average base "A": a class of securities counted as common.
public enum BaseTerm: Sendable, Hashable, CustomStringConvertible {
    /// Common stock outstanding.
    case common
    /// Every preferred series, as converted.
    case allPreferred
    /// One preferred series, as converted.
    case preferred(String)
    /// Options granted and outstanding (common issuable on exercise).
    case options
    /// The reserved but ungranted option pool.
    case pool
    /// Every warrant tranche (common issuable on exercise).
    case allWarrants
    /// One warrant tranche.
    case warrant(String)
    /// Every named "other security".
    case allOther
    /// One named other security.
    case other(String)

    public var description: String {
        switch self {
        case .common: return "common"
        case .allPreferred: return "preferred"
        case .preferred(let id): return "preferred:\(id)"
        case .options: return "options"
        case .pool: return "pool"
        case .allWarrants: return "warrants"
        case .warrant(let id): return "warrant:\(id)"
        case .allOther: return "other"
        case .other(let id): return "other:\(id)"
        }
    }
}

/// The composition of A, the shares deemed outstanding immediately before an issuance.
public enum BaseComposition: Sendable, Hashable {
    /// Common plus every convertible, option and warrant outstanding (and named other securities).
    case broad
    /// Common plus preferred as converted.
    case narrow
    /// An explicit list of terms.
    case terms([BaseTerm])

    /// The terms this composition counts, in the order a notice lists them.
    public var terms: [BaseTerm] {
        switch self {
        case .broad: return [.common, .allPreferred, .options, .allWarrants, .allOther]
        case .narrow: return [.common, .allPreferred]
        case .terms(let list): return list
        }
    }
}

/// Which issuance prices set a clause off.
public enum Trigger: String, Sendable, Hashable {
    /// Only an effective price strictly below the price in effect (the usual charter wording).
    case below
    /// An effective price at or below the price in effect.
    case atOrBelow = "at-or-below"
}

/// The formula of an anti-dilution clause.
public enum ClauseFormula: Sendable, Hashable {
    /// `CP2 = CP1 × (A + B) / (A + C)` with A's composition explicit.
    case weightedAverage(BaseComposition)
    /// `CP2 = min(CP1, effective price)`.
    case fullRatchet
    /// No price protection.
    case none
}

/// An anti-dilution clause with every rounding and limit explicit.
public struct Clause: Sendable, Hashable {
    /// The formula.
    public var formula: ClauseFormula
    /// Rounding of the new price (default: exact, i.e. the engine's 10⁻¹² dollar resolution).
    public var priceRounding: RoundingRule = .exact
    /// Rounding of B, the shares the consideration would buy at CP1 (step in shares).
    public var considerationSharesRounding: RoundingRule = .exact
    /// Rounding of the conversion rate shown to holders (display only; the engine keeps the price).
    public var rateRounding: RoundingRule = .exact
    /// A price the clause never goes below (par value, for example).
    public var floor: Price?
    /// Changes smaller than this are not made but carried forward into the next computation.
    public var minimumChange: Price?
    /// The last day the clause applies; events after it trigger nothing.
    public var sunset: CalendarDate?
    /// Strictly below (default) or at-or-below.
    public var trigger: Trigger = .below
    /// An adjustment never raises the price (default true).
    public var neverUpward: Bool = true
    /// Price counted for an issuance for no consideration under a full ratchet.
    public var noConsiderationPrice: Price = Price("0.01")
    /// For warrants: scale the share count so the aggregate exercise price stays the same.
    public var scalesShares: Bool = false
    /// Rounding of a scaled warrant share count (per holder when holders are listed).
    public var shareRounding: RoundingRule = .to("1", .down)

    public init(_ formula: ClauseFormula) {
        self.formula = formula
    }

    /// No protection.
    public static let none = Clause(.none)

    /// Whether the clause can adjust anything at all.
    public var isActive: Bool {
        if case .none = formula { return false }
        return true
    }
}
