internal import DilutionExact
public import DilutionModel

/// Notices of adjustment in Markdown, laid out like the Vsource letter of July 19, 2005: the old
/// price, the numerator and denominator with every component named and counted, the new price
/// and the new conversion rate.
public enum Notice {
    /// Every notice of the timeline (or of one event), separated by rules.
    public static func render(_ timeline: Timeline, event eventID: String? = nil) -> String {
        var sections: [String] = []
        for step in timeline.steps where eventID == nil || step.event.id == eventID {
            if let round = step.round { sections.append(RoundNotice.render(round, step: step)) }
            for ratchet in step.ratchets { sections.append(RatchetNotice.render(ratchet, step: step)) }
            if case .transfer(let transfer) = step.event.action { sections.append(render(transfer, step: step)) }
            for adjustment in step.adjustments {
                sections.append(render(adjustment, step: step, scenario: timeline.scenario))
            }
        }
        if sections.isEmpty {
            let scope = eventID.map { "event '\($0)'" } ?? "any event of the scenario"
            return "No conversion or exercise price was adjusted by \(scope).\n"
        }
        return sections.joined(separator: "\n---\n\n")
    }

    /// What a transfer did to each holder whose position it changed: shares as converted before and after,
    /// and the cash received for the shares sold.
    public static func render(_ transfer: Transfer, step: Step) -> String {
        let className = transfer.instrument == Transfer.common
            ? "common" : step.before.instrument(transfer.instrument)?.name ?? transfer.instrument
        var out = "# Transfer of \(Format.shares(transfer.shares)) shares of \(className) at "
            + "\(Format.dollars(transfer.price))\n\n"
        out += "Event: `\(step.event.id)`, effective \(step.event.date)"
        if let description = step.event.description { out += " — \(description)" }
        out += ".\n\n"
        if let becomes = transfer.becomes {
            let name = becomes == Transfer.common ? "common" : step.after.instrument(becomes)?.name ?? becomes
            out += "The shares become \(name) in the buyers' hands, share for share.\n\n"
        }
        out += transfer.triggers
            ? "It counts, for the clauses, as an issuance of the shares sold at that price.\n\n"
            : "It creates no shares, brings the company no cash and triggers no clause.\n\n"
        out += "| Holder | As converted before | After | Cash received |\n|---|---:|---:|---:|\n"
        for after in step.after.holders {
            let before = step.before.holders.first { $0.name == after.name }
            let sharesBefore = before?.asConverted ?? .zero
            let cashBefore = before?.cash ?? .zero
            guard sharesBefore != after.asConverted || cashBefore != after.cash else { continue }
            let cash = (try? after.cash - cashBefore) ?? .zero
            out += "| \(after.name) | \(Format.shares(sharesBefore)) | \(Format.shares(after.asConverted)) | "
                + "\(cash.isZero ? "" : Format.dollars(cash)) |\n"
        }
        return out
    }

    /// One notice.
    public static func render(_ a: Adjustment, step: Step, scenario: Scenario) -> String {
        let instrument = step.before.instrument(a.instrumentID) ?? step.after.instrument(a.instrumentID)
        let isWarrant = instrument?.kind == .warrant || instrument?.kind == .option
        let priceName = isWarrant ? "exercise price" : "conversion price"
        let clause = instrument?.clause ?? .none
        var out = "# Notice of adjustment of the \(priceName) of \(a.instrumentName)\n\n"
        out += "Event: `\(step.event.id)`, effective \(step.event.date)"
        if let description = step.event.description { out += " — \(description)" }
        out += ".\n\n"
        out += "\(capitalized(priceName)) in effect immediately before: **\(Format.dollars(a.priceBefore))**.\n\n"

        switch a.cause {
        case .readjustment(let expired):
            out += "Readjustment on the lapse of `\(expired)`, whose issuance had adjusted this price.\n\n"
        case .issuance, .feedback:
            if case .feedback(let round) = a.cause {
                out += "Deemed issuance from the repricing of other securities (fixed-point round \(round)).\n\n"
            }
            out += issuanceSection(a)
        }

        switch (a.formula, a.cause) {
        case (_, .readjustment):
            break
        case (.weightedAverage, _):
            out += weightedAverageSection(a, clause: clause)
        case (.fullRatchet, _):
            out += "Full ratchet: the new \(priceName) is the lower of the price in effect and the effective "
                + "price of the issuance, \(Format.dollars(a.effectivePrice)) per share"
            out += clause.priceRounding.step == nil ? ".\n\n" : " (\(Format.rounding(clause.priceRounding, unit: .dollars))).\n\n"
        case (.none, _):
            break
        }
        for note in a.notes { out += "- Note: \(note).\n" }
        if !a.notes.isEmpty { out += "\n" }
        out += "New \(priceName): **\(Format.dollars(a.priceAfter))**"
        if a.priceAfter != a.computedPrice, a.formula != .fullRatchet || !a.notes.isEmpty {
            out += " (formula result \(Format.dollars(a.computedPrice)))"
        }
        out += ".\n"
        if let stated = instrument?.statedValue, let before = a.rateBefore, let after = a.rateAfter {
            let places = max(2, clause.rateRounding.step?.scale ?? 2)
            out += "\nEach share of \(a.instrumentName) (stated value \(Format.dollars(stated))) now converts into "
                + "**\(Format.ratio(after, places: places))** shares of common "
                + "(\(Format.dollars(stated).dropFirst()) ÷ \(Format.dollars(a.priceAfter).dropFirst())"
            out += clause.rateRounding.step == nil ? ")" : ", \(Format.rounding(clause.rateRounding, unit: .ratio)))"
            out += "; before, \(Format.ratio(before, places: places)).\n"
        }
        if let before = a.sharesBefore, let after = a.sharesAfter {
            out += "\nThe warrant now covers **\(Format.shares(after))** shares of common (before, "
                + "\(Format.shares(before))), so that the aggregate exercise price stays the same "
                + "(\(Format.rounding(clause.shareRounding, unit: .shares))).\n"
        }
        return out
    }

    static func issuanceSection(_ a: Adjustment) -> String {
        var out = "Additional shares of common issued or deemed issued (C):\n\n| | Shares |\n|---|---:|\n"
        for part in a.additional { out += "| \(part.label) | \(Format.shares(part.value)) |\n" }
        out += "| **total** | **\(Format.shares(a.additionalTotal))** |\n\n"
        out += "Consideration received or receivable:\n\n| | Amount |\n|---|---:|\n"
        for part in a.consideration { out += "| \(part.label) | \(Format.dollars(part.value)) |\n" }
        out += "| **total** | **\(Format.dollars(a.considerationTotal))** |\n\n"
        out += "Effective price per share: \(Format.dollars(a.considerationTotal)) ÷ \(Format.shares(a.additionalTotal)) "
            + "= \(Format.dollars(a.effectivePrice.display(.to("0.0001"))))"
        out += " (to $0.0001), below the price in effect.\n\n"
        return out
    }

    static func weightedAverageSection(_ a: Adjustment, clause: Clause) -> String {
        let cp1 = Format.dollars(a.formulaPrice)
        var out = "Weighted average: new price = \(cp1) × N ÷ D, where N = A + B and D = A + C.\n\n"
        out += "| | Shares |\n|---|---:|\n"
        out += "| **N** | **\(Format.shares(a.numerator))** |\n"
        var placedB = false
        let bLine: String = {
            var line = "| shares that \(Format.dollars(a.considerationTotal)) would buy at \(cp1)"
            if clause.considerationSharesRounding.step != nil {
                line += " (\(Format.shares(a.considerationSharesExact.display(.to("0.01")))), "
                    + "\(Format.rounding(clause.considerationSharesRounding, unit: .shares)))"
            }
            return line + " | \(Format.shares(a.considerationShares)) |\n"
        }()
        for part in a.base {
            out += "| \(part.label) immediately before | \(Format.shares(part.value)) |\n"
            if part.term == .common, !placedB {
                out += bLine
                placedB = true
            }
        }
        if !placedB { out += bLine }
        out += "| **D** | **\(Format.shares(a.denominator))** |\n"
        var placedC = false
        for part in a.base {
            if part.term == .common, !placedC {
                let after = (try? part.value + a.additionalTotal) ?? part.value
                out += "| common outstanding after the issuance (\(Format.shares(part.value)) + "
                    + "\(Format.shares(a.additionalTotal)) additional) | \(Format.shares(after)) |\n"
                placedC = true
            } else {
                out += "| \(part.label) | \(Format.shares(part.value)) |\n"
            }
        }
        if !placedC { out += "| additional shares (C) | \(Format.shares(a.additionalTotal)) |\n" }
        out += "\n\(cp1) × \(Format.shares(a.numerator)) ÷ \(Format.shares(a.denominator)) = "
            + "\(Format.dollars(a.computedPrice))"
        out += clause.priceRounding.step == nil ? " (unrounded).\n\n" : " (\(Format.rounding(clause.priceRounding, unit: .dollars))).\n\n"
        return out
    }

    static func capitalized(_ text: String) -> String {
        text.prefix(1).uppercased() + text.dropFirst()
    }
}

extension FixedPointQuantity {
    /// Rounded for display; the rule is a constant, so it cannot fail.
    func display(_ rule: RoundingRule) -> Self {
        (try? rounded(rule)) ?? self
    }
}
