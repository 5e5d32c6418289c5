import DilutionExact
import Testing

/// A value, a step, and the value rounded to that step in each direction.
struct StepCase: Sendable, CustomTestStringConvertible {
    var value: String
    var step: String
    var nearest: String
    var down: String
    var up: String
    var testDescription: String { "\(value) to \(step)" }
}

@Suite("Rounding rules")
struct RoundingRuleTests {
    @Test(
        "rounds to a step in every direction",
        arguments: [
            // Step 0.01.
            StepCase(value: "1.23", step: "0.01", nearest: "1.23", down: "1.23", up: "1.23"),
            StepCase(value: "1.234", step: "0.01", nearest: "1.23", down: "1.23", up: "1.24"),
            StepCase(value: "1.235", step: "0.01", nearest: "1.24", down: "1.23", up: "1.24"),
            StepCase(value: "1.2349999", step: "0.01", nearest: "1.23", down: "1.23", up: "1.24"),
            StepCase(value: "4.505", step: "0.01", nearest: "4.51", down: "4.50", up: "4.51"),
            StepCase(value: "-1.234", step: "0.01", nearest: "-1.23", down: "-1.24", up: "-1.23"),
            StepCase(value: "-1.235", step: "0.01", nearest: "-1.24", down: "-1.24", up: "-1.23"),
            StepCase(value: "0.004", step: "0.01", nearest: "0", down: "0", up: "0.01"),
            // Step 0.05.
            StepCase(value: "1.224", step: "0.05", nearest: "1.20", down: "1.20", up: "1.25"),
            StepCase(value: "1.225", step: "0.05", nearest: "1.25", down: "1.20", up: "1.25"),
            StepCase(value: "1.26", step: "0.05", nearest: "1.25", down: "1.25", up: "1.30"),
            StepCase(value: "1.30", step: "0.05", nearest: "1.30", down: "1.30", up: "1.30"),
            StepCase(value: "0.025", step: "0.05", nearest: "0.05", down: "0", up: "0.05"),
            StepCase(value: "-1.225", step: "0.05", nearest: "-1.25", down: "-1.25", up: "-1.20"),
            StepCase(value: "-1.26", step: "0.05", nearest: "-1.25", down: "-1.30", up: "-1.25"),
            // Step 1.
            StepCase(value: "7", step: "1", nearest: "7", down: "7", up: "7"),
            StepCase(value: "2.5", step: "1", nearest: "3", down: "2", up: "3"),
            StepCase(value: "2.4999", step: "1", nearest: "2", down: "2", up: "3"),
            StepCase(value: "135309.86", step: "1", nearest: "135310", down: "135309", up: "135310"),
            StepCase(value: "-2.5", step: "1", nearest: "-3", down: "-3", up: "-2"),
            StepCase(value: "-0.1", step: "1", nearest: "0", down: "-1", up: "0"),
        ])
    func roundsToStep(_ testCase: StepCase) throws {
        let value = Price(testCase.value)
        #expect(try value.rounded(RoundingRule.to(testCase.step, .nearest)) == Price(testCase.nearest))
        #expect(try value.rounded(RoundingRule.to(testCase.step, .down)) == Price(testCase.down))
        #expect(try value.rounded(RoundingRule.to(testCase.step, .up)) == Price(testCase.up))
        // The default direction is nearest, and money rounds the same way as prices.
        #expect(try value.rounded(RoundingRule.to(testCase.step)) == Price(testCase.nearest))
        #expect(try Money(testCase.value).rounded(RoundingRule.to(testCase.step, .down)) == Money(testCase.down))
    }

    @Test("exact leaves a value alone")
    func exact() throws {
        #expect(try Price("1.234567890123").rounded(.exact) == Price("1.234567890123"))
        #expect(RoundingRule.exact.step == nil)
        #expect(RoundingRule.exact.description == "exact")
        #expect(RoundingRule.to("0.01").description == "nearest 0.01")
        #expect(RoundingRule.to("1", .down).description == "down 1")
    }

    @Test("a quotient is rounded once, straight to the step")
    func quotientRoundedOnce() throws {
        // The Vsource notice: $14.20 × 2,554,251 / 8,035,341 = $4.5138…
        let cp1 = Price("14.20")
        let n = Shares(2_554_251)
        let d = Shares(8_035_341)
        #expect(try Exact.scale(cp1, by: n, over: d, rounding: .to("0.01")) == Price("4.51"))
        #expect(try Exact.scale(cp1, by: n, over: d, rounding: .to("0.01", .up)) == Price("4.52"))
        #expect(try Exact.scale(cp1, by: n, over: d, rounding: .to("0.01", .down)) == Price("4.51"))
        #expect(try Exact.scale(cp1, by: n, over: d, rounding: .to("0.05")) == Price("4.50"))
        // 0.0049999999999996 would become 0.005000000000 at the resolution and then 0.01; rounded
        // once it is 0.00.
        let tiny = try Exact.scale(
            Price(1), by: Shares(units: 49_999_999_999_996), over: Shares(units: 10_000_000_000_000_000),
            rounding: .to("0.01"))
        #expect(tiny == Price(0))
        let atResolution = try Exact.scale(
            Price(1), by: Shares(units: 49_999_999_999_996), over: Shares(units: 10_000_000_000_000_000),
            rounding: .exact)
        #expect(atResolution == Price("0.005"))
    }

    @Test("shares a sum buys, rounded by a share step")
    func sharesBuyable() throws {
        // $1,921,400 at $14.20 buys 135,309.859154… shares.
        let money = Money(1_921_400)
        let price = Price("14.20")
        #expect(try Exact.shares(buyableWith: money, at: price, rounding: .to("1")) == Shares(135_310))
        #expect(try Exact.shares(buyableWith: money, at: price, rounding: .to("1", .down)) == Shares(135_309))
        #expect(try Exact.shares(buyableWith: money, at: price, rounding: .to("100", .down)) == Shares(135_300))
        #expect(try Exact.shares(buyableWith: money, at: price, rounding: .exact) == Shares("135309.859155"))
    }
}
