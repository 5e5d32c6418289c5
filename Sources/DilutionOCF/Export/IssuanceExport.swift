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
                    notes.append("The \(terms.noun) '\(instrument.id)' issued by '\(event)' is not written: the export "
                        + "of SAFEs and notes (TX_CONVERTIBLE_ISSUANCE) is not implemented yet.")
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
        case .expire, .split, .convert, .transfer, .ipo, .exit, .closing:
            notes.append("The \(step.event.action.typeName) '\(event)' is not written: export-ocf writes issuances, "
                + "exercises and conversion ratio adjustments.")
        }
    }
}
