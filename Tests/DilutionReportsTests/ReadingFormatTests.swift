import DilutionReports
import Testing

/// Console numbers by unit: dollars with `$` and separators, share counts with separators, never an exponent.
@Suite("Numbers for reading")
struct ReadingFormatTests {
    @Test("Each value as the console shows it", arguments: [
        (13_881_700.0, Format.ReadingUnit.plain, false, "13,881,700"),
        (3_478_000.0, .dollars, false, "$3,478,000.00"),
        (-300_000.0, .dollars, true, "-$300,000.00"),
        (443_400.0, .dollars, true, "+$443,400.00"),
        (0.3125, .dollars, false, "$0.3125"),
        (1.89, .dollars, false, "$1.89"),
        (0.2, .dollars, false, "$0.20"),
        (0.000178157, .dollars, false, "$0.000178"),
        (1_108_500.0, .shares, true, "+1,108,500"),
        (12_157_059.77, .shares, false, "12,157,060"),
        (-493.048, .shares, false, "-493.05"),
        (3.93362e-07, .plain, false, "0.000000393362"),
        (0.0278995, .plain, false, "0.0278995"),
        (2.16529, .plain, false, "2.16529"),
        (3200.0, .plain, false, "3,200"),
        (3346.85, .plain, false, "3,346.85"),
        (0.0, .plain, false, "0"),
    ])
    func reading(value: Double, unit: Format.ReadingUnit, signed: Bool, expected: String) {
        #expect(Format.reading(value, unit: unit, signed: signed) == expected)
        #expect(!Format.reading(value, unit: unit, signed: signed).contains("e"))
    }

    @Test func metricsAreLabelledWithNames() {
        let names = ["series-2a": "Series 2-A Convertible Preferred"]
        #expect(Format.metricLabel("series-2a.price", names: names) == "Series 2-A Convertible Preferred: price")
        #expect(Format.metricLabel("common.ownership", names: names) == "other common holders: ownership")
        #expect(Format.metricLabel("fd_shares", names: names) == "fully diluted shares")
        #expect(Format.metricLabel("unknown-id.shares", names: names) == "unknown-id: shares")
        // Holders by name, a holder's part of an instrument with both names, the common class at an exit.
        #expect(Format.metricLabel("holder:Ada Founder.shares", names: names) == "Ada Founder (holder): shares")
        #expect(Format.metricLabel("holder[Ada Founder].proceeds", names: names) == "Ada Founder (holder): proceeds")
        // A name already ending in parentheses does not take a second pair.
        #expect(
            Format.metricLabel("holder:Series 6-A (hypothetical).shares", names: names)
                == "Series 6-A (hypothetical), holder: shares")
        #expect(
            Format.metricLabel("holder[Series 6-A (hypothetical)].proceeds", names: names)
                == "Series 6-A (hypothetical), holder: proceeds")
        #expect(Format.metricLabel("series-2a[Fund I].proceeds", names: names)
            == "Series 2-A Convertible Preferred, Fund I: proceeds")
        #expect(Format.metricLabel("common.proceeds", names: names) == "Common: proceeds")
    }

    @Test func unitsFollowTheMetricName() {
        #expect(Format.unit(of: "series-2a.price") == .dollars)
        #expect(Format.unit(of: "cash_raised") == .dollars)
        #expect(Format.unit(of: "next-raise.amount") == .dollars)
        #expect(Format.unit(of: "fd_shares") == .shares)
        #expect(Format.unit(of: "warrants-2005.exercised") == .shares)
        #expect(Format.unit(of: "series-2a.ownership") == .plain)
        #expect(Format.unit(of: "adjustments") == .plain)
    }
}
