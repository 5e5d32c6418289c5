internal import DilutionExact

/// Writes a replayed cap table as a scenario file (format version 1), commented with where everything comes from.
struct ScenarioWriter {
    let table: ReplayedCapTable
    let package: OCFPackage
    let source: String

    private var lines: [String] = []
    private var usedIDs: Set<String> = []
    /// Instruments not written, with why (reported in the header and by the command).
    private(set) var leftOut: [String] = []
    private(set) var notes: [String] = []
    private var currencies: Set<String> = []

    init(table: ReplayedCapTable, package: OCFPackage, source: String) {
        self.table = table
        self.package = package
        self.source = source
    }

    // MARK: - Text helpers

    /// A double-quoted YAML string (JSON's escapes, which YAML reads).
    static func quoted(_ text: String) -> String { TextQuoting.doubleQuoted(text) }

    /// A comment's text on one line.
    static func flat(_ text: String) -> String {
        text.replacingOccurrences(of: "\n", with: " ").replacingOccurrences(of: "\r", with: " ")
    }

    /// A scenario id from a name: a letter, then letters, digits and `-`; unique in the file.
    mutating func identifier(_ name: String, fallback: String) -> String {
        var slug = ""
        for character in name.lowercased() {
            if character.isASCII, character.isLetter || character.isNumber {
                slug.append(character)
            } else if !slug.isEmpty, slug.last != "-" {
                slug.append("-")
            }
        }
        while slug.last == "-" { slug.removeLast() }
        if slug.count > 48 { slug = String(slug.prefix(48)); while slug.last == "-" { slug.removeLast() } }
        if slug.isEmpty { slug = fallback }
        if let first = slug.first, !first.isLetter { slug = "\(fallback)-\(slug)" }
        var candidate = slug
        var counter = 2
        while usedIDs.contains(candidate) {
            candidate = "\(slug)-\(counter)"
            counter += 1
        }
        usedIDs.insert(candidate)
        return candidate
    }

    func holder(_ id: String) -> String { table.holderName(id) }

    /// An exact computation about an object of the package: an overflow, or a value finer than the engine carries,
    /// is an error located at `node`, never a rounded or substituted number.
    func exact<T>(_ node: JSONNode, _ what: String, _ body: () throws -> T) throws(OCFError) -> T {
        do { return try body() } catch { throw node.error("\(what) cannot be carried exactly: \(error)") }
    }

    // MARK: - The document

    mutating func write() throws(OCFError) -> String {
        var body: [String] = []
        swap(&lines, &body)
        try capitalization()
        swap(&lines, &body)

        var header: [String] = []
        header.append("# Imported by `dilution import` from the Open Cap Table Format package")
        header.append("#   \(Self.flat(source))")
        header.append("# OCF version \(Self.flat(package.version))" + (package.asOf.map { ", manifest as of \($0)" } ?? ""))
        header.append("# Issuer: \(Self.flat(package.issuerName)) (OCF ISSUER id \(Self.flat(package.issuerID)))")
        header.append(
            "# Replayed to \(table.asOf): \(table.applied) transaction\(table.applied == 1 ? "" : "s") on or before that "
                + "date; \(table.later) later one\(table.later == 1 ? "" : "s") left out.")
        header.append("#")
        header.append("# OCF records no anti-dilution clause, only its results. Each preferred series below carries a")
        header.append("# commented `clause:` placeholder naming the choices: fill it in from the charter")
        header.append("# (docs/scenario-format.md, \"Clauses\"). `dilution validate` warns about every series without one.")
        header.append("# Common is written by holder (every common class together); the holders of preferred stock and")
        header.append("# options are listed in comments. Each instrument's `# ocf-id:` comment names the OCF object it comes from;")
        header.append("# `dilution export-ocf` reads it to name the stock class of the transactions it writes.")
        if currencies.count > 1 || (currencies.count == 1 && !currencies.contains("USD")) {
            notes.append("amounts are in \(currencies.sorted().joined(separator: ", ")); the "
                + "scenario does not convert them")
        }
        let sections: [(String, [String])] = [
            ("Warnings", package.warnings + table.warnings), ("Skipped transactions", table.skipped),
            ("Left out", leftOut), ("Notes", notes),
        ]
        for (title, items) in sections where !items.isEmpty {
            header.append("#")
            header.append("# \(title):")
            for item in items { header.append("#   - \(Self.flat(item))") }
        }
        header.append("")
        header.append("version: 1")
        let issuer = package.issuerName.isEmpty ? "Imported company" : package.issuerName
        header.append("name: \(Self.quoted("\(issuer) — capitalization on \(table.asOf) (from OCF)"))")
        header.append("")
        return (header + body + ["", "events: []", ""]).joined(separator: "\n")
    }

    var active: [OCFSecurity] { table.securities.filter { $0.active } }

    mutating func capitalization() throws(OCFError) {
        lines.append("capitalization:")
        var fullyDiluted = Shares.zero
        func count(_ value: Shares) throws(OCFError) { fullyDiluted = try ExactSums.plus(fullyDiluted, value) }

        // Common: by holder, every common class together; each class's holdings in comments.
        var common = Shares.zero
        var commentLines: [String] = []
        var allCommon: [OCFSecurity] = []
        for stockClass in table.classes where !stockClass.isPreferred {
            let held = active.filter { $0.kind == .stock && $0.classID == stockClass.id }
            let total = try ExactSums.total(held)
            common = try ExactSums.plus(common, total)
            commentLines.append("  #   \(Self.flat(stockClass.name)) (ocf-id \(stockClass.id)): \(total)")
            commentLines += try holderLines(held, indent: "  #     ")
            allCommon += held
        }
        lines.append("  # Common outstanding, per class and holder:")
        lines += commentLines
        if let first = table.classes.first(where: { !$0.isPreferred }) {
            lines.append("  # ocf-id: \(first.id) (the common stock class export-ocf issues common of)")
        }
        let holders = try commonHolders(allCommon)
        if holders.isEmpty || holders.contains(where: { $0.1.isNegative }) {
            if !holders.isEmpty { notes.append("a holder's common adds up to less than zero; common is written as one count") }
            lines.append("  common: \(common)")
        } else {
            lines.append("  common:")
            lines.append("    holders:")
            for (name, shares, ids) in holders {
                lines.append("      - name: \(Self.quoted(name))  # \(ids.joined(separator: ", "))")
                lines.append("        shares: \(shares)")
            }
        }
        try count(common)

        // The pool: reserved, less what is granted and outstanding and what the plan has delivered.
        var pool = Shares.zero
        if !table.plans.isEmpty {
            lines.append("  # Reserved and unissued, per plan (OCF: reserved − granted and outstanding − delivered):")
        }
        for plan in table.plans {
            let outstanding = try ExactSums.total(
                active.filter { $0.kind == .equityCompensation && $0.planID == plan.id })
            let used = try ExactSums.plus(try ExactSums.plus(outstanding, plan.delivered), plan.retired)
            var available = try ExactSums.minus(plan.reserved, used)
            if available.isNegative {
                notes.append("the plan '\(plan.name)' (\(plan.id)) has \(used) shares granted, delivered or retired, "
                    + "more than the \(plan.reserved) reserved; its unissued pool is written as 0")
                available = .zero
            }
            lines.append(
                "  #   \(Self.flat(plan.name)) (ocf-id \(plan.id)): \(plan.reserved) reserved, \(outstanding) granted "
                    + "and outstanding, \(plan.delivered) delivered" + (plan.retired.isZero ? "" : ", \(plan.retired) retired")
                    + " → \(available)")
            pool = try ExactSums.plus(pool, available)
        }
        lines.append("  option-pool: \(pool)")
        try count(pool)

        let preferred = try preferredSeries()
        for share in preferred { try count(share) }
        let warrants = try warrantTranches()
        try count(warrants)
        let (options, others) = try optionGrants()
        try count(options)
        try convertibles(fullyDiluted: fullyDiluted, others: others)
    }

    /// Common by holder name (stakeholders of one name are one holder), in order of first appearance, with
    /// the stakeholder ids behind each; holders whose stock adds up to zero are left out.
    func commonHolders(_ securities: [OCFSecurity]) throws(OCFError) -> [(String, Shares, [String])] {
        var byName: [String: (Shares, [String])] = [:]
        var order: [String] = []
        for security in securities {
            var name = Self.flat(holder(security.stakeholderID))
            if name.trimmingCharacters(in: .whitespaces).isEmpty { name = security.stakeholderID }
            if byName[name] == nil { order.append(name) }
            var entry = byName[name] ?? (.zero, [])
            entry.0 = try ExactSums.plus(entry.0, security.quantity ?? .zero)
            if !entry.1.contains(security.stakeholderID) { entry.1.append(security.stakeholderID) }
            byName[name] = entry
        }
        return order.compactMap { name in
            let (shares, ids) = byName[name]!
            return shares.isZero ? nil : (name, shares, ids)
        }
    }

    func holderLines(_ securities: [OCFSecurity], indent: String) throws(OCFError) -> [String] {
        var byHolder: [String: (Shares, [String])] = [:]
        var order: [String] = []
        for security in securities {
            if byHolder[security.stakeholderID] == nil { order.append(security.stakeholderID) }
            var entry = byHolder[security.stakeholderID] ?? (.zero, [])
            entry.0 = try ExactSums.plus(entry.0, security.quantity ?? .zero)
            entry.1.append(security.id)
            byHolder[security.stakeholderID] = entry
        }
        return order.map { id in
            let (total, ids) = byHolder[id]!
            return "\(indent)\(Self.flat(holder(id))) (\(id)): \(total) — \(ids.joined(separator: ", "))"
        }
    }

    // MARK: - Preferred

    /// The conversion mechanism in effect: the latest adjustment, else the class's first ratio conversion right.
    func mechanism(_ stockClass: OCFStockClass) throws(OCFError) -> (
        price: (Price, String)?, numerator: DecimalNumber?, denominator: DecimalNumber?, source: String
    )? {
        var mechanism: JSONNode?
        var source = ""
        if let adjustment = stockClass.adjustment {
            mechanism = adjustment.mechanism
            source = "the conversion ratio adjustment '\(adjustment.id)' of \(adjustment.date)"
        } else {
            // The first right with a ratio or a price (a class may also list rights of other kinds).
            for right in try stockClass.node.list("conversion_rights") {
                var candidate = right  // 1.0 wrote the ratio and price on the right itself
                if let inner = try right.optional("conversion_mechanism"), case .object = inner.value {
                    candidate = inner
                }
                if candidate.has("ratio") || candidate.has("conversion_price") {
                    mechanism = candidate
                    source = "the class's conversion right (\(right.path))"
                    break
                }
            }
        }
        guard let mechanism else { return nil }
        let price = try mechanism.optional("conversion_price").map { node throws(OCFError) in
            let (amount, currency) = try node.amount()
            guard let value = try? Price(exactly: amount), value.isPositive else {
                throw node.error("\(amount) is not a usable conversion price (it must be positive, to 12 places)")
            }
            return (value, currency)
        }
        var numerator: DecimalNumber?
        var denominator: DecimalNumber?
        if let ratio = try mechanism.optional("ratio") {
            numerator = try ratio.required("numerator").decimal()
            denominator = try ratio.required("denominator").decimal()
            if let n = numerator, let d = denominator, n.significand <= 0 || d.significand <= 0 {
                throw ratio.error("a conversion ratio must be positive, not \(n):\(d)")
            }
        }
        return (price, numerator, denominator, source)
    }

    /// The original issue price: the class's `price_per_share`, else the price most of its shares were issued at.
    mutating func originalIssuePrice(_ stockClass: OCFStockClass) throws(OCFError) -> (Price, String, String)? {
        if let node = try stockClass.node.optional("price_per_share") {
            let (amount, currency) = try node.amount()
            let value = try exact(node, "the price per share \(amount)") { try Price(exactly: amount) }
            if value.isPositive { return (value, currency, "the class's price_per_share") }
        }
        var byPrice: [Price: Shares] = [:]
        var currency = ""
        for security in table.securities where security.kind == .stock && security.classID == stockClass.id {
            guard let price = security.price, price.isPositive else { continue }
            byPrice[price] = try ExactSums.plus(byPrice[price] ?? .zero, security.quantity ?? .zero)
            currency = security.currency
        }
        guard let (price, _) = byPrice.max(by: { ($0.value, $1.key) < ($1.value, $0.key) }) else { return nil }
        if byPrice.count > 1 {
            let list = byPrice.keys.sorted().map(\.description).joined(separator: ", ")
            notes.append("'\(stockClass.name)' was issued at several prices (\(list)); the original issue price is "
                + "\(price), the price of most of its shares")
        }
        return (price, currency, byPrice.count > 1 ? "the price most of its shares were issued at" : "its issuances' price")
    }

    /// Writes every preferred class with shares outstanding; returns each one's common as converted.
    mutating func preferredSeries() throws(OCFError) -> [Shares] {
        var written: [String] = []
        var asConverted: [Shares] = []
        for stockClass in table.classes where stockClass.isPreferred {
            let held = active.filter { $0.kind == .stock && $0.classID == stockClass.id }
            let shares = try ExactSums.total(held)
            guard shares.isPositive else {
                leftOut.append("the preferred class '\(stockClass.name)' (\(stockClass.id)): no shares outstanding on "
                    + "\(table.asOf)")
                continue
            }
            let issue = try originalIssuePrice(stockClass)
            let right = try mechanism(stockClass)
            var comments: [String] = []
            let stated: Price
            let conversion: Price
            var ratioText = ""
            if let n = right?.numerator, let d = right?.denominator { ratioText = "\(n):\(d)" }
            switch (issue, right?.price, right?.numerator, right?.denominator) {
            case (let issue?, let price?, _, _):
                stated = issue.0
                conversion = price.0
            case (let issue?, nil, let n?, let d?):
                stated = issue.0
                let (ni, di) = CapTableReplay.integers(n, d)
                do {
                    conversion = try Exact.price(issue.0, times: di, over: ni, .exact)
                } catch {
                    throw stockClass.node.error("the conversion price \(issue.0) × \(d) ÷ \(n) overflows")
                }
                comments.append("conversion price = original issue price \(issue.0) ÷ ratio \(ratioText) (OCF gives "
                    + "a ratio and no price)" + (conversion.decimal.scale > 0 && conversion.fullText().count > 20
                        ? ", to 12 decimal places" : ""))
            case (nil, let price?, let n?, let d?):
                // No issue price: the stated value that gives OCF's ratio at its price.
                let (ni, di) = CapTableReplay.integers(n, d)
                conversion = price.0
                stated = try exact(stockClass.node, "the stated value \(price.0) × \(n) ÷ \(d)") {
                    try Exact.price(price.0, times: ni, over: di, .exact)
                }
                comments.append("no original issue price in OCF: stated value = conversion price × ratio \(ratioText)")
            case (let issue?, nil, _, _):
                stated = issue.0
                conversion = issue.0
                notes.append("'\(stockClass.name)' has no conversion price or ratio in OCF; written as converting 1:1 "
                    + "at its original issue price")
            case (nil, let price?, _, _):
                stated = price.0
                conversion = price.0
                notes.append("'\(stockClass.name)' has no original issue price in OCF; its stated value is written as "
                    + "its conversion price (1:1)")
            case (nil, nil, let n?, let d?):
                let (ni, di) = CapTableReplay.integers(n, d)
                stated = try exact(stockClass.node, "the ratio \(n) ÷ \(d)") {
                    try Exact.price(Price(1), times: ni, over: di, .exact)
                }
                conversion = Price(1)
                notes.append("'\(stockClass.name)' has neither an issue price nor a conversion price in OCF, only the "
                    + "ratio \(ratioText): written with a conversion price of 1 and a stated value of \(stated), which "
                    + "gives that ratio; set the real prices before applying a clause")
            default:
                stated = Price(1)
                conversion = Price(1)
                notes.append("'\(stockClass.name)' has no price and no conversion right in OCF: written as 1:1 at 1; "
                    + "set the real prices before applying a clause")
            }
            if let n = right?.numerator, let d = right?.denominator, let issue, let price = right?.price {
                let (ni, di) = CapTableReplay.integers(n, d)
                let implied = try exact(stockClass.node, "\(issue.0) × \(d) ÷ \(n)") {
                    try Exact.price(issue.0, times: di, over: ni, .exact)
                }
                if implied != price.0 {
                    comments.append("OCF's ratio \(ratioText) is not original issue price ÷ conversion price "
                        + "(\(issue.0) ÷ \(price.0)); the scenario converts at stated value ÷ conversion price")
                }
            }
            // Money carries 8 decimal places; a finer stated value is rounded to them (and the comment says so).
            let statedUnits = try exact(stockClass.node, "the stated value \(stated)") {
                try stated.decimal.units(atDecimals: Money.decimals, rounding: .nearest)
            }
            let statedMoney = Money(units: statedUnits)
            if statedMoney.decimal != stated.decimal {
                comments.append("stated value \(stated) rounded to 8 decimal places")
            }
            let id = identifier(stockClass.name, fallback: "series")
            if written.isEmpty { lines.append("  preferred:") }
            written.append(id)
            lines.append("    # ocf-id: \(stockClass.id) (STOCK_CLASS \(Self.quoted(stockClass.name)))")
            lines += try holderLines(held, indent: "    # holder: ")
            lines.append("    # conversion: from \(right?.source ?? "no conversion right (none in OCF)")"
                + (ratioText.isEmpty ? "" : "; ratio \(ratioText)")
                + (right?.price.map { "; conversion price \($0.0) \($0.1)" } ?? "")
                + (issue.map { "; original issue price \($0.0) \($0.1) (\($0.2))" } ?? ""))
            for comment in comments { lines.append("    # \(comment)") }
            lines.append("    # " + (try liquidation(stockClass)))
            if !stockClass.splits.isEmpty {
                lines.append("    # splits applied to its shares: \(stockClass.splits.joined(separator: ", "))")
            }
            lines.append("    - id: \(id)")
            lines.append("      name: \(Self.quoted(stockClass.name))")
            lines.append("      shares: \(shares)")
            lines.append("      original-issue-price: \(statedMoney)")
            lines.append("      conversion-price: \(conversion)")
            lines.append("      # clause:                    # OCF does not record the anti-dilution clause; from the charter:")
            lines.append("      #   type: weighted-average   # weighted-average, full-ratchet or none")
            lines.append("      #   base: broad              # broad, narrow, or terms: [common, preferred, options, warrants, pool, other]")
            lines.append("      #   round-price: 0.01        # and round-consideration-shares, round-rate, floor, minimum-change, sunset…")
            asConverted.append(
                try exact(stockClass.node, "\(shares) shares as converted at \(statedMoney) ÷ \(conversion)") {
                    try Exact.asConverted(shares, statedValue: statedMoney, price: conversion)
                })
            currencies.formUnion([issue?.1, right?.price?.1].compactMap { $0 }.filter { !$0.isEmpty })
        }
        return asConverted
    }

    func liquidation(_ stockClass: OCFStockClass) throws(OCFError) -> String {
        var parts: [String] = []
        if let multiple = try stockClass.node.decimal("liquidation_preference_multiple") {
            parts.append("liquidation preference \(multiple)×")
        }
        if let cap = try stockClass.node.decimal("participation_cap_multiple") {
            parts.append("participation cap \(cap)×")
        }
        if let seniority = try stockClass.node.decimal("seniority") {
            parts.append("seniority \(seniority) (OCF ranks a higher number as more senior)")
        }
        var authorized = stockClass.authorized
        if authorized == nil { authorized = try stockClass.node.decimal("current_shares_authorized") }
        if authorized == nil { authorized = try stockClass.node.decimal("initial_shares_authorized") }
        if let authorized {
            parts.append("\(authorized) authorized")
        }
        return parts.isEmpty ? "liquidation terms: none in OCF" : "liquidation terms (not used by the scenario format): "
            + parts.joined(separator: ", ")
    }

    // MARK: - Warrants

    mutating func warrantTranches() throws(OCFError) -> Shares {
        var total = Shares.zero
        var first = true
        for warrant in active where warrant.kind == .warrant {
            if let expires = warrant.expires, expires < table.asOf {
                leftOut.append("the warrant '\(warrant.id)' of \(holder(warrant.stakeholderID)): it expired on \(expires), "
                    + "before \(table.asOf) (OCF records no lapse; it is taken to have lapsed)")
                continue
            }
            guard let quantity = warrant.quantity, quantity.isPositive, let price = warrant.price, price.isPositive
            else {
                let missing = [warrant.quantity == nil ? "quantity" : nil, warrant.price == nil ? "exercise price" : nil]
                    .compactMap { $0 }
                let why = missing.isEmpty ? "a zero quantity or price" : "no " + missing.joined(separator: " and no ")
                leftOut.append("the warrant '\(warrant.id)' (issued by '\(warrant.issuanceID)' to "
                    + "\(holder(warrant.stakeholderID))): OCF gives it \(why); add it by hand")
                continue
            }
            if first { lines.append("  warrants:") }
            first = false
            let name = holder(warrant.stakeholderID)
            let custom = (try? warrant.issuance?.string("custom_id")) ?? nil
            let id = identifier("warrant " + (custom ?? name), fallback: "warrant")
            lines.append("    # ocf-id: \(warrant.id) (warrant issued by '\(warrant.issuanceID)' on \(warrant.issued))")
            lines.append("    - id: \(id)")
            lines.append("      name: \(Self.quoted([custom, name].compactMap { $0 }.joined(separator: " — ")))")
            lines.append("      shares: \(quantity)")
            lines.append("      exercise-price: \(price)" + (warrant.currency.isEmpty ? "" : "  # \(warrant.currency)"))
            if !warrant.currency.isEmpty { currencies.insert(warrant.currency) }
            if let expires = warrant.expires { lines.append("      expires: \(expires)") }
            lines.append("      holders:")
            lines.append("        - name: \(Self.quoted(name))")
            lines.append("          shares: \(quantity)")
            total = try ExactSums.plus(total, quantity)
        }
        return total
    }

    // MARK: - Options

    /// Options grouped by plan and exercise price; units without a price (RSUs) become other securities.
    mutating func optionGrants() throws(OCFError) -> (Shares, [OCFSecurity]) {
        struct Key: Hashable {
            var plan: String
            var price: Price
        }
        var groups: [Key: [OCFSecurity]] = [:]
        var order: [Key] = []
        var others: [OCFSecurity] = []
        for grant in active where grant.kind == .equityCompensation {
            guard let quantity = grant.quantity, quantity.isPositive else { continue }
            if let expires = grant.expires, expires < table.asOf {
                leftOut.append("the grant '\(grant.id)' of \(holder(grant.stakeholderID)) (\(quantity) \(grant.compensationType)): "
                    + "it expired on \(expires), before \(table.asOf) (OCF records no lapse; it is taken to have lapsed)")
                continue
            }
            guard let price = grant.price, price.isPositive, !grant.compensationType.hasPrefix("RSU") else {
                others.append(grant)
                continue
            }
            let key = Key(plan: grant.planID ?? "", price: price)
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(grant)
        }
        var total = Shares.zero
        if !order.isEmpty { lines.append("  options:") }
        for key in order {
            let grants = groups[key]!
            let planName = table.plans.first { $0.id == key.plan }?.name ?? "granted outside a plan"
            let shares = try ExactSums.total(grants)
            let id = identifier("options \(planName) at \(key.price)", fallback: "options")
            lines.append("    # \(grants.count) grant\(grants.count == 1 ? "" : "s") of \(Self.flat(planName))"
                + (key.plan.isEmpty ? "" : " (ocf-id \(key.plan))") + " at \(key.price)"
                + (grants[0].currency.isEmpty ? "" : " \(grants[0].currency)") + ":")
            for grant in grants {
                lines.append("    #   ocf-id: \(grant.id) — \(Self.flat(holder(grant.stakeholderID))): "
                    + "\(grant.quantity ?? .zero) \(grant.compensationType)"
                    + (grant.expires.map { ", expires \($0)" } ?? ""))
            }
            lines.append("    - id: \(id)")
            lines.append("      name: \(Self.quoted("\(planName) options at \(key.price)"))")
            lines.append("      shares: \(shares)")
            lines.append("      exercise-price: \(key.price)")
            if let earliest = grants.compactMap(\.expires).min() {
                lines.append("      expires: \(earliest)" + (grants.count > 1 ? "  # the earliest of the grants" : ""))
            }
            total = try ExactSums.plus(total, shares)
            currencies.formUnion(grants.map(\.currency).filter { !$0.isEmpty })
        }
        return (total, others)
    }

    // MARK: - Other securities: units without a price, SAFEs and notes

    mutating func convertibles(fullyDiluted: Shares, others: [OCFSecurity]) throws(OCFError) {
        let wholeDown = RoundingRule(step: DecimalNumber(1), direction: .down)
        var entries: [[String]] = []
        for unit in others {
            let planName = table.plans.first { $0.id == unit.planID }?.name ?? "no plan"
            let id = identifier("\(unit.compensationType) \(holder(unit.stakeholderID))", fallback: "units")
            entries.append([
                "    # ocf-id: \(unit.id) (\(unit.compensationType) of \(Self.flat(planName)), counted by its shares "
                    + "with no exercise price" + (unit.price.map { "; OCF gives a price of \($0)" } ?? "") + ")",
                "    - id: \(id)",
                "      name: \(Self.quoted("\(unit.compensationType) — \(holder(unit.stakeholderID))"))",
                "      shares: \(unit.quantity ?? .zero)",
            ])
        }
        for note in active where note.kind == .convertible {
            guard let issuance = note.issuance else { continue }
            let terms = try Self.terms(issuance)
            let type = try issuance.string("convertible_type") ?? "CONVERTIBLE"
            let custom = try issuance.string("custom_id")
            let name = [custom ?? type, holder(note.stakeholderID)].joined(separator: " — ")
            let description = "\(type) of \(terms.investment) \(terms.currency)" + (terms.summary.isEmpty ? "" : ", ")
                + terms.summary.joined(separator: ", ")
            // The scenario counts a security by the common underlying it; a SAFE's or note's is known only at its
            // conversion, so it is estimated at the cap (or fixed price) on today's fully diluted count.
            var estimate: Shares?
            var method = ""
            if fullyDiluted.isPositive {
                let investment = try exact(issuance, "the investment \(terms.investment)") {
                    try Money(exactly: terms.investment)
                }
                if let cap = terms.cap {
                    let capMoney = try exact(issuance, "the valuation cap \(cap)") { try Money(exactly: cap) }
                    let perShare = try exact(issuance, "the cap's price \(cap) ÷ \(fullyDiluted)") {
                        try Exact.price(of: capMoney, per: fullyDiluted)
                    }
                    if perShare.isPositive {
                        estimate = try exact(issuance, "\(terms.investment) ÷ \(perShare)") {
                            try Exact.shares(buyableWith: investment, at: perShare, rounding: wholeDown)
                        }
                        method = "\(terms.investment) at the cap's price \(perShare) (\(cap) ÷ \(fullyDiluted) fully "
                            + "diluted shares on \(table.asOf))"
                    }
                } else if let price = terms.price {
                    let perShare = try exact(issuance, "the conversion price \(price)") { try Price(exactly: price) }
                    if perShare.isPositive {
                        estimate = try exact(issuance, "\(terms.investment) ÷ \(perShare)") {
                            try Exact.shares(buyableWith: investment, at: perShare, rounding: wholeDown)
                        }
                        method = "\(terms.investment) at its conversion price \(price)"
                    }
                } else if let percent = terms.percent, percent.significand > 0, percent < DecimalNumber(1) {
                    // p of the capitalization after conversion: FD × p ÷ (1 − p).
                    let (p, one) = CapTableReplay.integers(percent, DecimalNumber(1))
                    estimate = try exact(issuance, "\(fullyDiluted) × \(percent) ÷ (1 − \(percent))") {
                        try Exact.scaleShares(
                            fullyDiluted, by: Ratio(units: p), over: Ratio(units: one - p), rounding: wholeDown)
                    }
                    method = "\(percent) of the capitalization after it: \(fullyDiluted) × \(percent) ÷ (1 − \(percent))"
                }
            }
            let id = identifier(name, fallback: "convertible")
            if !terms.currency.isEmpty { currencies.insert(terms.currency) }
            guard let estimate, estimate.isPositive else {
                leftOut.append("the \(type.lowercased()) '\(note.id)' of \(holder(note.stakeholderID)) (\(description)): "
                    + "no cap, price or percentage bounds the common it converts into, so the format cannot count it; "
                    + "it is written commented out")
                entries.append([
                    "    # ocf-id: \(note.id) — \(Self.flat(description)); not counted: no cap, price or percentage "
                        + "bounds its shares",
                    "    # - id: \(id)",
                    "    #   name: \(Self.quoted(name))",
                    "    #   shares: ?",
                ])
                continue
            }
            entries.append([
                "    # ocf-id: \(note.id) — \(Self.flat(description))",
                "    # the format has no SAFE or note yet: counted as the common underlying it, estimated as "
                    + "\(Self.flat(method))",
                "    - id: \(id)",
                "      name: \(Self.quoted(name))",
                "      shares: \(estimate)",
            ])
        }
        guard !entries.isEmpty else { return }
        let anyWritten = entries.contains { $0.contains { $0.hasPrefix("    - id:") } }
        lines.append(anyWritten ? "  other:" : "  # other:")
        for entry in entries { lines += entry }
    }

    struct ConvertibleTerms {
        var investment = DecimalNumber(0)
        var currency = ""
        var cap: DecimalNumber?
        var price: DecimalNumber?
        var percent: DecimalNumber?
        var summary: [String] = []
    }

    /// The terms of a SAFE or note: investment, cap, discount, interest, MFN, fixed percentage.
    static func terms(_ issuance: JSONNode) throws(OCFError) -> ConvertibleTerms {
        var terms = ConvertibleTerms()
        let (investment, currency) = try issuance.required("investment_amount").amount()
        terms.investment = investment
        terms.currency = currency
        for trigger in try issuance.list("conversion_triggers") {
            guard let right = try trigger.optional("conversion_right"),
                let mechanism = try right.optional("conversion_mechanism"), case .object = mechanism.value
            else { continue }
            let type = try mechanism.string("type") ?? ""
            if let cap = try mechanism.optional("conversion_valuation_cap") {
                terms.cap = try cap.amount().amount
                terms.summary.append("valuation cap \(terms.cap!)")
            }
            if let discount = try mechanism.decimal("conversion_discount") {
                terms.summary.append("discount \(discount)")
            }
            if let price = try mechanism.optional("conversion_price") {
                terms.price = try price.amount().amount
                terms.summary.append("conversion price \(terms.price!)")
            }
            if let percent = try mechanism.decimal("converts_to_percent") {
                terms.percent = percent
                terms.summary.append("fixed \(percent) of the capitalization")
            }
            if case .bool(true)? = try mechanism.optional("conversion_mfn")?.value { terms.summary.append("MFN") }
            if let timing = try mechanism.string("conversion_timing") { terms.summary.append(timing.lowercased()) }
            if let rate = try mechanism.decimal("interest_rate") { terms.summary.append("interest \(rate)") }
            for rate in try mechanism.list("interest_rates") {
                let value = try rate.required("rate").decimal()
                let start = try rate.string("accrual_start_date") ?? "?"
                terms.summary.append("interest \(value) from \(start)")
            }
            if terms.summary.isEmpty, !type.isEmpty { terms.summary.append(type) }
        }
        return terms
    }
}
