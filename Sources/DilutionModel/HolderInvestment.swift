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
/// dividends change no one's money.
public enum HolderInvestment {
    /// Series id → holder → money invested, from the timeline of the central path (or any path's).
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
        return invested.filter { !$0.value.isEmpty }
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
