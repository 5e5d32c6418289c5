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

    public init(common: Shares, pool: Shares = .zero, instruments: [Instrument], cashRaised: Money = .zero) {
        self.common = common
        self.pool = pool
        self.instruments = instruments
        self.cashRaised = cashRaised
        self.carriedPrices = Array(repeating: nil, count: instruments.count)
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
    }

    /// A's components for a base composition, one line per security counted.
    public func baseComponents(_ composition: BaseComposition) throws(ArithmeticError) -> [Component<Shares>] {
        var lines: [Component<Shares>] = []
        for term in composition.terms {
            switch term {
            case .common:
                lines.append(Component(label: "common outstanding", value: common, term: term))
            case .pool:
                lines.append(Component(label: "reserved, ungranted option pool", value: pool, term: term))
            case .allPreferred, .preferred, .options, .allWarrants, .warrant, .allOther, .other:
                for instrument in instruments where Self.term(term, counts: instrument) {
                    let value = try instrument.commonAsConverted()
                    lines.append(Component(label: Self.baseLabel(instrument), value: value, term: term))
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

    static func baseLabel(_ instrument: Instrument) -> String {
        switch instrument.kind {
        case .preferred: return "\(instrument.name) as converted"
        case .warrant: return "common issuable on exercise of \(instrument.name)"
        case .option: return "common issuable on exercise of \(instrument.name)"
        case .other: return "shares underlying \(instrument.name)"
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

/// A named part of a sum, as notices show them ("2,101,345 common outstanding").
public struct Component<Value: FixedPointQuantity>: Sendable, Hashable {
    public var label: String
    public var value: Value
    /// The base term that brought this line in, when it is part of A.
    public var term: BaseTerm?

    public init(label: String, value: Value, term: BaseTerm? = nil) {
        self.label = label
        self.value = value
        self.term = term
    }
}

extension Array {
    /// The checked sum of the components' values.
    public func total<V>() throws(ArithmeticError) -> V where Element == Component<V> {
        var sum = V.zero
        for component in self { sum = try sum + component.value }
        return sum
    }
}
