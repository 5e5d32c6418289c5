internal import DilutionExact

/// Replays an OCF package's transactions in date order (file order within a day) up to and including a date.
package struct CapTableReplay {
    let package: OCFPackage
    let asOf: OCFDate
    /// Skip transactions that name an unknown security, class, plan or stakeholder, reporting each, instead of
    /// failing on the first: OCF's catalogue samples are made of such.
    let skipDangling: Bool

    var table: ReplayedCapTable
    var index: [String: Int] = [:]
    /// Security ids some issuance in the package creates, at any date.
    var issuedAnywhere: Set<String> = []
    /// The date of each security's issuance, for transactions dated before it.
    var issueDates: [String: OCFDate] = [:]
    /// Transactions dated before the issuance of their security, applied right after it.
    var deferred: [String: [JSONNode]] = [:]
    /// Stock issuances' quantities by security id (for exercises that give none).
    var stockQuantities: [String: Shares] = [:]

    package init(package: OCFPackage, asOf: OCFDate, skipDangling: Bool) {
        self.package = package
        self.asOf = asOf
        self.skipDangling = skipDangling
        table = ReplayedCapTable(asOf: asOf)
    }

    /// Legacy (1.0) object types under their 1.1+ names.
    static func canonical(_ type: String) -> String {
        if type.hasPrefix("TX_PLAN_SECURITY_") {
            return "TX_EQUITY_COMPENSATION_" + type.dropFirst("TX_PLAN_SECURITY_".count)
        }
        return type
    }

    package mutating func run() throws(OCFError) -> ReplayedCapTable {
        for node in package.stakeholders {
            guard let id = try node.string("id") else { throw node.error("the stakeholder has no 'id'") }
            let name = try node.optional("name")?.string("legal_name") ?? id
            table.stakeholders[id] = name
        }
        for node in package.stockClasses {
            guard let id = try node.string("id") else { throw node.error("the stock class has no 'id'") }
            let type = try node.string("class_type") ?? ""
            table.classes.append(
                OCFStockClass(id: id, name: try node.string("name") ?? id, isPreferred: type == "PREFERRED", node: node))
        }
        for node in package.stockPlans {
            guard let id = try node.string("id") else { throw node.error("the stock plan has no 'id'") }
            let reserved = try node.optional("initial_shares_reserved").map { n throws(OCFError) in try shares(n) }
            let behaviour = try node.string("default_cancellation_behavior") ?? ""
            table.plans.append(
                OCFStockPlan(
                    id: id, name: try node.string("plan_name") ?? id, reserved: reserved ?? .zero,
                    retiresCancellations: behaviour == "RETIRE"))
        }

        var dated: [(date: OCFDate, order: Int, node: JSONNode)] = []
        for (order, node) in package.transactions.enumerated() {
            let type = try node.string("object_type") ?? ""
            if !type.hasPrefix("TX_") { continue }  // change events (CE_…) and stray objects
            let date = try node.required("date").date()
            if type.hasSuffix("_ISSUANCE"), let security = try node.string("security_id") {
                issuedAnywhere.insert(security)
                if issueDates[security] == nil { issueDates[security] = date }
                if type == "TX_STOCK_ISSUANCE", let quantity = try node.optional("quantity") {
                    stockQuantities[security] = try shares(quantity)
                }
            }
            dated.append((date, order, node))
        }
        dated.sort { ($0.date, $0.order) < ($1.date, $1.order) }
        for (date, _, node) in dated {
            if date > asOf {
                table.later += 1
                continue
            }
            table.applied += 1
            try apply(node)
        }
        for (security, waiting) in deferred.sorted(by: { $0.key < $1.key }) {
            for node in waiting {
                table.warnings.append(
                    "\(node.file): \(node.path): '\(try node.string("id") ?? "")' waited for the issuance of the "
                        + "security '\(security)', which was skipped; it was not applied.")
            }
        }
        return table
    }

    // MARK: - Transactions

    mutating func apply(_ node: JSONNode) throws(OCFError) {
        let type = Self.canonical(try node.string("object_type") ?? "")
        switch type {
        case "TX_STOCK_ISSUANCE", "TX_EQUITY_COMPENSATION_ISSUANCE", "TX_WARRANT_ISSUANCE", "TX_CONVERTIBLE_ISSUANCE":
            switch type {
            case "TX_STOCK_ISSUANCE": try issueStock(node)
            case "TX_EQUITY_COMPENSATION_ISSUANCE": try issueCompensation(node)
            case "TX_WARRANT_ISSUANCE": try issueWarrant(node)
            default: try issueConvertible(node)
            }
            if let id = try node.string("security_id"), index[id] != nil,
                let waiting = deferred.removeValue(forKey: id)
            {
                for transaction in waiting { try apply(transaction) }
            }

        case "TX_STOCK_CANCELLATION", "TX_STOCK_REPURCHASE", "TX_STOCK_TRANSFER", "TX_EQUITY_COMPENSATION_CANCELLATION",
            "TX_EQUITY_COMPENSATION_TRANSFER", "TX_WARRANT_CANCELLATION", "TX_WARRANT_TRANSFER":
            try reduce(node, type: type)
        case "TX_EQUITY_COMPENSATION_EXERCISE", "TX_EQUITY_COMPENSATION_RELEASE":
            try reduce(node, type: type, delivered: true)
        case "TX_WARRANT_EXERCISE": try exerciseWarrant(node)
        case "TX_STOCK_CONVERSION", "TX_STOCK_RETRACTION", "TX_STOCK_REISSUANCE", "TX_EQUITY_COMPENSATION_RETRACTION",
            "TX_WARRANT_RETRACTION", "TX_CONVERTIBLE_CONVERSION", "TX_CONVERTIBLE_CANCELLATION",
            "TX_CONVERTIBLE_RETRACTION", "TX_CONVERTIBLE_TRANSFER":
            try retire(node, type: type)
        case "TX_STOCK_CONSOLIDATION":
            for id in try node.list("security_ids") {
                try retire(node, type: type, securityID: try id.string())
            }
        case "TX_EQUITY_COMPENSATION_REPRICING": try reprice(node)

        case "TX_STOCK_CLASS_CONVERSION_RATIO_ADJUSTMENT": try adjustRatio(node)
        case "TX_STOCK_CLASS_SPLIT": try split(node)
        case "TX_STOCK_CLASS_AUTHORIZED_SHARES_ADJUSTMENT":
            guard let position = try stockClass(node) else { return }
            table.classes[position].authorized = try node.decimal("new_shares_authorized")
        case "TX_STOCK_PLAN_POOL_ADJUSTMENT":
            guard let position = try plan(node, key: "stock_plan_id", required: true) else { return }
            table.plans[position].reserved = try shares(try node.required("shares_reserved"))
        default:
            // Acceptances, vesting, returns to the pool (the pool is computed from grants), issuer-level authorized
            // shares, valuations: they change nothing this importer writes.
            break
        }
    }

    /// A broken reference: an error, or with `skipDangling` a skipped transaction in the report.
    mutating func dangling(_ node: JSONNode, at key: String, _ message: String) throws(OCFError) {
        let located = OCFError(file: node.file, path: node.path.isEmpty ? key : "\(node.path).\(key)", message: message)
        guard skipDangling else { throw located }
        let id = (try? node.string("id")) ?? nil
        table.skipped.append("\(located.description.dropLast()); skipped \(id.map { "'\($0)'" } ?? "the transaction").")
    }

    func shares(_ node: JSONNode) throws(OCFError) -> Shares {
        let value = try node.decimal()
        do {
            let result = try Shares(exactly: value)
            if result.isNegative { throw node.error("\(value) is negative; a share count cannot be") }
            return result
        } catch let error as OCFError {
            throw error
        } catch {
            throw node.error("\(value) has more than \(Shares.decimals) decimal places; fractions of a share that "
                + "fine cannot be carried exactly")
        }
    }

    func price(_ node: JSONNode) throws(OCFError) -> (Price, String) {
        let (amount, currency) = try node.amount()
        guard let price = try? Price(exactly: amount) else {
            throw node.error("\(amount) has more than \(Price.decimals) decimal places")
        }
        if price.isNegative { throw node.error("\(amount) is negative; a price cannot be") }
        return (price, currency)
    }

    mutating func stakeholder(_ node: JSONNode) throws(OCFError) -> String? {
        let id = try node.required("stakeholder_id").string()
        if table.stakeholders[id] == nil {
            let path = "\(node.path).stakeholder_id"
            guard skipDangling else {
                throw OCFError(
                    file: node.file, path: path, message: "the stakeholder '\(id)' is not in the package's stakeholders")
            }
            table.warnings.append(
                "\(node.file): \(path): the stakeholder '\(id)' is not in the package; the holder is named by that id.")
        }
        return id
    }

    mutating func newSecurity(_ node: JSONNode) throws(OCFError) -> String? {
        let id = try node.required("security_id").string()
        if let existing = index[id] {
            try dangling(
                node, at: "security_id",
                "the security '\(id)' was already issued by '\(table.securities[existing].issuanceID)'")
            return nil
        }
        return id
    }

    mutating func add(_ security: OCFSecurity) {
        index[security.id] = table.securities.count
        table.securities.append(security)
    }

    mutating func stockClass(_ node: JSONNode, key: String = "stock_class_id") throws(OCFError) -> Int? {
        let id = try node.required(key).string()
        guard let position = table.classes.firstIndex(where: { $0.id == id }) else {
            try dangling(node, at: key, "the stock class '\(id)' is not in the package's stock classes")
            return nil
        }
        return position
    }

    mutating func plan(_ node: JSONNode, key: String, required: Bool) throws(OCFError) -> Int? {
        guard let id = try node.string(key) else {
            if required { throw node.error("the required key '\(key)' is missing") }
            return nil
        }
        guard let position = table.plans.firstIndex(where: { $0.id == id }) else {
            try dangling(node, at: key, "the stock plan '\(id)' is not in the package's stock plans")
            return nil
        }
        return position
    }

    mutating func issueStock(_ node: JSONNode) throws(OCFError) {
        guard let id = try newSecurity(node), let classPosition = try stockClass(node),
            let holder = try stakeholder(node)
        else { return }
        var planID: String?
        if node.has("stock_plan_id") {
            guard let position = try plan(node, key: "stock_plan_id", required: false) else { return }
            planID = table.plans[position].id
        }
        let quantity = try shares(try node.required("quantity"))
        let paid = try node.optional("share_price").map { n throws(OCFError) in try price(n) }
        if let planID, let position = table.plans.firstIndex(where: { $0.id == planID }) {
            table.plans[position].delivered = try add(table.plans[position].delivered, quantity)
        }
        add(
            OCFSecurity(
                id: id, kind: .stock, issuanceID: try node.string("id") ?? id, issued: try node.required("date").date(),
                stakeholderID: holder, classID: table.classes[classPosition].id, planID: planID, quantity: quantity,
                price: paid?.0, currency: paid?.1 ?? ""))
    }

    mutating func issueCompensation(_ node: JSONNode) throws(OCFError) {
        guard let id = try newSecurity(node), let holder = try stakeholder(node) else { return }
        var planID: String?
        if node.has("stock_plan_id") {
            guard let position = try plan(node, key: "stock_plan_id", required: false) else { return }
            planID = table.plans[position].id
        }
        var priceNode = try node.optional("exercise_price")
        if priceNode == nil { priceNode = try node.optional("base_price") }
        let exercise = try priceNode.map { n throws(OCFError) in try price(n) }
        add(
            OCFSecurity(
                id: id, kind: .equityCompensation, issuanceID: try node.string("id") ?? id,
                issued: try node.required("date").date(), stakeholderID: holder,
                classID: try node.string("stock_class_id"), planID: planID,
                quantity: try shares(try node.required("quantity")), price: exercise?.0, currency: exercise?.1 ?? "",
                expires: try node.optional("expiration_date")?.date(),
                compensationType: try node.string("compensation_type") ?? "OPTION"))
    }

    mutating func issueWarrant(_ node: JSONNode) throws(OCFError) {
        guard let id = try newSecurity(node), let holder = try stakeholder(node) else { return }
        let exercise = try node.optional("exercise_price").map { n throws(OCFError) in try price(n) }
        add(
            OCFSecurity(
                id: id, kind: .warrant, issuanceID: try node.string("id") ?? id,
                issued: try node.required("date").date(), stakeholderID: holder,
                quantity: try node.optional("quantity").map { n throws(OCFError) in try shares(n) },
                price: exercise?.0, currency: exercise?.1 ?? "",
                expires: try expiry(node), issuance: node))
    }

    func expiry(_ node: JSONNode) throws(OCFError) -> OCFDate? {
        if let date = try node.optional("warrant_expiration_date") { return try date.date() }
        return try node.optional("expiration_date")?.date()
    }

    mutating func issueConvertible(_ node: JSONNode) throws(OCFError) {
        guard let id = try newSecurity(node), let holder = try stakeholder(node) else { return }
        _ = try node.required("investment_amount").amount()
        add(
            OCFSecurity(
                id: id, kind: .convertible, issuanceID: try node.string("id") ?? id,
                issued: try node.required("date").date(), stakeholderID: holder, issuance: node))
    }

    /// The security a transaction acts on, active; `nil` (after reporting) when unknown.
    mutating func existing(_ node: JSONNode, id given: String? = nil) throws(OCFError) -> Int? {
        var id = given ?? ""
        if given == nil { id = try node.required("security_id").string() }
        guard let position = index[id] else {
            if let issued = issueDates[id] {
                // The package issues the security, but dated after this transaction: a dating slip in the export.
                let transaction = try node.string("id") ?? ""
                let date = try node.string("date") ?? ""
                let what = "'\(transaction)' (\(date)) acts on the security '\(id)', which is issued on \(issued)"
                if issued <= asOf {
                    deferred[id, default: []].append(node)
                    table.warnings.append("\(node.file): \(node.path): \(what); applied right after that issuance.")
                } else {
                    table.warnings.append("\(node.file): \(node.path): \(what), after \(asOf); ignored.")
                }
                return nil
            }
            try dangling(node, at: "security_id", "the security '\(id)' is not issued by any transaction on or before "
                + "\(asOf)")
            return nil
        }
        if !table.securities[position].active {
            table.warnings.append(
                "\(node.file): \(node.path): '\(try node.string("id") ?? "")' acts on the security '\(id)', which an "
                    + "earlier transaction already closed; ignored.")
            return nil
        }
        return position
    }

    func add(_ a: Shares, _ b: Shares) throws(OCFError) -> Shares { try ExactSums.plus(a, b) }

    /// A cancellation, repurchase, transfer, exercise or release of part or all of a security.
    mutating func reduce(_ node: JSONNode, type: String, delivered: Bool = false) throws(OCFError) {
        guard let position = try existing(node) else { return }
        let security = table.securities[position]
        let quantityNode = try node.required("quantity")
        let quantity = try shares(quantityNode)
        guard let outstanding = security.quantity else {
            table.securities[position].active = false
            return
        }
        guard quantity <= outstanding else {
            try dangling(
                node, at: "quantity",
                "\(quantity) is more than the \(outstanding) outstanding on the security '\(security.id)'")
            return
        }
        let remainder = try ExactSums.minus(outstanding, quantity)
        if let planID = security.planID, let plan = table.plans.firstIndex(where: { $0.id == planID }) {
            if delivered {
                table.plans[plan].delivered = try add(table.plans[plan].delivered, quantity)
            } else if type == "TX_EQUITY_COMPENSATION_CANCELLATION", table.plans[plan].retiresCancellations {
                table.plans[plan].retired = try add(table.plans[plan].retired, quantity)
            }
        }
        if let balance = try node.string("balance_security_id") {
            // The remainder moves to the balance security; it has its own issuance, or is created here.
            table.securities[position].active = false
            if !issuedAnywhere.contains(balance), remainder.isPositive {
                var moved = security
                moved.id = balance
                moved.quantity = remainder
                moved.issuanceID = try node.string("id") ?? security.issuanceID
                add(moved)
            }
        } else {
            table.securities[position].quantity = remainder
            if remainder.isZero { table.securities[position].active = false }
        }
    }

    mutating func retire(_ node: JSONNode, type: String, securityID: String? = nil) throws(OCFError) {
        guard let position = try existing(node, id: securityID) else { return }
        table.securities[position].active = false
        if type == "TX_STOCK_CONVERSION", let balance = try node.string("balance_security_id"),
            !issuedAnywhere.contains(balance), let converted = try node.optional("quantity_converted"),
            let outstanding = table.securities[position].quantity
        {
            let remainder = try ExactSums.minus(outstanding, try shares(converted))
            if remainder.isPositive {
                var moved = table.securities[position]
                moved.id = balance
                moved.quantity = remainder
                moved.active = true
                add(moved)
            }
        }
    }

    /// A warrant exercise: 1.2 records no quantity, so it is the resulting stock issuances' total.
    mutating func exerciseWarrant(_ node: JSONNode) throws(OCFError) {
        guard let position = try existing(node) else { return }
        let security = table.securities[position]
        var quantity: Shares?
        if let given = try node.optional("quantity") {
            quantity = try shares(given)
        } else {
            let resulting = try node.list("resulting_security_ids").map { n throws(OCFError) in try n.string() }
            let found = resulting.compactMap { stockQuantities[$0] }
            if !resulting.isEmpty, found.count == resulting.count {
                var sum = Shares.zero
                for part in found { sum = try add(sum, part) }
                quantity = sum
            }
        }
        guard let outstanding = security.quantity else {
            table.securities[position].active = false
            return
        }
        guard let quantity else {
            try dangling(
                node, at: "resulting_security_ids",
                "the exercise gives no quantity, and not every resulting security has a stock issuance to infer it "
                    + "from")
            return
        }
        guard quantity <= outstanding else {
            try dangling(
                node, at: "resulting_security_ids",
                "the resulting issuances hold \(quantity) shares, more than the \(outstanding) the warrant "
                    + "'\(security.id)' has")
            return
        }
        let remainder = try ExactSums.minus(outstanding, quantity)
        if let balance = try node.string("balance_security_id") {
            table.securities[position].active = false
            if !issuedAnywhere.contains(balance), remainder.isPositive {
                var moved = security
                moved.id = balance
                moved.quantity = remainder
                add(moved)
            }
        } else {
            table.securities[position].quantity = remainder
            if remainder.isZero { table.securities[position].active = false }
        }
    }

    mutating func reprice(_ node: JSONNode) throws(OCFError) {
        guard let position = try existing(node) else { return }
        let (newPrice, currency) = try price(try node.required("new_exercise_price"))
        table.securities[position].price = newPrice
        table.securities[position].currency = currency
    }

    mutating func adjustRatio(_ node: JSONNode) throws(OCFError) {
        guard let position = try stockClass(node) else { return }
        let mechanism = try node.required("new_ratio_conversion_mechanism")
        table.classes[position].adjustment = (try node.string("id") ?? "", try node.required("date").date(), mechanism)
    }

    mutating func split(_ node: JSONNode) throws(OCFError) {
        guard let position = try stockClass(node) else { return }
        let ratio = try node.required("split_ratio")
        let numerator = try ratio.required("numerator").decimal()
        let denominator = try ratio.required("denominator").decimal()
        guard !numerator.isZero, !denominator.isZero, !numerator.isNegative, !denominator.isNegative else {
            throw ratio.error("a split ratio must be positive, not \(numerator):\(denominator)")
        }
        let classID = table.classes[position].id
        let (n, d) = Self.integers(numerator, denominator)
        for security in table.securities.indices
        where table.securities[security].active && table.securities[security].classID == classID
            && table.securities[security].kind == .stock
        {
            guard let quantity = table.securities[security].quantity else { continue }
            do {
                table.securities[security].quantity = try Exact.scaleShares(
                    quantity, by: Ratio(units: n), over: Ratio(units: d))
            } catch {
                throw ratio.error("the split overflows the share count of '\(table.securities[security].id)'")
            }
        }
        table.classes[position].splits.append("\(numerator):\(denominator) on \(try node.required("date").date())")
    }

    /// Two decimals as integers with the same scale (so that their quotient is theirs).
    static func integers(_ a: DecimalNumber, _ b: DecimalNumber) -> (Int128, Int128) {
        let scale = max(a.scale, b.scale)
        func widen(_ x: DecimalNumber) -> Int128 {
            var value = x.significand
            for _ in 0..<(scale - x.scale) { value *= 10 }
            return value
        }
        return (widen(a), widen(b))
    }
}
