import DilutionExact
import Testing

@Suite("Formatting of fixed-point quantities")
struct FormattingTests {
    @Test("formatted(places:) groups thousands and pads to the places asked")
    func fixedPlaces() {
        #expect(Money("1921400").formatted(places: 2) == "1,921,400.00")
        #expect(Money("1921400").formatted(places: 2, grouped: false) == "1921400.00")
        #expect(Money("1478000").formatted(places: 0) == "1,478,000")
        #expect(Money("1234567890.12").formatted(places: 2) == "1,234,567,890.12")
        #expect(Money("999.5").formatted(places: 2) == "999.50")
        #expect(Money("-1234.5").formatted(places: 2) == "-1,234.50")
        #expect(Money("0").formatted(places: 2) == "0.00")
        #expect(Price("14.2").formatted(places: 4) == "14.2000")
        #expect(Shares("1.5").formatted(places: 8) == "1.50000000")
    }

    @Test("formatted(places:) rounds to nearest at the last place shown, halves away from zero")
    func roundsAtLastPlace() {
        #expect(Price("4.505").formatted(places: 2) == "4.51")
        #expect(Price("4.504999999999").formatted(places: 2) == "4.50")
        #expect(Price("-4.505").formatted(places: 2) == "-4.51")
        #expect(Shares("135309.86").formatted(places: 0) == "135,310")
        #expect(Shares("135309.5").formatted(places: 0) == "135,310")
        #expect(Shares("135309.49").formatted(places: 0) == "135,309")
        #expect(Money("999.995").formatted(places: 2) == "1,000.00")
        // A tiny negative value rounds to zero without a sign.
        #expect(Money("-0.004").formatted(places: 2) == "0.00")
    }

    @Test("the description is the plain, shortest exact form")
    func plainDescription() {
        #expect(Price("14.20").description == "14.2")
        #expect(Price("0.3125").description == "0.3125")
        #expect(Price("0.000000000001").description == "0.000000000001")
        #expect(Money("1478000").description == "1478000")
        #expect(Money("-0.50").description == "-0.5")
        #expect(Shares(0).description == "0")
        #expect(Shares("2101345").description == "2101345")
        #expect(Ratio("1.42").description == "1.42")
    }

    @Test("percentages of a ratio")
    func percent() {
        #expect(Ratio("0.123456").percent(places: 2) == "12.35")
        #expect(Ratio("1").percent(places: 1) == "100.0")
        #expect(Ratio("0.0005").percent(places: 2) == "0.05")
    }

    @Test("whole units round down unless told otherwise")
    func wholeUnits() {
        #expect(Shares("135309.86").wholeUnits() == 135_309)
        #expect(Shares("135309.86").wholeUnits(.nearest) == 135_310)
        #expect(Shares("135309.01").wholeUnits(.up) == 135_310)
        #expect(Shares("-1.5").wholeUnits() == -2)
    }

    @Test("the plain formatter at any number of decimals")
    func plainFormatter() {
        #expect(DecimalFormatting.plain(units: 123_450, decimals: 3) == "123.45")
        #expect(DecimalFormatting.plain(units: -5, decimals: 2) == "-0.05")
        #expect(DecimalFormatting.plain(units: 42, decimals: 0) == "42")
        #expect(
            DecimalFormatting.format(units: 123_456_789, decimals: 2, minimumFractionDigits: 1, grouped: true)
                == "1,234,567.89")
        #expect(
            DecimalFormatting.format(units: 100_000, decimals: 2, minimumFractionDigits: 0, grouped: true) == "1,000")
    }
}
