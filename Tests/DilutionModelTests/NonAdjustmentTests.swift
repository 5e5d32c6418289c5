import DilutionExact
import DilutionModel
import Testing

/// What an issuance does not adjust: a series with nothing outstanding is not adjusted, counted or
/// noticed; every other protected instrument left alone is recorded with the reason.
@Suite("Instruments an issuance does not adjust")
struct NonAdjustmentTests {
    static func series(_ id: String, price: String, clause: Clause) -> Instrument {
        Instrument(
            id: id, name: "Series \(id.uppercased())", kind: .preferred(statedValue: Money(2)), shares: Shares(1_000_000),
            price: Price(price), clause: clause)
    }

    static var weighted: Clause {
        var clause = Clause(.weightedAverage(.broad))
        clause.priceRounding = .to("0.0001")
        return clause
    }

    /// Series A converts in full, then a down round at $1.00 (below A's $2.00 and B's $2.00).
    static func convertedThenDownRound() -> Scenario {
        let a = series("a", price: "2.00", clause: weighted)
        let b = series("b", price: "2.00", clause: weighted)
        return Scenario(
            name: "converted", common: Shares(5_000_000), instruments: [a, b],
            events: [
                Event(
                    id: "a-converts", date: Fixtures.date("2024-01-31"),
                    action: .convert(instrument: "a", shares: nil, rounding: .to("1", .down))),
                Event(
                    id: "down-round", date: Fixtures.date("2024-06-30"),
                    action: .issue(Issuance(cash: Money(1_000_000), common: Shares(1_000_000)))),
            ])
    }

    @Test("A series with nothing outstanding is not adjusted, counted or noticed")
    func nothingOutstanding() throws {
        let scenario = Self.convertedThenDownRound()
        let timeline = try Engine(scenario).run()
        let round = try #require(timeline.steps.last)
        #expect(round.adjustments.map(\.instrumentID) == ["b"])
        #expect(round.unadjusted.isEmpty)
        #expect(timeline.final.instrument("a")?.price == Price("2.00"))
        #expect(timeline.final.instrument("a")?.shares == .zero)
        #expect(try Engine(scenario).apply().adjustments == 1)
        // B, outstanding, is adjusted below $2.00.
        let b = try #require(timeline.final.instrument("b")?.price)
        #expect(b < Price("2.00"))
    }

    @Test("An exempt, a waived and a sunset issuance each say why, and so does a price not above")
    func reasons() throws {
        var sunsetClause = Self.weighted
        sunsetClause.sunset = Fixtures.date("2024-03-31")
        let a = Self.series("a", price: "2.00", clause: Self.weighted)
        let b = Self.series("b", price: "0.50", clause: Self.weighted)
        let c = Self.series("c", price: "2.00", clause: sunsetClause)
        let d = Self.series("d", price: "2.00", clause: Self.weighted)
        let issue = EventAction.issue(Issuance(cash: Money(1_000_000), common: Shares(1_000_000)))
        let scenario = Scenario(
            name: "reasons", common: Shares(5_000_000), instruments: [a, b, c, d],
            events: [
                Event(id: "grant", date: Fixtures.date("2024-01-31"), action: issue, exempt: true),
                Event(id: "round", date: Fixtures.date("2024-06-30"), action: issue, waivedBy: ["d"]),
            ])
        let timeline = try Engine(scenario).run()
        let grant = timeline.steps[0]
        #expect(grant.adjustments.isEmpty)
        #expect(grant.unadjusted.map(\.instrumentID) == ["a", "b", "c", "d"])
        #expect(grant.unadjusted.allSatisfy { $0.reason == .exempt })
        let round = timeline.steps[1]
        #expect(round.adjustments.map(\.instrumentID) == ["a"])
        let reasons = Dictionary(uniqueKeysWithValues: round.unadjusted.map { ($0.instrumentID, $0.reason) })
        #expect(reasons["b"] == .notBelow(effective: Price(1), atOrBelow: false))
        #expect(reasons["c"] == .afterSunset(Fixtures.date("2024-03-31")))
        #expect(reasons["d"] == .waived)
        #expect(round.unadjusted.allSatisfy { $0.consideration == Money(1_000_000) && $0.additional == Shares(1_000_000) })
    }
}

/// The common received on an exercise is common: a later split scales it with the rest.
@Suite("Common received on exercise, after a split")
struct ReceivedCommonSplitTests {
    @Test func aReverseSplitScalesTheCommonReceived() throws {
        let warrants = Instrument(id: "w", kind: .warrant, shares: Shares(100_000), price: Price(1))
        let scenario = Scenario(
            name: "exercise then split", common: Shares(1_000_000), instruments: [warrants],
            events: [
                Event(
                    id: "ex", date: Fixtures.date("2024-01-01"),
                    action: .exercise(Exercise(instrument: "w", quantity: .all, method: .cash))),
                Event(
                    id: "rs", date: Fixtures.date("2024-02-01"),
                    action: .split(SplitRatio(numerator: 1, denominator: 10), rounding: .exact)),
            ])
        let final = try Engine(scenario).run().final
        #expect(final.common == Shares(110_000))
        #expect(final.issuedOnExercise == [Shares(10_000)])
    }
}
