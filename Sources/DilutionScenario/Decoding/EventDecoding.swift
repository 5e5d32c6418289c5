import Foundation
internal import DilutionExact
internal import DilutionModel
internal import DilutionDistributions

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
    /// Every event as written (`events` holds their central forms).
    var allEvents: [Event] = []
    /// How to redraw the events with uncertain inputs, and those inputs in draw order.
    var recipes: [EventRecipe] = []
    var inputs: [UncertainInput] = []
    /// Whether each event is in the central scenario (probability at least one half).
    var central: [Bool] = []
    /// Paths of fixed inputs to treat as uncertain (fixed distributions), so that sweeps can set them.
    var variable: Set<String> = []
    /// Every numeric input's path met so far, fixed or uncertain: what a sweep may vary.
    var parameterPaths: [String] = []
    /// `parameterPaths` as a set, so that adding a path is not a search of every earlier one.
    var knownPaths: Set<String> = []
    /// The recipe being built for the current event.
    var pending: [(field: InputField, distribution: Distribution)] = []
    var pendingPaths: [UncertainInput] = []
    /// Events priced from a valuation, by id, with their positions.
    var roundEvents: [String: Int] = [:]
    /// Every holder named so far (common's, instruments' listed or implicit, buyers), for `transfer`.
    var knownHolders: Set<String> = []
    var holderOrder: [String] = []

    static let types = [
        "financing", "issue", "grant", "exercise", "expire", "split", "convert", "transfer", "ipo", "exit", "closing",
    ]
    static let commonKeys = ["id", "type", "date", "description"]

    /// The keys an event of `type` may have.
    static func allowedKeys(_ type: String) -> [String] {
        let common = commonKeys + ["probability"]
        switch type {
        case "financing", "issue", "grant":
            return common
                + ["cash", "units", "unit-price", "common", "exempt", "waived-by", "price", "amount", "round-shares"]
                + InstrumentDecoding.listKeys + (type == "grant" ? [] : ["holder"] + roundKeys)
        case "transfer": return common + HolderDecoding.transferKeys
        case "exercise":
            return common + [
                "instrument", "shares", "fraction", "method", "fair-value", "round-shares", "share-price", "otherwise",
                "readjust",
            ]
        case "expire": return common + ["instrument", "shares", "readjust"]
        case "split": return common + ["ratio", "stock-dividend", "round-shares"]
        case "ipo": return common + ["price", "shares", "convert-preferred"]
        case "closing": return common + ["closing-of", "investors", "closing-window", "round-shares", "exempt", "waived-by"]
        case "exit": return common + ["value", "debt", "costs", "carve-out"]
        default: return common + ["instrument", "shares", "round-shares"]  // convert
        }
    }

    /// Makes room for `count` events, so that the lists of events are not copied as they grow.
    mutating func reserve(_ count: Int) {
        events.reserveCapacity(count)
        allEvents.reserveCapacity(count)
        sites.reserveCapacity(count)
        central.reserveCapacity(count)
        recipes.reserveCapacity(count)
    }

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
        let typeValue = try map.required("type")
        let type = try typeValue.enumeration(allowed: Self.types)
        if let sale = allEvents.last, case .exit = sale.action, type != "exit" {
            throw typeValue.error("event '\(id)' follows the exit '\(sale.id)'; only another exit may follow an exit "
                + "(the exits come last, and the first that happens is the sale)")
        }
        let allowed = Self.allowedKeys(type)
        try map.rejectUnknownKeys(allowing: allowed)
        let dateValue = try map.required("date")
        let date = try dateValue.date()
        if let previous = events.last, date < previous.date {
            throw dateValue.error("event '\(id)' is dated \(date), before event '\(previous.id)' (\(previous.date)); "
                + "events must be in date order")
        }
        let description = try map.optional("description")?.string()
        pending = []
        pendingPaths = []
        var probability: NumberInput? = nil
        var inCentral = true
        if let value = map.optional("probability") {
            if knownPaths.insert("\(id).probability").inserted { parameterPaths.append("\(id).probability") }
            if value.isDistribution || variable.contains("\(id).probability") {
                let distribution =
                    value.isDistribution
                    ? try DistributionDecoding.decode(value, context: map.context)
                    : .fixed(try Self.unitInterval(value, context: map.context))
                try InputDomain.unitInterval.check(distribution, at: value, key: "probability", context: map.context)
                pendingPaths.append(UncertainInput(path: "\(id).probability", distribution: distribution, location: value.location))
                probability = .random(distribution)
                inCentral = try Self.median(distribution, value, context: map.context) >= 0.5
            } else {
                let p = try value.decimal()
                if p.isNegative || p > DecimalNumber(1) {
                    throw value.error("'probability' in \(map.context) must be between 0 and 1, not \(p)")
                }
                probability = .fixed(p)
                inCentral = p >= DecimalNumber(significand: 5, scale: 1)
            }
        }
        var fields: [String: SourceLocation] = ["date": dateValue.location]
        for key in map.keys { if let location = map.location(ofKey: key) { fields[key] = location } }
        let context = map.context
        var exempt = false
        var waived: Set<String> = []
        var action: EventAction
        var priced: PricedIssue? = nil
        var fixedPrice: Price? = nil
        var fixedAmount: Money? = nil
        var otherwiseExpire = false
        var readjust = true
        switch type {
        case "financing", "issue", "grant":
            exempt = type == "grant"
            instruments.eventDate = date
            instruments.eventPosition = events.count
            instruments.roundSeries = type != "grant" && Self.isRound(&map)
            action = try issuance(&map, context: context, grant: type == "grant", eventID: id)
            instruments.roundSeries = false
            if case .issue(let issue) = action, Self.isRound(&map) {
                if type == "grant" {
                    throw map.error("a grant issues options only; a valuation cannot be given in \(context)")
                }
                let priced = try round(&map, issue, context: context, eventID: id)
                // A round's investors hold its series: a later transfer may name them as sellers.
                for investor in priced.round?.investors ?? [] { addHolder(investor.name) }
                action = .issue(priced)
                roundEvents[id] = events.count
            } else if case .issue(var issue) = action, map.has("price") || map.has("amount") {
                (issue, priced, fixedPrice, fixedAmount) = try pricedIssue(&map, issue, context: context, eventID: id)
                action = .issue(issue)
            }
            if let value = map.optional("holder"), case .issue(var issue) = action {
                let name = try value.string()
                if name.trimmingCharacters(in: .whitespaces).isEmpty {
                    throw value.error("'holder' in \(context) is empty")
                }
                if issue.common.isZero, priced == nil || issue.instruments.contains(where: \.isPreferred) {
                    throw value.error("'holder' in \(context) names who receives the common issued, but it issues no "
                        + "common; list the holders of a new instrument under its own 'holders'")
                }
                issue.commonHolder = name
                addHolder(name)
                action = .issue(issue)
            }
            (exempt, waived) = try exemptions(&map, exempt: exempt)
        case "exercise":
            let ref = try reference(&map, kinds: [.warrant, .option], verb: "exercises")
            var quantity = ExerciseQuantity.all
            if let value = map.optional("shares") {
                quantity = .shares(try centralShares(value, field: .shares, context: context, eventID: id))
                if let other = map.optional("fraction") {
                    throw other.error("give either 'shares' or 'fraction' in \(context), not both")
                }
            } else if let value = map.optional("fraction") {
                let fraction = try centralNumber(value, field: .fraction, context: context, eventID: id)
                guard fraction >= 0, fraction <= 1 else {
                    throw value.error("'fraction' in \(context) must be between 0 and 1, not \(fraction)")
                }
                quantity = .fraction(try Self.ratio(fraction, value))
            }
            var method = ExerciseMethod.cash
            if try map.optional("method")?.enumeration(allowed: ["cash", "net"]) == "net" {
                method = .net(fairValue: try centralPrice(try map.required("fair-value"), field: .fairValue, context: context, eventID: id))
            } else if let value = map.optional("fair-value") {
                throw value.error("'fair-value' in \(context) applies only to 'method: net'")
            }
            let rounding = try map.optional("round-shares")?.roundingRule(in: context) ?? .to("1", .down)
            var sharePrice: Price? = nil
            if let value = map.optional("share-price") {
                sharePrice = try centralPrice(value, field: .sharePrice, context: context, eventID: id)
            }
            if let value = map.optional("otherwise") {
                _ = try value.enumeration(allowed: ["expire"])
                otherwiseExpire = true
            }
            if let value = map.optional("readjust") {
                guard otherwiseExpire else {
                    throw value.error("'readjust' in \(context) applies only with 'otherwise: expire'")
                }
                readjust = try value.bool()
            }
            action = .exercise(
                Exercise(
                    instrument: ref, quantity: quantity, method: method, rounding: rounding, sharePrice: sharePrice,
                    otherwiseExpire: otherwiseExpire, readjustOnExpiry: readjust))
        case "expire":
            let ref = try reference(&map, kinds: [.warrant, .option], verb: "lets lapse")
            let shares = try map.optional("shares").map { v throws(ScenarioError) in
                try centralShares(v, field: .shares, context: context, eventID: id)
            }
            let readjust = try map.optional("readjust")?.bool() ?? true
            action = .expire(instrument: ref, shares: shares, readjust: readjust)
        case "transfer":
            action = try transfer(&map, context: context, eventID: id)
        case "split":
            let ratio = try splitRatio(&map, context: context)
            let rounding = try map.optional("round-shares")?.roundingRule(in: context) ?? .exact
            action = .split(ratio, rounding: rounding)
        case "closing":
            let closing = try additionalClosing(&map, context: context)
            // A later closing's investors hold the series too.
            for investor in closing.investors { addHolder(investor.name) }
            action = .closing(closing)
            (exempt, waived) = try exemptions(&map, exempt: exempt)
        case "ipo":
            exempt = true
            let price = try centralPrice(try map.required("price"), field: .sharePrice, context: context, eventID: id)
            var shares = Shares.zero
            if let value = map.optional("shares") {
                shares = try centralShares(value, field: .common, context: context, eventID: id)
            }
            let converts = try map.optional("convert-preferred")?.bool() ?? true
            action = .ipo(PublicOffering(price: price, shares: shares, convertsPreferred: converts))
        case "exit":
            action = .exit(try exitSale(&map, context: context, eventID: id))
        default:  // convert
            let ref = try reference(&map, kinds: [.preferred(statedValue: .zero)], verb: "converts")
            let shares = try map.optional("shares").map { v throws(ScenarioError) in
                try centralShares(v, field: .shares, context: context, eventID: id)
            }
            let rounding = try map.optional("round-shares")?.roundingRule(in: context) ?? .to("1", .down)
            action = .convert(instrument: ref, shares: shares, rounding: rounding)
        }
        if type == "split", let value = map.optional("probability") {
            throw value.error("a split cannot be uncertain; 'probability' is not allowed in \(context)")
        }
        try map.finish(allowing: allowed)
        if probability != nil || !pending.isEmpty || priced != nil {
            recipes.append(
                EventRecipe(
                    eventIndex: events.count, probability: probability,
                    fixedProbability: { if case .fixed(let p)? = probability { Double("\(p)") } else { nil } }(),
                    inputs: pending, priced: priced,
                    fixedPrice: fixedPrice, fixedAmount: fixedAmount, otherwiseExpire: otherwiseExpire,
                    readjustOnExpiry: readjust))
            inputs += pendingPaths
        }
        var event = Event(id: id, date: date, action: action, exempt: exempt, waivedBy: waived, description: description)
        event.writtenType = type
        allEvents.append(event)
        if !inCentral, otherwiseExpire, case .exercise(let exercise) = action {
            // The central scenario takes the more likely branch: the lapse.
            var lapse = event
            lapse.action = .expire(instrument: exercise.instrument, shares: nil, readjust: readjust)
            events.append(lapse)
            central.append(true)
        } else {
            events.append(event)
            central.append(inCentral)
        }
        sites.append(EventSite(location: map.location, fields: fields))
    }

    /// An exit's value (required), debt, costs and carve-out; each may be a distribution.
    mutating func exitSale(_ map: inout MappingReader, context: String, eventID: String) throws(ScenarioError)
        -> ExitSale
    {
        func cents(_ value: Value, _ field: InputField) throws(ScenarioError) -> Money {
            let money = try centralMoney(value, field: field, context: context, eventID: eventID)
            if !value.isDistribution, money.units % 1_000_000 != 0 {
                throw value.error("'\(value.keyName)' in \(context) must be in whole cents, not \(money)")
            }
            return money
        }
        var sale = ExitSale(value: try cents(try map.required("value"), .exitValue))
        if let value = map.optional("debt") { sale.debt = try cents(value, .debt) }
        if let value = map.optional("costs") { sale.costs = try cents(value, .costs) }
        if let value = map.optional("carve-out") {
            let path = "\(eventID).carve-out"
            if isUncertain(value, path: path) {
                let central = try centralNumber(value, field: .carveOut, context: context, eventID: eventID)
                sale.carveOut = try Self.ratio(min(max(central, 0), 1), value)
            } else {
                let fraction = try value.decimal()
                guard !fraction.isNegative, fraction < DecimalNumber(1), let ratio = try? Ratio(exactly: fraction) else {
                    throw value.error("'carve-out' in \(context) must be at least 0 and below 100% (a fraction such as "
                        + "0.05 or a percentage such as 5%), not \(fraction)")
                }
                sale.carveOut = ratio
            }
        }
        let valueNode = try map.required("value")
        let drawn = [valueNode, map.optional("debt"), map.optional("costs")].contains { $0?.isDistribution ?? false }
        let deductions = Money(units: sale.debt.units + sale.costs.units)
        if !drawn, deductions > sale.value {
            throw valueNode.error("the debt and costs of \(context) ($\(deductions.fullText(minimumPlaces: 2))) exceed its "
                + "value ($\(sale.value.fullText(minimumPlaces: 2)))")
        }
        return sale
    }

    // MARK: Numbers that may be distributions

    /// A fixed number, or a distribution recorded for sampling whose median stands in centrally.
    mutating func centralNumber(
        _ value: Value, field: InputField, context: String, eventID: String, path: String? = nil, money: Bool = false
    ) throws(ScenarioError) -> Double {
        let path = path ?? "\(eventID).\(value.keyName)"
        func fixed() throws(ScenarioError) -> Double {
            Double("\(money ? try value.moneyDecimal() : try value.decimal())")!
        }
        guard isUncertain(value, path: path) else { return try fixed() }
        let distribution =
            value.isDistribution
            ? try DistributionDecoding.decode(value, context: context) : .fixed(try fixed())
        try InputDomain(field).check(distribution, at: value, key: value.keyName, context: context)
        pending.append((field, distribution))
        pendingPaths.append(UncertainInput(path: path, distribution: distribution, location: value.location))
        return try Self.median(distribution, value, context: context)
    }

    /// The median of a distribution written at `value`, or an error there when it cannot be computed.
    static func median(_ distribution: Distribution, _ value: Value, context: String) throws(ScenarioError) -> Double {
        do {
            return try distribution.checkedMedian()
        } catch {
            throw value.error("\(error) (\(distribution.name) distribution in \(context))")
        }
    }

    /// Whether an input is drawn per path: a distribution, or a fixed number a sweep varies.
    /// Records the path as one a sweep may vary.
    mutating func isUncertain(_ value: Value, path: String) -> Bool {
        if knownPaths.insert(path).inserted { parameterPaths.append(path) }
        return value.isDistribution || variable.contains(path)
    }

    static func unitInterval(_ value: Value, context: String) throws(ScenarioError) -> Double {
        let p = try value.decimal()
        if p.isNegative || p > DecimalNumber(1) {
            throw value.error("'probability' in \(context) must be between 0 and 1, not \(p)")
        }
        return Double("\(p)")!
    }

    mutating func centralShares(_ value: Value, field: InputField, context: String, eventID: String) throws(ScenarioError)
        -> Shares
    {
        guard isUncertain(value, path: "\(eventID).\(value.keyName)") else { return try value.shares(in: context) }
        let median = try centralNumber(value, field: field, context: context, eventID: eventID)
        return try Self.central(median, value, context: context) { v throws in
            try Shares(sampled: max(v, 1)).rounded(.to("1", .down))
        }
    }

    mutating func centralPrice(_ value: Value, field: InputField, context: String, eventID: String) throws(ScenarioError)
        -> Price
    {
        guard isUncertain(value, path: "\(eventID).\(value.keyName)") else { return try value.price(in: context) }
        let median = try centralNumber(value, field: field, context: context, eventID: eventID)
        let price = try Self.central(median, value, context: context) { v throws in
            try Price(sampled: max(v, 0)).rounded(.to("0.0001"))
        }
        return price.isPositive ? price : Price("0.0001")
    }

    mutating func centralMoney(
        _ value: Value, field: InputField, context: String, eventID: String, path: String? = nil
    ) throws(ScenarioError) -> Money {
        let path = path ?? "\(eventID).\(value.keyName)"
        guard isUncertain(value, path: path) else { return try value.money(in: context) }
        let median = try centralNumber(value, field: field, context: context, eventID: eventID, path: path, money: true)
        return try Self.central(median, value, context: context) { v throws in
            try Money(sampled: max(v, 0)).rounded(.to("1"))
        }
    }

    /// The exact central value of an uncertain input from its median; a median too large for the type is an error.
    static func central<Q>(
        _ median: Double, _ value: Value, context: String, _ convert: (Double) throws -> Q
    ) throws(ScenarioError) -> Q {
        do {
            return try convert(median)
        } catch {
            throw value.error("'\(value.keyName)' in \(context) is too large for the engine to represent exactly: its "
                + "median is \(String(format: "%g", median))")
        }
    }

    static func ratio(_ value: Double, _ at: Value) throws(ScenarioError) -> Ratio {
        do { return try Ratio(sampled: value) } catch { throw at.error("\(error)") }
    }

    /// `price` and `amount`: the issuance sells amount ÷ price shares (rounded down) of its one new
    /// preferred series, whose stated value and conversion price default to the price, or of common.
    mutating func pricedIssue(_ map: inout MappingReader, _ issuance: Issuance, context: String, eventID: String)
        throws(ScenarioError) -> (Issuance, PricedIssue, Price, Money)
    {
        let priceValue = try map.required("price")
        let amountValue = try map.required("amount")
        let price = try centralPrice(priceValue, field: .price, context: context, eventID: eventID)
        let amount = try centralMoney(amountValue, field: .amount, context: context, eventID: eventID)
        if let cash = map.optional("cash") ?? map.optional("units") {
            throw cash.error("give either 'price' and 'amount' or the cash in \(context), not both")
        }
        let rounding = try map.optional("round-shares")?.roundingRule(in: context) ?? .to("1", .down)
        var issue = issuance
        var position: Int? = nil
        let preferred = issue.instruments.indices.filter { issue.instruments[$0].isPreferred }
        if preferred.count > 1 {
            throw priceValue.error("a priced issuance sells one preferred series or common, but \(context) issues "
                + "\(preferred.count) series")
        }
        if let only = preferred.first {
            position = only
        } else if issue.common.isPositive {
            throw priceValue.error("with 'price' and 'amount', \(context) computes its common; leave 'common' out")
        }
        let priced = PricedIssue(instrumentPosition: position, sharesRounding: rounding)
        let shares: Shares
        do {
            shares = try Exact.shares(buyableWith: amount, at: price, rounding: rounding)
        } catch {
            throw priceValue.error("\(error)")
        }
        issue.cash = amount
        if let position {
            issue.instruments[position].shares = shares
            issue.instruments[position].price = price
            issue.instruments[position].kind = .preferred(statedValue: (try? Money(exactly: price.decimal.rounded(toScale: 8))) ?? .zero)
        } else {
            issue.common = shares
        }
        return (issue, priced, price, amount)
    }

    mutating func issuance(_ map: inout MappingReader, context: String, grant: Bool, eventID: String)
        throws(ScenarioError) -> EventAction
    {
        var cash = Money.zero
        let priced = map.has("price") || map.has("amount")
        if let value = map.optional("cash") {
            cash = try centralMoney(value, field: .cash, context: context, eventID: eventID)
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
        var common = Shares.zero
        if let commonValue {
            common = isUncertain(commonValue, path: "\(eventID).common")
                ? try centralShares(commonValue, field: .common, context: context, eventID: eventID)
                : try commonValue.shares(in: context, allowZero: true)
        }
        instruments.allowsUncertain = true
        instruments.uncertain = []
        instruments.pathPrefix = eventID
        instruments.variable = variable
        var issued = try instruments.lists(in: &map)
        instruments.allowsUncertain = false
        for path in instruments.parameterPaths where knownPaths.insert(path).inserted { parameterPaths.append(path) }
        instruments.parameterPaths = []
        for (position, field, value, key) in instruments.uncertain {
            let id = issued[position].id
            let central = try centralNumber(
                value, field: .instrument(position, field), context: context, eventID: eventID,
                path: "\(eventID).\(id).\(key)")
            switch field {
            case .shares:
                issued[position].shares = try Self.central(central, value, context: context) { v throws in
                    try Shares(sampled: max(v, 1)).rounded(.to("1", .down))
                }
            case .price:
                let price = try Self.central(central, value, context: context) { v throws in
                    try Price(sampled: max(v, 0)).rounded(.to("0.0001"))
                }
                issued[position].price = price.isPositive ? price : Price("0.0001")
            case .statedValue:
                let stated = try Self.central(central, value, context: context) { v throws in
                    try Money(sampled: max(v, 0)).rounded(.to("0.0001"))
                }
                issued[position].kind = .preferred(statedValue: stated.isPositive ? stated : Money("0.0001"))
            case .cap, .discount, .interestRate:
                guard var terms = issued[position].convertible else { continue }
                let owner = "\(terms.noun == "note" ? "convertible note" : "SAFE") '\(id)'"
                switch field {
                case .cap:
                    let cap = try Self.central(central, value, context: owner) { v throws in
                        try Money(sampled: max(v, 0)).rounded(.to("1"))
                    }
                    if !cap.isPositive { throw value.error("the cap of \(owner) must be more than zero") }
                    if terms.form == .postMoneySafe, terms.amount >= cap {
                        throw value.error("the central cap of \(owner) ($\(cap)) must be more than its amount "
                            + "($\(terms.amount)): a post-money SAFE owns amount ÷ cap of the company")
                    }
                    terms.cap = cap
                case .discount:
                    terms.discount = try Self.ratio(min(max(central, 0), 0.999_999_999_999), value)
                default:
                    terms.interest?.rate = try Self.ratio(max(central, 0), value)
                }
                issued[position].kind = .convertible(terms)
            }
        }
        for instrument in issued { available[instrument.id] = instrument.kind }
        registerHolders(of: issued)
        if grant {
            if let other = issued.first(where: { $0.kind != .option }) {
                throw map.error(
                    "a grant issues options only, but \(context) issues the \(other.kind.noun) '\(other.id)'")
            }
            if issued.isEmpty { throw map.error("missing key 'options' in \(context)") }
            if let value = commonValue { throw value.error("a grant issues options only; 'common' is not allowed in \(context)") }
            var fromPool = Shares.zero
            for option in issued { fromPool = (try? fromPool + option.shares) ?? fromPool }
            return .issue(Issuance(cash: cash, instruments: issued, fromPool: fromPool))
        }
        if issued.isEmpty, common.isZero, !priced {
            throw map.error("\(context) issues nothing: give 'common' or a list of 'preferred', 'warrants', 'options' "
                + "or 'other'")
        }
        return .issue(Issuance(cash: cash, common: common, instruments: issued))
    }

    /// An issuance's `exempt` (default as given) and `waived-by` (instrument ids that exist at that point).
    func exemptions(_ map: inout MappingReader, exempt: Bool) throws(ScenarioError) -> (Bool, Set<String>) {
        var exempt = exempt
        var waived: Set<String> = []
        if let value = map.optional("exempt") { exempt = try value.bool() }
        if let value = map.optional("waived-by") {
            for entry in try value.sequence() {
                let ref = try entry.identifier()
                try require(ref, entry, kinds: nil, verb: "is waived by")
                waived.insert(ref)
            }
        }
        return (exempt, waived)
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
            let wanted = kinds.map(\.nounWithArticle)
            throw value.error("'\(id)' is \(kind.nounWithArticle), but an "
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
            guard let ratio = Self.ratio(a, b) else {
                throw value.error("the split ratio '\(text)' in \(context) is too large for the engine to represent "
                    + "exactly")
            }
            return ratio
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
                significand: one.significand * Wide.pow10(rate.scale) + rate.significand, scale: rate.scale)
            guard let ratio = Self.ratio(numerator, denominator) else {
                throw value.error("'stock-dividend' in \(context) is too large for the engine to represent exactly")
            }
            return ratio
        }
        throw map.error("missing key 'ratio' (or 'stock-dividend') in \(context)")
    }

    /// `a:b` as whole numbers, or `nil` if they do not fit in 128 bits.
    static func ratio(_ a: DecimalNumber, _ b: DecimalNumber) -> SplitRatio? {
        let scale = max(a.scale, b.scale)
        guard scale <= 38 else { return nil }
        let (numerator, o1) = a.significand.multipliedReportingOverflow(by: Wide.pow10(scale - a.scale))
        let (denominator, o2) = b.significand.multipliedReportingOverflow(by: Wide.pow10(scale - b.scale))
        if o1 || o2 { return nil }
        return SplitRatio(numerator: numerator, denominator: denominator)
    }
}
