internal import DilutionExact
internal import DilutionModel
import Foundation

/// The securities a scenario's events add, as OCF objects: stock issuances (common, and each new preferred series,
/// whose stock class is written too), warrant and option issuances, and the exercises of warrants and options with
/// the common they deliver.
///
/// A scenario names no holders, and OCF requires one for every issuance: each event's new securities go to one
/// placeholder stakeholder per event (`dilution-EVENT-holders`, written in a stakeholders file), to be reassigned
/// to the real investors before the transactions are appended to the company's package.
struct IssuanceExport {
    let ocfIDs: [String: String]
    let currency: String
    var transactions: [[String: Any]] = []
    var stockClasses: [[String: Any]] = []
    var stakeholders: [[String: Any]] = []
    var notes: [String] = []

    init(ocfIDs: [String: String], currency: String) {
        self.ocfIDs = ocfIDs
        self.currency = currency
    }

    /// The OCF id of the common stock class: the `# ocf-id:` above `common:` in an imported scenario.
    var commonClass: String { ocfIDs["common"] ?? "common" }

    func money(_ value: DecimalNumber) throws -> [String: Any] {
        ["amount": try OCFExporter.ocfNumber(value).text, "currency": currency]
    }

    mutating func holder(for step: Step) -> String {
        let id = "dilution-\(step.event.id)-holders"
        if !stakeholders.contains(where: { $0["id"] as? String == id }) {
            stakeholders.append([
                "object_type": "STAKEHOLDER", "id": id, "stakeholder_type": "INSTITUTION",
                "name": ["legal_name": "Holders of what '\(step.event.id)' issued (to be allocated)"],
                "comments": [
                    "Written by dilution export-ocf: the scenario names no holders. Reassign these securities to "
                        + "the real stakeholders before appending the transactions to the package."
                ],
            ])
        }
        return id
    }

    func stockIssuance(
        id: String, security: String, date: String, holder: String, stockClass: String, quantity: Shares,
        price: DecimalNumber, comment: String
    ) throws -> [String: Any] {
        [
            "object_type": "TX_STOCK_ISSUANCE", "id": id, "security_id": security, "custom_id": security,
            "date": date, "stakeholder_id": holder, "stock_class_id": stockClass,
            "quantity": try OCFExporter.ocfNumber(quantity.decimal).text, "share_price": try money(price),
            "stock_legend_ids": [String](), "security_law_exemptions": [[String: Any]](), "comments": [comment],
        ]
    }

    /// The OCF objects for one event's issuances and exercises.
    mutating func add(_ step: Step, scenarioFile: String) throws {
        let date = step.event.date.description
        let event = step.event.id
        let source = "Written by dilution export-ocf from \(scenarioFile), event '\(event)'"
        // SAFEs and notes that convert in this event (a priced round): their conversion is not written.
        for instrument in step.before.instruments where step.after.instrument(instrument.id) == nil {
            guard case .convertible(let terms) = instrument.kind else { continue }
            notes.append("The \(terms.noun) '\(instrument.id)' converts in '\(event)': its TX_CONVERTIBLE_CONVERSION is "
                + "not written: export-ocf does not write the conversion of a SAFE or note, nor the shares it "
                + "converts into apart from the series' own issuance; add them from the round's notice.")
        }
        switch step.event.action {
        case .issue(let issuance):
            let holder = holder(for: step)
            let alone = issuance.instruments.isEmpty
            if issuance.common.isPositive {
                // Common sold alone is priced at cash ÷ shares; sold with other securities, OCF's per-share price
                // cannot be told apart from theirs, and the whole cash is in the comment.
                var price = DecimalNumber(0)
                if alone, issuance.cash.isPositive {
                    price = try Exact.price(of: issuance.cash, per: issuance.common).decimal
                }
                transactions.append(
                    try stockIssuance(
                        id: "dilution-\(event)-common", security: "dilution-\(event)-common", date: date, holder: holder,
                        stockClass: commonClass, quantity: issuance.common, price: price,
                        comment: "\(source): \(issuance.common) common for \(issuance.cash) in all"
                            + (alone ? "." : " with the other securities of the issuance.")))
            }
            for instrument in issuance.instruments {
                let security = "dilution-\(event)-\(instrument.id)"
                switch instrument.kind {
                case .preferred(let stated):
                    guard let price = instrument.price else { continue }
                    let priceText = try OCFExporter.ocfNumber(price.decimal).text
                    stockClasses.append([
                        "object_type": "STOCK_CLASS", "id": instrument.id, "name": instrument.name,
                        "class_type": "PREFERRED", "default_id_prefix": "\(instrument.id.prefix(8).uppercased())-",
                        "initial_shares_authorized": try OCFExporter.ocfNumber(instrument.shares.decimal).text,
                        "votes_per_share": "1", "seniority": "1",
                        "price_per_share": try money(stated.decimal),
                        "conversion_rights": [
                            [
                                "type": "STOCK_CLASS_CONVERSION_RIGHT",
                                "conversion_mechanism": [
                                    "type": "RATIO_CONVERSION", "conversion_price": try money(price.decimal),
                                    "ratio": [
                                        "numerator": try OCFExporter.ocfNumber(stated.decimal).text,
                                        "denominator": priceText,
                                    ],
                                    "rounding_type": "NORMAL",
                                ] as [String: Any],
                                "converts_to_stock_class_id": commonClass,
                            ] as [String: Any]
                        ],
                        "comments": [
                            "\(source). Seniority, votes and liquidation terms are placeholders: the scenario has none."
                        ],
                    ])
                    transactions.append(
                        try stockIssuance(
                            id: security, security: security, date: date, holder: holder, stockClass: instrument.id,
                            quantity: instrument.shares, price: stated.decimal,
                            comment: "\(source): \(instrument.name), \(instrument.shares) shares at \(stated)."))
                case .warrant:
                    var item: [String: Any] = [
                        "object_type": "TX_WARRANT_ISSUANCE", "id": security, "security_id": security,
                        "custom_id": security, "date": date, "stakeholder_id": holder,
                        "quantity": try OCFExporter.ocfNumber(instrument.shares.decimal).text,
                        "exercise_price": try money((instrument.price ?? .zero).decimal),
                        "purchase_price": try money(DecimalNumber(0)), "exercise_triggers": [[String: Any]](),
                        "security_law_exemptions": [[String: Any]](),
                        "comments": ["\(source): \(instrument.name)."],
                    ]
                    if let expires = instrument.expires { item["warrant_expiration_date"] = expires.description }
                    transactions.append(item)
                case .option:
                    guard let expires = instrument.expires else {
                        notes.append("The options '\(instrument.id)' issued by '\(event)' are not written: OCF requires "
                            + "an expiration date, and the scenario gives none.")
                        continue
                    }
                    transactions.append([
                        "object_type": "TX_EQUITY_COMPENSATION_ISSUANCE", "id": security, "security_id": security,
                        "custom_id": security, "date": date, "stakeholder_id": holder, "compensation_type": "OPTION",
                        "quantity": try OCFExporter.ocfNumber(instrument.shares.decimal).text,
                        "exercise_price": try money((instrument.price ?? .zero).decimal),
                        "expiration_date": expires.description,
                        "termination_exercise_windows": [[String: Any]](),
                        "security_law_exemptions": [[String: Any]](),
                        "comments": ["\(source): \(instrument.name)."],
                    ])
                case .other:
                    notes.append("The other security '\(instrument.id)' issued by '\(event)' is not written: OCF has no "
                        + "security counted only by the common underlying it.")
                case .convertible(let terms):
                    transactions.append(
                        try convertibleIssuance(
                            terms, instrument: instrument, security: security, date: date, holder: holder,
                            source: source, event: event))
                }
            }
        case .exercise(let exercise):
            guard let before = step.before.instrument(exercise.instrument) else { return }
            let after = step.after.instrument(exercise.instrument)
            let exercised = try before.shares - (after?.shares ?? .zero)
            let delivered = try step.after.common - step.before.common
            guard exercised.isPositive else { return }
            let security = ocfIDs[exercise.instrument] ?? "dilution-\(exercise.instrument)"
            if ocfIDs[exercise.instrument] == nil {
                notes.append("The exercise of '\(exercise.instrument)' by '\(event)' names the security "
                    + "'\(security)', which no `# ocf-id:` comment maps to an OCF security.")
            }
            let resulting = "dilution-\(event)-common"
            var exerciseItem: [String: Any] = [
                "id": "dilution-\(event)-exercise", "security_id": security, "date": date,
                "resulting_security_ids": delivered.isPositive ? [resulting] : [String](),
                "comments": ["\(source): \(exercised) exercised, \(delivered) common delivered."],
            ]
            if before.kind == .warrant {
                exerciseItem["object_type"] = "TX_WARRANT_EXERCISE"
                // OCF 1.2 names the exercise trigger, which a scenario does not know.
                exerciseItem["trigger_id"] = "dilution-exercise"
            } else {
                exerciseItem["object_type"] = "TX_EQUITY_COMPENSATION_EXERCISE"
                exerciseItem["quantity"] = try OCFExporter.ocfNumber(exercised.decimal).text
            }
            transactions.append(exerciseItem)
            if delivered.isPositive {
                transactions.append(
                    try stockIssuance(
                        id: resulting, security: resulting, date: date, holder: holder(for: step),
                        stockClass: commonClass, quantity: delivered, price: (before.price ?? .zero).decimal,
                        comment: "\(source): the common delivered on the exercise of '\(exercise.instrument)'."))
            }
        case .split(let ratio, _):
            try split(ratio, step: step, source: source)
        case .convert(let id, _, _):
            try conversion(of: id, step: step, source: source)
        case .transfer(let transfer):
            try self.transfer(transfer, step: step, source: source)
        case .expire, .ipo, .exit, .closing:
            notes.append("The \(step.event.action.typeName) '\(event)' is not written: OCF 1.2 has no transaction for "
                + "it that export-ocf can fill from a scenario.")
        }
    }

    /// A SAFE or note an event issues, as `TX_CONVERTIBLE_ISSUANCE` with a `SAFE_CONVERSION` or
    /// `CONVERTIBLE_NOTE_CONVERSION` mechanism converting in a future round; what OCF cannot take is noted.
    func convertibleIssuance(
        _ terms: ConvertibleTerms, instrument: Instrument, security: String, date: String, holder: String,
        source: String, event: String
    ) throws -> [String: Any] {
        var mechanism: [String: Any] = ["conversion_mfn": terms.mfn]
        if let cap = terms.cap { mechanism["conversion_valuation_cap"] = try money(cap.decimal) }
        if let discount = terms.discount {
            mechanism["conversion_discount"] = try OCFExporter.ocfNumber(discount.decimal).text
        }
        if !terms.capCount.isEmpty {
            mechanism["capitalization_definition"] = "The count the cap divides, as the scenario gives it: "
                + terms.capCount.map { "\($0)" }.joined(separator: ", ") + "."
        }
        var type = "SAFE"
        if terms.form == .note {
            type = "NOTE"
            mechanism["type"] = "CONVERTIBLE_NOTE_CONVERSION"
            mechanism["interest_payout"] = "DEFERRED"
            mechanism["interest_accrual_period"] = "ANNUAL"
            if let interest = terms.interest {
                mechanism["interest_rates"] = [
                    [
                        "rate": try OCFExporter.ocfNumber(interest.rate.decimal).text,
                        "accrual_start_date": (terms.issued?.description ?? date),
                    ]
                ]
                mechanism["compounding_type"] = interest.compound ? "COMPOUNDING" : "SIMPLE"
                mechanism["day_count_convention"] = interest.dayCount == .thirty360 ? "30_360" : "ACTUAL_365"
            } else {
                // OCF requires these keys; a note without interest has no rate at all.
                mechanism["interest_rates"] = [[String: Any]]()
                mechanism["compounding_type"] = "SIMPLE"
                mechanism["day_count_convention"] = "ACTUAL_365"
            }
        } else {
            mechanism["type"] = "SAFE_CONVERSION"
            mechanism["conversion_timing"] = terms.form == .preMoneySafe ? "PRE_MONEY" : "POST_MONEY"
        }
        let round = terms.convertsIn.map { "the round '\($0)'" } ?? "the next round priced from a valuation"
        return [
            "object_type": "TX_CONVERTIBLE_ISSUANCE", "id": security, "security_id": security, "custom_id": security,
            "date": date, "stakeholder_id": holder, "convertible_type": type,
            "investment_amount": try money(terms.amount.decimal), "seniority": 1,
            "security_law_exemptions": [[String: Any]](),
            "conversion_triggers": [
                [
                    "type": "AUTOMATIC_ON_CONDITION", "trigger_id": "\(security)-conversion",
                    "trigger_condition": "Converts in \(round) (dilution scenario).",
                    "conversion_right": [
                        "type": "CONVERTIBLE_CONVERSION_RIGHT", "converts_to_future_round": true,
                        "conversion_mechanism": mechanism,
                    ] as [String: Any],
                ] as [String: Any]
            ],
            "comments": [
                "\(source): \(instrument.name), a \(terms.noun) of \(terms.amount). Seniority 1 is a placeholder: the "
                    + "scenario has none for convertibles."
            ],
        ]
    }

    /// A split: `TX_STOCK_CLASS_SPLIT` of the common class (the scenario splits common; its preferred shares stay and
    /// their conversion prices scale, written as ratio adjustments by the exporter). Warrants' and options' scaled
    /// counts and prices have no OCF transaction: noted.
    mutating func split(_ ratio: SplitRatio, step: Step, source: String) throws {
        let event = step.event.id
        transactions.append([
            "object_type": "TX_STOCK_CLASS_SPLIT", "id": "dilution-\(event)-split", "date": step.event.date.description,
            "stock_class_id": commonClass,
            "split_ratio": ["numerator": "\(ratio.numerator)", "denominator": "\(ratio.denominator)"],
            "comments": ["\(source): a \(ratio) split of common."],
        ])
        let scaled = step.before.instruments.filter {
            switch $0.kind {
            case .warrant, .option, .other: return true
            default: return false
            }
        }
        if !scaled.isEmpty {
            notes.append("The split '\(event)' also scales the share counts and exercise prices of "
                + scaled.map { "'\($0.id)'" }.joined(separator: ", ") + " and the pool; OCF 1.2 has no transaction "
                + "for a warrant's, an option's or a pool's split adjustment, so they are not written.")
        }
    }

    /// A conversion of preferred: `TX_STOCK_CONVERSION` of the shares converted, with the `TX_STOCK_ISSUANCE` of the
    /// common delivered. The scenario holds a series as one class, so the security converted is a placeholder id.
    mutating func conversion(of id: String, step: Step, source: String) throws {
        let event = step.event.id
        let date = step.event.date.description
        guard let before = step.before.instrument(id) else { return }
        let remaining = step.after.instrument(id)?.shares ?? .zero
        let converted = try before.shares - remaining
        let delivered = try step.after.common - step.before.common
        guard converted.isPositive else { return }
        let security = "dilution-\(id)-shares"
        let resulting = "dilution-\(event)-common"
        var item: [String: Any] = [
            "object_type": "TX_STOCK_CONVERSION", "id": "dilution-\(event)-conversion", "security_id": security,
            "date": date, "quantity_converted": try OCFExporter.ocfNumber(converted.decimal).text,
            "resulting_security_ids": delivered.isPositive ? [resulting] : [String](),
            "comments": ["\(source): \(converted) shares of \(before.name) converted into \(delivered) common."],
        ]
        if remaining.isPositive {
            item["balance_security_id"] = "dilution-\(event)-\(id)-balance"
            notes.append("The conversion '\(event)' leaves \(remaining) shares of '\(id)'; its balance security "
                + "'dilution-\(event)-\(id)-balance' has no issuance written: issue it to the holders who keep them.")
        }
        notes.append("The conversion '\(event)' converts the placeholder security '\(security)': the scenario holds "
            + "'\(id)' as one class (stock class '\(ocfIDs[id] ?? id)'); replace it with the holders' stock securities.")
        transactions.append(item)
        if delivered.isPositive {
            transactions.append(
                try stockIssuance(
                    id: resulting, security: resulting, date: date, holder: holder(for: step), stockClass: commonClass,
                    quantity: delivered, price: DecimalNumber(0),
                    comment: "\(source): the common delivered on the conversion of '\(id)'."))
        }
    }

    /// A transfer of common or preferred: one `TX_STOCK_TRANSFER` per seller, from a placeholder security of theirs,
    /// to `TX_STOCK_ISSUANCE`s of the same class for each buyer (one stakeholder per buyer's name). A transfer that
    /// changes the class (`becomes`), or of warrants, options or other securities, cannot be written as a stock
    /// transfer: noted.
    mutating func transfer(_ transfer: Transfer, step: Step, source: String) throws {
        let event = step.event.id
        let date = step.event.date.description
        let stockClass: String
        if transfer.instrument == Transfer.common {
            stockClass = commonClass
        } else if let instrument = step.before.instrument(transfer.instrument), case .preferred = instrument.kind {
            stockClass = ocfIDs[transfer.instrument] ?? transfer.instrument
        } else {
            notes.append("The transfer '\(event)' of '\(transfer.instrument)' is not written: export-ocf writes "
                + "transfers of stock (TX_STOCK_TRANSFER) only.")
            return
        }
        if let becomes = transfer.becomes {
            notes.append("The transfer '\(event)' is not written: its shares become '\(becomes)' in the buyers' hands, "
                + "and an OCF stock transfer keeps the stock class.")
            return
        }
        // The buyers' new securities, each to a stakeholder named after them.
        var resulting: [String] = []
        for (index, buyer) in transfer.buyers.enumerated() {
            let stakeholder = buyerStakeholder(buyer.name)
            let security = "dilution-\(event)-to-\(index + 1)"
            resulting.append(security)
            transactions.append(
                try stockIssuance(
                    id: security, security: security, date: date, holder: stakeholder, stockClass: stockClass,
                    quantity: buyer.shares, price: transfer.price.decimal,
                    comment: "\(source): \(buyer.shares) shares bought by \(buyer.name) at \(transfer.price)."))
        }
        let sellers: [(String, Shares)]
        switch transfer.sellers {
        case .listed(let holders): sellers = holders.map { ($0.name, $0.shares) }
        case .proRata(let shares): sellers = [("every holder, pro rata", shares)]
        }
        for (index, seller) in sellers.enumerated() {
            let security = "dilution-\(transfer.instrument)-\(Self.slug(seller.0))"
            transactions.append([
                "object_type": "TX_STOCK_TRANSFER", "id": "dilution-\(event)-transfer-\(index + 1)",
                "security_id": security, "date": date,
                "quantity": try OCFExporter.ocfNumber(seller.1.decimal).text,
                "consideration_text": "\(transfer.price) per share",
                "resulting_security_ids": index == 0 ? resulting : [String](),
                "comments": ["\(source): \(seller.1) shares sold by \(seller.0) at \(transfer.price)."],
            ])
        }
        notes.append("The transfer '\(event)' sells from placeholder securities ("
            + sellers.map { "'dilution-\(transfer.instrument)-\(Self.slug($0.0))'" }.joined(separator: ", ")
            + "): replace them with the sellers' stock securities, and add their balance securities.")
    }

    mutating func buyerStakeholder(_ name: String) -> String {
        let id = "dilution-holder-\(Self.slug(name))"
        if !stakeholders.contains(where: { $0["id"] as? String == id }) {
            stakeholders.append([
                "object_type": "STAKEHOLDER", "id": id, "stakeholder_type": "INDIVIDUAL",
                "name": ["legal_name": name],
                "comments": ["Written by dilution export-ocf for the holder '\(name)' of the scenario."],
            ])
        }
        return id
    }

    /// Letters and digits of a name, lowercased, joined by `-` (`holder` when none are left).
    static func slug(_ name: String) -> String {
        let slug = OCFSlug.make(name)
        return slug.isEmpty ? "holder" : slug
    }
}
