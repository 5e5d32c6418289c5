public import DilutionExact

/// The capitalization at one moment: common, the option pool, every instrument and the cash
/// raised so far.
public struct CapTable: Sendable, Hashable {
    public var common: Shares
    public var pool: Shares
    /// Instruments in declaration order; new ones are appended when issued.
    public var instruments: [Instrument]
    /// Cash received by the company from issuances and cash exercises since the first event.
    public var cashRaised: Money
    /// Prices computed but not put in effect because the change was below a clause's minimum,
    /// carried forward into the next computation (indexed like `instruments`).
    public var carriedPrices: [Price?]
    /// Common issued so far on exercise or conversion of each instrument (indexed like
    /// `instruments`): what its holders now hold as common.
    public var issuedOnExercise: [Shares]
    /// Every holder by name, implicit ones included: the common held, the shares as converted over every
    /// class, and the cash received from transfers (filled in by the engine; empty for a table made by hand).
    public var holders: [HolderPosition] = []

    public init(common: Shares, pool: Shares = .zero, instruments: [Instrument], cashRaised: Money = .zero) {
        self.common = common
        self.pool = pool
        self.instruments = instruments
        self.cashRaised = cashRaised
        self.carriedPrices = Array(repeating: nil, count: instruments.count)
        self.issuedOnExercise = Array(repeating: .zero, count: instruments.count)
    }

    /// The position of the instrument with this id.
    public func index(of id: String) -> Int? {
        instruments.firstIndex { $0.id == id }
    }

    /// The instrument with this id.
    public func instrument(_ id: String) -> Instrument? {
        index(of: id).map { instruments[$0] }
    }

    mutating func append(_ instrument: Instrument) {
        instruments.append(instrument)
        carriedPrices.append(nil)
        issuedOnExercise.append(.zero)
    }

    /// A's components for a base composition, one line per security counted.
    public func baseComponents(_ composition: BaseComposition) throws(ArithmeticError) -> [Component<Shares>] {
        var lines: [Component<Shares>] = []
        for term in composition.terms {
            switch term {
            case .common:
                lines.append(Component(.commonOutstanding, value: common, term: term))
            case .pool:
                lines.append(Component(.pool, value: pool, term: term))
            case .allPreferred, .preferred, .options, .allWarrants, .warrant, .allOther, .other:
                for instrument in instruments where Self.term(term, counts: instrument) {
                    let value = try instrument.commonAsConverted()
                    lines.append(Component(Self.baseRole(instrument), value: value, term: term))
                }
            }
        }
        return lines
    }

    static func term(_ term: BaseTerm, counts instrument: Instrument) -> Bool {
        switch (term, instrument.kind) {
        case (.allPreferred, .preferred), (.options, .option), (.allWarrants, .warrant), (.allOther, .other):
            return true
        case (.preferred(let id), .preferred), (.warrant(let id), .warrant), (.other(let id), .other):
            return instrument.id == id
        default:
            return false
        }
    }

    static func baseRole(_ instrument: Instrument) -> ComponentRole {
        switch instrument.kind {
        case .preferred: return .asConverted(instrument.name)
        case .warrant, .option: return .issuableOnExercise(instrument.name)
        case .other, .convertible: return .underlying(instrument.name)
        }
    }

    /// Total fully diluted shares: common, every instrument as converted, and the ungranted pool.
    public func fullyDiluted() throws(ArithmeticError) -> Shares {
        var total = try common + pool
        for instrument in instruments {
            total = try total + instrument.commonAsConverted()
        }
        return total
    }
}

/// What a part of A, B, C or the consideration is. The engine records the role; the words are
/// made only when a notice shows them, so a Monte Carlo path never builds a string.
public enum ComponentRole: Sendable, Hashable {
    case commonOutstanding
    case pool
    case asConverted(String)
    case issuableOnExercise(String)
    case issuableOnConversion(String)
    case underlying(String)
    case commonIssued
    case cashPaid
    case payableOnExercise(String)
    case payableOnConversion(String)
    case additionalAfterRepricing(String)
    case payableForAdditional(String)
    case paidToSellers
    case transferred(String)

    /// The words a notice uses.
    public var label: String {
        switch self {
        case .commonOutstanding: return "common outstanding"
        case .pool: return "reserved, ungranted option pool"
        case .asConverted(let name): return "\(name) as converted"
        case .issuableOnExercise(let name): return "common issuable on exercise of \(name)"
        case .issuableOnConversion(let name): return "common issuable on conversion of \(name)"
        case .underlying(let name): return "shares underlying \(name)"
        case .commonIssued: return "common issued"
        case .cashPaid: return "cash paid"
        case .payableOnExercise(let name): return "payable on exercise of \(name)"
        case .payableOnConversion(let name): return "payable on conversion of \(name)"
        case .additionalAfterRepricing(let name): return "additional common issuable on exercise of \(name) after its repricing"
        case .payableForAdditional(let name): return "payable on exercise of those additional shares of \(name)"
        case .paidToSellers: return "paid to the selling holders"
        case .transferred(let name): return "shares of \(name) transferred (as converted), counted as issued"
        }
    }
}

/// A named part of a sum, as notices show them ("2,101,345 common outstanding").
public struct Component<Value: FixedPointQuantity>: Sendable, Hashable {
    public var role: ComponentRole
    public var value: Value
    /// The base term that brought this line in, when it is part of A.
    public var term: BaseTerm?

    public init(_ role: ComponentRole, value: Value, term: BaseTerm? = nil) {
        self.role = role
        self.value = value
        self.term = term
    }

    /// The words a notice uses for this part.
    public var label: String { role.label }
}

extension Array {
    /// The checked sum of the components' values.
    public func total<V>() throws(ArithmeticError) -> V where Element == Component<V> {
        var sum = V.zero
        for component in self { sum = try sum + component.value }
        return sum
    }
}

/// One holder's position at a moment: the common they hold, everything they hold as converted, and the
/// cash they received from transfers.
public struct HolderPosition: Sendable, Hashable {
    public var name: String
    /// Common held.
    public var common: Shares
    /// Common held plus their part of every instrument as converted (the numerator of their fully diluted ownership).
    public var asConverted: Shares
    /// Cash received for shares sold in transfers.
    public var cash: Money

    public init(name: String, common: Shares, asConverted: Shares, cash: Money) {
        self.name = name
        self.common = common
        self.asConverted = asConverted
        self.cash = cash
    }
}
