internal import DilutionExact
internal import DilutionModel

/// Reads the instrument lists of `capitalization` and of issuance events.
struct InstrumentDecoding {
    /// Instrument ids named by clause bases, checked once every instrument is known.
    var baseReferences: [(String, Value)] = []
    /// Where each instrument id was defined, to report duplicates.
    var definitions: [String: (kind: InstrumentKind, location: SourceLocation)] = [:]

    static let listKeys = ["preferred", "warrants", "options", "other", "safes", "notes"]

    /// Whether the preferred series being read is a round's, whose shares and prices the round sets.
    var roundSeries = false
    /// The date of the event whose instruments are being read (a note's interest starts then by default).
    var eventDate: CalendarDate? = nil
    /// The position of that event (-1 for the capitalization).
    var eventPosition = -1
    /// SAFEs and notes naming the round they convert in: checked once every event is read.
    var conversionTargets: [(id: String, round: String, value: Value, position: Int)] = []

    /// Whether share counts and prices of new instruments may be distributions (in events only).
    var allowsUncertain = false
    /// Distributions met while `allowsUncertain`: the instrument's position in the list being read,
    /// the field, the value and its key path within the instrument (`interest.rate`); the instrument
    /// holds a placeholder until the event decoder fills in the central value.
    var uncertain: [(position: Int, field: InstrumentField, value: Value, key: String)] = []
    /// Position of the instrument being read within the lists of one mapping.
    var position = 0
    /// The id of the event whose instruments are being read (paths are `EVENT.INSTRUMENT.KEY`).
    var pathPrefix = ""
    /// Paths of fixed terms a sweep varies, and every term path met.
    var variable: Set<String> = []
    var parameterPaths: [String] = []
    /// The id of the instrument being read.
    private var currentID = ""
    /// Preferred series written without a `clause` key, in file order (`validate` warns about them).
    var withoutClause: [String] = []

    /// Whether a term is uncertain (a distribution, or varied by a sweep); records its path
    /// (`EVENT.INSTRUMENT.KEY`, where `key` defaults to the value's own key).
    mutating func isUncertain(_ value: Value, key: String? = nil) -> Bool {
        guard allowsUncertain else { return false }
        let path = "\(pathPrefix).\(currentID).\(key ?? value.keyName)"
        parameterPaths.append(path)
        return value.isDistribution || variable.contains(path)
    }

    /// Records `value` as an uncertain term of the instrument being read when it is one.
    mutating func drawn(_ value: Value, _ field: InstrumentField, key: String? = nil) -> Bool {
        guard isUncertain(value, key: key) else { return false }
        uncertain.append((position, field, value, key ?? value.keyName))
        return true
    }

    /// A share count or price that may be a distribution.
    mutating func shares(_ value: Value, _ field: InstrumentField, in context: String) throws(ScenarioError) -> Shares {
        if drawn(value, field) { return Shares(1) }
        return try value.shares(in: context)
    }

    mutating func price(_ value: Value, _ field: InstrumentField, in context: String) throws(ScenarioError) -> Price {
        if drawn(value, field) { return Price(1) }
        return try value.price(in: context)
    }

    mutating func stated(_ value: Value, in context: String) throws(ScenarioError) -> Money {
        if drawn(value, .statedValue) { return Money(1) }
        return try value.money(in: context, allowZero: false)
    }

    /// Reads every instrument list present in `map` (preferred, warrants, options, other).
    mutating func lists(in map: inout MappingReader) throws(ScenarioError) -> [Instrument] {
        var instruments: [Instrument] = []
        if let list = map.optional("preferred") {
            for item in try list.sequence() {
                position = instruments.count
                instruments.append(try preferred(item))
            }
        }
        if let list = map.optional("warrants") {
            for item in try list.sequence() {
                position = instruments.count
                instruments.append(try exercisable(item, kind: .warrant))
            }
        }
        if let list = map.optional("options") {
            for item in try list.sequence() {
                position = instruments.count
                instruments.append(try exercisable(item, kind: .option))
            }
        }
        if let list = map.optional("other") {
            for item in try list.sequence() {
                position = instruments.count
                instruments.append(try other(item))
            }
        }
        if let list = map.optional("safes") {
            for item in try list.sequence() {
                position = instruments.count
                instruments.append(try convertible(item, note: false))
            }
        }
        if let list = map.optional("notes") {
            for item in try list.sequence() {
                position = instruments.count
                instruments.append(try convertible(item, note: true))
            }
        }
        return instruments
    }

    mutating func identify(_ map: inout MappingReader, noun: String, kind: InstrumentKind) throws(ScenarioError)
        -> (id: String, name: String)
    {
        let idValue = try map.required("id")
        let id = try idValue.identifier()
        if let earlier = definitions[id] {
            throw idValue.error("the id '\(id)' is already used by the \(earlier.kind.noun) defined at line "
                + "\(earlier.location.line), column \(earlier.location.column); instrument ids must be unique")
        }
        definitions[id] = (kind, idValue.location)
        currentID = id
        map.context = "\(noun) '\(id)'"
        let name = try map.optional("name")?.string() ?? id
        return (id, name)
    }

    mutating func preferred(_ item: Value) throws(ScenarioError) -> Instrument {
        var map = try item.mapping(context: "preferred series")
        let (id, name) = try identify(&map, noun: "preferred series", kind: .preferred(statedValue: .zero))
        let allowed = [
            "id", "name", "shares", "stated-value", "original-issue-price", "conversion-price", "clause", "liquidation",
            "ipo-ratchet", "holders",
        ]
        try map.rejectUnknownKeys(allowing: allowed)
        let context = map.context
        // A round's one new series: its shares, original issue price and conversion price are the round's, on
        // every path, so they are not written (placeholders here); the other keys read as for any series.
        if roundSeries {
            for key in Self.roundSetKeys {
                if let value = map.optional(key) {
                    throw value.error("'\(key)' in \(context) is set by the round's valuation; leave it out")
                }
            }
        }
        var shares = Shares(1)
        var holders: [Holder] = []
        var stated = Money(1)
        var price = Price(1)
        if !roundSeries {
            let drawn = uncertain.count
            shares = try self.shares(try map.required("shares"), .shares, in: context)
            holders = try self.holders(&map, shares: shares, drawn: uncertain.count > drawn, of: context, noun: "series")
            if let value = map.optional("stated-value") {
                stated = try self.stated(value, in: context)
                if let other = map.optional("original-issue-price") {
                    throw other.error("give either 'stated-value' or 'original-issue-price' in \(context), not both")
                }
            } else if let value = map.optional("original-issue-price") {
                stated = try self.stated(value, in: context)
            } else {
                throw map.error("missing key 'stated-value' (or 'original-issue-price') in \(context)")
            }
            price = try self.price(try map.required("conversion-price"), .price, in: context)
        }
        let terms = try preferredTerms(&map, id: id)
        try map.finish(allowing: allowed)
        var instrument = Instrument(
            id: id, name: name, kind: .preferred(statedValue: stated), shares: shares, price: price,
            clause: terms.clause, holders: holders, liquidation: terms.liquidation)
        instrument.ipoRatchet = terms.ratchet
        return instrument
    }

    /// The keys of a preferred series that a round priced from a valuation sets (its investors and the holders
    /// of what converts in it hold the series).
    static let roundSetKeys = ["shares", "stated-value", "original-issue-price", "conversion-price", "holders"]

    mutating func exercisable(_ item: Value, kind: InstrumentKind) throws(ScenarioError) -> Instrument {
        let noun = kind == .warrant ? "warrant tranche" : "option grant"
        var map = try item.mapping(context: noun)
        let (id, name) = try identify(&map, noun: noun, kind: kind)
        try map.rejectUnknownKeys(
            allowing: ["id", "name", "shares", "exercise-price", "expires", "holders"]
                + (kind == .warrant ? ["clause"] : []))
        let context = map.context
        let drawn = uncertain.count
        let shares = try self.shares(try map.required("shares"), .shares, in: context)
        let sharesDrawn = uncertain.count > drawn
        let price = try self.price(try map.required("exercise-price"), .price, in: context)
        let expires = try map.optional("expires")?.date()
        var clause = Clause.none
        var allowed = ["id", "name", "shares", "exercise-price", "expires", "holders"]
        if kind == .warrant {
            allowed += ["clause"]
            if let value = map.optional("clause") {
                clause = try ClauseDecoding.decode(value, owner: context, references: &baseReferences)
            }
        }
        let holders = try self.holders(
            &map, shares: shares, drawn: sharesDrawn, of: context, noun: kind == .warrant ? "tranche" : "grant")
        try map.finish(allowing: allowed)
        return Instrument(
            id: id, name: name, kind: kind, shares: shares, price: price, clause: clause, expires: expires,
            holders: holders)
    }

    mutating func other(_ item: Value) throws(ScenarioError) -> Instrument {
        var map = try item.mapping(context: "other security")
        let (id, name) = try identify(&map, noun: "other security", kind: .other)
        try map.rejectUnknownKeys(allowing: ["id", "name", "shares", "minimum-payment", "holders"])
        let context = map.context
        let drawn = uncertain.count
        let shares = try self.shares(try map.required("shares"), .shares, in: context)
        let holders = try self.holders(&map, shares: shares, drawn: uncertain.count > drawn, of: context, noun: "security")
        let payment = try map.optional("minimum-payment")?.money(in: context) ?? .zero
        try map.finish(allowing: ["id", "name", "shares", "minimum-payment", "holders"])
        return Instrument(id: id, name: name, kind: .other, shares: shares, holders: holders, minimumPayment: payment)
    }

    /// `holders`, when written: they must add up to the instrument's shares, unless those are drawn per path
    /// (then the holders' shares are their proportions, and the engine splits each path's count by them).
    func holders(_ map: inout MappingReader, shares: Shares, drawn: Bool, of owner: String, noun: String)
        throws(ScenarioError) -> [Holder]
    {
        guard let list = map.optional("holders") else { return [] }
        let holders = try HolderDecoding.list(list, of: owner)
        if !drawn { try HolderDecoding.check(holders, at: list, add: shares, of: owner, noun: noun) }
        return holders
    }
}

extension InstrumentKind {
    /// What messages call an instrument of this kind: "preferred series", "warrant tranche"…
    var noun: String {
        switch self {
        case .preferred: return "preferred series"
        case .warrant: return "warrant tranche"
        case .option: return "option grant"
        case .other: return "other security"
        case .convertible(let terms): return terms.form == .note ? "convertible note" : "SAFE"
        }
    }

    /// The noun with its article: "a preferred series", "an option grant".
    var nounWithArticle: String {
        switch self {
        case .option, .other: return "an \(noun)"
        case .preferred, .warrant, .convertible: return "a \(noun)"
        }
    }
}
