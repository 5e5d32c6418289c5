public import DilutionExact

/// The money each named holder of a preferred series invested in it, where the scenario records it exactly:
/// the multiples of holders at an exit (`NAME.exit-holders.csv`).
///
/// The rule. A series issued by a round priced from a valuation (`pre-money` or `post-money`) has its money
/// recorded per holder: each investor's `amount`, and for each SAFE or note that converted in the round, its
/// purchase amount or principal (interest is not money invested) to its holder. A later `transfer` of shares
/// that become or stay the series adds price × shares bought to each buyer, and a later `closing` each of its
/// investors' `amount`. The money is unknown, and the holder left out, for a holder who sold shares of the
/// series (what is left of its money is not recorded), and for every holder of a series partly converted
/// (`convert` with `shares`: which money the converted shares carried away is not recorded). Series of other issuances (a `cash` or a `price` and `amount` with listed holders, the
/// capitalization's) are left out too: the scenario does not say what each holder paid. Splits and stock
/// dividends change no one's money. A SAFE or note still outstanding counts its purchase amount or principal to its
/// holder, and common bought in transfers its price × shares to buyers who hold no other common (`commonBought`).
public enum HolderInvestment {
    /// Class id (a series, a SAFE or note, `Transfer.common`) → holder → money invested, from the timeline of the central path (or any path's).
    public static func known(in timeline: Timeline) -> [String: [String: Money]] {
        var invested: [String: [String: Money]] = [:]
        var unknown: [String: Set<String>] = [:]
        let convertibles = Self.convertibles(timeline.scenario)
        for step in timeline.steps {
            switch step.event.action {
            case .issue(let issuance):
                guard issuance.round != nil, let solution = step.round,
                    let series = issuance.instruments.first(where: \.isPreferred)?.id
                else { continue }
                var money: [String: Money] = invested[series] ?? [:]
                for investor in solution.investors {
                    money[investor.name] = Self.add(money[investor.name], investor.amount)
                }
                for conversion in solution.conversions {
                    guard let (holder, amount) = convertibles[conversion.id] else { continue }
                    money[holder] = Self.add(money[holder], amount)
                }
                invested[series] = money
            case .transfer(let transfer):
                let series = transfer.becomes ?? transfer.instrument
                if transfer.becomes == nil, invested[transfer.instrument] != nil {
                    switch transfer.sellers {
                    case .listed(let sellers): unknown[transfer.instrument, default: []].formUnion(sellers.map(\.name))
                    case .proRata:
                        let holders = step.before.instruments.first { $0.id == transfer.instrument }?.holders ?? []
                        unknown[transfer.instrument, default: []].formUnion(holders.map(\.name))
                    }
                }
                guard invested[series] != nil else { continue }
                for buyer in transfer.buyers {
                    guard let paid = try? Exact.value(of: buyer.shares, at: transfer.price, .nearest) else {
                        unknown[series, default: []].insert(buyer.name)
                        continue
                    }
                    invested[series]![buyer.name] = Self.add(invested[series]![buyer.name], paid)
                }
            case .closing(let closing):
                // A later closing sells more of the series to its investors for their amounts.
                guard invested[closing.series] != nil else { continue }
                for investor in closing.investors {
                    invested[closing.series]![investor.name] = Self.add(invested[closing.series]![investor.name], investor.amount)
                }
            case .convert(let instrument, let shares, _):
                if shares != nil { invested[instrument] = nil }
            default:
                continue
            }
        }
        for (series, names) in unknown {
            for name in names { invested[series]?[name] = nil }
        }
        // A SAFE or note still outstanding: its purchase amount or principal, to its named holder.
        for (id, (holder, amount)) in convertibles where timeline.final.instruments.contains(where: { $0.id == id }) {
            invested[id] = [holder: amount]
        }
        if let common = Self.commonBought(timeline) { invested[Transfer.common] = common }
        return invested.filter { !$0.value.isEmpty }
    }

    /// Holder → money paid for common bought in transfers, for each buyer all of whose common at the end was
    /// bought so: a holder who held common before buying, sold some, or received common otherwise (an exercise,
    /// a conversion, an issuance) is left out. Splits and stock dividends change counts, not money.
    static func commonBought(_ timeline: Timeline) -> [String: Money]? {
        var paid: [String: Money] = [:]
        var unknown: Set<String> = []
        func common(_ table: CapTable) -> [String: Int128] {
            var held: [String: Int128] = [:]
            for holder in table.holders { held[holder.name] = holder.common.units }
            return held
        }
        for step in timeline.steps {
            let before = common(step.before)
            let after = common(step.after)
            switch step.event.action {
            case .split:
                continue
            case .transfer(let transfer):
                var buyers: Set<String> = []
                if (transfer.becomes ?? transfer.instrument) == Transfer.common {
                    for buyer in transfer.buyers {
                        buyers.insert(buyer.name)
                        if paid[buyer.name] == nil, (before[buyer.name] ?? 0) > 0 { unknown.insert(buyer.name) }
                        guard let money = try? Exact.value(of: buyer.shares, at: transfer.price, .nearest) else {
                            unknown.insert(buyer.name)
                            continue
                        }
                        paid[buyer.name] = Self.add(paid[buyer.name], money)
                    }
                }
                // Sellers of common, and anyone else whose common moved.
                for (name, shares) in after where !buyers.contains(name) && shares != (before[name] ?? 0) {
                    unknown.insert(name)
                }
                for (name, shares) in before where after[name] == nil && shares > 0 { unknown.insert(name) }
            default:
                for (name, shares) in after where shares != (before[name] ?? 0) { unknown.insert(name) }
            }
        }
        let held = common(timeline.final)
        let known = paid.filter { !unknown.contains($0.key) && (held[$0.key] ?? 0) > 0 }
        return known.isEmpty ? nil : known
    }

    /// Convertible id → its holder's name and the money it invested (a SAFE's purchase amount, a note's principal).
    static func convertibles(_ scenario: Scenario) -> [String: (String, Money)] {
        var instruments = scenario.instruments
        for event in scenario.events {
            if case .issue(let issuance) = event.action { instruments += issuance.instruments }
        }
        var result: [String: (String, Money)] = [:]
        for instrument in instruments {
            guard case .convertible(let terms) = instrument.kind else { continue }
            result[instrument.id] = (terms.holder ?? instrument.name, terms.amount)
        }
        return result
    }

    static func add(_ total: Money?, _ amount: Money) -> Money {
        Money(units: (total?.units ?? 0) + amount.units)
    }
}
