import DilutionExact
import DilutionModel
import Testing

/// A small cap table whose adjustments are easy to derive by hand:
/// common 1,000,000; Series A 100,000 shares ($1.00 stated, $1.00 price → 100,000 as converted);
/// Series B 50,000 shares ($2.00 stated, $2.00 price → 50,000); options 100,000 at $0.10;
/// warrants 50,000 at $1.50; pool 50,000 (not in any preset).
/// broad A = 1,300,000; narrow A = 1,150,000; [common] A = 1,000,000.
enum Hand {
    static func scenario(seriesA clauseA: Clause, warrantClause: Clause = .none, holders: [Holder] = [],
                         events: [Event], cascade: CascadeMode = .simultaneous) -> Scenario {
        Scenario(
            name: "hand", common: Shares(1_000_000), pool: Shares(50_000),
            instruments: [
                Instrument(id: "series-a", name: "Series A", kind: .preferred(statedValue: Money(1)),
                           shares: Shares(100_000), price: Price("1.00"), clause: clauseA),
                Instrument(id: "series-b", name: "Series B", kind: .preferred(statedValue: Money(2)),
                           shares: Shares(50_000), price: Price("2.00")),
                Instrument(id: "options", kind: .option, shares: Shares(100_000), price: Price("0.10")),
                Instrument(id: "w", name: "Warrants", kind: .warrant, shares: Shares(50_000), price: Price("1.50"),
                           clause: warrantClause, holders: holders),
            ],
            events: events, cascade: cascade)
    }

    static func issue(common: Int, cash: String, date: String = "2020-06-30", id: String = "raise",
                      exempt: Bool = false, instruments: [Instrument] = []) -> Event {
        Event(id: id, date: Fixtures.date(date),
              action: .issue(Issuance(cash: Money(cash), common: Shares(common), instruments: instruments)),
              exempt: exempt)
    }

    /// 200,000 common at $0.50 ($100,000).
    static let raise = issue(common: 200_000, cash: "100000")

    static func wa(_ base: BaseComposition, price: RoundingRule = .exact) -> Clause {
        var clause = Clause(.weightedAverage(base))
        clause.priceRounding = price
        return clause
    }

    static func final(_ scenario: Scenario, _ id: String = "series-a") throws -> Instrument {
        try #require(try Engine(scenario).finalTable().instrument(id))
    }
}

@Suite("Clauses, derived by hand")
struct ClauseTableTests {
    static let bases: [(BaseComposition, String)] = [
        // 1.00 × (1,300,000 + 100,000) / (1,300,000 + 200,000) = 0.93333…
        (.broad, "0.933333333333"),
        // 1.00 × 1,250,000 / 1,350,000 = 0.925925…
        (.narrow, "0.925925925926"),
        // 1.00 × 1,100,000 / 1,200,000 = 0.91666…
        (.terms([.common]), "0.916666666667"),
        // pool counted: 1,350,000 + 100,000 / 1,550,000 = 0.935483870967741…
        (.terms([.common, .allPreferred, .options, .allWarrants, .pool]), "0.935483870968"),
    ]

    @Test("Weighted average on broad, narrow and custom bases", arguments: bases)
    func weightedAverageBases(base: BaseComposition, expected: String) throws {
        let scenario = Hand.scenario(seriesA: Hand.wa(base), events: [Hand.raise])
        #expect(try Hand.final(scenario).price == Price(expected))
    }

    @Test func fullRatchetGoesToTheIssuePrice() throws {
        let scenario = Hand.scenario(seriesA: Clause(.fullRatchet), events: [Hand.raise])
        #expect(try Hand.final(scenario).price == Price("0.50"))
    }

    static let priceRoundings: [(BaseComposition, RoundingDirection, String)] = [
        (.broad, .nearest, "0.93"), (.broad, .down, "0.93"), (.broad, .up, "0.94"),
        (.narrow, .nearest, "0.93"), (.narrow, .down, "0.92"), (.narrow, .up, "0.93"),
    ]

    @Test("New price rounded to the cent", arguments: priceRoundings)
    func priceRounding(base: BaseComposition, direction: RoundingDirection, expected: String) throws {
        let scenario = Hand.scenario(seriesA: Hand.wa(base, price: .to("0.01", direction)), events: [Hand.raise])
        #expect(try Hand.final(scenario).price == Price(expected))
    }

    static let bRoundings: [(RoundingDirection, Int)] = [(.nearest, 111_111), (.down, 111_111), (.up, 111_112)]

    @Test("B rounded to whole shares", arguments: bRoundings)
    func considerationSharesRounding(direction: RoundingDirection, expectedB: Int) throws {
        // Series A at $0.90: B = $100,000 / 0.90 = 111,111.11 shares.
        var clause = Hand.wa(.terms([.common]))
        clause.considerationSharesRounding = .to("1", direction)
        var scenario = Hand.scenario(seriesA: clause, events: [Hand.raise])
        scenario.instruments[0].price = Price("0.90")
        let step0 = try #require(try Engine(scenario).run().steps.first)
        let adjustment = try #require(step0.adjustments.first)
        #expect(adjustment.considerationShares == Shares(expectedB))
        // 0.90 × (1,000,000 + B) / 1,200,000
        let expected = try Exact.scale(
            Price("0.90"), by: Shares(1_000_000 + expectedB), over: Shares(1_200_000), rounding: .exact)
        #expect(adjustment.priceAfter == expected)
    }

    @Test func zeroConsiderationWeightedAverage() throws {
        // B = 0: 1.00 × 1,300,000 / 1,500,000 = 0.8666…
        let scenario = Hand.scenario(seriesA: Hand.wa(.broad), events: [Hand.issue(common: 200_000, cash: "0")])
        #expect(try Hand.final(scenario).price == Price("0.866666666667"))
    }

    @Test func zeroConsiderationFullRatchetUsesTheNominalPrice() throws {
        var clause = Clause(.fullRatchet)
        clause.noConsiderationPrice = Price("0.001")
        let scenario = Hand.scenario(seriesA: clause, events: [Hand.issue(common: 200_000, cash: "0")])
        #expect(try Hand.final(scenario).price == Price("0.001"))
    }

    @Test("Issuance at or above the price changes nothing", arguments: ["200000", "300000"])
    func atOrAboveThePrice(cash: String) throws {
        let scenario = Hand.scenario(seriesA: Clause(.fullRatchet), events: [Hand.issue(common: 200_000, cash: cash)])
        let timeline = try Engine(scenario).run()
        #expect(timeline.steps[0].adjustments.isEmpty)
        #expect(timeline.final.instrument("series-a")?.price == Price("1.00"))
    }

    @Test func atOrBelowTriggerFiresAtThePriceWithoutMovingIt() throws {
        var clause = Hand.wa(.broad)
        clause.trigger = .atOrBelow
        let scenario = Hand.scenario(seriesA: clause, events: [Hand.issue(common: 200_000, cash: "200000")])
        let adjustment = try #require(try Engine(scenario).run().steps[0].adjustments.first)
        // 1.00 × (1,300,000 + 200,000) / 1,500,000 = 1.00
        #expect(adjustment.priceAfter == Price("1.00"))
        #expect(!adjustment.changedPrice)
    }

    @Test func floorStopsTheRatchet() throws {
        var clause = Clause(.fullRatchet)
        clause.floor = Price("0.60")
        let scenario = Hand.scenario(seriesA: clause, events: [Hand.raise])
        #expect(try Hand.final(scenario).price == Price("0.60"))
    }

    @Test func minimumChangeIsCarriedForward() throws {
        var clause = Hand.wa(.broad, price: .to("0.0001"))
        clause.minimumChange = Price("0.10")
        let second = Hand.issue(common: 200_000, cash: "100000", date: "2020-09-30", id: "second")
        let scenario = Hand.scenario(seriesA: clause, events: [Hand.raise, second])
        let timeline = try Engine(scenario).run()
        // First: 0.9333 is only 0.0667 below 1.00: not made, carried forward.
        let first = try #require(timeline.steps[0].adjustments.first)
        #expect(first.computedPrice == Price("0.9333"))
        #expect(first.priceAfter == Price("1.00"))
        #expect(timeline.steps[0].after.carriedPrices[0] == Price("0.9333"))
        // Second starts from 0.9333: A = 1,200,000 + 100,000 + 50,000 + 100,000 + 50,000 = 1,500,000;
        // (0.9333 × 1,500,000 + 100,000) / 1,700,000 = 1,499,950 / 1,700,000 = 0.88232… → 0.8823.
        let next = try #require(timeline.steps[1].adjustments.first)
        #expect(next.formulaPrice == Price("0.9333"))
        #expect(next.priceAfter == Price("0.8823"))
        #expect(timeline.steps[1].after.carriedPrices[0] == nil)
    }

    static let sunsets: [(String, String)] = [("2020-06-30", "0.50"), ("2020-07-01", "1.00")]

    @Test("A sunset date ends the clause", arguments: sunsets)
    func sunset(eventDate: String, expected: String) throws {
        var clause = Clause(.fullRatchet)
        clause.sunset = Fixtures.date("2020-06-30")
        let event = Hand.issue(common: 200_000, cash: "100000", date: eventDate)
        #expect(try Hand.final(Hand.scenario(seriesA: clause, events: [event])).price == Price(expected))
    }

    @Test func exemptIssuanceAndWaiverTriggerNothing() throws {
        var waived = Hand.raise
        waived.waivedBy = ["series-a"]
        for event in [Hand.issue(common: 200_000, cash: "100000", exempt: true), waived] {
            let scenario = Hand.scenario(seriesA: Clause(.fullRatchet), events: [event])
            #expect(try Hand.final(scenario).price == Price("1.00"))
        }
    }

    @Test func neverUpwardHoldsWhenRoundingUp() throws {
        // 0.9333 rounded up to a multiple of $5 would be $5.00; never upward keeps $1.00.
        var clause = Hand.wa(.broad, price: .to("5", .up))
        clause.neverUpward = true
        let scenario = Hand.scenario(seriesA: clause, events: [Hand.raise])
        #expect(try Hand.final(scenario).price == Price("1.00"))
    }
}

@Suite("Warrants, expiry and splits, derived by hand")
struct InstrumentEventTests {
    static var ratchetWithScaling: Clause {
        var clause = Clause(.fullRatchet)
        clause.scalesShares = true
        return clause
    }

    @Test func ratchetedWarrantScalesItsShares() throws {
        let scenario = Hand.scenario(seriesA: .none, warrantClause: Self.ratchetWithScaling, events: [Hand.raise])
        let warrant = try Hand.final(scenario, "w")
        // 50,000 × 1.50 / 0.50 = 150,000 at $0.50: the aggregate $75,000 is kept.
        #expect(warrant.price == Price("0.50"))
        #expect(warrant.shares == Shares(150_000))
    }

    @Test func perHolderRoundingOfScaledShares() throws {
        // Issue at $0.70: each holder's count × 15/7, rounded down per holder.
        // 10,001 → 21,430.71 → 21,430 (twice); 29,998 → 64,281.43 → 64,281. Total 107,141,
        // where rounding the tranche as a whole would give 107,142.
        let holders = [
            Holder(name: "h1", shares: Shares(10_001)), Holder(name: "h2", shares: Shares(10_001)),
            Holder(name: "h3", shares: Shares(29_998)),
        ]
        let event = Hand.issue(common: 200_000, cash: "140000")
        let withHolders = Hand.scenario(
            seriesA: .none, warrantClause: Self.ratchetWithScaling, holders: holders, events: [event])
        let warrant = try Hand.final(withHolders, "w")
        #expect(warrant.holders.map(\.shares) == [Shares(21_430), Shares(21_430), Shares(64_281)])
        #expect(warrant.shares == Shares(107_141))
        let whole = Hand.scenario(seriesA: .none, warrantClause: Self.ratchetWithScaling, events: [event])
        #expect(try Hand.final(whole, "w").shares == Shares(107_142))
    }

    static let bridge = Instrument(
        id: "bridge", name: "Bridge warrants", kind: .warrant, shares: Shares(100_000), price: Price("0.40"))

    static func expiry(_ shares: Int?) -> Event {
        Event(id: "lapse", date: Fixtures.date("2021-06-30"),
              action: .expire(instrument: "bridge", shares: shares.map { Shares($0) }, readjust: true))
    }

    static let expiries: [(Int?, String)] = [
        // All lapse: as if never issued, back to $1.00.
        (nil, "1.00"),
        // Half lapse: $20,000 for 50,000 shares: (1,300,000 + 20,000) / 1,350,000 = 0.97777… → 0.9778.
        (50_000, "0.9778"),
    ]

    @Test("Lapse of warrants readjusts the price", arguments: expiries)
    func expiryReadjustment(lapsed: Int?, expected: String) throws {
        // Issuing the bridge warrants: $40,000 payable for 100,000 shares;
        // 1.00 × (1,300,000 + 40,000) / 1,400,000 = 0.957142… → 0.9571.
        let issue = Hand.issue(common: 0, cash: "0", id: "bridge-issue", instruments: [Self.bridge])
        let scenario = Hand.scenario(
            seriesA: Hand.wa(.broad, price: .to("0.0001")), events: [issue, Self.expiry(lapsed)])
        let timeline = try Engine(scenario).run()
        #expect(timeline.steps[0].after.instrument("series-a")?.price == Price("0.9571"))
        #expect(timeline.final.instrument("series-a")?.price == Price(expected))
        let readjustment = try #require(timeline.steps[1].adjustments.first)
        #expect(readjustment.isReadjustment)
    }

    @Test func readjustmentNeverExceedsThePriceBeforeTheOriginalAdjustment() throws {
        // A later ratchet to $0.30 stays: the replay without the bridge still ratchets to $0.30.
        let issue = Hand.issue(common: 0, cash: "0", id: "bridge-issue", instruments: [Self.bridge])
        let later = Hand.issue(common: 100_000, cash: "30000", date: "2021-01-31", id: "later")
        let scenario = Hand.scenario(seriesA: Clause(.fullRatchet), events: [issue, later, Self.expiry(nil)])
        let timeline = try Engine(scenario).run()
        #expect(timeline.steps[0].after.instrument("series-a")?.price == Price("0.40"))
        #expect(timeline.final.instrument("series-a")?.price == Price("0.30"))
        #expect(timeline.steps[2].adjustments.isEmpty)
    }

    static func split(_ numerator: Int128, _ denominator: Int128, date: String) -> Event {
        Event(id: "split-\(date)", date: Fixtures.date(date),
              action: .split(SplitRatio(numerator: numerator, denominator: denominator), rounding: .exact))
    }

    @Test func splitBeforeOrAfterTheAdjustmentGivesTheSamePrice() throws {
        // 2:1 then 400,000 common at $0.25; or 200,000 at $0.50 then 2:1. Both: 0.93333… / 2.
        let before = Hand.scenario(
            seriesA: Hand.wa(.broad),
            events: [Self.split(2, 1, date: "2020-01-31"), Hand.issue(common: 400_000, cash: "100000")])
        let after = Hand.scenario(seriesA: Hand.wa(.broad), events: [Hand.raise, Self.split(2, 1, date: "2020-12-31")])
        #expect(try Hand.final(before).price == Price("0.466666666667"))
        #expect(try Hand.final(after).price == Price("0.466666666667"))
        let table = try Engine(after).finalTable()
        #expect(table.common == Shares(2_400_000))
        #expect(table.instrument("w")?.shares == Shares(100_000))
        #expect(table.instrument("w")?.price == Price("0.75"))
        #expect(table.instrument("series-a")?.shares == Shares(100_000))
    }

    @Test func reverseSplitAfterAnAdjustment() throws {
        let scenario = Hand.scenario(
            seriesA: Hand.wa(.broad, price: .to("0.01")), events: [Hand.raise, Self.split(1, 10, date: "2021-01-01")])
        let table = try Engine(scenario).finalTable()
        #expect(table.instrument("series-a")?.price == Price("9.30"))
        #expect(table.common == Shares(120_000))
        #expect(table.pool == Shares(5_000))
    }

    @Test func cashAndNetExercise() throws {
        let cash = Event(id: "cash", date: Fixtures.date("2021-01-01"),
                         action: .exercise(Exercise(instrument: "w", quantity: .shares(Shares(20_000)))))
        // Net: 30,000 × (2.00 − 1.50) / 2.00 = 7,500 shares.
        let net = Event(id: "net", date: Fixtures.date("2021-02-01"),
                        action: .exercise(Exercise(instrument: "w", method: .net(fairValue: Price("2.00")))))
        let table = try Engine(Hand.scenario(seriesA: .none, events: [cash, net])).finalTable()
        #expect(table.common == Shares(1_027_500))
        #expect(table.instrument("w")?.shares == Shares.zero)
        #expect(table.cashRaised == Money(30_000))
    }

    @Test func conversionOfPreferredTriggersNothing() throws {
        let convert = Event(id: "convert", date: Fixtures.date("2021-01-01"),
                            action: .convert(instrument: "series-b", shares: Shares(10_000), rounding: .to("1", .down)))
        let timeline = try Engine(Hand.scenario(seriesA: Clause(.fullRatchet), events: [convert])).run()
        #expect(timeline.final.common == Shares(1_010_000))
        #expect(timeline.final.instrument("series-b")?.shares == Shares(40_000))
        #expect(timeline.steps[0].adjustments.isEmpty)
    }
}

@Suite("Cascade modes")
struct CascadeTests {
    /// Series A on A = common + warrants; warrants ratchet with share scaling; 200,000 at $0.50.
    static func scenario(_ mode: CascadeMode) -> Scenario {
        Hand.scenario(
            seriesA: Hand.wa(.terms([.common, .allWarrants])), warrantClause: InstrumentEventTests.ratchetWithScaling,
            events: [Hand.raise], cascade: mode)
    }

    static let modes: [(CascadeMode, String, Int)] = [
        // Snapshot: (1,050,000 + 100,000) / (1,050,000 + 200,000) = 0.92.
        (.simultaneous, "0.92", 0),
        // Warrants first (150,000 shares): 1,250,000 / 1,350,000 = 0.925925…
        (.sequential(["w", "series-a"]), "0.925925925926", 0),
        // Declared order (series-a first) is the snapshot result.
        (.sequential([]), "0.92", 0),
        // Round 1: 100,000 extra warrant shares at $0.50 ($50,000); A = 1,200,000 + 150,000;
        // (0.92 × 1,350,000 + 50,000) / 1,450,000 = 0.891034482758620…
        (.fixedPoint(maxIterations: 10), "0.891034482759", 1),
    ]

    @Test("Each cascade mode, on a case where they differ", arguments: modes)
    func mode(mode: CascadeMode, expected: String, rounds: Int) throws {
        let timeline = try Engine(Self.scenario(mode)).run()
        #expect(timeline.final.instrument("series-a")?.price == Price(expected))
        #expect(timeline.final.instrument("w")?.shares == Shares(150_000))
        #expect(timeline.steps[0].feedbackRounds == rounds)
    }

    @Test func fixedPointThatCannotSettleIsAnError() throws {
        #expect {
            try Engine(Self.scenario(.fixedPoint(maxIterations: 0))).run()
        } throws: { error in
            (error as? EngineError)?.message
                == "The fixed-point cascade of event 'raise' did not converge after 0 rounds; still moving: series-a, w."
        }
    }
}

@Suite("Exercise terms")
struct ExerciseTermTests {
    static func exercise(_ terms: Exercise) -> Scenario {
        Hand.scenario(seriesA: .none, events: [Event(id: "x", date: Fixtures.date("2021-01-01"), action: .exercise(terms))])
    }

    static let cases: [(Exercise, Int, Int)] = [
        // A fraction of 50,000 warrants, rounded down: 0.33333 × 50,000 = 16,666.5 → 16,666.
        (Exercise(instrument: "w", quantity: .fraction(Ratio("0.33333"))), 1_016_666, 33_334),
        // In the money ($2.00 > $1.50): exercised in full.
        (Exercise(instrument: "w", sharePrice: Price("2.00")), 1_050_000, 0),
        // At the money: not exercised, nothing lapses.
        (Exercise(instrument: "w", sharePrice: Price("1.50")), 1_000_000, 50_000),
        // Out of the money with `otherwise: expire`: the tranche lapses.
        (Exercise(instrument: "w", sharePrice: Price("1.00"), otherwiseExpire: true), 1_000_000, 0),
    ]

    @Test("Fractions and share-price conditions", arguments: cases)
    func terms(terms: Exercise, common: Int, remaining: Int) throws {
        let table = try Engine(Self.exercise(terms)).finalTable()
        #expect(table.common == Shares(common))
        #expect(table.instrument("w")?.shares == Shares(remaining))
    }
}
