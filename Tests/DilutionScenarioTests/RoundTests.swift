import DilutionExact
import DilutionModel
import DilutionScenario
import Testing

/// Rounds priced from a valuation, the pool top-up, SAFEs and notes: the public worked examples of
/// ../shared/worked-examples.md and hand-derived cases.
@Suite("Rounds priced from a valuation")
struct RoundTests {
    static func run(_ text: String) throws -> Timeline {
        try ScenarioLoader.load(text: text, file: "test.yaml").run()
    }

    /// The post-round capitalization and the round's solution.
    static func round(_ text: String) throws -> (table: CapTable, solution: RoundSolution) {
        let timeline = try run(text)
        let step = try #require(timeline.steps.last(where: { $0.round != nil }))
        return (step.after, try #require(step.round))
    }

    static func safes(_ list: [(String, String)]) -> String {
        list.enumerated().map { "    - {id: safe-\($0.offset + 1), amount: \($0.element.0), cap: \($0.element.1)}" }
            .joined(separator: "\n")
    }

    // 1984vc/startup-finance, "Sanity check our baseline": shares and the price rounded as there
    // (shares to the nearest, the price up to 8 places).
    static let exampleA = """
        version: 1
        capitalization:
          common: 2000000
          safes:
            - {id: safe-1, amount: 2000000, cap: 10000000}
        events:
          - id: series-a
            type: financing
            date: 2025-01-01
            pre-money: 32000000
            round-price: {step: 0.00000001, direction: up}
            round-shares: {step: 1, direction: nearest}
            investors:
              - {name: Lead, amount: 8000000}
            preferred:
              - id: series-a

        """

    /// §1a with the SAFE held by a named angel, then a secondary: the round's investor and the SAFE's holder (who
    /// now hold Series A) sell to a new buyer. Series A converts 1:1 at $12.80.
    @Test("A transfer may name a round's investors and a SAFE's holder as sellers")
    func transferFromRoundHolders() throws {
        var text = Self.exampleA.replacingOccurrences(
            of: "{id: safe-1, amount: 2000000, cap: 10000000}",
            with: "{id: safe-1, amount: 2000000, cap: 10000000, holder: Sam Angel}")
        text += """
              - id: secondary
                type: transfer
                date: 2025-06-01
                class: series-a
                from: [{name: Lead, shares: 100000}, {name: Sam Angel, shares: 50000}]
                to: Buyer
                price: 13

            """
        let table = try #require(try Self.run(text).steps.last?.after)
        func position(_ name: String) throws -> HolderPosition { try #require(table.holders.first { $0.name == name }) }
        #expect(try position("Lead").asConverted == Shares(525_000))
        #expect(try position("Lead").cash == Money(1_300_000))
        #expect(try position("Sam Angel").asConverted == Shares(450_000))
        #expect(try position("Sam Angel").cash == Money(650_000))
        #expect(try position("Buyer").asConverted == Shares(150_000))
    }

    @Test("§1a: $32M pre-money, a $2M SAFE at a $10M cap, $8M of new money")
    func exampleOneA() throws {
        let (table, solution) = try Self.round(Self.exampleA)
        #expect(try table.fullyDiluted() == Shares(3_125_000))
        #expect(solution.price == Price("12.80"))
        #expect(try Exact.value(of: table.fullyDiluted(), at: solution.price) == Money(40_000_000))
        #expect(solution.conversions.map(\.shares) == [Shares(500_000)])
        #expect(solution.investors.map(\.shares) == [Shares(625_000)])
        #expect(table.cashRaised == Money(8_000_000))
        // The SAFE converted at its cap ($4.00) and is gone.
        #expect(solution.conversions.first?.price == Price(4))
        #expect(table.instrument("safe-1") == nil)
        // A post-money SAFE converting at its cap owns investment ÷ cap of the capitalization it divides.
        let capCount = try #require(solution.conversions.first?.capCount)
        #expect(try Exact.ratio(Shares(500_000), capCount) == Exact.ratio(Money(2_000_000), Money(10_000_000)))
    }

    static func exampleB(target: String) -> String {
        """
        version: 1
        capitalization:
          common: 9390728
          option-pool: 609272
          safes:
        \(Self.safes([
            ("125000", "1785714.28571429"), ("375000", "10000000"), ("475000", "10000000"), ("28500", "13000000"),
            ("2997500", "30000000"),
        ]))
        events:
          - id: series-a
            type: financing
            date: 2025-01-01
            post-money: 20700000
            option-pool: {target: \(target)}
            round-price: {step: 0.00001, direction: up}
            round-shares: {step: 1, direction: down}
            investors:
              - {name: Investor 1, amount: 3000000}
              - {name: Investor 2, amount: 1000000}
            preferred:
              - id: series-a

        """
    }

    // "matches our Google Sheet". The library prices on the total after the round, (pre-money +
    // new money) ÷ total, so the scenario gives the post-money $20,700,000 on the post-money count;
    // its first cap, 125,000 ÷ 0.07, is written to the resolution of money (10⁻⁸ dollar). With the
    // library's roundings (price up to 5 places, shares down) every stated figure is met exactly.
    @Test("§1b: five SAFEs, two investors, a 10 % post-money pool")
    func exampleOneB() throws {
        let (table, solution) = try Self.round(Self.exampleB(target: "10%"))
        let total = try table.fullyDiluted()
        #expect(total == Shares(21_040_767))
        #expect(table.pool == Shares(2_104_076))
        #expect(solution.topUp == Shares(1_494_804))
        #expect(try Exact.value(of: total, at: solution.price, .nearest).rounded(.to("1")) == Money(20_700_117))
        // Pre-money shares: common, the unused options and the top-up.
        #expect(try table.common + solution.poolBefore + solution.topUp == Shares(11_494_804))
        // Post-money shares: everything but the new money and the top-up.
        #expect(try total - solution.newMoneyShares - solution.topUp == Shares(15_480_138))
    }

    @Test("§1d: a pool target below the existing pool leaves the pool unchanged")
    func exampleOneD() throws {
        let (table, solution) = try Self.round(Self.exampleB(target: "1%"))
        #expect(solution.topUp == .zero)
        #expect(table.pool == Shares(609_272))
    }

    @Test("§1c: ten SAFEs at two caps and a 10 % pool")
    func exampleOneC() throws {
        let safes = Self.safes([
            ("50000", "10000000"), ("1000000", "10000000"), ("25000", "10000000"), ("175000", "10000000"),
            ("150000", "10000000"), ("50000", "10000000"), ("5000", "20000000"), ("50000", "20000000"),
            ("311147.80", "20000000"), ("250000", "20000000"),
        ])
        let text = """
            version: 1
            capitalization:
              common: 11694118
              safes:
            \(safes)
            events:
              - id: series-a
                type: financing
                date: 2025-01-01
                post-money: 59999995.29
                option-pool: {target: 10%}
                round-price: {step: 0.00001, direction: up}
                investors:
                  - {name: Series, amount: 10199995.29}
                preferred:
                  - id: series-a

            """
        let (table, solution) = try Self.round(text)
        let total = try table.fullyDiluted()
        #expect(total == Shares(19_436_361))
        #expect(table.pool == Shares(1_943_636))
        #expect(try Exact.value(of: total, at: solution.price, .nearest).rounded(.to("1")) == Money(60_000_046))
    }

    static func note(cap: String) -> String {
        """
        version: 1
        capitalization:
          common: 8000000
        events:
          - id: bridge
            type: issue
            date: 2024-01-01
            notes:
              - id: note
                principal: 1000000
                interest: {rate: 10%, compounding: simple, day-count: actual/365}
                cap: \(cap)
                discount: 20%
          - id: series-a
            type: financing
            date: 2024-12-31
            pre-money: 16000000
            fully-diluted: [common]
            investors:
              - {name: Lead, amount: 4000000}
            preferred:
              - id: series-a

        """
    }

    @Test(
        "§2d: a note with a year of simple interest converts at the lower of the cap and discount prices",
        arguments: [("8000000", "1", "1100000"), ("16000000", "1.60", "687500")])
    func exampleTwoD(cap: String, price: String, shares: String) throws {
        let (_, solution) = try Self.round(Self.note(cap: cap))
        // 2024 is a leap year: 2024-01-01 to 2024-12-31 is 365 days, one year under actual/365.
        #expect(solution.price == Price(2))
        let conversion = try #require(solution.conversions.first)
        #expect(conversion.amount == Money(1_100_000))
        #expect(conversion.discountPrice == Price("1.60"))
        #expect(conversion.price == Price(price))
        #expect(conversion.shares == Shares(shares))
    }

    @Test("Interest: 30/360 and yearly compounding")
    func interest() throws {
        let start = try #require(CalendarDate(iso: "2023-01-31"))
        let end = try #require(CalendarDate(iso: "2025-07-31"))
        // 30/360: 2 years and 6 months = 900 days.
        #expect(DayCount.thirty360.days(from: start, to: end).days == 900)
        let compound = NoteInterest(rate: Ratio("0.10"), compound: true, dayCount: .thirty360)
        // 1,000 × 1.1 × 1.1 × (1 + 0.10 × 180/360) = 1,270.50.
        #expect(try compound.accrued(Money(1000), from: start, to: end) == Money("1270.50"))
        let simple = NoteInterest(rate: Ratio("0.10"), dayCount: .thirty360)
        #expect(try simple.accrued(Money(1000), from: start, to: end) == Money(1250))
    }

    static func downRound(preMoney: String, base: String = "broad") -> String {
        """
        version: 1
        cascade: simultaneous
        capitalization:
          common: 6000000
          option-pool: 1000000
          preferred:
            - id: seed
              shares: 2000000
              original-issue-price: 1.00
              conversion-price: 1.00
              clause: {type: weighted-average, base: \(base)}
        events:
          - id: series-a
            type: financing
            date: 2025-01-01
            pre-money: \(preMoney)
            round-price: {step: 0.0001, direction: down}
            investors:
              - {name: Fund, amount: 3000000}
            preferred:
              - id: series-a

        """
    }

    @Test("A down round's own adjustment of the seed series is part of its fixed point")
    func ownAdjustmentFixedPoint() throws {
        let (table, solution) = try Self.round(Self.downRound(preMoney: "4500000"))
        #expect(solution.iterations > 2)
        // At the solution the price is the pre-money over the count with the seed adjusted, as rounded.
        let seed = try #require(table.instrument("seed"))
        let count = try table.common + Shares(1_000_000) + seed.commonAsConverted()
        let expected = try Exact.price(of: Money(4_500_000), per: count, .down).rounded(.to("0.0001", .down))
        #expect(solution.price == expected)
        // And the seed's price is the weighted average at that price: A broad = 6,000,000 common + 2,000,000
        // seed as converted before the round (the ungranted pool is not in a broad base), B = $3M ÷ $1.00,
        // C = the new money's shares.
        let cp2 = try Exact.weightedAverage(
            price: Price(1), base: Shares(8_000_000), consideration: Money(3_000_000),
            over: try Shares(8_000_000) + solution.newMoneyShares, rounding: .exact)
        #expect(seed.price == cp2)
        #expect(cp2 < Price(1))
    }

    @Test("A higher pre-money never lowers the price", arguments: ["2000000", "4500000", "9000000", "12000000"])
    func monotonePrice(preMoney: String) throws {
        let lower = try Self.round(Self.downRound(preMoney: preMoney)).solution.price
        let higherValue = try Money(exactly: DecimalNumber(parsing: preMoney)) + Money(250_000)
        let higher = try Self.round(Self.downRound(preMoney: higherValue.description)).solution.price
        #expect(higher >= lower)
    }

    @Test("Ownership after a round sums to one, to the share")
    func ownershipSumsToOne() throws {
        let table = try Self.round(Self.exampleB(target: "10%")).table
        let total = try table.fullyDiluted()
        var sum = try table.common + table.pool
        for instrument in table.instruments { sum = try sum + instrument.commonAsConverted() }
        #expect(sum == total)
    }

    static let errorCases: [(String, String, String)] = [
        ("converts-in: series-b", "cap: 10000000", "test.yaml:8:53: the SAFE 'safe' converts in 'series-b', which is not a round priced from a valuation ('pre-money' or 'post-money'); did you mean 'series-a'?"),
        ("cap: 0", "", "test.yaml:8:45: 'cap' in SAFE 'safe' must be more than zero, not 0"),
        ("discount: 100%", "", "test.yaml:8:50: 'discount' in SAFE 'safe' must be at least 0 and less than 100 %, not 1"),
    ]

    static func errorScenario(_ safeTerms: String, _ more: String, pool: String = "10%", iterations: String = "100")
        -> String
    {
        """
        version: 1
        capitalization:
          common: 1000000
        events:
          - id: seed
            type: issue
            date: 2024-01-01
            safes: [{id: safe, amount: 100000, \([safeTerms, more].filter { !$0.isEmpty }.joined(separator: ", "))}]
          - id: series-a
            type: financing
            date: 2025-01-01
            pre-money: 5000000
            option-pool: {target: \(pool)}
            max-iterations: \(iterations)
            investors: [{name: Fund, amount: 1000000}]
            preferred: [{id: series-a}]

        """
    }

    @Test("Errors in SAFEs are placed in the file", arguments: errorCases)
    func safeErrors(terms: String, more: String, expected: String) {
        #expect {
            try Self.run(Self.errorScenario(terms, more))
        } throws: { error in
            let text = String(describing: error)
            if text != expected { Issue.record("got: \(text)") }
            return text == expected
        }
    }

    @Test("A pool target of 100 % is an error")
    func poolTarget() {
        #expect {
            try Self.run(Self.errorScenario("cap: 2000000", "", pool: "100%"))
        } throws: { error in
            String(describing: error).hasPrefix("test.yaml:13:27: 'target' in the option pool of event 'series-a' must be at least 0 and less than 100 %")
        }
    }

    @Test("A post-money SAFE whose amount reaches its cap has no solution")
    func capAtAmount() {
        #expect {
            try Self.run(Self.errorScenario("cap: 100000", ""))
        } throws: { error in
            String(describing: error) == "test.yaml:8:45: the cap of SAFE 'safe' ($100000) must be more than its "
                + "amount ($100000): a post-money SAFE owns amount ÷ cap of the company"
        }
    }

    @Test(
        "A round's series is read like any series, but the keys the round sets are errors at the key",
        arguments: [
            ("shares: 100", "test.yaml:16:40: 'shares' in preferred series 'series-a' is set by the round's valuation; leave it out"),
            ("conversion-price: 1", "test.yaml:16:50: 'conversion-price' in preferred series 'series-a' is set by the round's valuation; leave it out"),
            ("holders: [{name: Fund, shares: 1}]", "test.yaml:16:41: 'holders' in preferred series 'series-a' is set by the round's valuation; leave it out"),
            ("clause: {type: ratchet}", "test.yaml:16:47: invalid value 'ratchet' for 'events[1].preferred[0].clause.type'; expected one of 'weighted-average', 'full-ratchet' or 'none'"),
        ])
    func roundSeriesKeys(key: String, expected: String) {
        let text = Self.errorScenario("cap: 2000000", "").replacingOccurrences(
            of: "preferred: [{id: series-a}]", with: "preferred: [{id: series-a, \(key)}]")
        #expect {
            try Self.run(text)
        } throws: { error in
            let got = String(describing: error)
            if got != expected { Issue.record("got: \(got)") }
            return got == expected
        }
    }

    @Test("An uncertain cap's median must exceed a post-money SAFE's amount")
    func uncertainCapAtAmount() {
        #expect {
            try Self.run(Self.errorScenario("cap: {distribution: uniform, low: 50000, high: 150000}", ""))
        } throws: { error in
            let got = String(describing: error)
            if !got.hasPrefix("test.yaml:8:45: the central cap of SAFE 'safe' ($100000) must be more than its amount") {
                Issue.record("got: \(got)")
            }
            return got.hasPrefix("test.yaml:8:45: the central cap of SAFE 'safe' ($100000) must be more than its amount")
        }
    }

    @Test("A round that does not settle is an error naming the round, placed at its valuation")
    func noSolution() {
        #expect {
            try Self.run(Self.errorScenario("cap: 2000000", "", iterations: "2"))
        } throws: { error in
            let text = String(describing: error)
            if !text.hasPrefix("test.yaml:12:5: The round 'series-a' does not settle after 2 iterations") {
                Issue.record("got: \(text)")
            }
            return text.hasPrefix("test.yaml:12:5: The round 'series-a' does not settle after 2 iterations")
        }
    }

    @Test("The valuation, an investor's amount (with an id) and the pool target are inputs a sweep or a simulation may vary")
    func roundInputs() throws {
        let text = Self.exampleB(target: "10%").replacingOccurrences(
            of: "- {name: Investor 1, amount: 3000000}",
            with: "- {id: first, name: Investor 1, amount: {distribution: uniform, low: 2000000, high: 4000000}}")
        let loaded = try ScenarioLoader.load(text: text, file: "test.yaml")
        #expect(loaded.stochastic.inputs.map(\.path) == ["series-a.first.amount"])
        #expect(
            Set(["series-a.post-money", "series-a.first.amount", "series-a.option-pool.target"])
                .isSubset(of: Set(loaded.stochastic.parameterPaths)))
        // The central path takes the median amount, $3,000,000: the written example.
        let central = try loaded.run()
        #expect(try central.final.fullyDiluted() == Shares(21_040_767))
    }

    static func ipo(price: String, ratchet: String = "{multiple: 1.2x}") -> String {
        """
        version: 1
        capitalization:
          common: 10000000
          preferred:
            - id: series-e
              shares: 1000000
              original-issue-price: 15.46
              conversion-price: 15.46
              ipo-ratchet: \(ratchet)
        events:
          - id: ipo
            type: ipo
            date: 2015-11-19
            price: \(price)
            shares: 2000000

        """
    }

    @Test(
        "IPO ratchet (the form of Square's Series E): extra common up to the guarantee, at most the cap",
        arguments: [
            // 1,000,000 × $15.46 × 1.2 = $18,552,000; ÷ $9 = 2,061,333.3; less 1,000,000 as converted.
            ("9", "{multiple: 1.2x}", 1_061_333, false),
            ("9", "{multiple: 1.2x, cap-shares: 500000}", 500_000, true),
            // At $18.552 or above the guarantee is met.
            ("18.552", "{multiple: 1.2x}", 0, false),
            ("25", "{multiple: 1.2x}", 0, false),
        ])
    func ipoRatchet(price: String, ratchet: String, extra: Int, capped: Bool) throws {
        let timeline = try Self.run(Self.ipo(price: price, ratchet: ratchet))
        let step = try #require(timeline.steps.last)
        let result = try #require(step.ratchets.first)
        #expect(result.extraShares == Shares("\(extra)"))
        #expect(result.capped == capped)
        // Everything converts: 10,000,000 + 2,000,000 sold + 1,000,000 converted + the extra common.
        #expect(step.after.common == Shares("\(13_000_000 + extra)"))
        #expect(step.after.cashRaised == (try Exact.value(of: Shares(2_000_000), at: Price(price))))
    }

    @Test("A round's investors and a converting SAFE's holder hold the series; at an IPO they receive its common")
    func holdersOfTheRound() throws {
        let text = Self.exampleA
            .replacingOccurrences(of: "  common: 2000000", with: "  common: {holders: [{name: Founder, shares: 2000000}]}")
            .replacingOccurrences(
                of: "- {id: safe-1, amount: 2000000, cap: 10000000}",
                with: "- {id: safe-1, holder: Angel, amount: 2000000, cap: 10000000}")
            .replacingOccurrences(
                of: "      - {name: Lead, amount: 8000000}",
                with: "      - {name: Lead, amount: 6000000}\n      - {name: Angel, amount: 2000000}")
            + """
              - id: ipo
                type: ipo
                date: 2026-01-01
                price: 20
                shares: 100000

            """
        let timeline = try Self.run(text)
        func position(_ name: String, after step: Int) -> HolderPosition? {
            timeline.steps[step].after.holders.first { $0.name == name }
        }
        // $6M ÷ $12.80 = 468,750; the Angel: $2M ÷ $12.80 = 156,250 plus the SAFE's 500,000.
        #expect(position("Lead", after: 0)?.asConverted == Shares(468_750))
        #expect(position("Angel", after: 0)?.asConverted == Shares(656_250))
        #expect(position("Founder", after: 0)?.asConverted == Shares(2_000_000))
        // At the IPO every share of the series becomes common of its holder, and the offering's buyers hold theirs.
        #expect(position("Lead", after: 1)?.common == Shares(468_750))
        #expect(position("Angel", after: 1)?.common == Shares(656_250))
        #expect(position(PublicOffering.buyers, after: 1)?.common == Shares(100_000))
        let final = timeline.final
        var held = Shares.zero
        for holder in final.holders { held = try held + holder.common }
        #expect(held == final.common)
    }

    static func closings(second date: String, window: String = "") -> String {
        """
        version: 1
        capitalization:
          common: 6000000
          preferred:
            - id: seed
              shares: 2000000
              original-issue-price: 1.00
              conversion-price: 1.00
              clause: {type: weighted-average, base: broad}
        events:
          - id: series-a
            type: financing
            date: 2025-01-01
            price: 0.50
            amount: 1000000
            preferred:
              - {id: series-a, shares: 1, stated-value: 1, conversion-price: 1}
          - id: series-a-2
            type: closing
            date: \(date)
            closing-of: series-a
            investors: [{name: Late Fund, amount: 1000000}]\(window)

        """
    }

    // Seed: A broad = 6,000,000 + 2,000,000 = 8,000,000 at $1.00; each closing sells $1M at $0.50 (2,000,000 shares).
    // One issuance: $1.00 × (8,000,000 + 2,000,000) ÷ (8,000,000 + 4,000,000) = $0.8333…; closing by closing:
    // $0.90 = (8M + 1M) ÷ 10M, then $0.90 × (10,222,222.2… + 1,111,111.1…) ÷ (10,222,222.2… + 2,000,000) = $0.8345….
    @Test(
        "Multiple closings within the window are one issuance at the first closing; after it, issuances of their own",
        arguments: [
            ("2025-02-01", "", "0.833333333333"),
            ("2025-06-01", "", "0.834545454545"),
            ("2025-06-01", "\n    closing-window: 180", "0.833333333333"),
        ])
    func closings(date: String, window: String, price: String) throws {
        let timeline = try Self.run(Self.closings(second: date, window: window))
        let seed = try #require(timeline.final.instrument("seed"))
        #expect(seed.price == Price(price))
        let series = try #require(timeline.final.instrument("series-a"))
        #expect(series.shares == Shares(4_000_000))
        #expect(timeline.final.cashRaised == Money(2_000_000))
        #expect(timeline.final.holders.first { $0.name == "Late Fund" }?.asConverted == Shares(2_000_000))
    }
}
