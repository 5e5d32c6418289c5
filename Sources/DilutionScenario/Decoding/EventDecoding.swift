package import DilutionExact
package import DilutionModel

/// Where an event and its fields are in the file, to place the engine's errors.
public struct EventSite: Sendable {
    public var location: SourceLocation
    public var fields: [String: SourceLocation]
}

/// Reads the `events` list, checking dates, ids and references as it goes.
struct EventDecoding {
    var instruments: InstrumentDecoding
    /// Instruments that exist at the current point of the event list, by id.
    var available: [String: InstrumentKind]
    var events: [Event] = []
    var sites: [EventSite] = []
    var eventIDs: [String: SourceLocation] = [:]

    static let types = ["financing", "issue", "grant", "exercise", "expire", "split", "convert"]
    static let commonKeys = ["id", "type", "date", "description"]

    mutating func decode(_ item: Value, position: Int) throws(ScenarioError) {
        var map = try item.mapping(context: "event \(position + 1)")
        var id = "event-\(position + 1)"
        if let value = map.optional("id") {
            id = try value.identifier()
            if let earlier = eventIDs[id] {
                throw value.error("the event id '\(id)' is already used at line \(earlier.line), column \(earlier.column)")
            }
        }
        eventIDs[id] = map.optional("id")?.location ?? map.location
        map.context = "event '\(id)'"
        let type = try map.required("type").enumeration(allowed: Self.types)
        let dateValue = try map.required("date")
        let date = try dateValue.date()
        if let previous = events.last, date < previous.date {
            throw dateValue.error("event '\(id)' is dated \(date), before event '\(previous.id)' (\(previous.date)); "
                + "events must be in date order")
        }
        let description = try map.optional("description")?.string()
        var fields: [String: SourceLocation] = ["date": dateValue.location]
        for key in map.keys { if let location = map.location(ofKey: key) { fields[key] = location } }
        let context = map.context
        var exempt = false
        var waived: Set<String> = []
        let action: EventAction
        var allowed = Self.commonKeys
        switch type {
        case "financing", "issue", "grant":
            allowed += ["cash", "units", "unit-price", "common", "exempt", "waived-by"] + InstrumentDecoding.listKeys
            exempt = type == "grant"
            action = try issuance(&map, context: context, grant: type == "grant")
            if let value = map.optional("exempt") { exempt = try value.bool() }
            if let value = map.optional("waived-by") {
                for entry in try value.sequence() {
                    let ref = try entry.identifier()
                    try require(ref, entry, kinds: nil, verb: "is waived by")
                    waived.insert(ref)
                }
            }
        case "exercise":
            allowed += ["instrument", "shares", "method", "fair-value", "round-shares"]
            let ref = try reference(&map, kinds: [.warrant, .option], verb: "exercises")
            let shares = try map.optional("shares")?.shares(in: context)
            var method = ExerciseMethod.cash
            if try map.optional("method")?.enumeration(allowed: ["cash", "net"]) == "net" {
                method = .net(fairValue: try map.required("fair-value").price(in: context))
            } else if let value = map.optional("fair-value") {
                throw value.error("'fair-value' in \(context) applies only to 'method: net'")
            }
            let rounding = try map.optional("round-shares")?.roundingRule(in: context) ?? .to("1", .down)
            action = .exercise(
                Exercise(instrument: ref, quantity: shares.map { .shares($0) } ?? .all, method: method, rounding: rounding))
        case "expire":
            allowed += ["instrument", "shares", "readjust"]
            let ref = try reference(&map, kinds: [.warrant, .option], verb: "lets lapse")
            let shares = try map.optional("shares")?.shares(in: context)
            let readjust = try map.optional("readjust")?.bool() ?? true
            action = .expire(instrument: ref, shares: shares, readjust: readjust)
        case "split":
            allowed += ["ratio", "stock-dividend", "round-shares"]
            let ratio = try splitRatio(&map, context: context)
            let rounding = try map.optional("round-shares")?.roundingRule(in: context) ?? .exact
            action = .split(ratio, rounding: rounding)
        default:  // convert
            allowed += ["instrument", "shares", "round-shares"]
            let ref = try reference(&map, kinds: [.preferred(statedValue: .zero)], verb: "converts")
            let shares = try map.optional("shares")?.shares(in: context)
            let rounding = try map.optional("round-shares")?.roundingRule(in: context) ?? .to("1", .down)
            action = .convert(instrument: ref, shares: shares, rounding: rounding)
        }
        try map.finish(allowing: allowed)
        events.append(
            Event(id: id, date: date, action: action, exempt: exempt, waivedBy: waived, description: description))
        sites.append(EventSite(location: map.location, fields: fields))
    }

    mutating func issuance(_ map: inout MappingReader, context: String, grant: Bool) throws(ScenarioError)
        -> EventAction
    {
        var cash = Money.zero
        if let value = map.optional("cash") {
            cash = try value.money(in: context)
            if let units = map.optional("units") {
                throw units.error("give either 'cash' or 'units' with 'unit-price' in \(context), not both")
            }
        } else if let unitsValue = map.optional("units") {
            let units = try unitsValue.shares(in: context)
            let unitPrice = try map.required("unit-price").price(in: context)
            do {
                cash = try Exact.value(of: units, at: unitPrice, .nearest)
            } catch {
                throw unitsValue.error("the price of the units of \(context) is too large: \(error)")
            }
        } else if let value = map.optional("unit-price") {
            throw value.error("'unit-price' in \(context) needs 'units'")
        }
        let commonValue = map.optional("common")
        let common = try commonValue?.shares(in: context, allowZero: true) ?? .zero
        let issued = try instruments.lists(in: &map)
        for instrument in issued { available[instrument.id] = instrument.kind }
        if grant {
            if let other = issued.first(where: { $0.kind != .option }) {
                throw map.error("a grant issues options only, but \(context) issues the \(other.kind.label) '\(other.id)'")
            }
            if issued.isEmpty { throw map.error("missing key 'options' in \(context)") }
            if let value = commonValue { throw value.error("a grant issues options only; 'common' is not allowed in \(context)") }
            var fromPool = Shares.zero
            for option in issued { fromPool = (try? fromPool + option.shares) ?? fromPool }
            return .issue(Issuance(cash: cash, instruments: issued, fromPool: fromPool))
        }
        if issued.isEmpty, common.isZero {
            throw map.error("\(context) issues nothing: give 'common' or a list of 'preferred', 'warrants', 'options' "
                + "or 'other'")
        }
        return .issue(Issuance(cash: cash, common: common, instruments: issued))
    }

    mutating func reference(_ map: inout MappingReader, kinds: [InstrumentKind], verb: String) throws(ScenarioError)
        -> String
    {
        let value = try map.required("instrument")
        let id = try value.identifier()
        try require(id, value, kinds: kinds, verb: verb)
        return id
    }

    func require(_ id: String, _ value: Value, kinds: [InstrumentKind]?, verb: String) throws(ScenarioError) {
        guard let kind = available[id] else {
            var message = "unknown instrument '\(id)'"
            let candidates = available.filter { entry in kinds.map { Self.matches(entry.value, $0) } ?? true }
                .keys.sorted()
            if let close = Suggestions.closest(to: id, among: candidates) {
                message += "; did you mean '\(close)'?"
            } else if !candidates.isEmpty {
                message += "; the instruments it could be are \(Suggestions.quotedList(candidates, "and"))"
            }
            throw value.error(message)
        }
        if let kinds, !Self.matches(kind, kinds) {
            let wanted = kinds.map { $0 == .warrant ? "a warrant tranche" : $0 == .option ? "an option grant" : "a preferred series" }
            throw value.error("'\(id)' is \(kind.label == "other" ? "an other security" : "a \(kind.label)"), but an "
                + "event that \(verb) needs \(wanted.joined(separator: " or "))")
        }
    }

    static func matches(_ kind: InstrumentKind, _ kinds: [InstrumentKind]) -> Bool {
        kinds.contains { $0.label == kind.label }
    }

    func splitRatio(_ map: inout MappingReader, context: String) throws(ScenarioError) -> SplitRatio {
        if let value = map.optional("ratio") {
            if let dividend = map.optional("stock-dividend") {
                throw dividend.error("give either 'ratio' or 'stock-dividend' in \(context), not both")
            }
            let text = try value.string()
            let parts = text.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count == 2, let a = try? DecimalNumber(parsing: String(parts[0])),
                let b = try? DecimalNumber(parsing: String(parts[1])), a.significand > 0, b.significand > 0
            else {
                throw value.error("invalid split ratio '\(text)' in \(context); write it as new:old, for example "
                    + "'2:1' for a split or '1:10' for a reverse split")
            }
            return Self.ratio(a, b)
        }
        if let value = map.optional("stock-dividend") {
            let rate = try value.decimal()
            if rate.isNegative || rate.isZero {
                throw value.error("'stock-dividend' in \(context) must be more than zero, not \(rate)")
            }
            // 1 + rate, as numerator over denominator.
            let one = DecimalNumber(significand: 1, scale: 0)
            let denominator = DecimalNumber(significand: 1, scale: 0)
            let numerator = DecimalNumber(
                significand: one.significand * Self.pow10(rate.scale) + rate.significand, scale: rate.scale)
            return Self.ratio(numerator, denominator)
        }
        throw map.error("missing key 'ratio' (or 'stock-dividend') in \(context)")
    }

    static func pow10(_ n: Int) -> Int128 {
        var result: Int128 = 1
        for _ in 0..<n { result *= 10 }
        return result
    }

    static func ratio(_ a: DecimalNumber, _ b: DecimalNumber) -> SplitRatio {
        let scale = max(a.scale, b.scale)
        return SplitRatio(
            numerator: a.significand * pow10(scale - a.scale), denominator: b.significand * pow10(scale - b.scale))
    }
}
