import DilutionExact
import DilutionModel
import Testing

/// A lapse readjusts "as if the lapsed shares had never been issued": when the warrants' count
/// scaled (a ratchet) or grew (a stock dividend) after their issuance, the shares the issuance is
/// replayed without are the ones it created, not today's larger count.
@Suite("Readjustment after warrants that scaled")
struct ReadjustmentTests {
    static func scenario(withWarrants: Bool, dividend: Bool) -> Scenario {
        var clause = Clause(.weightedAverage(.broad))
        clause.priceRounding = .to("0.0001")
        let seriesA = Instrument(
            id: "series-a", name: "Series A", kind: .preferred(statedValue: Money(10)), shares: Shares(100_000),
            price: Price(10), clause: clause)
        var ratchet = Clause(.fullRatchet)
        ratchet.scalesShares = true
        let warrants = Instrument(
            id: "bridge", name: "Bridge warrants", kind: .warrant, shares: Shares(100_000), price: Price(5),
            clause: ratchet)
        var events: [Event] = []
        if withWarrants {
            events.append(
                Event(
                    id: "bridge", date: Fixtures.date("2024-01-31"),
                    action: .issue(Issuance(cash: Money(50_000), instruments: [warrants]))))
        }
        if dividend {
            events.append(
                Event(
                    id: "dividend", date: Fixtures.date("2024-03-31"),
                    action: .split(SplitRatio(numerator: 21, denominator: 20), rounding: .to("1", .down))))
        }
        events.append(
            Event(
                id: "raise", date: Fixtures.date("2024-06-30"),
                action: .issue(Issuance(cash: Money(400_000), common: Shares(200_000)))))
        if withWarrants {
            events.append(
                Event(
                    id: "lapse", date: Fixtures.date("2025-01-31"),
                    action: .expire(instrument: "bridge", shares: nil, readjust: true)))
        }
        return Scenario(name: "readjustment", common: Shares(1_000_000), instruments: [seriesA], events: events)
    }

    @Test("The readjusted price is the price had the warrants never been issued", arguments: [false, true])
    func readjustedPriceIsThePriceWithoutTheWarrants(dividend: Bool) throws {
        let timeline = try Engine(Self.scenario(withWarrants: true, dividend: dividend)).run()
        // The raise at $2 ratcheted the $5 warrants (and scaled their count): more shares lapse than were issued.
        let lapse = try #require(timeline.steps.last)
        let warrantsBefore = try #require(lapse.before.instrument("bridge"))
        #expect(warrantsBefore.shares > Shares(100_000))
        let readjusted = try #require(lapse.adjustments.first { $0.instrumentID == "series-a" })
        #expect(readjusted.isReadjustment)
        let without = try Engine(Self.scenario(withWarrants: false, dividend: dividend)).finalTable()
        let expected = try #require(without.instrument("series-a")?.price)
        #expect(readjusted.priceAfter == expected)
        #expect(readjusted.priceAfter > readjusted.priceBefore)
    }
}
