internal import DilutionExact
public import DilutionModel

/// Notices of adjustment in Markdown, laid out like the Vsource letter of July 19, 2005: the old
/// price, the numerator and denominator with every component named and counted, the new price
/// and the new conversion rate.
public enum Notice {
    /// Every notice of the timeline (or of one event), separated by rules: each adjustment, each
    /// split, and a statement for each protected instrument an issuance left unadjusted. With
    /// `hypothetical`, the central path of a stochastic scenario, each event it chose or valued is
    /// labelled so, with the rule that chose it.
    public static func render(
        _ timeline: Timeline, event eventID: String? = nil, hypothetical: HypotheticalPath? = nil
    ) -> String {
        var sections: [String] = []
        for step in timeline.steps where eventID == nil || step.event.id == eventID {
            if let round = step.round { sections.append(RoundNotice.render(round, step: step)) }
            for ratchet in step.ratchets { sections.append(RatchetNotice.render(ratchet, step: step)) }
            if case .transfer(let transfer) = step.event.action { sections.append(render(transfer, step: step)) }
            let label = hypothetical?.events[step.event.id]
            if case .split(let ratio, let rounding) = step.event.action {
                sections.append(renderSplit(step, ratio: ratio, rounding: rounding, hypothetical: label))
            }
            for adjustment in step.adjustments {
                sections.append(render(adjustment, step: step, scenario: timeline.scenario, hypothetical: label))
            }
            for statement in step.unadjusted {
                sections.append(render(statement, step: step, scenario: timeline.scenario, hypothetical: label))
            }
        }
        let preface = hypothetical.map { "\($0.preface)\n\n---\n\n" } ?? ""
        if sections.isEmpty {
            if let eventID, let step = timeline.steps.first(where: { $0.event.id == eventID }) {
                var out = preface + "# No notice for event `\(eventID)`\n\n"
                out += eventLine(step, hypothetical: hypothetical?.events[eventID])
                switch step.event.action {
                case .issue:
                    out += "No protected instrument with shares outstanding was tested by this issuance.\n"
                default:
                    out += "This event (\(step.event.typeName)) is not an issuance of common, actual or deemed, "
                        + "so no conversion or exercise price is tested or adjusted by it.\n"
                }
                return out
            }
            let scope = eventID.map { "event '\($0)'" } ?? "any event of the scenario"
            return preface + "No conversion or exercise price was adjusted by \(scope), and no protected instrument "
                + "outstanding was tested.\n"
        }
        return preface + sections.joined(separator: "\n---\n\n")
    }

    /// The event line of every notice: id, date, description, and the hypothetical label.
    static func eventLine(_ step: Step, hypothetical: String?) -> String {
        var out = "Event: `\(step.event.id)`, effective \(step.event.date)"
        if let description = step.event.description { out += " — \(description)" }
        out += ".\n\n"
        if let hypothetical { out += "**Hypothetical**: \(hypothetical)\n\n" }
        return out
    }

    /// The notice of a split, reverse split or stock dividend: every price and count before and after.
    static func renderSplit(_ step: Step, ratio: SplitRatio, rounding: RoundingRule, hypothetical: String?) -> String {
        let kind =
            ratio.numerator > ratio.denominator
            ? "split" : ratio.numerator < ratio.denominator ? "reverse split" : "split (ratio 1:1)"
        var out = "# Notice of a \(kind) of the common stock, \(ratio.numerator) for \(ratio.denominator)\n\n"
        out += eventLine(step, hypothetical: hypothetical)
        let n = ratio.numerator
        let d = ratio.denominator
        out += "Ratio \(n):\(d): "
            + (d == 1 ? "each share of common becomes \(n) shares" : "each \(d) shares of common become \(n)")
            + "; every count of common (outstanding, reserved, or issuable on exercise) is multiplied by \(n)/\(d), "
            + "and every conversion and exercise price, and every floor, by \(d)/\(n). A preferred share stays one "
            + "share and converts into common in proportion. Share counts are "
            + "\(Format.rounding(rounding, unit: .shares)); a split triggers no anti-dilution clause.\n\n"
        out += "| | Before | After |\n|---|---:|---:|\n"
        out += "| common outstanding | \(Format.shares(step.before.common)) | \(Format.shares(step.after.common)) |\n"
        if !step.before.pool.isZero || !step.after.pool.isZero {
            out += "| option pool, reserved and ungranted | \(Format.shares(step.before.pool)) | "
                + "\(Format.shares(step.after.pool)) |\n"
        }
        for before in step.before.instruments {
            guard let after = step.after.instrument(before.id) else { continue }
            let isPreferred = before.isPreferred
            let priceName = isPreferred ? "conversion price" : before.kind == .other ? "price" : "exercise price"
            if let p0 = before.price, let p1 = after.price {
                out += "| \(before.name): \(priceName) | \(Format.dollars(p0)) | \(Format.dollars(p1)) |\n"
            }
            if isPreferred {
                out += "| \(before.name): shares (unchanged) | \(Format.shares(before.shares)) | "
                    + "\(Format.shares(after.shares)) |\n"
                if let c0 = try? before.commonAsConverted(), let c1 = try? after.commonAsConverted() {
                    out += "| \(before.name): common as converted | \(Format.shares(c0)) | \(Format.shares(c1)) |\n"
                }
            } else {
                out += "| \(before.name): shares of common covered | \(Format.shares(before.shares)) | "
                    + "\(Format.shares(after.shares)) |\n"
            }
            if let f0 = before.clause.floor, let f1 = after.clause.floor {
                out += "| \(before.name): floor | \(Format.dollars(f0)) | \(Format.dollars(f1)) |\n"
            }
        }
        return out
    }

    /// The statement that an issuance left a protected instrument's price unchanged, and why.
    public static func render(
        _ n: NonAdjustment, step: Step, scenario: Scenario, hypothetical: String? = nil
    ) -> String {
        let instrument = step.before.instrument(n.instrumentID)
        let isWarrant = instrument?.kind == .warrant || instrument?.kind == .option
        let priceName = isWarrant ? "exercise price" : "conversion price"
        var out = "# No adjustment of the \(priceName) of \(n.instrumentName)\n\n"
        out += eventLine(step, hypothetical: hypothetical)
        out += "The \(priceName) stays **\(Format.dollars(n.price))**: "
        switch n.reason {
        case .notBelow(let effective, let atOrBelow):
            out += "the effective price of the issuance, \(Format.dollars(n.consideration)) ÷ "
                + "\(Format.shares(n.additional)) = \(exactPrice(effective, n.consideration, n.additional, per: " per share")), "
                + (atOrBelow ? "is above it" : "is not below it")
                + " (the clause fires only \(atOrBelow ? "at or below" : "strictly below") the price in effect).\n"
        case .noAdditionalShares:
            out += "the issuance adds no common, issued or deemed issued.\n"
        case .exempt:
            out += step.event.writtenType == "grant"
                ? "an option grant from the plan's pool is exempt, and an exempt issuance triggers no clause.\n"
                : "the issuance is exempt (`exempt: true`), and an exempt issuance triggers no clause.\n"
        case .waived:
            out += "its holders waived the adjustment for this issuance (`waived-by`).\n"
        case .afterSunset(let sunset):
            out += "its clause ended on \(sunset) (its sunset), before this issuance.\n"
        }
        return out
    }

    /// Whether money ÷ shares ends within a price's 12 decimal places.
    static func isExactQuotient(_ money: Money, _ shares: Shares) -> Bool {
        // money (8 places) × 10¹⁰ ÷ shares (6 places) = a price (12 places).
        let scaled = money.units.multipliedReportingOverflow(by: 10_000_000_000)
        return !scaled.overflow && shares.units != 0 && scaled.partialValue % shares.units == 0
    }

    /// An exact price as a notice prints it: all its digits when they end within the engine's
    /// resolution, or to $0.0001 with the words saying so.
    static func exactPrice(_ price: Price, _ money: Money, _ shares: Shares, per unit: String = "") -> String {
        if isExactQuotient(money, shares) { return Format.dollars(price) + unit }
        return "\(Format.dollars(price.display(.to("0.0001"))))\(unit) (to $0.0001; the test uses the exact quotient)"
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
    public static func render(_ a: Adjustment, step: Step, scenario: Scenario, hypothetical: String? = nil) -> String {
        let instrument = step.before.instrument(a.instrumentID) ?? step.after.instrument(a.instrumentID)
        let isWarrant = instrument?.kind == .warrant || instrument?.kind == .option
        let priceName = isWarrant ? "exercise price" : "conversion price"
        let clause = instrument?.clause ?? .none
        // The floor reached and the price already there: the formula ran, nothing changed.
        let atFloor = a.floor != nil && !a.changedPrice
        var out =
            atFloor
            ? "# No adjustment of the \(priceName) of \(a.instrumentName): at its floor\n\n"
            : "# Notice of adjustment of the \(priceName) of \(a.instrumentName)\n\n"
        out += eventLine(step, hypothetical: hypothetical)
        out += "\(capitalized(priceName)) in effect immediately before: **\(Format.dollars(a.priceBefore))**.\n\n"

        switch a.cause {
        case .readjustment(let expired):
            out += "Readjustment on the lapse of `\(expired)`, whose issuance had adjusted this price.\n\n"
        case .closing(let first):
            out += "A later closing of the round first closed by `\(first)`, within its window: the clause is "
                + "recomputed as if every closing so far were one issuance at the first closing.\n\n"
        case .issuance, .feedback:
            if case .feedback(let round) = a.cause {
                out += "Deemed issuance from the repricing of other securities (fixed-point round \(round)).\n\n"
            }
            out += issuanceSection(a)
        }

        switch (a.formula, a.cause) {
        case (_, .readjustment), (_, .closing):
            break
        case (.weightedAverage, _):
            out += weightedAverageSection(a, clause: clause)
        case (.fullRatchet, _):
            out += "Full ratchet: the new \(priceName) is the lower of the price in effect and the effective "
                + "price of the issuance, "
            if a.considerationTotal.isZero {
                out += "\(Format.dollars(a.computedPrice)) per share (issued for no consideration).\n\n"
            } else {
                // The price used: cash over shares, rounded as the clause says (or to the engine's resolution).
                out += "\(Format.dollars(a.considerationTotal)) ÷ \(Format.shares(a.additionalTotal)) = "
                    + "**\(Format.dollars(a.computedPrice))** per share"
                if clause.priceRounding.step != nil {
                    out += " (\(Format.rounding(clause.priceRounding, unit: .dollars)))"
                } else if !isExactQuotient(a.considerationTotal, a.additionalTotal) {
                    out += " (to the engine's resolution of $0.000000000001, the nearest)"
                } else {
                    out += " (exact)"
                }
                out += ".\n\n"
            }
        case (.none, _):
            break
        }
        for note in a.notes { out += "- Note: \(note).\n" }
        if !a.notes.isEmpty { out += "\n" }
        if atFloor, let floor = a.floor {
            out += "The formula's result, \(Format.dollars(a.computedPrice)), is below the floor of "
                + "\(Format.dollars(floor)), and the \(priceName) is already at the floor: it stays "
                + "**\(Format.dollars(a.priceAfter))**.\n"
            return out
        }
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
            + "= \(exactPrice(a.effectivePrice, a.considerationTotal, a.additionalTotal)), below the price in effect.\n\n"
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

/// The central path of a stochastic scenario, which `explain` shows: every value it took and
/// every event it kept or left out is hypothetical, chosen by a rule.
public struct HypotheticalPath: Sendable, Hashable {
    /// The paragraph before the notices: what the central path is and how it was chosen.
    public var preface: String
    /// By event id: what on this event is hypothetical, in words.
    public var events: [String: String]

    public init(preface: String, events: [String: String]) {
        self.preface = preface
        self.events = events
    }
}
