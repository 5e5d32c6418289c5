import DilutionExact
import DilutionModel
import DilutionScenario
import DilutionWaterfall
import Testing

@Suite("Return targets")
struct ReturnTargetTests {
    // Series A ($1M invested, 1× non-participating, 1:1) on 1,000,000 common: 3× = $3M needs half the
    // exit to reach $3M, so $6M; 1× is reached at $1M (its preference); with $500,000 of debt, each
    // moves up by $500,000.
    @Test func nonParticipatingSeries() throws {
        let waterfall = try WaterfallTests.waterfall([WaterfallTests.series("series-a")])
        let limit = Money(1_000_000_000)
        let three = try waterfall.target("series-a", multiple: Ratio(3), terms: ExitTerms(value: .zero), upTo: limit)
        #expect(three.proceeds == Money(3_000_000))
        #expect(three.exitValue == Money(6_000_000))
        let one = try waterfall.target("series-a", multiple: .one, terms: ExitTerms(value: .zero), upTo: limit)
        #expect(one.exitValue == Money(1_000_000))
        let debt = try waterfall.target(
            "series-a",
            multiple: Ratio(3),
            terms: ExitTerms(value: .zero, debt: Money(500_000)),
            upTo: limit
        )
        #expect(debt.exitValue == Money(6_500_000))
        let far = try waterfall.target(
            "series-a",
            multiple: Ratio(3),
            terms: ExitTerms(value: .zero),
            upTo: Money(5_000_000)
        )
        #expect(far.exitValue == nil)
    }

    // Worked example 2 c: Series A reaches 3× ($12M) when 2,333,333.333333 / 14,333,333.333333 of the exit
    // is $12M: $73,714,285.714…, so $73,714,285.72 to the cent ($73,714,285.71 gives $11,999,999.9989).
    @Test func theChain() throws {
        let loaded = try DilutionScenario.ScenarioLoader.load(text: WorkedExampleTests.scenario, file: "2c.yaml")
        let waterfall = try Waterfall(try Engine(loaded.scenario).finalTable())
        let target = try waterfall.target(
            "series-a",
            multiple: Ratio(3),
            terms: ExitTerms(value: .zero),
            upTo: Money(1_000_000_000)
        )
        #expect(target.exitValue == Money("73714285.72"))
    }

    @Test func targetsNeedAPreferredSeries() throws {
        let waterfall = try WaterfallTests.waterfall([WaterfallTests.series("series-a")])
        #expect(throws: WaterfallError.noInvestment("common")) {
            try waterfall.target("common", multiple: Ratio(2), terms: ExitTerms(value: .zero), upTo: Money(1))
        }
        #expect(throws: WaterfallError.unknownClass("series-z", ["series-a", "common"])) {
            try waterfall.target("series-z", multiple: Ratio(2), terms: ExitTerms(value: .zero), upTo: Money(1))
        }
    }
}
