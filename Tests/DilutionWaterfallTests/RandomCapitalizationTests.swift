import DilutionExact
import DilutionModel
import DilutionWaterfall
import Testing

/// The properties of issue 10 over 120 capitalizations drawn from a fixed-seed generator (so a
/// failure names a case that can be rerun): totals equal the net proceeds to the cent, elections are
/// equilibria, the listing order does not matter, and each class's payout does not decrease as the
/// exit value grows.
@Suite("Waterfall properties over random capitalizations")
struct RandomCapitalizationTests {
    /// A 64-bit linear congruential generator (Knuth's MMIX constants): reproducible everywhere.
    struct Generator {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        mutating func pick<T>(_ items: [T]) -> T { items[next(items.count)] }
    }

    static func capitalization(seed: UInt64) -> (CapTable, Money) {
        var g = Generator(state: seed)
        var instruments: [Instrument] = []
        var preferences = Money.zero
        for k in 0..<(1 + g.next(5)) {
            let issue = g.pick(["0.5", "1", "1.25", "2", "3.1"])
            let factor = g.pick(["0.5", "0.8", "1"])
            let shares = (1 + g.next(50)) * 100_000
            let multiple = g.pick(["0", "1", "1", "1.5", "2"])
            let participation: LiquidationTerms.Participation = g.pick([
                .none, .none, .full, .capped(multiple: Ratio(2)), .capped(multiple: Ratio(3)),
            ])
            let cappedBelow: Bool = {
                if case .capped(let cap) = participation { return cap < Ratio(multiple) }
                return false
            }()
            let terms = LiquidationTerms(
                multiple: Ratio(multiple),
                participation: cappedBelow ? .full : participation,
                seniority: 1 + g.next(3)
            )
            let price =
                (try? Exact.price(
                    Price(issue),
                    times: Ratio(factor).units,
                    over: Ratio.one.units
                )) ?? Price(issue)
            instruments.append(
                Instrument(
                    id: "p\(k)",
                    kind: .preferred(statedValue: Money(issue)),
                    shares: Shares(shares),
                    price: price,
                    liquidation: g.next(6) == 0 ? nil : terms
                )
            )
            preferences = (try? preferences + Money(shares * 3)) ?? preferences
        }
        for k in 0..<g.next(3) {
            instruments.append(
                Instrument(
                    id: "o\(k)",
                    kind: g.next(2) == 0 ? .option : .warrant,
                    shares: Shares((1 + g.next(20)) * 50_000),
                    price: Price(g.pick(["0.10", "0.50", "1.00", "2.50"]))
                )
            )
        }
        let table = CapTable(common: Shares(g.next(40) * 250_000), pool: Shares(100_000), instruments: instruments)
        return (table, preferences)
    }

    /// The same capitalization with one to three SAFEs or notes outstanding (drawn after it, so the
    /// rest is that of `capitalization(seed:)`): post-money and pre-money SAFEs and notes, with or
    /// without a cap and a discount.
    static func withConvertibles(seed: UInt64) -> (CapTable, Money) {
        var (table, scale) = capitalization(seed: seed)
        var g = Generator(state: seed ^ 0x5AFE)
        for k in 0..<(1 + g.next(3)) {
            let amount = (1 + g.next(20)) * 50_000
            let form: ConvertibleTerms.Form = g.pick([.postMoneySafe, .postMoneySafe, .preMoneySafe, .note])
            // A post-money cap at least 8 times the amount, so the SAFEs never own all of the capitalization.
            let cap: Money? = g.next(4) == 0 ? nil : Money(amount * (8 + g.next(40)))
            let discount: Ratio? = g.next(2) == 0 ? nil : Ratio(g.pick(["0.1", "0.2", "0.25"]))
            let terms = ConvertibleTerms(form: form, amount: Money(amount), cap: cap, discount: discount)
            table.instruments.append(Instrument(id: "s\(k)", kind: .convertible(terms), shares: .zero))
            scale = (try? scale + Money(amount * 3)) ?? scale
        }
        return (table, scale)
    }

    @Test(arguments: 0..<120)
    func properties(seed: Int) throws {
        let (table, scale) = Self.capitalization(seed: UInt64(seed))
        try Self.check(table, scale: scale, seed: seed)
    }

    @Test(arguments: 0..<120)
    func propertiesWithConvertibles(seed: Int) throws {
        let (table, scale) = Self.withConvertibles(seed: UInt64(seed))
        try Self.check(table, scale: scale, seed: seed)
    }

    static func check(_ table: CapTable, scale: Money, seed: Int) throws {
        let waterfall = try Waterfall(table)
        var reversed = table
        reversed.instruments.reverse()
        let backward = try Waterfall(reversed)
        var previous: [String: Money] = [:]
        for step in 0...40 {
            // Exit values up to about three times the money invested, with odd cents.
            let value = Money(
                units: scale.units * Int128(step) / 40 / 1_000_000 * 1_000_000 + Int128(step % 3) * 1_000_000
            )
            let terms = ExitTerms(value: value)
            let result = try waterfall.distribute(terms)
            var sum = Money.zero
            for payout in result.payouts { sum = try sum + payout.proceeds }
            #expect(sum == value, "seed \(seed): totals at \(value)")
            for payout in result.payouts {
                if let alternative = payout.alternative {
                    #expect(
                        payout.election == .converts ? payout.exact > alternative : payout.exact >= alternative,
                        "seed \(seed): \(payout.holder.id) is not at its best response at \(value)"
                    )
                }
                if let before = previous[payout.holder.id] {
                    #expect(payout.proceeds >= before, "seed \(seed): \(payout.holder.id) falls at \(value)")
                }
                previous[payout.holder.id] = payout.proceeds
            }
            #expect(result == (try backward.distribute(terms)), "seed \(seed): order matters at \(value)")
        }
    }
}
