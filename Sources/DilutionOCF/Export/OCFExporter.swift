internal import DilutionExact
public import DilutionModel
import Foundation

/// Writes the adjustments a scenario's events computed as OCF transactions, to append to the company's package.
public enum OCFExporter {
    /// The OCF id each instrument of a scenario came from: the `# ocf-id: ID` comment `dilution import` writes
    /// above an instrument's `- id:` line. Instruments without one keep their scenario id.
    public static func ocfIDs(inScenarioText text: String) -> [String: String] {
        var map: [String: String] = [:]
        var pending: String?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.drop { $0 == " " }
            if trimmed.hasPrefix("# ocf-id: ") {
                pending = trimmed.dropFirst("# ocf-id: ".count).split(separator: " ").first.map(String.init)
            } else if trimmed.hasPrefix("common:") {
                if let pending { map["common"] = pending }
                pending = nil
            } else if trimmed.hasPrefix("- id: ") {
                let id = trimmed.dropFirst("- id: ".count).split(separator: " ").first.map(String.init) ?? ""
                if let pending, !id.isEmpty { map[id] = pending }
                pending = nil
            } else if !trimmed.hasPrefix("#") {
                // An `ocf-id` comment belongs to the next instrument only; another line in between ends it.
                if !trimmed.isEmpty { pending = nil }
            }
        }
        return map
    }

    /// One `TX_STOCK_CLASS_CONVERSION_RATIO_ADJUSTMENT` per preferred series' price change in `timeline`, after the
    /// issuances and exercises of each event (see `IssuanceExport`).
    ///
    /// The new mechanism's ratio is stated value ÷ new conversion price (common per preferred share), which is the
    /// scenario's own conversion rate; `currency` is the currency of the prices (the scenario format has none).
    public static func export(
        _ timeline: Timeline, scenarioFile: String, ocfIDs: [String: String], currency: String = "USD"
    ) throws -> OCFExport {
        var items: [[String: Any]] = []
        var notes: [String] = []
        var count = 0
        var issued = IssuanceExport(ocfIDs: ocfIDs, currency: currency)
        let scenarioName = (scenarioFile as NSString).lastPathComponent
        for step in timeline.steps {
            // What the event issues first, then the adjustments it causes.
            let already = issued.transactions.count
            try issued.add(step, scenarioFile: scenarioName)
            items += issued.transactions[already...]
            if case .split(let ratio, _) = step.event.action {
                // A split keeps the preferred shares and scales their conversion prices: a ratio adjustment each.
                for after in step.after.instruments {
                    guard case .preferred(let stated) = after.kind, let priceAfter = after.price,
                        let priceBefore = step.before.instrument(after.id)?.price, priceAfter != priceBefore
                    else { continue }
                    let price = try ocfNumber(priceAfter.decimal)
                    if price.rounded {
                        notes.append("The conversion price of '\(after.id)' after the split '\(step.event.id)', "
                            + "\(priceAfter), is written to OCF's 10 decimal places as \(price.text).")
                    }
                    items.append(
                        try ratioAdjustment(
                            id: "dilution-\(step.event.id)-\(after.id)-conversion-ratio-adjustment",
                            date: step.event.date.description, stockClass: ocfIDs[after.id] ?? after.id,
                            price: price.text, stated: stated.decimal, currency: currency,
                            comment: "Computed by dilution from \(scenarioName), event '\(step.event.id)' (a \(ratio) "
                                + "split of common): the conversion price of \(after.name) from \(priceBefore) to "
                                + "\(priceAfter)."))
                    count += 1
                }
            }
            for adjustment in step.adjustments where adjustment.changedPrice {
                let instrument =
                    step.after.instrument(adjustment.instrumentID) ?? step.before.instrument(adjustment.instrumentID)
                guard let stated = instrument?.statedValue
                else {
                    notes.append("The adjustment of '\(adjustment.instrumentID)' by '\(adjustment.eventID)' "
                        + "(\(adjustment.priceBefore) → \(adjustment.priceAfter)) is not written: OCF 1.2 has a "
                        + "conversion ratio adjustment for stock classes only, no transaction for a warrant's or an "
                        + "option's exercise price.")
                    continue
                }
                let price = try ocfNumber(adjustment.priceAfter.decimal)
                if price.rounded {
                    notes.append("The new conversion price of '\(adjustment.instrumentID)' by '\(adjustment.eventID)', "
                        + "\(adjustment.priceAfter), is written to OCF's 10 decimal places as \(price.text).")
                }
                let stockClass = ocfIDs[adjustment.instrumentID] ?? adjustment.instrumentID
                let why: String
                switch adjustment.cause {
                case .issuance: why = "the issuance"
                case .feedback(let round): why = "feedback round \(round) of a fixed-point cascade on the issuance"
                case .readjustment(let expired): why = "the readjustment on the lapse of '\(expired)'"
                case .closing(let first): why = "a later closing of the round first closed by '\(first)'"
                }
                items.append([
                    "object_type": "TX_STOCK_CLASS_CONVERSION_RATIO_ADJUSTMENT",
                    "id": "dilution-\(adjustment.eventID)-\(adjustment.instrumentID)-conversion-ratio-adjustment",
                    "date": step.event.date.description,
                    "stock_class_id": stockClass,
                    "new_ratio_conversion_mechanism": [
                        "type": "RATIO_CONVERSION",
                        "conversion_price": ["amount": price.text, "currency": currency],
                        "ratio": ["numerator": try ocfNumber(stated.decimal).text, "denominator": price.text],
                        "rounding_type": "NORMAL",
                    ] as [String: Any],
                    "comments": [
                        "Computed by dilution from \(scenarioName), event "
                            + "'\(adjustment.eventID)' (\(why)): \(label(adjustment.formula)) adjustment of "
                            + "\(adjustment.instrumentName) from \(adjustment.priceBefore) to \(adjustment.priceAfter)."
                    ],
                ])
                count += 1
            }
        }
        notes += issued.notes
        return OCFExport(
            json: try file("OCF_TRANSACTIONS_FILE", items), count: count, issuances: items.count - count,
            stockClassesJSON: issued.stockClasses.isEmpty ? nil : try file("OCF_STOCK_CLASSES_FILE", issued.stockClasses),
            stakeholdersJSON: issued.stakeholders.isEmpty ? nil : try file("OCF_STAKEHOLDERS_FILE", issued.stakeholders),
            notes: notes)
    }

    /// A `TX_STOCK_CLASS_CONVERSION_RATIO_ADJUSTMENT` to `price` (an OCF number), the ratio stated value ÷ price.
    static func ratioAdjustment(
        id: String, date: String, stockClass: String, price: String, stated: DecimalNumber, currency: String,
        comment: String
    ) throws -> [String: Any] {
        [
            "object_type": "TX_STOCK_CLASS_CONVERSION_RATIO_ADJUSTMENT", "id": id, "date": date,
            "stock_class_id": stockClass,
            "new_ratio_conversion_mechanism": [
                "type": "RATIO_CONVERSION", "conversion_price": ["amount": price, "currency": currency],
                "ratio": ["numerator": try ocfNumber(stated).text, "denominator": price], "rounding_type": "NORMAL",
            ] as [String: Any],
            "comments": [comment],
        ]
    }

    /// An OCF file document. Every value is a string, a list, an object or a boolean (and a convertible's integer
    /// `seniority`): JSONSerialization writes no fractional number, so none can pass through binary floating point.
    static func file(_ type: String, _ items: [[String: Any]]) throws -> String {
        let document: [String: Any] = ["file_type": type, "items": items]
        let data = try JSONSerialization.data(
            withJSONObject: document, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// A decimal as OCF's `Numeric` (at most 10 decimal places, no exponent), rounded to nearest when finer.
    static func ocfNumber(_ value: DecimalNumber) throws -> (text: String, rounded: Bool) {
        let places = min(value.scale, 10)
        let units = try value.units(atDecimals: places, rounding: .nearest)
        let text = DecimalFormatting.plain(units: units, decimals: places)
        return (text, DecimalNumber(significand: units, scale: places) != value)
    }

    static func label(_ formula: ClauseFormula) -> String {
        switch formula {
        case .weightedAverage: return "weighted-average"
        case .fullRatchet: return "full-ratchet"
        case .none: return "no"
        }
    }
}
