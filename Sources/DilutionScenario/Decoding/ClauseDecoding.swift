internal import DilutionExact
internal import DilutionModel

/// Reads `clause:` mappings and their bases.
enum ClauseDecoding {
    static let keys = [
        "type", "base", "round-price", "round-consideration-shares", "round-rate", "floor", "minimum-change", "sunset",
        "trigger", "never-upward", "no-consideration-price", "scale-shares", "round-shares",
    ]

    static let baseTerms = ["common", "preferred", "options", "pool", "warrants", "other"]

    /// A clause, and the instrument ids its base names (checked once every instrument is known).
    static func decode(_ value: Value, owner: String, references: inout [(String, Value)]) throws(ScenarioError)
        -> Clause
    {
        let context = "the clause of \(owner)"
        var map = try value.mapping(context: context)
        try map.rejectUnknownKeys(allowing: keys)
        let type = try map.required("type").enumeration(allowed: ["weighted-average", "full-ratchet", "none"])
        var clause: Clause
        switch type {
        case "weighted-average":
            let baseValue = try map.required("base")
            clause = Clause(.weightedAverage(try base(baseValue, context: context, references: &references)))
        case "full-ratchet":
            clause = Clause(.fullRatchet)
        default:
            clause = .none
        }
        if let v = map.optional("round-price") { clause.priceRounding = try v.roundingRule(in: context) }
        if let v = map.optional("round-consideration-shares") {
            clause.considerationSharesRounding = try v.roundingRule(in: context)
        }
        if let v = map.optional("round-rate") { clause.rateRounding = try v.roundingRule(in: context) }
        if let v = map.optional("floor") { clause.floor = try v.price(in: context, allowZero: true) }
        if let v = map.optional("minimum-change") { clause.minimumChange = try v.price(in: context) }
        if let v = map.optional("sunset") { clause.sunset = try v.date() }
        if let v = map.optional("trigger") {
            clause.trigger = Trigger(rawValue: try v.enumeration(allowed: ["below", "at-or-below"]))!
        }
        if let v = map.optional("never-upward") { clause.neverUpward = try v.bool() }
        if let v = map.optional("no-consideration-price") { clause.noConsiderationPrice = try v.price(in: context) }
        if let v = map.optional("scale-shares") { clause.scalesShares = try v.bool() }
        if let v = map.optional("round-shares") { clause.shareRounding = try v.roundingRule(in: context) }
        let onlyFor: [(String, String, Bool)] = [
            ("base", "weighted-average", type == "weighted-average"),
            ("round-consideration-shares", "weighted-average", type == "weighted-average"),
            ("no-consideration-price", "full-ratchet", type == "full-ratchet"),
        ]
        for (key, kind, applies) in onlyFor where !applies {
            if map.has(key), let location = map.location(ofKey: key) {
                throw ScenarioError("'\(key)' applies only to \(kind) clauses, not to \(context) (\(type))", at: location)
            }
        }
        try map.finish(allowing: keys)
        return clause
    }

    static func base(_ value: Value, context: String, references: inout [(String, Value)]) throws(ScenarioError)
        -> BaseComposition
    {
        if value.isScalar {
            switch try value.enumeration(allowed: ["broad", "narrow"]) {
            case "broad": return .broad
            default: return .narrow
            }
        }
        let items = try value.sequence()
        if items.isEmpty {
            throw value.error("the base of \(context) lists no terms, so its denominator A + C could be zero; "
                + "list at least one term or use 'broad' or 'narrow'")
        }
        var terms: [BaseTerm] = []
        for item in items { terms.append(try term(item, references: &references)) }
        return .terms(terms)
    }

    /// One term of a base or of a round's fully diluted count: `common`, `preferred`, `options`,
    /// `pool`, `warrants`, `other`, or `preferred:ID`, `warrant:ID`, `other:ID`.
    static func term(
        _ item: Value, references: inout [(String, Value)], noun: String = "base term", extra: [String] = []
    ) throws(ScenarioError)
        -> BaseTerm
    {
        let text = try item.string()
        let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
        let head = parts.first ?? ""
        if parts.count == 2 {
            let id = parts[1]
            references.append((id, item))
            switch head {
            case "preferred": return .preferred(id)
            case "warrant", "warrants": return .warrant(id)
            case "other": return .other(id)
            default:
                throw item.error("unknown \(noun) '\(text)'; a term naming one instrument is "
                    + "'preferred:ID', 'warrant:ID' or 'other:ID'")
            }
        }
        switch head {
        case "common": return .common
        case "preferred": return .allPreferred
        case "options": return .options
        case "pool": return .pool
        case "warrants": return .allWarrants
        case "other": return .allOther
        default:
            let known = baseTerms + extra
            var message = "unknown \(noun) '\(text)'"
            if let close = Suggestions.closest(to: text, among: known) {
                message += "; did you mean '\(close)'?"
            } else {
                message += "; the terms are \(Suggestions.quotedList(known, "and")), or 'preferred:ID', "
                    + "'warrant:ID' and 'other:ID'"
            }
            throw item.error(message)
        }
    }
}
