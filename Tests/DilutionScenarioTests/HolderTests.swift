import DilutionExact
import DilutionModel
import DilutionScenario
import Testing

/// A small company with named holders: two founders hold the common, a fund and an angel the Series A
/// (2 common per share, full ratchet), a lender and the angel the warrants.
private let company = """
    version: 1
    capitalization:
      common:
        holders:
          - {name: Founder A, shares: 6000}
          - {name: Founder B, shares: 4000}
      preferred:
        - id: series-a
          shares: 1000
          stated-value: 2.00
          conversion-price: 1.00
          clause: {type: full-ratchet}
          holders: [{name: Fund I, shares: 700}, {name: Angel, shares: 300}]
      warrants:
        - id: w
          shares: 999
          exercise-price: 0.50
          holders: [{name: Lender, shares: 333}, {name: Angel, shares: 666}]
    events:

    """

/// `company` with `events` appended (each a YAML list item, indented by two spaces).
private func scenario(_ events: String) -> String { company + events }

private func load(_ text: String) throws -> LoadedScenario { try ScenarioLoader.load(text: text, file: "test.yaml") }

private func diagnostic(_ text: String) -> String? {
    do {
        _ = try load(text).run()
        return nil
    } catch {
        return "\(error)"
    }
}

/// Holder name → (common held, shares as converted, cash received), in whole shares and cents.
private func positions(_ table: CapTable) -> [String: (String, String, String)] {
    Dictionary(
        uniqueKeysWithValues: table.holders.map { position in
            (position.name, ("\(position.common)", "\(position.asConverted)", "\(position.cash)"))
        })
}

@Suite("Named holders and transfers")
struct HolderTests {
    /// By hand. Tender: 1,001 common pro rata from 6,000 and 4,000 → 600.6 and 400.4, rounded down to 600 and
    /// 400, the share left over to the larger holder: Founder A sells 601 (paid 601 × $3 = $1,803), Founder B
    /// 400 ($1,200). Secondary: Founder A sells 500 common at $0.80 to Fund I, which become Series A shares
    /// (Fund I 1,200, Angel 300); it triggers the ratchet: $400 for 500 common is $0.80 < $1.00, so the rate is
    /// 2.00 / 0.80 = 2.5. Exercise of 500 of the 999 warrants: the 499 left split 332.67 / 166.33 → 332 and
    /// 166 plus the share left over to Angel (333); Angel gave up 333 and Lender 167, the common they receive.
    /// Conversion of 750 Series A (Fund I 1,200 of 1,500 → gives up 600, Angel 150) into 1,875 common:
    /// Fund I 1,500, Angel 375.
    @Test("a tender, a secondary that becomes preferred and triggers, an exercise and a conversion, by hand")
    func handDerived() throws {
        let text = scenario(
            """
              - {type: transfer, id: tender, date: 2024-01-01, class: common, from: pro-rata, shares: 1001, to: Fund II, price: 3.00}
              - {type: transfer, id: secondary, date: 2024-02-01, class: common, from: [{name: Founder A, shares: 500}], to: Fund I, price: 0.80, becomes: series-a, triggers: true}
              - {type: exercise, id: ex, date: 2024-03-01, instrument: w, shares: 500}
              - {type: convert, id: conv, date: 2024-04-01, instrument: series-a, shares: 750}
            """)
        let timeline = try load(text).run()
        #expect(timeline.steps.count == 4)
        let expected: [[String: (String, String, String)]] = [
            [
                "Founder A": ("5399", "5399", "1803"), "Founder B": ("3600", "3600", "1200"),
                "Fund II": ("1001", "1001", "0"), "Fund I": ("0", "1400", "0"), "Angel": ("0", "1266", "0"),
                "Lender": ("0", "333", "0"),
            ],
            [
                "Founder A": ("4899", "4899", "2203"), "Founder B": ("3600", "3600", "1200"),
                "Fund II": ("1001", "1001", "0"), "Fund I": ("0", "3000", "0"), "Angel": ("0", "1416", "0"),
                "Lender": ("0", "333", "0"),
            ],
            [
                "Founder A": ("4899", "4899", "2203"), "Founder B": ("3600", "3600", "1200"),
                "Fund II": ("1001", "1001", "0"), "Fund I": ("0", "3000", "0"), "Angel": ("333", "1416", "0"),
                "Lender": ("167", "333", "0"),
            ],
            [
                "Founder A": ("4899", "4899", "2203"), "Founder B": ("3600", "3600", "1200"),
                "Fund II": ("1001", "1001", "0"), "Fund I": ("1500", "3000", "0"), "Angel": ("708", "1416", "0"),
                "Lender": ("167", "333", "0"),
            ],
        ]
        for (step, want) in zip(timeline.steps, expected) {
            let got = positions(step.after)
            #expect(got.count == want.count, "\(step.event.id)")
            for (name, value) in want {
                #expect(got[name]?.0 == value.0, "\(step.event.id) \(name) common")
                #expect(got[name]?.1 == value.1, "\(step.event.id) \(name) as converted")
                #expect(got[name]?.2 == value.2, "\(step.event.id) \(name) cash")
            }
        }
        // The secondary moved 500 common into the series and repriced it; nothing new was issued for cash.
        let afterSecondary = timeline.steps[1].after
        #expect(afterSecondary.common == Shares(9500))
        #expect(afterSecondary.instrument("series-a")?.shares == Shares(1500))
        #expect(afterSecondary.instrument("series-a")?.price == Price("0.80"))
        #expect(afterSecondary.cashRaised == .zero)
        #expect(timeline.steps[1].adjustments.map(\.instrumentID) == ["series-a"])
        #expect(
            afterSecondary.instrument("series-a")?.holders
                == [Holder(name: "Fund I", shares: Shares(1200)), Holder(name: "Angel", shares: Shares(300))])
        // The exercise's common is the holders' (and the cash of the exercise the company's).
        #expect(timeline.steps[2].after.cashRaised == Money(250))
    }

    @Test("a transfer that does not trigger adjusts nothing, even far below the price")
    func noTrigger() throws {
        let text = scenario(
            """
              - {type: transfer, id: cheap, date: 2024-01-01, class: common, from: Founder B, shares: 100, to: Buyer, price: 0.01}
            """)
        let timeline = try load(text).run()
        #expect(timeline.steps[0].adjustments.isEmpty)
        let got = positions(timeline.steps[0].after)
        #expect(got["Founder B"]?.0 == "3900")
        #expect(got["Buyer"]?.0 == "100")
        #expect(got["Founder B"]?.2 == "1")
    }

    @Test("a preferred transfer keeps the class: the buyer holds series shares, as converted")
    func preferredTransfer() throws {
        let text = scenario(
            """
              - {type: transfer, id: sale, date: 2024-01-01, class: series-a, from: [{name: Angel, shares: 100}], to: [{name: Fund II, shares: 60}, {name: Fund III, shares: 40}], price: 5}
            """)
        let table = try load(text).run().final
        #expect(
            table.instrument("series-a")?.holders == [
                Holder(name: "Fund I", shares: Shares(700)), Holder(name: "Angel", shares: Shares(200)),
                Holder(name: "Fund II", shares: Shares(60)), Holder(name: "Fund III", shares: Shares(40)),
            ])
        let got = positions(table)
        #expect(got["Fund II"]?.1 == "120")
        #expect(got["Angel"]?.1 == "1066")
        #expect(got["Angel"]?.2 == "500")
    }

    @Test("holder metrics of the central path: ownership over every holder sums to one")
    func metricsSumToOne() throws {
        let text = scenario(
            """
              - {type: transfer, id: tender, date: 2024-01-01, class: common, from: pro-rata, shares: 1001, to: Fund II, price: 3.00}
            """)
        let table = try load(text).run().final
        let total = try table.fullyDiluted()
        var sum = Shares.zero
        for holder in table.holders { sum = try sum + holder.asConverted }
        #expect(sum == total)
    }

    @Test("a scenario that names no holder has its implicit holders only: 'Common' holds the common")
    func noHolders() throws {
        let text = """
            version: 1
            capitalization: {common: 1000}
            events:
              - {type: issue, date: 2024-01-01, common: 10}
            """
        let loaded = try load(text)
        #expect(!loaded.scenario.namesHolders)
        #expect(
            try loaded.run().final.holders
                == [HolderPosition(name: "Common", common: Shares(1010), asConverted: Shares(1010), cash: .zero)])
    }

    @Test("an issuance names who receives its common")
    func issuanceHolder() throws {
        let text = scenario(
            """
              - {type: issue, id: hire, date: 2024-01-01, common: 50, holder: Employee 1, exempt: true}
            """)
        let got = positions(try load(text).run().final)
        #expect(got["Employee 1"]?.0 == "50")
        #expect(got["Founder A"]?.0 == "6000")
    }

    @Test("a lapse that readjusts replays the events with the holders: the common sold after an exercise is still theirs")
    func readjustmentReplay() throws {
        let text = """
            version: 1
            capitalization:
              common: {holders: [{name: Founder, shares: 10000}]}
              preferred:
                - {id: seed, shares: 1000, stated-value: 1, conversion-price: 1, clause: {type: weighted-average, base: broad}}
            events:
              - type: issue
                id: bridge
                date: 2024-01-01
                warrants:
                  - {id: bw, shares: 2000, exercise-price: 0.10, holders: [{name: Lender, shares: 2000}]}
              - {type: exercise, id: part, date: 2024-02-01, instrument: bw, shares: 500}
              - {type: transfer, id: resale, date: 2024-03-01, class: common, from: Lender, shares: 500, to: Fund, price: 0.50}
              - {type: expire, id: lapse, date: 2024-04-01, instrument: bw}
            """
        let timeline = try load(text).run()
        let seed = { (step: Int) in timeline.steps[step].after.instrument("seed")?.price }
        #expect(try #require(seed(0)) < Price(1))
        // Recomputed as if the 1,500 lapsed shares had never been issued: higher than after the bridge, below $1.
        #expect(try #require(seed(3)) > #require(seed(0)))
        #expect(try #require(seed(3)) < Price(1))
        let got = positions(timeline.final)
        #expect(got["Fund"]?.0 == "500")
        #expect(got["Lender"]?.0 == "0")
        #expect(got["Lender"]?.2 == "250")
    }

    static let errorCases: [ScenarioErrorCase] = [
        ScenarioErrorCase(
            name: "a holder selling more than they hold",
            yaml: "  - {type: transfer, id: t, date: 2024-01-01, class: common, from: [{name: Founder B, shares: 4001}], to: X, price: 1}\n",
            expected: "test.yaml:20:62: Event 't' has 'Founder B' sell 4,001 shares of common, but they hold only 4,000."
        ),
        ScenarioErrorCase(
            name: "a holder selling a class they do not hold",
            yaml: "  - {type: transfer, id: t, date: 2024-01-01, class: series-a, from: Lender, shares: 1, to: X, price: 1}\n",
            expected: "test.yaml:20:64: Event 't' has 'Lender' sell 1 shares of 'series-a', but they hold only 0."
        ),
        ScenarioErrorCase(
            name: "an unknown holder",
            yaml: "  - {type: transfer, id: t, date: 2024-01-01, class: common, from: Founder C, shares: 1, to: X, price: 1}\n",
            expected: "test.yaml:20:68: unknown holder 'Founder C' in event 't'; did you mean 'Founder A'?"
        ),
        ScenarioErrorCase(
            name: "an unknown class",
            yaml: "  - {type: transfer, id: t, date: 2024-01-01, class: comon, from: Founder A, shares: 1, to: X, price: 1}\n",
            expected: "test.yaml:20:54: unknown class 'comon' in event 't': 'class' is 'common' or the id of an instrument; did "
                + "you mean 'common'?"
        ),
        ScenarioErrorCase(
            name: "becoming a warrant",
            yaml: "  - {type: transfer, id: t, date: 2024-01-01, class: common, from: Founder A, shares: 1, to: X, price: 1, becomes: w}\n",
            expected: "test.yaml:20:116: 'becomes' in event 't' names 'w', a warrant tranche; shares can become common or a "
                + "preferred series only"
        ),
        ScenarioErrorCase(
            name: "buyers that do not add up",
            yaml: "  - {type: transfer, id: t, date: 2024-01-01, class: common, from: Founder A, shares: 10, to: [{name: X, shares: 9}], price: 1}\n",
            expected: "test.yaml:20:95: the buyers in event 't' receive 9 shares in all, but 10 are sold"
        ),
        ScenarioErrorCase(
            name: "one seller without a count",
            yaml: "  - {type: transfer, id: t, date: 2024-01-01, class: common, from: Founder A, to: X, price: 1}\n",
            expected: "test.yaml:20:68: with 'from: Founder A', event 't' needs 'shares': how many shares are sold"
        ),
        ScenarioErrorCase(
            name: "more than the class has",
            yaml: "  - {type: transfer, id: t, date: 2024-01-01, class: common, from: pro-rata, shares: 10001, to: X, price: 1}\n",
            expected: "test.yaml:20:78: Event 't' transfers 10,001 shares of common, but only 10,000 are outstanding."
        ),
        ScenarioErrorCase(
            name: "a misspelt key",
            yaml: "  - {type: transfer, id: t, date: 2024-01-01, class: common, form: Founder A, shares: 1, to: X, price: 1}\n",
            expected: "test.yaml:20:62: unknown key 'form' in event 't'; did you mean 'from'?"
        ),
    ]

    @Test("errors name the file, line and column", arguments: errorCases)
    func locatedErrors(_ error: ScenarioErrorCase) {
        #expect(diagnostic(scenario(error.yaml)) == error.expected)
    }

    @Test("instrument holders that do not add up are an error at their list, for every kind")
    func holderSums() {
        let text = """
            version: 1
            capitalization:
              common: 1000
              options:
                - {id: grants, shares: 100, exercise-price: 0.1, holders: [{name: E1, shares: 40}, {name: E2, shares: 50}]}
            events: []
            """
        #expect(
            diagnostic(text)
                == "test.yaml:5:63: the holders of option grant 'grants' hold 90 shares in all, but the grant has 100")
        let common = """
            version: 1
            capitalization:
              common: {holders: [{name: A, shares: 10}, {name: A, shares: 5}]}
            events: []
            """
        #expect(diagnostic(common) == "test.yaml:3:52: the holder 'A' is listed twice among the holders of common")
    }
}
