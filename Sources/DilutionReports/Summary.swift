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
        // The common received on exercise or conversion stays with the instrument's holders, as in simulate
        // and compare; the column appears once some was received.
        let (otherCommon, received) = try TimelineReport.attribution(final)
        let anyReceived = received.contains { $0.isPositive }
        var header = ["Holder", "Kind", "Shares", "Price", "As converted", "Ownership"]
        if anyReceived { header.insert("Received as common", at: 5) }
        var table = TextTable(header: header, alignments: header.indices.map { $0 < 2 ? .left : .right })
        func percent(_ part: Shares) throws(ArithmeticError) -> String {
            guard total.isPositive else { return "" }
            return try Exact.ratio(part, total).percent(places: 2) + "%"
        }
        func row(_ cells: [String], received: String) -> [String] {
            var cells = cells
            if anyReceived { cells.insert(received, at: 5) }
            return cells
        }
        table.rows.append(
            row(
                [
                    anyReceived ? "Common (other holders)" : "Common", "common", Format.shares(otherCommon), "",
                    Format.shares(otherCommon), try percent(otherCommon),
                ], received: ""))
        for (position, instrument) in final.instruments.enumerated() {
            let asConverted = try instrument.commonAsConverted()
            table.rows.append(
                row(
                    [
                        instrument.name, instrument.kind.label, Format.shares(instrument.shares.display(.to("1"))),
                        instrument.price.map(shown) ?? "", Format.shares(asConverted.display(.to("1"))),
                        try percent(try asConverted + received[position]),
                    ], received: received[position].isPositive ? Format.shares(received[position].display(.to("1"))) : ""))
        }
        if final.pool.isPositive {
            table.rows.append(
                row(
                    [
                        TimelineReport.poolName, "pool", Format.shares(final.pool), "", Format.shares(final.pool),
                        try percent(final.pool),
                    ], received: ""))
        }
        table.rows.append(
            row(["Total", "", "", "", Format.shares(total.display(.to("1"))), total.isPositive ? "100.00%" : ""],
                received: ""))
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
        case .closing(let first): kind = "one issuance with closing \(first)"
        }
        if !a.changedPrice { kind += " (carried forward)" }
        return kind
    }
}
