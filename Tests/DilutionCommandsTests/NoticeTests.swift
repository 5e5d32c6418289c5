import DilutionCommands
import Foundation
import Testing

/// Every kind of notice `explain` prints, on `Golden/every-notice.yaml`: a split and a reverse split,
/// a statement for each reason an issuance leaves a protected price alone (exempt, after the sunset,
/// waived, effective price not below, at the floor), and nothing at all for a series with nothing
/// outstanding.
@Suite("Notices of every kind")
struct NoticeTests {
    static let file = Golden.folder.appendingPathComponent("every-notice.yaml").path

    static func explain(_ event: String? = nil) throws -> String {
        try Operations.explain(file: file, event: event).stdout
    }

    @Test func everyNoticeMatchesTheGoldenFile() throws {
        try Golden.check(try Self.explain(), against: "every-notice.md")
    }

    @Test func splitsGetANoticeWithEveryPriceAndCount() throws {
        let split = try Self.explain("stock-split")
        #expect(split.hasPrefix("# Notice of a split of the common stock, 2 for 1\n"))
        #expect(split.contains("| common outstanding | 1,010,000 | 2,020,000 |"))
        #expect(split.contains("| Series B Preferred: conversion price | $1.00 | $0.50 |"))
        #expect(split.contains("| Series B Preferred: floor | $0.90 | $0.45 |"))
        let reverse = try Self.explain("reverse")
        #expect(reverse.hasPrefix("# Notice of a reverse split of the common stock, 1 for 4\n"))
        #expect(reverse.contains("each 4 shares of common become 1"))
        #expect(reverse.contains("| Series E Preferred: conversion price | $0.30 | $1.20 |"))
    }

    @Test("Each reason for no adjustment is stated", arguments: [
        ("grant", "Series A Preferred", "the issuance is exempt"),
        ("round", "Series C Preferred", "its clause ended on 2024-03-31 (its sunset)"),
        ("round", "Series D Preferred", "its holders waived the adjustment"),
        ("round", "Series E Preferred", "$450,000.00 ÷ 1,000,000 = $0.45 per share, is above it"),
        ("second-round", "Series B Preferred", "is below the floor of $0.45, and the conversion price is already at the floor"),
    ])
    func reason(event: String, series: String, words: String) throws {
        let notices = try Self.explain(event).components(separatedBy: "\n---\n")
        let notice = try #require(notices.first { $0.contains("# No adjustment of the conversion price of \(series)") })
        #expect(notice.contains(words))
    }

    @Test func aSeriesWithNothingOutstandingGetsNoNoticeAndNoAdjustment() throws {
        // Series A converted in full on 2024-02-15: the rounds after it neither adjust nor mention it.
        for event in ["round", "second-round"] {
            #expect(!(try Self.explain(event)).contains("Series A Preferred"), "event \(event)")
        }
        #expect(try Self.explain("grant").contains("Series A Preferred"))
    }

    @Test func theFullRatchetNoticeShowsThePriceItSets() throws {
        let round = try Self.explain("round")
        #expect(round.contains("$450,000.00 ÷ 1,000,000 = **$0.45** per share (exact)."))
        #expect(round.contains("New conversion price: **$0.45**."))
    }

    @Test func anEventLeftOutOfTheCentralPathIsSaidSo() throws {
        let outlook = Golden.scenario("vsource-2005-outlook.yaml")
        let bridge = try Operations.explain(file: outlook, event: "bridge").stdout
        #expect(bridge.hasPrefix("Event 'bridge' (2007-06-30) is left out of the central path"))
        #expect(bridge.contains("probability 0.4"))
        let all = try Operations.explain(file: outlook, event: nil).stdout
        #expect(all.hasPrefix("**Hypothetical central path.**"))
        #expect(all.contains("**Hypothetical**: on the central path, it happens with probability 0.7"))
        #expect(throws: (any Error).self) { try Operations.explain(file: outlook, event: "no-such-event") }
    }
}
