public import DilutionExact
public import DilutionModel

/// The readable summary `dilution run` prints: every adjustment, then the fully diluted cap table
/// after the last event.
public enum Summary {
    public static func render(_ timeline: Timeline) throws(ArithmeticError) -> String {
        let adjustments = timeline.steps.flatMap(\.adjustments)
        var out = "\(timeline.scenario.name)\n"
        out += "\(timeline.steps.count) event\(timeline.steps.count == 1 ? "" : "s"), "
            + "\(adjustments.count) adjustment\(adjustments.count == 1 ? "" : "s") "
            + "(cascade: \(timeline.scenario.cascade.name))\n\n"
        if !adjustments.isEmpty {
            var table = TextTable(
                header: ["Date", "Event", "Instrument", "Before", "After", "Rate", "Why"],
                alignments: [.left, .left, .left, .right, .right, .right, .left])
            for step in timeline.steps {
                for a in step.adjustments {
                    var rate = ""
                    if let before = a.rateBefore, let after = a.rateAfter {
                        // Rates the clause leaves unrounded are shown to four places here.
                        let shown = RoundingRule.to("0.0001")
                        rate = "\(Format.ratio(before.display(shown))) → \(Format.ratio(after.display(shown)))"
                    }
                    table.rows.append([
                        step.event.date.description, step.event.id, a.instrumentName, shown(a.priceBefore),
                        shown(a.priceAfter), rate, why(a),
                    ])
                }
            }
            out += table.text + "\n"
        }
        let final = timeline.final
        let total = try final.fullyDiluted()
        if let last = timeline.steps.last {
            out += "Fully diluted after \(last.event.id) (\(last.event.date)):\n\n"
        } else {
            out += "Fully diluted (no events):\n\n"
        }
        var table = TextTable(
            header: ["Holder", "Kind", "Shares", "Price", "As converted", "Ownership"],
            alignments: [.left, .left, .right, .right, .right, .right])
        func percent(_ part: Shares) throws(ArithmeticError) -> String {
            guard total.isPositive else { return "" }
            return try Exact.ratio(part, total).percent(places: 2) + "%"
        }
        table.rows.append([
            "Common", "common", Format.shares(final.common), "", Format.shares(final.common), try percent(final.common),
        ])
        for instrument in final.instruments {
            let asConverted = try instrument.commonAsConverted()
            table.rows.append([
                instrument.name, instrument.kind.label, Format.shares(instrument.shares.display(.to("1"))),
                instrument.price.map(shown) ?? "", Format.shares(asConverted.display(.to("1"))),
                try percent(asConverted),
            ])
        }
        if final.pool.isPositive {
            table.rows.append([
                "Option pool (ungranted)", "pool", Format.shares(final.pool), "", Format.shares(final.pool),
                try percent(final.pool),
            ])
        }
        table.rows.append(["Total", "", "", "", Format.shares(total.display(.to("1"))), total.isPositive ? "100.00%" : ""])
        out += table.text
        out += "\nCash raised since the first event: \(Format.dollars(final.cashRaised.display(.to("0.01"))))\n"
        out += "Prices are shown to $0.0001 and share counts to the share; the CSV files carry exact values.\n"
        return out
    }

    /// A price for reading: to $0.0001 at most.
    static func shown(_ price: Price) -> String {
        Format.dollars(price.display(.to("0.0001")))
    }

    static func why(_ a: Adjustment) -> String {
        var kind: String
        switch a.formula {
        case .weightedAverage: kind = "weighted average"
        case .fullRatchet: kind = "full ratchet"
        case .none: kind = ""
        }
        switch a.cause {
        case .issuance: break
        case .feedback(let round): kind += ", feedback round \(round)"
        case .readjustment(let expired): kind = "readjusted on lapse of \(expired)"
        }
        if !a.changedPrice { kind += " (carried forward)" }
        return kind
    }
}
