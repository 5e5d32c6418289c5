import DilutionExact
import DilutionModel
import PropertyBased
import Testing

/// Random holdings and a random sequence of a pro-rata tender, a listed sale of preferred that becomes
/// common, a partial exercise, a partial conversion and a split with rounding.
struct HolderCase: Sendable, CustomStringConvertible {
    var common: [Int]
    var preferred: [Int]
    var warrants: [Int]
    var tender: Int
    var sold: Int
    var exercised: Int
    var converted: Int
    var split: Int

    var description: String {
        "common \(common), preferred \(preferred), warrants \(warrants), tender \(tender), sold \(sold), "
            + "exercised \(exercised), converted \(converted), split \(split):3"
    }

    func scenario() -> Scenario {
        func holders(_ prefix: String, _ counts: [Int]) -> [Holder] {
            counts.enumerated().map { Holder(name: "\(prefix)\($0.offset)", shares: Shares($0.element)) }
        }
        let preferredShares = preferred.reduce(0, +)
        let warrantShares = warrants.reduce(0, +)
        let day = { (d: Int) in CalendarDate(year: 2024, month: 1, day: d)! }
        let instruments = [
            Instrument(
                id: "series-a", kind: .preferred(statedValue: Money("1.50")), shares: Shares(preferredShares),
                price: Price("1.10"), holders: holders("P", preferred)),
            Instrument(
                id: "w", kind: .warrant, shares: Shares(warrantShares), price: Price("0.25"),
                holders: holders("W", warrants)),
        ]
        let events = [
            Event(
                id: "tender", date: day(1),
                action: .transfer(
                    Transfer(
                        instrument: Transfer.common, sellers: .proRata(Shares(tender)),
                        buyers: [Holder(name: "Fund", shares: Shares(tender))], price: Price("2.00")))),
            Event(
                id: "sale", date: day(2),
                action: .transfer(
                    Transfer(
                        instrument: "series-a", sellers: .listed([Holder(name: "P0", shares: Shares(sold))]),
                        buyers: [Holder(name: "C1", shares: Shares(sold))], price: Price("1.00"), becomes: Transfer.common
                    ))),
            Event(
                id: "exercise", date: day(3),
                action: .exercise(Exercise(instrument: "w", quantity: .shares(Shares(exercised))))),
            Event(
                id: "convert", date: day(4),
                action: .convert(instrument: "series-a", shares: Shares(converted), rounding: .to("1", .down))),
            Event(
                id: "split", date: day(5),
                action: .split(SplitRatio(numerator: Int128(split), denominator: 3), rounding: .to("1", .down))),
        ]
        return Scenario(
            name: "holders", common: Shares(common.reduce(0, +)), pool: Shares(1000), instruments: instruments,
            events: events, commonHolders: holders("C", common))
    }
}

let holderCaseGenerator = zip(
    Gen.int(in: 1...2_000_000).array(of: 3), Gen.int(in: 1...500_000).array(of: 3),
    Gen.int(in: 1...300_000).array(of: 2), Gen.int(in: 0...1000).array(of: 5)
).map { (common: [Int], preferred: [Int], warrants: [Int], fractions: [Int]) -> HolderCase in
    HolderCase(
        common: common, preferred: preferred, warrants: warrants,
        tender: max(1, common.reduce(0, +) * fractions[0] / 1000), sold: max(1, preferred[0] * fractions[1] / 1000),
        exercised: max(1, warrants.reduce(0, +) * fractions[2] / 1000),
        converted: max(1, (preferred.reduce(0, +) - max(1, preferred[0] * fractions[1] / 1000)) * fractions[3] / 1000),
        split: 1 + fractions[4] % 7)
}

@Suite("Properties of holders")
struct HolderPropertyTests {
    @Test("holders' shares always add up to the class's, and everyone's ownership to one less the pool's")
    func holdersAddUp() async {
        await propertyCheck(input: holderCaseGenerator) { c in
            let timeline = try Engine(c.scenario()).run()
            for table in [timeline.initial] + timeline.steps.map(\.after) {
                for instrument in table.instruments where !instrument.holders.isEmpty {
                    var sum = Shares.zero
                    for holder in instrument.holders { sum = try sum + holder.shares }
                    #expect(sum == instrument.shares, "\(instrument.id): \(c)")
                    #expect(instrument.holders.allSatisfy { !$0.shares.isNegative }, "\(c)")
                }
                var common = Shares.zero
                var everyone = Shares.zero
                for holder in table.holders {
                    common = try common + holder.common
                    everyone = try everyone + holder.asConverted
                }
                #expect(common == table.common, "common: \(c)")
                #expect(try everyone + table.pool == table.fullyDiluted(), "fully diluted: \(c)")
            }
            // A transfer creates nothing: the tender leaves every count as it was.
            #expect(timeline.steps[0].after.common == timeline.initial.common, "\(c)")
            #expect(try timeline.steps[0].after.fullyDiluted() == timeline.initial.fullyDiluted(), "\(c)")
            // The sellers of the tender were paid $2 a share in all.
            var paid = Money.zero
            for holder in timeline.steps[0].after.holders { paid = try paid + holder.cash }
            #expect(paid == Money(units: Int128(c.tender) * 2 * 100_000_000), "\(c)")
        }
    }
}
