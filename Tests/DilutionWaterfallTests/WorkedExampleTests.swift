import DilutionExact
import DilutionModel
import DilutionScenario
import DilutionWaterfall
import Testing

/// `../shared/worked-examples.md` §2 c, through the scenario format and the engine.
@Suite("Worked examples")
struct WorkedExampleTests {
    // 8,000,000 common; Series A 2,000,000 at $2.00 with a narrow-based weighted average; Series B
    // 4,000,000 at $1.00 for $4,000,000. A = 10,000,000, CP2 = 2 × 12/14 = 12/7 (1.714285714286 at the
    // engine's 10⁻¹²), rate 7/6, Series A as converted 2,333,333.333333. Liquidation terms (hypothetical;
    // the example gives none): 1× non-participating, B senior.
    static let scenario = """
        version: 1
        name: worked example 2 c
        capitalization:
          common: 8000000
          preferred:
            - id: series-a
              shares: 2000000
              original-issue-price: 2.00
              conversion-price: 2.00
              clause: {type: weighted-average, base: narrow}
              liquidation: {preference: 1x, seniority: 2}
        events:
          - id: series-b
            type: financing
            date: 2024-06-01
            cash: 4000000
            preferred:
              - id: series-b
                shares: 4000000
                original-issue-price: 1.00
                conversion-price: 1.00
                clause: {type: none}
                liquidation: {preference: 1x, seniority: 1}

        """

    // At $43,000,000 the fully diluted count is 14,333,333.333333 (43M / 3 to the share's 10⁻⁶), $3 a
    // share: founders $24M, Series A $7M, Series B $12M, both converting (7M > 4M, 12M > 4M).
    // Exactly: p = 43,000,000 / 14,333,333.333333 = 3.00000000000007; the common's $24,000,000.0000001
    // and B's $12,000,000.00000005 round down to whole dollars; A's 6,999,999.9999998 rounds down to
    // 6,999,999.99 and takes the one cent left (the largest remainder).
    @Test func chainAt43Million() throws {
        let loaded = try ScenarioLoader.load(text: Self.scenario, file: "2c.yaml")
        let table = try Engine(loaded.scenario).finalTable()
        #expect(try table.instrument("series-a")?.commonAsConverted() == Shares("2333333.333333"))
        let result = try Waterfall(table).distribute(ExitTerms(value: Money(43_000_000)))
        #expect(result.payout("common")?.proceeds == Money(24_000_000))
        #expect(result.payout("series-a")?.proceeds == Money(7_000_000))
        #expect(result.payout("series-b")?.proceeds == Money(12_000_000))
        #expect(result.payout("series-a")?.election == .converts)
        #expect(result.payout("series-b")?.election == .converts)
        #expect(result.payout("series-a")?.receivedRoundingCent == true)
        #expect(result.pricePerCommonShare?.formatted(places: 2) == "3.00")
        // Multiples on the money invested: A 7M / 4M = 1.75, B 12M / 4M = 3.
        #expect(result.payout("series-a")?.multiple == Ratio("1.75"))
        #expect(result.payout("series-b")?.multiple == Ratio(3))
    }
}
