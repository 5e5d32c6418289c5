public import DilutionExact
public import DilutionModel

/// The tables `dilution run` writes: the timeline (event × instrument) and the cap table after
/// each event.
public enum TimelineReport {
    /// Header of the timeline CSV; `dilution plot` recognises the table by it.
    public static let timelineHeader = [
        "event_index", "event_id", "date", "event_type", "instrument", "kind", "price_before", "price_after",
        "adjusted", "conversion_rate", "shares", "common_as_converted", "fd_ownership", "name", "common_received",
        "cash_raised",
    ]

    /// Header of the cap-table CSV.
    public static let capTableHeader = [
        "event_index", "event_id", "date", "holder", "kind", "shares", "price", "common_as_converted",
        "fd_ownership", "name", "common_received", "cash_raised",
    ]

    /// Who holds the common, as `simulate` and `compare` count it: each instrument's holders keep the common
    /// they received on its exercise or conversion; the rest of the common is the other common holders'.
    static func attribution(_ cap: CapTable) throws(ArithmeticError) -> (otherCommon: Shares, received: [Shares]) {
        var received: [Shares] = []
        var total = Shares.zero
        for index in cap.instruments.indices {
            let shares = index < cap.issuedOnExercise.count ? cap.issuedOnExercise[index] : .zero
            received.append(shares)
            total = try total + shares
        }
        return (try cap.common - total, received)
    }

    /// One row per event and instrument (plus common and the pool), prices exact, ownership as a
    /// fraction of fully diluted shares to 10 decimals.
    public static func timeline(_ timeline: Timeline) throws(ArithmeticError) -> CSVTable {
        var table = CSVTable(header: timelineHeader)
        for step in timeline.steps {
            let total = try step.after.fullyDiluted()
            let (otherCommon, received) = try attribution(step.after)
            let cash = Format.plain(step.after.cashRaised)
            let adjusted = Set(step.adjustments.filter(\.changedPrice).map(\.instrumentID))
            let prefix = [String(step.eventIndex), step.event.id, step.event.date.description, step.event.typeName]
            table.rows.append(
                prefix + [
                    "common", "common", "", "", "", "", Format.plain(step.after.common),
                    Format.plain(step.after.common), try share(otherCommon, of: total), "Common", "", cash,
                ])
            for (position, instrument) in step.after.instruments.enumerated() {
                let before = step.before.instrument(instrument.id)
                let asConverted = try instrument.commonAsConverted()
                var rate = ""
                if let stated = instrument.statedValue, let price = instrument.price {
                    rate = Format.plain(try Exact.rate(stated, per: price, rounding: instrument.clause.rateRounding))
                }
                table.rows.append(
                    prefix + [
                        instrument.id, instrument.kind.label, before?.price.map(Format.plain) ?? "",
                        instrument.price.map(Format.plain) ?? "", adjusted.contains(instrument.id) ? "yes" : "no",
                        rate, Format.plain(instrument.shares), Format.plain(asConverted),
                        try share(try asConverted + received[position], of: total), instrument.name,
                        Format.plain(received[position]), cash,
                    ])
            }
            if step.after.pool.isPositive || step.before.pool.isPositive {
                table.rows.append(
                    prefix + [
                        "option-pool", "pool", "", "", "", "", Format.plain(step.after.pool),
                        Format.plain(step.after.pool), try share(step.after.pool, of: total), poolName, "", cash,
                    ])
            }
        }
        return table
    }

    /// The option pool's name where a person reads it.
    static let poolName = "Option pool (ungranted)"

    /// The cap table after each event: every holder class with shares, price and ownership.
    public static func capTables(_ timeline: Timeline) throws(ArithmeticError) -> CSVTable {
        var table = CSVTable(header: capTableHeader)
        for (index, id, date, cap) in moments(timeline) {
            let total = try cap.fullyDiluted()
            let (otherCommon, received) = try attribution(cap)
            let cash = Format.plain(cap.cashRaised)
            table.rows.append(
                [index, id, date, "common", "common", Format.plain(cap.common), "", Format.plain(cap.common),
                 try share(otherCommon, of: total), "Common", "", cash])
            for (position, instrument) in cap.instruments.enumerated() {
                let asConverted = try instrument.commonAsConverted()
                table.rows.append(
                    [index, id, date, instrument.id, instrument.kind.label, Format.plain(instrument.shares),
                     instrument.price.map(Format.plain) ?? "", Format.plain(asConverted),
                     try share(try asConverted + received[position], of: total), instrument.name,
                     Format.plain(received[position]), cash])
            }
            table.rows.append(
                [index, id, date, "option-pool", "pool", Format.plain(cap.pool), "", Format.plain(cap.pool),
                 try share(cap.pool, of: total), poolName, "", cash])
            table.rows.append(
                [index, id, date, "total", "total", "", "", Format.plain(total), total.isPositive ? "1" : "", "Total", "",
                 cash])
        }
        return table
    }

    /// Header of the holders CSV (`NAME.holders.csv`).
    public static let holdersHeader = [
        "event_index", "event_id", "date", "holder", "common", "shares_as_converted", "fd_ownership", "cash_received",
    ]

    /// Every holder initially and after each event (tidy: one row per moment and holder): the common they
    /// hold, everything as converted, their fully diluted ownership and the cash received from transfers so
    /// far. `nil` when the scenario names no holder.
    public static func holders(_ timeline: Timeline) throws(ArithmeticError) -> CSVTable? {
        guard timeline.scenario.namesHolders else { return nil }
        var table = CSVTable(header: holdersHeader)
        for (index, id, date, cap) in moments(timeline) {
            let total = try cap.fullyDiluted()
            for holder in cap.holders {
                table.rows.append(
                    [index, id, date, holder.name, Format.plain(holder.common), Format.plain(holder.asConverted),
                     try share(holder.asConverted, of: total), Format.plain(holder.cash)])
            }
        }
        return table
    }

    /// The capitalization initially and after each event, with the event's index, id and date (empty initially).
    static func moments(_ timeline: Timeline) -> [(String, String, String, CapTable)] {
        var states: [(String, String, String, CapTable)] = [("", "initial", "", timeline.initial)]
        for step in timeline.steps {
            states.append((String(step.eventIndex), step.event.id, step.event.date.description, step.after))
        }
        return states
    }

    static func share(_ part: Shares, of total: Shares) throws(ArithmeticError) -> String {
        guard total.isPositive else { return "" }
        return Format.plain(try Exact.ratio(part, total, rounding: .to("0.0000000001", .nearest)))
    }
}
