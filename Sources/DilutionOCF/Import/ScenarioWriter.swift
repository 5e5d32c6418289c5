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
        var slug = OCFSlug.make(name)
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
        header.append("# Common, preferred series, warrants and options are written with their holders (stakeholders of one")
        header.append("# name are one holder); the securities behind them are listed in comments. Liquidation terms come")
        header.append("# from OCF's multiples and seniority. Each instrument's `# ocf-id:` comment names the OCF object it comes from;")
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
        let ranks = try seniorityRanks()
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
            let liquidation = try liquidationTerms(stockClass, ranks: ranks)
            for comment in liquidation.comments { lines.append("    # \(comment)") }
            if !stockClass.splits.isEmpty {
                lines.append("    # splits applied to its shares: \(stockClass.splits.joined(separator: ", "))")
            }
            lines.append("    - id: \(id)")
            lines.append("      name: \(Self.quoted(stockClass.name))")
            lines.append("      shares: \(shares)")
            lines.append("      original-issue-price: \(statedMoney)")
            lines.append("      conversion-price: \(conversion)")
            if let key = liquidation.key { lines.append("      liquidation: \(key)") }
            lines += try holderList(held, indent: "      ")
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

    /// Our `seniority` rank of each OCF seniority among the preferred classes with shares outstanding: OCF ranks a
    /// higher number as more senior, the scenario pays rank 1 first, so the highest OCF seniority is rank 1, the next
    /// distinct value rank 2, and so on (equal OCF values share a rank, pari passu).
    func seniorityRanks() throws(OCFError) -> [DecimalNumber: Int] {
        var values: Set<DecimalNumber> = []
        for stockClass in table.classes where stockClass.isPreferred {
            let held = active.filter { $0.kind == .stock && $0.classID == stockClass.id }
            guard try ExactSums.total(held).isPositive else { continue }
            if let seniority = try stockClass.node.decimal("seniority") { values.insert(seniority) }
        }
        var ranks: [DecimalNumber: Int] = [:]
        for (index, value) in values.sorted(by: >).enumerated() { ranks[value] = index + 1 }
        return ranks
    }

    /// The series' `liquidation:` value (a flow mapping) from OCF's multiples and seniority, with comments on where
    /// each term comes from; no key when OCF gives none of them (the series then shares with common as converted).
    func liquidationTerms(_ stockClass: OCFStockClass, ranks: [DecimalNumber: Int]) throws(OCFError) -> (
        key: String?, comments: [String]
    ) {
        var comments: [String] = []
        var parts: [String] = []
        var described: [String] = []
        let node = stockClass.node
        let preference = try node.decimal("liquidation_preference_multiple")
        let cap = try node.decimal("participation_cap_multiple")
        let seniority = try node.decimal("seniority")
        for (name, value) in [("liquidation_preference_multiple", preference), ("participation_cap_multiple", cap)] {
            if let value, value.isNegative {
                throw (try node.required(name)).error("a multiple cannot be negative, not \(value)")
            }
        }
        if let preference {
            parts.append("preference: \(preference)x")
            described.append("liquidation_preference_multiple \(preference)")
        }
        if let cap {
            described.append("participation_cap_multiple \(cap)")
            if cap < (preference ?? DecimalNumber(1)) {
                comments.append("OCF's participation cap \(cap)× is below the preference "
                    + "\(preference ?? DecimalNumber(1))×, which the format cannot take: written as non-participating; "
                    + "check the charter")
            } else {
                parts.append("participation: capped")
                parts.append("cap: \(cap)x")
            }
        }
        if let seniority, let rank = ranks[seniority] {
            parts.append("seniority: \(rank)")
            described.append("seniority \(seniority) → rank \(rank) (OCF ranks a higher number as more senior; "
                + "rank 1 is paid first)")
        } else if seniority == nil, !ranks.isEmpty {
            // Other classes have a seniority and this one none: paid after all of them.
            parts.append("seniority: \(ranks.count + 1)")
            described.append("no seniority in OCF → rank \(ranks.count + 1), after every class that has one")
        }
        var authorized = stockClass.authorized
        if authorized == nil { authorized = try node.decimal("current_shares_authorized") }
        if authorized == nil { authorized = try node.decimal("initial_shares_authorized") }
        if let authorized { comments.append("\(authorized) shares authorized") }
        guard preference != nil || cap != nil || seniority != nil else {
            comments.insert("liquidation terms: none in OCF (the series shares with common as converted at an exit)",
                at: 0)
            return (nil, comments)
        }
        comments.insert("liquidation terms from OCF: " + described.joined(separator: ", "), at: 0)
        if preference == nil {
            comments.append("OCF gives no liquidation_preference_multiple: the format's default 1x is assumed")
        }
        if cap == nil {
            comments.append("OCF records no participation without a cap: `participation: none` is assumed; write "
                + "`participation: full` if the series participates without a cap")
        }
        return ("{" + parts.joined(separator: ", ") + "}", comments)
    }

    /// A `holders:` list by stakeholder name (stakeholders of one name are one holder, their ids in a comment); empty
    /// when a holder's total is not positive, which the format does not allow outside common.
    func holderList(_ securities: [OCFSecurity], indent: String) throws(OCFError) -> [String] {
        let holders = try commonHolders(securities)
        guard !holders.isEmpty, !holders.contains(where: { !$0.1.isPositive }) else { return [] }
        var result = ["\(indent)holders:"]
        for (name, shares, ids) in holders {
            result.append("\(indent)  - name: \(Self.quoted(name))  # \(ids.joined(separator: ", "))")
            result.append("\(indent)    shares: \(shares)")
        }
        return result
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
            lines += try holderList(grants, indent: "      ")
            total = try ExactSums.plus(total, shares)
            currencies.formUnion(grants.map(\.currency).filter { !$0.isEmpty })
        }
        return (total, others)
    }

    // MARK: - Other securities: units without a price, SAFEs and notes

    mutating func convertibles(fullyDiluted: Shares, others: [OCFSecurity]) throws(OCFError) {
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
            ] + (try holderList([unit], indent: "      ")))
        }
        var safes: [[String]] = []
        var notesList: [[String]] = []
        for note in active where note.kind == .convertible {
            guard let issuance = note.issuance else { continue }
            let terms = try Self.terms(issuance)
            let type = try issuance.string("convertible_type") ?? "CONVERTIBLE"
            let custom = try issuance.string("custom_id")
            let name = [custom ?? type, holder(note.stakeholderID)].joined(separator: " — ")
            let description = "\(type) of \(terms.investment) \(terms.currency)" + (terms.summary.isEmpty ? "" : ", ")
                + terms.summary.joined(separator: ", ")
            if !terms.currency.isEmpty { currencies.insert(terms.currency) }
            guard let mechanism = terms.mechanism,
                let kind = try mechanism.string("type"), kind == "SAFE_CONVERSION" || kind == "CONVERTIBLE_NOTE_CONVERSION"
            else {
                let kind = (try? terms.mechanism?.string("type")) ?? nil
                leftOut.append("the \(type.lowercased()) '\(note.id)' of \(holder(note.stakeholderID)) (\(description)): "
                    + "its conversion mechanism \(kind ?? "(none)") is not one the format models (SAFE_CONVERSION or "
                    + "CONVERTIBLE_NOTE_CONVERSION); it is left out, written as a comment")
                entries.append([
                    "    # ocf-id: \(note.id) — \(Self.flat(description)); left out: the conversion mechanism "
                        + "\(kind ?? "(none)") is not a SAFE or a note the format models",
                ])
                continue
            }
            let id = identifier(name, fallback: kind == "SAFE_CONVERSION" ? "safe" : "note")
            let amount = try exact(issuance, "the investment \(terms.investment)") { try Money(exactly: terms.investment) }
            guard amount.isPositive else {
                leftOut.append("the \(type.lowercased()) '\(note.id)' of \(holder(note.stakeholderID)): its investment "
                    + "is \(amount), and the format needs more than zero; it is left out")
                continue
            }
            var entry = ["    # ocf-id: \(note.id) — \(Self.flat(description))", "    - id: \(id)",
                "      name: \(Self.quoted(name))"]
            if kind == "SAFE_CONVERSION" {
                entry.append("      amount: \(amount)")
                let timing = try mechanism.string("conversion_timing")
                switch timing {
                case "PRE_MONEY": entry.append("      form: pre-money")
                case "POST_MONEY": entry.append("      form: post-money")
                default:
                    entry.append("      form: post-money  # OCF gives no conversion_timing: the YC post-money form assumed")
                }
                if let cap = terms.cap {
                    let capMoney = try exact(issuance, "the valuation cap \(cap)") { try Money(exactly: cap) }
                    if timing != "PRE_MONEY", capMoney <= amount {
                        entry.append("      # cap: \(capMoney)  # OCF's cap is not above the amount, which a post-money "
                            + "SAFE needs: check the instrument")
                    } else if capMoney.isPositive {
                        entry.append("      cap: \(capMoney)")
                    }
                }
            } else {
                entry.append("      principal: \(amount)")
                if let cap = terms.cap {
                    let capMoney = try exact(issuance, "the valuation cap \(cap)") { try Money(exactly: cap) }
                    if capMoney.isPositive { entry.append("      cap: \(capMoney)") }
                }
            }
            if let discount = terms.discount {
                if discount.isNegative || discount >= DecimalNumber(1) {
                    entry.append("      # discount: \(discount)  # OCF's discount is not a fraction below 1: check it")
                } else {
                    entry.append("      discount: \(discount)")
                }
            }
            if case .bool(true)? = try mechanism.optional("conversion_mfn")?.value { entry.append("      mfn: true") }
            if kind == "CONVERTIBLE_NOTE_CONVERSION" { entry += try noteInterest(mechanism, note: note) }
            if let definition = try mechanism.string("capitalization_definition") {
                entry.append("      # OCF's capitalization definition: \(Self.flat(definition))")
            }
            entry.append("      # converts-in: EVENT-ID   # OCF does not name the round: default, the next priced round")
            if terms.cap != nil {
                entry.append("      # cap-count: [common, preferred, options, warrants, pool, converting]  # the count "
                    + "the cap divides, if not the format's default")
            }
            if kind == "SAFE_CONVERSION" { safes.append(entry) } else { notesList.append(entry) }
        }
        if !entries.isEmpty {
            let anyWritten = entries.contains { $0.contains { $0.hasPrefix("    - id:") } }
            lines.append(anyWritten ? "  other:" : "  # other (left out):")
            for entry in entries { lines += entry }
        }
        if !safes.isEmpty {
            lines.append("  safes:")
            for entry in safes { lines += entry }
        }
        if !notesList.isEmpty {
            lines.append("  notes:")
            for entry in notesList { lines += entry }
        }
    }

    /// A note's `interest:` and `issued:` from OCF's rate(s), compounding and day count; what the format cannot take
    /// (several rates, a payout in cash, an accrual period other than a year) is said in comments.
    func noteInterest(_ mechanism: JSONNode, note: OCFSecurity) throws(OCFError) -> [String] {
        var rates: [(DecimalNumber, String?)] = []
        if let rate = try mechanism.decimal("interest_rate") { rates.append((rate, nil)) }
        for item in try mechanism.list("interest_rates") {
            rates.append((try item.required("rate").decimal(), try item.string("accrual_start_date")))
        }
        var lines: [String] = []
        guard let (rate, start) = rates.first else {
            lines.append("      # interest: {rate: 8%, compounding: simple, day-count: actual/365}  # none in OCF")
            lines.append("      issued: \(note.issued)")
            return lines
        }
        var parts = ["rate: \(rate)"]
        switch try mechanism.string("compounding_type") {
        case "COMPOUNDING": parts.append("compounding: compound")
        case "SIMPLE": parts.append("compounding: simple")
        default: break
        }
        var dayComment: String?
        switch try mechanism.string("day_count_convention") {
        case "ACTUAL_365": parts.append("day-count: actual/365")
        case "30_360": parts.append("day-count: 30/360")
        case let other?: dayComment = "OCF's day count \(other) is not one the format has: actual/365 assumed"
        case nil: break
        }
        lines.append("      interest: {\(parts.joined(separator: ", "))}")
        if let dayComment { lines.append("      # \(dayComment)") }
        if rate.isNegative {
            throw mechanism.error("an interest rate cannot be negative, not \(rate)")
        }
        if rate > DecimalNumber(1) {
            lines.append("      # OCF writes rates as fractions (0.08 for 8 %); \(rate) is more than 100 %: check it")
        }
        if rates.count > 1 {
            let later = rates.dropFirst().map { "\($0.0) from \($0.1 ?? "?")" }.joined(separator: ", ")
            lines.append("      # the format has one rate; OCF's later ones are not modelled: \(later)")
        }
        if let period = try mechanism.string("interest_accrual_period"), period != "ANNUAL",
            parts.contains("compounding: compound")
        {
            lines.append("      # OCF compounds \(period.lowercased()); the format compounds yearly")
        }
        if try mechanism.string("interest_payout") == "CASH" {
            lines.append("      # OCF pays the interest in cash; the format converts principal plus interest")
        }
        lines.append("      issued: \(start ?? note.issued.description)" + (start == nil ? "" : "  # the accrual start date"))
        return lines
    }

    struct ConvertibleTerms {
        var investment = DecimalNumber(0)
        var currency = ""
        var cap: DecimalNumber?
        var price: DecimalNumber?
        var percent: DecimalNumber?
        var discount: DecimalNumber?
        /// The first conversion mechanism of its triggers.
        var mechanism: JSONNode?
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
            if terms.mechanism == nil { terms.mechanism = mechanism }
            if let cap = try mechanism.optional("conversion_valuation_cap") {
                terms.cap = try cap.amount().amount
                terms.summary.append("valuation cap \(terms.cap!)")
            }
            if let discount = try mechanism.decimal("conversion_discount") {
                terms.discount = discount
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
