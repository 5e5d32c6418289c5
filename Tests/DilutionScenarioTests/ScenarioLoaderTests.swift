import DilutionExact
import DilutionModel
import DilutionScenario
import Foundation
import Testing

/// The package's root folder, found from this file's path (`Tests/DilutionScenarioTests/…`).
private let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

/// Every bundled scenario, `scenarios/*.yaml`, sorted by name.
private func bundledScenarios() -> [String] {
    let folder = packageRoot.appendingPathComponent("scenarios")
    let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
    return names.filter { $0.hasSuffix(".yaml") }.sorted()
}

private func scenarioPath(_ name: String) -> String {
    packageRoot.appendingPathComponent("scenarios").appendingPathComponent(name).path
}

/// Loads `text` as "test.yaml".
private func load(_ text: String) throws -> LoadedScenario {
    try ScenarioLoader.load(text: text, file: "test.yaml")
}

/// A one-series scenario whose clause is `clauseLines`, indented under `clause:`.
private func scenario(clause clauseLines: String) -> String {
    let clause = clauseLines.split(separator: "\n").map { "        " + $0 }.joined(separator: "\n")
    return """
        version: 1
        capitalization:
          common: 1000
          preferred:
            - id: series-a
              shares: 100
              stated-value: 10
              conversion-price: 10
              clause:
        \(clause)
        events: []
        """
}

@Suite("Scenario loader")
struct ScenarioLoaderTests {
    // MARK: The Vsource notice

    @Test("the bundled Vsource scenario loads with the notice's capitalization and financing")
    func vsourceLoads() throws {
        let loaded = try ScenarioLoader.load(path: scenarioPath("vsource-2005.yaml"))
        let scenario = loaded.scenario
        #expect(scenario.name == "Vsource, Inc. — Series 2-A adjustment of July 18, 2005")
        #expect(scenario.common == Shares(2_101_345))
        #expect(scenario.pool == .zero)
        #expect(scenario.cascade == .simultaneous)
        #expect(scenario.instruments.map(\.id) == ["series-2a", "other-securities"])

        let series = try #require(scenario.instruments.first)
        #expect(series.name == "Series 2-A Convertible Preferred")
        #expect(series.kind == .preferred(statedValue: Money("6.40")))
        #expect(series.shares == Shares(3900))
        #expect(series.price == Price("14.20"))
        #expect(series.clause.formula == .weightedAverage(.terms([.common, .other("other-securities")])))
        #expect(series.clause.considerationSharesRounding == .to("1", .nearest))
        #expect(series.clause.priceRounding == .to("0.01", .nearest))
        #expect(series.clause.rateRounding == .to("0.01", .nearest))

        let other = try #require(scenario.instruments.last)
        #expect(other.kind == .other)
        #expect(other.name == "Other Securities")
        #expect(other.shares == Shares(317_596))

        #expect(scenario.events.count == 1)
        let event = try #require(scenario.events.first)
        #expect(event.id == "july-2005")
        #expect(event.date == CalendarDate(year: 2005, month: 7, day: 18))
        #expect(!event.exempt)
        guard case .issue(let issuance) = event.action else {
            Issue.record("expected an issuance, found \(event.action)")
            return
        }
        // 1,478 units × $1,000.
        #expect(issuance.cash == Money(1_478_000))
        #expect(issuance.common == .zero)
        #expect(issuance.instruments.map(\.id) == ["series-5a", "warrants-2005"])
        #expect(issuance.instruments[0].kind == .preferred(statedValue: Money(1000)))
        #expect(issuance.instruments[0].shares == Shares(1478))
        #expect(issuance.instruments[0].price == Price("0.3125"))
        #expect(issuance.instruments[1].kind == .warrant)
        #expect(issuance.instruments[1].shares == Shares(886_800))
        #expect(issuance.instruments[1].price == Price("0.50"))
        #expect(issuance.instruments[1].expires == CalendarDate(year: 2010, month: 7, day: 18))

        // The event is located at its first key, wherever the file's header puts it.
        let lines = loaded.source.split(separator: "\n", omittingEmptySubsequences: false)
        let eventLine = try #require(lines.firstIndex { $0.hasSuffix("- id: july-2005") }) + 1
        #expect(loaded.sites.count == 1)
        #expect(loaded.sites.first?.location == SourceLocation(file: loaded.file, line: eventLine, column: 5))
        #expect(loaded.sites.first?.fields["units"]?.line == eventLine + 4)
    }

    @Test("running the Vsource scenario gives $4.51 and 1.42 common per Series 2-A share")
    func vsourceRuns() throws {
        let loaded = try ScenarioLoader.load(path: scenarioPath("vsource-2005.yaml"))
        let timeline = try loaded.run()
        #expect(timeline.final.instrument("series-2a")?.price == Price("4.51"))
        let step = try #require(timeline.steps.first)
        let adjustment = try #require(step.adjustments.first { $0.instrumentID == "series-2a" })
        #expect(adjustment.priceBefore == Price("14.20"))
        #expect(adjustment.priceAfter == Price("4.51"))
        #expect(adjustment.rateAfter == Ratio("1.42"))
        #expect(adjustment.considerationTotal == Money(1_921_400))
        #expect(adjustment.considerationShares == Shares(135_310))
        #expect(adjustment.numerator == Shares(2_554_251))
        #expect(adjustment.denominator == Shares(8_035_341))
        // The new series and warrants are not tested against the issuance that creates them.
        #expect(step.adjustments.count == 1)
        #expect(timeline.final.common == Shares(2_101_345))
        #expect(timeline.final.cashRaised == Money(1_478_000))
    }

    // MARK: Every bundled scenario

    @Test("the scenarios folder holds the bundled scenarios")
    func bundledScenariosExist() {
        let names = bundledScenarios()
        #expect(names.contains("vsource-2005.yaml"))
        #expect(names.count >= 3)
    }

    @Test("every bundled scenario loads and runs", arguments: bundledScenarios())
    func bundledScenarioRuns(_ name: String) throws {
        let loaded = try ScenarioLoader.load(path: scenarioPath(name))
        #expect(!loaded.scenario.events.isEmpty)
        #expect(loaded.sites.count == loaded.scenario.events.count)
        let timeline = try loaded.run()
        #expect(timeline.steps.count == loaded.scenario.events.count)
        // Every price in effect at the end is positive.
        for instrument in timeline.final.instruments {
            if let price = instrument.price {
                #expect(price.isPositive, "\(name): \(instrument.id)")
            }
        }
    }

    // MARK: Forms the format allows

    @Test("a stock dividend of 5% is the split ratio 105:100")
    func stockDividend() throws {
        let loaded = try load(
            """
            version: 1
            capitalization:
              common: 1000
            events:
              - type: split
                date: 2024-01-31
                stock-dividend: 5%
                round-shares: {step: 1, direction: down}
              - type: split
                date: 2024-02-29
                stock-dividend: 0.125
              - type: split
                date: 2024-03-31
                ratio: "1:10"
              - type: split
                date: 2024-04-30
                ratio: 3:2
            """)
        var ratios: [SplitRatio] = []
        var roundings: [RoundingRule] = []
        for event in loaded.scenario.events {
            guard case .split(let ratio, let rounding) = event.action else {
                Issue.record("expected a split, found \(event.action)")
                return
            }
            ratios.append(ratio)
            roundings.append(rounding)
        }
        // Compare as fractions: 105:100 and 21:20 are the same ratio.
        func same(_ ratio: SplitRatio, _ numerator: Int128, _ denominator: Int128) -> Bool {
            ratio.numerator * denominator == ratio.denominator * numerator
        }
        #expect(ratios.count == 4)
        #expect(same(ratios[0], 105, 100))
        #expect(same(ratios[1], 1125, 1000))
        #expect(same(ratios[2], 1, 10))
        #expect(same(ratios[3], 3, 2))
        #expect(roundings == [.to("1", .down), .exact, .exact, .exact])
        #expect(loaded.scenario.events.map(\.id) == ["event-1", "event-2", "event-3", "event-4"])
        // 1,000 → 1,050 → 1,181.25 → 118.125 → 177.1875.
        #expect(try loaded.run().final.common == Shares("177.1875"))
    }

    @Test("cascade modes: fixed-point with max-rounds, sequential with an order, simultaneous by default")
    func cascadeModes() throws {
        let capitalization = """
            capitalization:
              common: 1000
              preferred:
                - {id: series-a, shares: 100, stated-value: 10, conversion-price: 10}
                - {id: series-b, shares: 100, stated-value: 10, conversion-price: 10}
            events: []
            """
        let fixed = try load("version: 1\ncascade: fixed-point\nmax-rounds: 7\n" + capitalization)
        #expect(fixed.scenario.cascade == .fixedPoint(maxIterations: 7))
        let fixedDefault = try load("version: 1\ncascade: fixed-point\n" + capitalization)
        #expect(fixedDefault.scenario.cascade == .fixedPoint(maxIterations: 50))
        let sequential = try load("version: 1\ncascade: sequential\ncascade-order: [series-b]\n" + capitalization)
        #expect(sequential.scenario.cascade == .sequential(["series-b"]))
        let simultaneous = try load("version: 1\n" + capitalization)
        #expect(simultaneous.scenario.cascade == .simultaneous)
        #expect(simultaneous.scenario.name == "test")
    }

    @Test("rounding rules: exact, a step, and a step with a direction")
    func roundingRuleForms() throws {
        let loaded = try load(
            scenario(
                clause: """
                    type: weighted-average
                    base: narrow
                    round-price: exact
                    round-rate: 0.01
                    round-consideration-shares: {step: 1, direction: down}
                    """))
        let clause = try #require(loaded.scenario.instruments.first).clause
        #expect(clause.formula == .weightedAverage(.narrow))
        #expect(clause.priceRounding == .exact)
        #expect(clause.rateRounding == RoundingRule(step: DecimalNumber(significand: 1, scale: 2), direction: .nearest))
        #expect(clause.considerationSharesRounding == RoundingRule(step: DecimalNumber(1), direction: .down))

        let other = try load(
            scenario(
                clause: """
                    type: full-ratchet
                    round-price: {step: 0.05, direction: up}
                    round-rate: {step: "0.0001"}
                    floor: 0.10
                    minimum-change: 0.001
                    trigger: at-or-below
                    never-upward: false
                    no-consideration-price: 0.001
                    sunset: 2030-12-31
                    """))
        let ratchet = try #require(other.scenario.instruments.first).clause
        #expect(ratchet.formula == .fullRatchet)
        #expect(ratchet.priceRounding == .to("0.05", .up))
        #expect(ratchet.rateRounding == .to("0.0001", .nearest))
        #expect(ratchet.floor == Price("0.10"))
        #expect(ratchet.minimumChange == Price("0.001"))
        #expect(ratchet.trigger == .atOrBelow)
        #expect(!ratchet.neverUpward)
        #expect(ratchet.noConsiderationPrice == Price("0.001"))
        #expect(ratchet.sunset == CalendarDate(year: 2030, month: 12, day: 31))
    }

    @Test("number forms: grouped, underscored, quoted, dollars")
    func numberForms() throws {
        let loaded = try load(
            """
            version: 1
            capitalization:
              common: "2,101,345"
              option-pool: 1_000
              warrants:
                - id: w
                  shares: 886,800
                  exercise-price: $0.50
            events:
              - type: issue
                date: 2024-01-01
                cash: "$1,478,000.00"
                common: 100
            """)
        #expect(loaded.scenario.common == Shares(2_101_345))
        #expect(loaded.scenario.pool == Shares(1000))
        #expect(loaded.scenario.instruments.first?.shares == Shares(886_800))
        #expect(loaded.scenario.instruments.first?.price == Price("0.5"))
        guard case .issue(let issuance) = loaded.scenario.events.first?.action else {
            Issue.record("expected an issuance")
            return
        }
        #expect(issuance.cash == Money(1_478_000))
    }

    @Test("instrument forms: original issue price, holders, bases naming instruments issued later")
    func instrumentForms() throws {
        let loaded = try load(
            """
            version: 1
            capitalization:
              common: 1000
              preferred:
                - id: series-a
                  shares: 100
                  original-issue-price: 1.20
                  conversion-price: 1.20
                  clause:
                    type: weighted-average
                    base: [common, "preferred:series-b", "warrant:lender", options, pool, other]
              warrants:
                - id: lender
                  shares: 100
                  exercise-price: 2
                  clause: {type: full-ratchet, scale-shares: true, round-shares: 1}
                  holders:
                    - {name: Harbor Bank, shares: 60}
                    - {name: Keel Credit, shares: 40}
            events:
              - id: series-b
                type: financing
                date: 2024-01-01
                cash: 100
                preferred:
                  - {id: series-b, shares: 100, stated-value: 1, conversion-price: 1}
                waived-by: [series-a]
              - type: exercise
                date: 2024-02-01
                instrument: lender
                shares: 10
                method: net
                fair-value: 4
              - type: convert
                date: 2024-03-01
                instrument: series-b
                shares: 50
              - type: expire
                date: 2024-04-01
                instrument: lender
                readjust: false
            """)
        let series = try #require(loaded.scenario.instruments.first)
        #expect(series.statedValue == Money("1.20"))
        #expect(
            series.clause.formula
                == .weightedAverage(
                    .terms([.common, .preferred("series-b"), .warrant("lender"), .options, .pool, .allOther])))
        let lender = try #require(loaded.scenario.instruments.last)
        #expect(lender.clause.scalesShares)
        #expect(lender.clause.shareRounding == .to("1", .nearest))
        #expect(
            lender.holders == [
                Holder(name: "Harbor Bank", shares: Shares(60)), Holder(name: "Keel Credit", shares: Shares(40)),
            ])
        let events = loaded.scenario.events
        #expect(events.map(\.id) == ["series-b", "event-2", "event-3", "event-4"])
        #expect(events[0].waivedBy == ["series-a"])
        guard case .exercise(let exercise) = events[1].action else {
            Issue.record("expected an exercise")
            return
        }
        #expect(exercise.instrument == "lender")
        #expect(exercise.quantity == .shares(Shares(10)))
        #expect(exercise.method == .net(fairValue: Price(4)))
        #expect(exercise.rounding == .to("1", .down))
        #expect(events[2].action == .convert(instrument: "series-b", shares: Shares(50), rounding: .to("1", .down)))
        #expect(events[3].action == .expire(instrument: "lender", shares: nil, readjust: false))

        let timeline = try loaded.run()
        // Series B at $1 ratchets the lender warrants from $2 to $1 and scales them to 200 shares (120 and 80).
        let afterFinancing = timeline.steps[0].after.instrument("lender")
        #expect(afterFinancing?.price == Price(1))
        #expect(afterFinancing?.shares == Shares(200))
        #expect(afterFinancing?.holders.map(\.shares) == [Shares(120), Shares(80)])
        // Waived by Series A, which stays at $1.20.
        #expect(timeline.final.instrument("series-a")?.price == Price("1.20"))
        // Net exercise of 10 at $1 when common is worth $4: 10 × 3 / 4 = 7.5, 7 shares rounded down; 50 Series B
        // shares convert into 50 common.
        #expect(timeline.final.common == Shares(1057))
        #expect(timeline.final.instrument("lender")?.shares == .zero)
        #expect(timeline.final.instrument("series-b")?.shares == Shares(50))
    }

    // MARK: Locations

    @Test("an engine error without a field is placed at its event")
    func engineErrorAtEvent() throws {
        let loaded = try load(
            """
            version: 1
            capitalization:
              common: 1000
            events:
              - id: first
                type: issue
                date: 2024-01-01
                common: 1
              - id: second
                type: issue
                date: 2024-02-01
                common: 1
            """)
        let error = loaded.locate(EngineError(eventIndex: 1, message: "Something is wrong."))
        #expect(error.description == "test.yaml:9:5: Something is wrong.")
        let atField = loaded.locate(EngineError(eventIndex: 1, field: "common", message: "Too many."))
        #expect(atField.description == "test.yaml:12:5: Too many.")
        let atCapitalization = loaded.locate(EngineError(eventIndex: nil, message: "No events."))
        #expect(atCapitalization.description == "test.yaml:3:3: No events.")
    }

    @Test("a file that cannot be read says so")
    func unreadableFile() {
        let missing = packageRoot.appendingPathComponent("scenarios/no-such-scenario.yaml").path
        #expect(throws: ScenarioError("cannot read \(missing): no such file", at: nil)) {
            _ = try ScenarioLoader.load(path: missing)
        }
        let folder = packageRoot.appendingPathComponent("scenarios").path
        #expect(throws: ScenarioError("\(folder) is a folder, not a scenario file", at: nil)) {
            _ = try ScenarioLoader.load(path: folder)
        }
    }
}
