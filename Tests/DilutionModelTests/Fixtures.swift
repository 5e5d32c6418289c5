import DilutionExact
import DilutionModel

/// Scenarios built in code, shared by the engine tests.
enum Fixtures {
    static let july18 = CalendarDate(year: 2005, month: 7, day: 18)!

    /// The Series 2-A clause of the Vsource notice: A = common + other securities, B to the
    /// nearest share, price to the nearest cent, rate to the nearest hundredth.
    static var vsourceClause: Clause {
        var clause = Clause(.weightedAverage(.terms([.common, .other("other-securities")])))
        clause.considerationSharesRounding = .to("1", .nearest)
        clause.priceRounding = .to("0.01", .nearest)
        clause.rateRounding = .to("0.01", .nearest)
        return clause
    }

    /// The Vsource, Inc. financing of July 18, 2005 and its Series 2-A.
    static var vsource: Scenario {
        let series2A = Instrument(
            id: "series-2a", name: "Series 2-A", kind: .preferred(statedValue: Money("6.40")), shares: Shares(3900),
            price: Price("14.20"), clause: vsourceClause)
        let other = Instrument(id: "other-securities", name: "Other Securities", kind: .other, shares: Shares(317_596))
        let series5A = Instrument(
            id: "series-5a", name: "Series 5-A", kind: .preferred(statedValue: Money(1000)), shares: Shares(1478),
            price: Price("0.3125"))
        let warrants = Instrument(
            id: "warrants-2005", name: "2005 Warrants", kind: .warrant, shares: Shares(886_800), price: Price("0.50"),
            expires: CalendarDate(year: 2010, month: 7, day: 18))
        let financing = Event(
            id: "july-2005", date: july18,
            action: .issue(Issuance(cash: Money(1_478_000), instruments: [series5A, warrants])))
        return Scenario(
            name: "Vsource 2005", common: Shares(2_101_345), instruments: [series2A, other], events: [financing])
    }

    static func date(_ text: String) -> CalendarDate { CalendarDate(iso: text)! }
}
