import DilutionExact
import Testing

/// A weighted-average adjustment whose B (consideration ÷ CP1) is a whole number of share units.
struct WeightedAverageCase: Sendable, CustomTestStringConvertible {
    var price: String
    var base: String
    var consideration: String
    var additional: String
    var expected: String
    var testDescription: String { "$\(price) × (\(base) + \(consideration)/\(price)) / (\(base) + \(additional))" }
}

@Suite("Exact operations")
struct ExactTests {
    @Test(
        "the one-step weighted average equals CP1 × (A + B) / (A + C) when B is exact",
        arguments: [
            WeightedAverageCase(
                price: "2.00", base: "1000000", consideration: "1000000", additional: "1000000", expected: "1.5"),
            WeightedAverageCase(
                price: "14.20", base: "2418941", consideration: "1420000", additional: "5616400",
                expected: "4.451455414276"),
            WeightedAverageCase(
                price: "0.3125", base: "10000000", consideration: "3125", additional: "50000",
                expected: "0.311256218905"),
            WeightedAverageCase(
                price: "1.25", base: "8000000", consideration: "999999.99", additional: "3000000",
                expected: "0.999999999091"),
            WeightedAverageCase(
                price: "0.00000001", base: "100000000000", consideration: "1000", additional: "100000000000",
                expected: "0.000000010000"),
        ])
    func weightedAverageMatchesTwoSteps(_ testCase: WeightedAverageCase) throws {
        let cp1 = Price(testCase.price)
        let a = Shares(testCase.base)
        let consideration = Money(testCase.consideration)
        let c = Shares(testCase.additional)
        let b = try Exact.shares(buyableWith: consideration, at: cp1, rounding: .exact)
        // B is exact: it buys the consideration back to the last unit.
        try #require(try Exact.value(of: b, at: cp1) == consideration)
        let denominator = try a + c
        for rule in [RoundingRule.exact, .to("0.01"), .to("0.0001", .down), .to("0.05", .up)] {
            let oneStep = try Exact.weightedAverage(
                price: cp1, base: a, consideration: consideration, over: denominator, rounding: rule)
            let twoSteps = try Exact.scale(cp1, by: try a + b, over: denominator, rounding: rule)
            #expect(oneStep == twoSteps, "\(rule)")
        }
        let exact = try Exact.weightedAverage(
            price: cp1, base: a, consideration: consideration, over: denominator, rounding: .exact)
        #expect(exact == Price(testCase.expected))
    }

    @Test("the Vsource adjustment: $4.51 and 1.42 common per Series 2-A share")
    func vsource() throws {
        let cp1 = Price("14.20")
        let a = Shares(2_101_345 + 317_596)
        let consideration = try Money(1_478_000) + Money(443_400)
        #expect(consideration == Money(1_921_400))
        let b = try Exact.shares(buyableWith: consideration, at: cp1, rounding: .to("1"))
        #expect(b == Shares(135_310))
        let c = try Exact.asConverted(Shares(1478), statedValue: Money(1000), price: Price("0.3125")) + Shares(886_800)
        #expect(c == Shares(5_616_400))
        let cp2 = try Exact.scale(cp1, by: try a + b, over: try a + c, rounding: .to("0.01"))
        #expect(cp2 == Price("4.51"))
        #expect(try Exact.rate(Money("6.40"), per: cp2, rounding: .to("0.01")) == Ratio("1.42"))
    }

    @Test("overflow is an error naming the computation, never a trap")
    func overflowIsAnError() {
        #expect(throws: ArithmeticError.overflow("a sum of Shares values")) {
            _ = try Shares(units: Int128.max / 2) + Shares(units: Int128.max / 2 + 10)
        }
        #expect(throws: ArithmeticError.overflow("a difference of Money values")) {
            _ = try Money(units: Int128.min + 5) - Money(units: 10)
        }
        #expect(throws: ArithmeticError.overflow("a multiple of Price")) {
            _ = try Price(units: Int128.max / 3).times(4)
        }
        let hugeShares = Shares(units: 1_000_000_000_000_000_000_000_000_000_000)  // 10^24 shares
        let hugePrice = Price(units: 100_000_000_000_000_000_000)  // $10^8
        #expect(
            throws: ArithmeticError.overflow("the value of 1000000000000000000000000 shares at $100000000")
        ) {
            _ = try Exact.value(of: hugeShares, at: hugePrice)
        }
        #expect(throws: ArithmeticError.self) {
            _ = try Exact.weightedAverage(
                price: hugePrice, base: hugeShares, consideration: Money(1), over: hugeShares, rounding: .exact)
        }
        #expect(throws: ArithmeticError.self) {
            _ = try Exact.asConverted(hugeShares, statedValue: Money(1_000_000), price: Price(1))
        }
        #expect(throws: ArithmeticError.self) {
            _ = try Exact.shares(buyableWith: Money(units: Int128.max / 1000), at: Price(1), rounding: .exact)
        }
        #expect(throws: ArithmeticError.self) {
            _ = try Exact.rate(Money(units: Int128.max / 1000), per: Price(1))
        }
    }

    @Test("the message of an overflow")
    func overflowMessage() {
        #expect(
            ArithmeticError.overflow("a sum of Shares values").description
                == "Arithmetic overflow while computing a sum of Shares values: the numbers exceed what the engine "
                + "can represent exactly.")
        #expect(
            ArithmeticError.divisionByZero("the price of $1 per 0 shares").description
                == "Division by zero while computing the price of $1 per 0 shares.")
    }

    @Test("division by zero is an error")
    func divisionByZero() {
        #expect(throws: ArithmeticError.self) {
            _ = try Exact.price(of: Money(1), per: Shares.zero)
        }
        #expect(throws: ArithmeticError.self) {
            _ = try Exact.shares(buyableWith: Money(1), at: Price.zero, rounding: .exact)
        }
    }

    @Test("realistic extremes do not overflow: 10^11 shares, $10^12, a price of $0.00000001")
    func realisticExtremes() throws {
        let shares = Shares(100_000_000_000)
        let money = Money(1_000_000_000_000)
        let tinyPrice = Price("0.00000001")
        let bigPrice = Price(1_000_000)

        // $10^12 at $0.00000001 buys 10^20 shares, in every rounding.
        for rule in [RoundingRule.exact, .to("1", .down), .to("1", .up), .to("100")] {
            #expect(
                try Exact.shares(buyableWith: money, at: tinyPrice, rounding: rule)
                    == Shares(units: 100_000_000_000_000_000_000_000_000))
        }
        #expect(try Exact.shares(buyableWith: money, at: bigPrice, rounding: .to("1")) == Shares(1_000_000))

        // A = 10^11, consideration $10^12 at CP1 = $0.00000001 (B = 10^20), C = 10^20: CP1 × (A + B) / (A + C) = CP1.
        let c = Shares(units: 100_000_000_000_000_000_000_000_000)
        let atTiny = try Exact.weightedAverage(
            price: tinyPrice, base: shares, consideration: money, over: try shares + c, rounding: .exact)
        #expect(atTiny == tinyPrice)
        // A = 10^11 at $10^6 with $10^12 for 10^11 more shares: (10^17 + 10^12) / (2 × 10^11) = $500,005.
        let atBig = try Exact.weightedAverage(
            price: bigPrice, base: shares, consideration: money, over: try shares + shares, rounding: .to("0.01"))
        #expect(atBig == Price(500_005))

        // 10^11 preferred shares, stated value $1,000 (and $1,000,000), converting at $0.00000001.
        #expect(
            try Exact.asConverted(shares, statedValue: Money(1000), price: tinyPrice)
                == Shares(units: 10_000_000_000_000_000_000_000_000_000))
        #expect(
            try Exact.asConverted(shares, statedValue: Money(1_000_000), price: tinyPrice, .to("1", .down))
                == Shares(units: 10_000_000_000_000_000_000_000_000_000_000))
        #expect(try Exact.asConverted(shares, statedValue: Money(1000), price: bigPrice) == Shares(100_000_000))

        // Values, prices per share and rates at the same extremes.
        #expect(try Exact.value(of: shares, at: bigPrice) == Money(units: 10_000_000_000_000_000_000_000_000))
        #expect(try Exact.value(of: shares, at: tinyPrice) == Money(1000))
        #expect(try Exact.price(of: money, per: shares) == Price(10))
        #expect(try Exact.rate(Money(1_000_000), per: tinyPrice) == Ratio(units: 100_000_000_000_000_000_000_000_000))
        #expect(try Exact.scale(tinyPrice, by: shares, over: Shares(1), rounding: .exact) == Price(1000))
    }
}

@Test func aRateAtAZeroPriceIsAZeroPriceError() {
    #expect(throws: ArithmeticError.zeroPrice(stated: "6.4")) {
        try Exact.rate(Money("6.40"), per: Price(units: 0), rounding: .to("0.01"))
    }
    #expect(ArithmeticError.zeroPrice(stated: "6.4").description.hasPrefix("The conversion price was adjusted or rounded"))
}
