import DilutionExact
import DilutionModel
import PropertyBased
import Testing

/// Random cap tables and issuances: three preferred series, options and warrants, one issuance
/// of common below every price.
struct Case: Sendable, CustomStringConvertible {
    var common: Int
    var preferredShares: [Int]
    var priceCents: [Int]
    var options: Int
    var warrants: Int
    var issued: Int
    var issueMilliCents: Int

    var description: String {
        "common \(common), preferred \(preferredShares) at \(priceCents)¢, options \(options), warrants \(warrants), "
            + "issue \(issued) at \(issueMilliCents)/1000¢"
    }

    func scenario(clauses: [Clause], order: [Int] = [0, 1, 2], cascade: CascadeMode = .simultaneous) -> Scenario {
        var series: [Instrument] = []
        for i in 0..<3 {
            series.append(
                Instrument(
                    id: "s\(i)", kind: .preferred(statedValue: Money(units: Int128(priceCents[i]) * 1_000_000)),
                    shares: Shares(preferredShares[i]), price: Price(units: Int128(priceCents[i]) * 10_000_000_000),
                    clause: clauses[i]))
        }
        let others = [
            Instrument(id: "options", kind: .option, shares: Shares(options), price: Price("0.01")),
            Instrument(id: "warrants", kind: .warrant, shares: Shares(warrants), price: Price("0.05")),
        ]
        let cash = Money(units: Int128(issued) * Int128(issueMilliCents) * 1000)
        let event = Event(
            id: "raise", date: CalendarDate(year: 2024, month: 1, day: 1)!,
            action: .issue(Issuance(cash: cash, common: Shares(issued))))
        return Scenario(
            name: "property", common: Shares(common), instruments: order.map { series[$0] } + others, events: [event],
            cascade: cascade)
    }

    /// The effective price of the issuance.
    var issuePrice: Price { Price(units: Int128(issueMilliCents) * 10_000_000) }
}

let issueGenerator = zip(Gen.int(in: 1...50_000_000), Gen.int(in: 0...99_000))
let caseGenerator = zip(
    Gen.int(in: 1...50_000_000), Gen.int(in: 1...5_000_000).array(of: 3), Gen.int(in: 100...2_000).array(of: 3),
    Gen.int(in: 0...5_000_000).array(of: 2), issueGenerator
).map { (common: Int, preferred: [Int], cents: [Int], others: [Int], issue: (Int, Int)) -> Case in
    Case(
        common: common, preferredShares: preferred, priceCents: cents, options: others[0], warrants: others[1],
        issued: issue.0, issueMilliCents: issue.1)
}

func prices(_ scenario: Scenario) throws -> [String: Price] {
    let table = try Engine(scenario).finalTable()
    return Dictionary(uniqueKeysWithValues: table.instruments.compactMap { i in i.price.map { (i.id, $0) } })
}

/// Invariants hold for every input, so these run on fresh random cases each time; a failure
/// prints the case and the seed that reproduces it.
@Suite("Properties of the clauses")
struct PropertyTests {
    static func wa(_ base: BaseComposition) -> Clause { Clause(.weightedAverage(base)) }

    @Test func weightedAverageLiesBetweenTheIssuePriceAndTheOldPrice() async {
        await propertyCheck(input: caseGenerator) { c in
            let scenario = c.scenario(clauses: [Self.wa(.broad), Self.wa(.narrow), Self.wa(.terms([.common]))])
            let after = try prices(scenario)
            for i in 0..<3 {
                let old = Price(units: Int128(c.priceCents[i]) * 10_000_000_000)
                let new = after["s\(i)"]!
                #expect(new <= old, "never rises: \(c)")
                #expect(new >= c.issuePrice, "p ≤ CP2: \(c)")
            }
        }
    }

    @Test func narrowerBaseIsLowerAndFullRatchetLowest() async {
        await propertyCheck(input: caseGenerator) { c in
            // The same series under each clause, all three series given the same one.
            func price(_ clause: Clause) throws -> Price { try prices(c.scenario(clauses: [clause, clause, clause]))["s0"]! }
            let broad = try price(Self.wa(.broad))
            let narrow = try price(Self.wa(.narrow))
            let commonOnly = try price(Self.wa(.terms([.common])))
            let ratchet = try price(Clause(.fullRatchet))
            #expect(narrow <= broad, "\(c)")
            #expect(commonOnly <= narrow, "\(c)")
            #expect(ratchet <= commonOnly, "\(c)")
        }
    }

    @Test func simultaneousModeIgnoresTheOrderInstrumentsAreListed() async {
        await propertyCheck(input: caseGenerator) { c in
            let clauses = [Self.wa(.broad), Clause(.fullRatchet), Self.wa(.narrow)]
            let listed = try prices(c.scenario(clauses: clauses))
            let reversed = try prices(c.scenario(clauses: clauses, order: [2, 1, 0]))
            // `order` permutes the listing; ids stay attached to their clause and numbers.
            let permutedBack = try prices(c.scenario(clauses: clauses, order: [1, 0, 2]))
            #expect(listed == reversed, "\(c)")
            #expect(listed == permutedBack, "\(c)")
        }
    }

    @Test func noIssuancePriceEverRaisesAPrice() async {
        await propertyCheck(input: caseGenerator, Gen.int(in: 0...3)) { c, mode in
            let cascade: [CascadeMode] = [.simultaneous, .sequential(["s2", "s0"]), .fixedPoint(maxIterations: 20)]
            let clauses = [Self.wa(.broad), Clause(.fullRatchet), Self.wa(.narrow)]
            let after = try prices(c.scenario(clauses: clauses, cascade: cascade[mode % 3]))
            for i in 0..<3 {
                #expect(after["s\(i)"]! <= Price(units: Int128(c.priceCents[i]) * 10_000_000_000), "\(c)")
            }
        }
    }
}

/// The interpreter records a trace only when asked: with and without it, the same final state.
@Suite("Trace and no trace")
struct TraceTests {
    @Test func theTraceDoesNotChangeTheResult() async {
        let cascades: [CascadeMode] = [.simultaneous, .sequential(["s2", "s0"]), .fixedPoint(maxIterations: 10)]
        await propertyCheck(input: caseGenerator) { c in
            for cascade in cascades {
                var clause = Clause(.fullRatchet)
                clause.minimumChange = Price("0.05")
                let scenario = c.scenario(
                    clauses: [Clause(.weightedAverage(.broad)), clause, Clause(.weightedAverage(.narrow))],
                    cascade: cascade)
                let traced = try Engine(scenario).run()
                let (table, adjustments) = try Engine(scenario).apply()
                #expect(traced.final == table, "\(cascade): \(c)")
                #expect(traced.steps.reduce(0) { $0 + $1.adjustments.count } == adjustments, "\(cascade): \(c)")
            }
        }
    }

    /// Weighted averages rounded to steps (B to whole shares or left exact), with a floor, an at-or-below trigger,
    /// a rate to the hundredth and a clause that may move a price up: the clauses an untraced simultaneous cascade
    /// applies on its lean path (`Plan.leanAdjust`), against the traced interpreter, which never takes it.
    @Test func roundedClausesGiveTheSameResultWithoutTheTrace() async {
        await propertyCheck(input: caseGenerator) { c in
            var cents = Clause(.weightedAverage(.broad))
            cents.priceRounding = .to("0.01")
            cents.considerationSharesRounding = .to("1")
            cents.rateRounding = .to("0.01")
            var floored = Clause(.weightedAverage(.narrow))
            floored.priceRounding = .to("0.0001", .down)
            floored.floor = Price(units: Int128(c.priceCents[1]) * 7_000_000_000)
            floored.trigger = .atOrBelow
            var upward = Clause(.weightedAverage(.broad))
            upward.priceRounding = .to("0.001", .up)
            upward.neverUpward = false
            for cascade: CascadeMode in [.simultaneous, .sequential(["s1", "s0"])] {
                let scenario = c.scenario(clauses: [cents, floored, upward], cascade: cascade)
                let traced = try Engine(scenario).run()
                let (table, adjustments) = try Engine(scenario).apply()
                #expect(traced.final == table, "\(cascade): \(c)")
                #expect(traced.steps.reduce(0) { $0 + $1.adjustments.count } == adjustments, "\(cascade): \(c)")
            }
        }
    }
}

/// A sequential cascade moves each A by the change a clause made rather than summing it again
/// (`Plan.moveBases`): every adjustment's price must still be the formula on A as the table showed
/// it at that moment, which the trace sums afresh from its own copy of the table.
@Suite("Sequential bases")
struct SequentialBaseTests {
    @Test func everyClauseSeesTheBaseAsTheTableShowsIt() async {
        await propertyCheck(input: caseGenerator) { c in
            for order in [["s0", "s1", "s2"], ["s2", "s0", "s1"]] {
                var clause = Clause(.weightedAverage(.broad))
                clause.considerationSharesRounding = .to("1")
                clause.priceRounding = .to("0.0001")
                // The ratchet on s1 scales nothing but changes s1's common as converted, which s0's and s2's A count.
                let scenario = c.scenario(clauses: [clause, Clause(.fullRatchet), clause], cascade: .sequential(order))
                let traced = try Engine(scenario).run()
                var checked = 0
                for step in traced.steps {
                    for adjustment in step.adjustments where adjustment.instrumentID != "s1" {
                        let a = adjustment.baseTotal
                        let expected = try Exact.scale(
                            adjustment.formulaPrice, by: try a + adjustment.considerationShares,
                            over: try a + adjustment.additionalTotal, rounding: clause.priceRounding)
                        #expect(adjustment.computedPrice == expected, "\(adjustment.instrumentID), \(order): \(c)")
                        checked += 1
                    }
                }
                // The issue is below every price, so both weighted-average series adjust.
                #expect(checked == 2, "\(order): \(c)")
            }
        }
    }
}
