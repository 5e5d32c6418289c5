package import DilutionExact
package import DilutionModel
package import DilutionWaterfall

/// The metrics of a scenario's exit event: what each class (and each named holder) takes home at
/// the sale, from the exact waterfall of the capitalization at that event.
///
/// Names, after every other metric: `common.proceeds`; per instrument `ID.proceeds` (a SAFE or note
/// still outstanding: its cash-out or its conversion, whichever pays more), and for a preferred series
/// `ID.multiple` (proceeds ÷ money invested), for a SAFE or note proceeds ÷ its amount; per named holder of an instrument
/// `ID[HOLDER].proceeds`, and when the scenario names holders, for every holder `holder[HOLDER].proceeds`: what
/// they take home from every class (the common's holders' parts, an implicit holder's whole class); then `exit.value`, `exit.net_proceeds` (what the classes share, after
/// debt, costs and the carve-out) and `exit.price_per_share` (the price per common share at which
/// the residual is shared). On a path where the exit does not happen every one is NaN (left out of
/// the statistics); an instrument that does not exist at the exit receives 0 (its multiple is NaN).
package struct ExitMetrics: Sendable {
    enum Entry: Sendable {
        case proceeds(String)
        case multiple(String)
        case holder(String, String)
        /// A holder's parts of every class.
        case holderTotal(String)
        /// A holder's parts of every class ÷ their money invested in them, when the path records it for each.
        case holderMultiple(String)
        case value, net, price
    }

    package let names: [String]
    /// Whether `record` needs the path's money invested (a holder's multiple is among the metrics).
    package var needsInvestment: Bool {
        entries.contains { if case .holderMultiple = $0 { true } else { false } }
    }
    let entries: [Entry]
    /// The exit event's date, to which cumulative dividends accrue.
    let date: CalendarDate?

    /// The metrics of `plan`'s exit, or `nil` when it has none (then no waterfall ever runs).
    package init?(plan: Plan, ids: [String], kinds: [String: InstrumentKind]) {
        guard plan.exitEvent != nil else { return nil }
        var entries: [Entry] = [.proceeds("common")]
        for id in ids {
            entries.append(.proceeds(id))
            switch kinds[id] {
            case .preferred?, .convertible?: entries.append(.multiple(id))
            default: break
            }
            var seen: Set<String> = []
            for slot in plan.slotsByID[id] ?? [] {
                for holder in plan.slots[slot].instrument.holders where seen.insert(holder.name).inserted {
                    entries.append(.holder(id, holder.name))
                }
            }
        }
        // Every holder's total, when the scenario names holders (in the holder metrics' order).
        if plan.namesHolders {
            entries += plan.holderNames.map { .holderTotal($0) }
            let investing = Self.investors(plan.scenario)
            entries += plan.holderNames.filter(investing.contains).map { .holderMultiple($0) }
        }
        entries += [.value, .net, .price]
        self.entries = entries
        self.names = entries.map { entry in
            switch entry {
            case .proceeds(let id): "\(id).proceeds"
            case .multiple(let id): "\(id).multiple"
            case .holder(let id, let name): "\(id)[\(name)].proceeds"
            case .holderTotal(let name): "holder[\(name)].proceeds"
            case .holderMultiple(let name): "holder[\(name)].multiple"
            case .value: "exit.value"
            case .net: "exit.net_proceeds"
            case .price: "exit.price_per_share"
            }
        }
        self.date = plan.exitDate
    }

    /// The holders whose money invested the events may record (`HolderInvestment`): a round's investors, the holders
    /// of SAFEs and notes, a closing's investors, the buyers of transfers.
    static func investors(_ scenario: Scenario) -> Set<String> {
        var names: Set<String> = []
        var instruments = scenario.instruments
        for event in scenario.events {
            switch event.action {
            case .issue(let issuance):
                instruments += issuance.instruments
                if let round = issuance.round { names.formUnion(round.investors.map(\.name)) }
            case .closing(let closing): names.formUnion(closing.investors.map(\.name))
            case .transfer(let transfer): names.formUnion(transfer.buyers.map(\.name))
            default: break
            }
        }
        for instrument in instruments {
            if case .convertible(let terms) = instrument.kind { names.insert(terms.holder ?? instrument.name) }
        }
        return names
    }

    /// The waterfall of `table` at `sale`, exact; cumulative dividends accrue to `day` (default: the first exit's).
    package func result(_ table: CapTable, sale: ExitSale, on day: CalendarDate? = nil) throws(WaterfallError)
        -> WaterfallResult
    {
        try Waterfall(table, on: day ?? date).distribute(sale)
    }

    /// Writes the metrics at `metrics[offset...]`: of the waterfall of `table` at `sale` (the exit that happened,
    /// dated `day`), or NaN when no exit happened (`sale` is `nil`).
    /// `invested`: the path's money invested (`Plan.investedMoney`), for the holders' multiples.
    package func record(
        _ table: CapTable, sale: ExitSale?, on day: CalendarDate? = nil, invested: [String: [String: Money]] = [:],
        into metrics: inout [Double], at offset: Int
    ) throws(WaterfallError) {
        guard let sale else { return recordNone(into: &metrics, at: offset) }
        let result = try self.result(table, sale: sale, on: day)
        for (k, entry) in entries.enumerated() {
            let value: Double
            switch entry {
            case .proceeds(let id):
                value = result.payout(id).map { Self.double($0.proceeds) } ?? 0
            case .multiple(let id):
                value = result.payout(id)?.multiple.map(Self.double) ?? .nan
            case .holder(let id, let name):
                if let payout = result.payout(id), let position = payout.holder.holders.firstIndex(where: { $0.name == name }),
                    position < payout.holderProceeds.count
                {
                    value = Self.double(payout.holderProceeds[position])
                } else {
                    value = 0
                }
            case .holderTotal(let name):
                value = Self.double(Money(units: result.parts(of: name).reduce(Int128(0)) { $0 + $1.proceeds.units }))
            case .holderMultiple(let name):
                value = Self.multiple(of: name, in: result, invested: invested)
            case .value: value = Self.double(sale.value)
            case .net: value = Self.double(result.netProceeds)
            case .price: value = result.pricePerCommonShare.map(Self.double) ?? .nan
            }
            metrics[offset + k] = value
        }
    }

    /// A holder's proceeds from every class they take part in ÷ the money they invested in those classes, or NaN when
    /// a part's money is not recorded (a class with a share, a proceeds or a SAFE's claim counts as a part).
    static func multiple(of name: String, in result: WaterfallResult, invested: [String: [String: Money]]) -> Double {
        var proceeds: Int128 = 0
        var paid: Int128 = 0
        var parts = 0
        for part in result.parts(of: name)
        where part.payout.holder.kind == .convertible || part.shares.isPositive || part.proceeds.isPositive {
            guard let money = invested[part.payout.holder.id]?[name], money.isPositive else { return .nan }
            proceeds += part.proceeds.units
            paid += money.units
            parts += 1
        }
        guard parts > 0, let ratio = try? Exact.ratio(Money(units: proceeds), Money(units: paid)) else { return .nan }
        return Self.double(ratio)
    }

    /// NaN for every exit metric: the path's exit did not happen.
    package func recordNone(into metrics: inout [Double], at offset: Int) {
        for k in entries.indices { metrics[offset + k] = .nan }
    }

    /// The metrics of a timeline whose last steps may be exits (for `run`, `compare` and sweeps' checks): of the
    /// first exit in it, the one that happened.
    package func record(_ timeline: Timeline, into metrics: inout [Double], at offset: Int) throws(WaterfallError) {
        if let step = timeline.steps.first(where: { if case .exit = $0.event.action { true } else { false } }),
            case .exit(let sale) = step.event.action
        {
            let invested = needsInvestment ? HolderInvestment.known(in: timeline.scenario) : [:]
            try record(step.after, sale: sale, on: step.event.date, invested: invested, into: &metrics, at: offset)
        } else {
            try record(timeline.final, sale: nil, into: &metrics, at: offset)
        }
    }

    static func double<Q: FixedPointQuantity>(_ value: Q) -> Double { ScenarioPathModel.double(value) }
}
