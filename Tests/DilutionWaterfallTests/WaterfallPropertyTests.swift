import DilutionExact
import DilutionModel
import DilutionWaterfall
import Testing

/// Properties over a grid of exit values and a mixed capitalization.
@Suite("Waterfall properties")
struct WaterfallPropertyTests {
    /// Four electing series (stacked and pari passu, participating, capped), one series without
    /// terms, warrants and options at two strikes.
    static let instruments: [Instrument] = [
        Instrument(
            id: "seed",
            kind: .preferred(statedValue: Money("0.50")),
            shares: Shares(2_000_000),
            price: Price("0.50"),
            liquidation: LiquidationTerms(seniority: 3)
        ),
        Instrument(
            id: "series-a",
            kind: .preferred(statedValue: Money("1.25")),
            shares: Shares(3_000_000),
            price: Price("1.10"),
            liquidation: LiquidationTerms(participation: .capped(multiple: Ratio(3)), seniority: 2)
        ),
        Instrument(
            id: "series-b",
            kind: .preferred(statedValue: Money("2.00")),
            shares: Shares(2_500_000),
            price: Price("2.00"),
            liquidation: LiquidationTerms(multiple: Ratio("1.5"), seniority: 1)
        ),
        Instrument(
            id: "series-b2",
            kind: .preferred(statedValue: Money("2.00")),
            shares: Shares(500_000),
            price: Price("1.60"),
            liquidation: LiquidationTerms(participation: .full, seniority: 1)
        ),
        Instrument(
            id: "friends",
            kind: .preferred(statedValue: Money("1")),
            shares: Shares(100_000),
            price: Price("1")
        ),
        Instrument(id: "warrants", kind: .warrant, shares: Shares(400_000), price: Price("0.75")),
        Instrument(id: "options", kind: .option, shares: Shares(900_000), price: Price("1.40")),
    ]

    static let values: [Money] = (0...60).map {
        Money(units: Int128($0) * 750_000 * 100_000_000 + Int128($0 % 7) * 1_000_000)
    }

    static func waterfall(_ instruments: [Instrument] = instruments) throws -> Waterfall {
        try Waterfall(CapTable(common: Shares(6_000_000), pool: Shares(300_000), instruments: instruments))
    }

    @Test func totalsEqualNetProceedsToTheCent() throws {
        let waterfall = try Self.waterfall()
        for value in Self.values {
            let result = try waterfall.distribute(
                ExitTerms(value: value, debt: .zero, costs: .zero, carveOut: Ratio("0.03"))
            )
            var sum = Money.zero
            for payout in result.payouts {
                sum = try sum + payout.proceeds
                #expect(payout.proceeds.units % 1_000_000 == 0)
            }
            #expect(sum == result.netProceeds)
            #expect(try sum + result.carveOut == value)
        }
    }

    @Test func electionsAreEquilibria() throws {
        let waterfall = try Self.waterfall()
        for value in Self.values {
            let result = try waterfall.distribute(ExitTerms(value: value))
            for payout in result.payouts {
                guard let alternative = payout.alternative else { continue }
                if payout.election == .converts {
                    #expect(payout.exact > alternative, "\(payout.holder.id) converts at \(value) for no gain")
                } else {
                    #expect(payout.exact >= alternative, "\(payout.holder.id) would gain by converting at \(value)")
                }
            }
        }
    }

    @Test func theOrderOfListingDoesNotMatter() throws {
        let forward = try Self.waterfall()
        let backward = try Self.waterfall(Array(Self.instruments.reversed()))
        let rotated = try Self.waterfall(Array(Self.instruments[3...] + Self.instruments[..<3]))
        for value in Self.values {
            let a = try forward.distribute(ExitTerms(value: value))
            #expect(a == (try backward.distribute(ExitTerms(value: value))))
            #expect(a == (try rotated.distribute(ExitTerms(value: value))))
        }
    }

    @Test func bestResponsesReachTheSameEquilibriumHere() throws {
        var iterated = try Self.waterfall()
        iterated.enumerationLimit = 0
        let enumerated = try Self.waterfall()
        for value in Self.values {
            let a = try enumerated.distribute(ExitTerms(value: value))
            let b = try iterated.distribute(ExitTerms(value: value))
            #expect(a.payouts.map(\.proceeds) == b.payouts.map(\.proceeds), "at \(value)")
            guard case .bestResponse = b.method else {
                Issue.record("not solved by best responses")
                continue
            }
            // Whatever equilibrium the iteration reaches, it is one: nobody gains by switching.
            for payout in b.payouts {
                guard let alternative = payout.alternative else { continue }
                #expect(payout.election == .converts ? payout.exact > alternative : payout.exact >= alternative)
            }
        }
    }

    @Test func payoutsAreNonDecreasingInTheExitValue() throws {
        let waterfall = try Self.waterfall()
        var previous: [String: Money] = [:]
        for value in Self.values {
            let result = try waterfall.distribute(ExitTerms(value: value))
            for payout in result.payouts {
                if let before = previous[payout.holder.id] {
                    #expect(payout.proceeds >= before, "\(payout.holder.id) at \(value)")
                }
                previous[payout.holder.id] = payout.proceeds
            }
        }
    }
}
