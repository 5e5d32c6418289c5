internal import DilutionExact
internal import DilutionModel

/// SAFEs, convertible notes and the preferred series a priced round creates.
///
/// ```yaml
/// safes:
///   - id: safe-angels
///     amount: 2000000
///     form: post-money          # post-money (YC, default) or pre-money
///     cap: 10000000             # a valuation cap, a discount, or both
///     discount: 20%
///     mfn: false
///     converts-in: series-a     # the round's event id (default: the next round priced from a valuation)
/// notes:
///   - id: bridge-note
///     principal: 1000000
///     interest: {rate: 10%, compounding: simple, day-count: actual/365}
///     issued: 2024-01-15        # default: the date of the event that issues it
///     cap: 8000000
///     discount: 20%
/// ```
extension InstrumentDecoding {
    static let safeKeys = [
        "id", "name", "holder", "amount", "form", "cap", "discount", "mfn", "converts-in", "cap-count", "seniority",
    ]
    static let noteKeys = [
        "id", "name", "holder", "principal", "interest", "issued", "cap", "discount", "mfn", "converts-in", "cap-count",
        "seniority",
    ]
    /// Terms a round's count may name besides the classes of the capitalization.
    static let roundOnlyTerms = ["top-up", "converting", "new-money"]

    mutating func convertible(_ item: Value, note: Bool) throws(ScenarioError) -> Instrument {
        let noun = note ? "convertible note" : "SAFE"
        var map = try item.mapping(context: noun)
        let placeholder = ConvertibleTerms(form: note ? .note : .postMoneySafe, amount: .zero)
        let (id, name) = try identify(&map, noun: noun, kind: .convertible(placeholder))
        let allowed = note ? Self.noteKeys : Self.safeKeys
        try map.rejectUnknownKeys(allowing: allowed)
        let context = map.context
        var form = ConvertibleTerms.Form.note
        if !note {
            form = .postMoneySafe
            if let value = map.optional("form") {
                form = try value.enumeration(allowed: ["post-money", "pre-money"]) == "pre-money"
                    ? .preMoneySafe : .postMoneySafe
            }
        }
        let amount = try map.required(note ? "principal" : "amount").money(in: context, allowZero: false)
        // The cap, the discount and a note's interest rate may be distributions or sweep axes (in events):
        // placeholders until the event decoder fills in their central values.
        var cap: Money? = nil
        var capDrawn = false
        if let value = map.optional("cap") {
            capDrawn = drawn(value, .cap)
            cap = capDrawn ? Money(1) : try value.money(in: context, allowZero: false)
        }
        var discount: Ratio? = nil
        if let value = map.optional("discount") {
            discount = drawn(value, .discount) ? Ratio.zero : try Self.discount(value, context: context)
        }
        if form == .postMoneySafe, let cap, amount >= cap, !capDrawn, let value = map.optional("cap") {
            throw value.error("the cap of \(context) ($\(cap)) must be more than its amount ($\(amount)): a post-money "
                + "SAFE owns amount ÷ cap of the company")
        }
        let mfn = try map.optional("mfn")?.bool() ?? false
        let convertsInValue = map.optional("converts-in")
        let convertsIn = try convertsInValue?.identifier()
        if let convertsIn, let convertsInValue {
            conversionTargets.append((id, convertsIn, convertsInValue, eventPosition))
        }
        var capCount: [RoundTerm]? = nil
        if let value = map.optional("cap-count") {
            guard cap != nil else { throw value.error("'cap-count' in \(context) applies only with a 'cap'") }
            capCount = try Self.roundTerms(value, context: context, references: &baseReferences, allowsNewMoney: false)
        }
        var interest: NoteInterest? = nil
        var issued: CalendarDate? = nil
        if note {
            if let value = map.optional("interest") { interest = try self.interest(value, context: context) }
            issued = try map.optional("issued")?.date() ?? eventDate
            if interest != nil, issued == nil {
                throw map.error("missing key 'issued' in \(context): interest accrues from the note's issue date")
            }
        }
        let holder = try map.optional("holder")?.string()
        var seniority: Int? = nil
        if let value = map.optional("seniority") {
            let rank = try value.integer()
            if rank < 1 {
                throw value.error("'seniority' in \(context) must be a whole number from 1 (the rank paid first), not "
                    + "\(rank)")
            }
            seniority = rank
        }
        try map.finish(allowing: allowed)
        var terms = ConvertibleTerms(
            form: form, amount: amount, cap: cap, discount: discount, mfn: mfn, convertsIn: convertsIn,
            capCount: capCount, interest: interest, issued: issued)
        terms.holder = holder
        terms.seniority = seniority
        definitions[id] = (.convertible(terms), definitions[id]?.location ?? map.location)
        return Instrument(id: id, name: name, kind: .convertible(terms), shares: .zero)
    }

    /// A fixed discount: at least 0 and less than 100 %, within a rate's decimal places.
    static func discount(_ value: Value, context: String) throws(ScenarioError) -> Ratio {
        let decimal = try value.decimal()
        if decimal.isNegative || decimal >= DecimalNumber(1) {
            throw value.error("'discount' in \(context) must be at least 0 and less than 100 %, not \(decimal)")
        }
        guard let ratio = try? Ratio(exactly: decimal) else {
            throw value.error("'discount' in \(context) has more decimal places than a rate carries "
                + "(\(Ratio.decimals)): \(decimal)")
        }
        return ratio
    }

    /// `{rate: 10%, compounding: simple, day-count: actual/365}`; the rate may be a distribution or a
    /// sweep axis (path `EVENT.NOTE.interest.rate`).
    mutating func interest(_ value: Value, context: String) throws(ScenarioError) -> NoteInterest {
        let owner = "the interest of \(context)"
        var map = try value.mapping(context: owner)
        let rateValue = try map.required("rate")
        var ratio = Ratio.zero
        if !drawn(rateValue, .interestRate, key: "interest.rate") {
            let rate = try rateValue.decimal()
            if rate.isNegative {
                throw rateValue.error("'rate' in \(owner) must be zero or more, not \(rate)")
            }
            guard let exact = try? Ratio(exactly: rate) else {
                throw rateValue.error("'rate' in \(owner) has more decimal places than a rate carries "
                    + "(\(Ratio.decimals)): \(rate)")
            }
            ratio = exact
        }
        var compound = false
        if let v = map.optional("compounding") {
            compound = try v.enumeration(allowed: ["simple", "compound"]) == "compound"
        }
        var dayCount = DayCount.actual365
        if let v = map.optional("day-count") { dayCount = try v.enumeration(DayCount.self) }
        try map.finish()
        return NoteInterest(rate: ratio, compound: compound, dayCount: dayCount)
    }

    /// A round's fully diluted count or a cap's: classes of the capitalization (as in a base) and
    /// `top-up`, `converting` and (for a price) `new-money`.
    static func roundTerms(
        _ value: Value, context: String, references: inout [(String, Value)], allowsNewMoney: Bool
    ) throws(ScenarioError) -> [RoundTerm] {
        let items = try value.sequence()
        if items.isEmpty {
            throw value.error("'\(value.keyName)' in \(context) lists no terms; the count would be zero")
        }
        var terms: [RoundTerm] = []
        for item in items {
            switch try item.string() {
            case "top-up": terms.append(.topUp)
            case "converting": terms.append(.converting)
            case "new-money":
                guard allowsNewMoney else {
                    throw item.error("'new-money' cannot be counted in '\(value.keyName)' of \(context): the "
                        + "round's own shares follow from it")
                }
                terms.append(.newMoney)
            default:
                terms.append(
                    .existing(
                        try ClauseDecoding.term(
                            item, references: &references, noun: "term", extra: Self.roundOnlyTerms)))
            }
        }
        return terms
    }

    /// A preferred series' clause, liquidation terms and IPO ratchet (a series without a clause is noted for
    /// `validate`'s warning).
    mutating func preferredTerms(_ map: inout MappingReader, id: String) throws(ScenarioError)
        -> (clause: Clause, liquidation: LiquidationTerms?, ratchet: IPORatchet?)
    {
        let context = map.context
        var clause = Clause.none
        if let value = map.optional("clause") {
            clause = try ClauseDecoding.decode(value, owner: context, references: &baseReferences)
        } else {
            withoutClause.append(id)
        }
        if clause.scalesShares {
            throw map.error("'scale-shares' applies to warrants only, not to \(context)")
        }
        let liquidation = try map.optional("liquidation").map { value throws(ScenarioError) in
            try LiquidationDecoding.decode(value, owner: context)
        }
        let ratchet = try map.optional("ipo-ratchet").map { value throws(ScenarioError) in
            try Self.ipoRatchet(value, owner: context)
        }
        return (clause, liquidation, ratchet)
    }

    /// `{multiple: 1.2x, cap-shares: 500000}`: the guarantee per preferred share as a multiple of the
    /// original issue price, and the most extra common the ratchet may issue.
    static func ipoRatchet(_ value: Value, owner: String) throws(ScenarioError) -> IPORatchet {
        let context = "the IPO ratchet of \(owner)"
        var map = try value.mapping(context: context)
        let multiple = try LiquidationDecoding.multiple(try map.required("multiple"), in: context, allowZero: false)
        let cap = try map.optional("cap-shares")?.shares(in: context)
        try map.finish()
        return IPORatchet(multiple: multiple, capShares: cap)
    }
}
