public import DilutionExact

/// Decimal numbers from the tool's CSV tables, written for people: thousands separators, a stated number of places
/// (rounded half away from zero, exactly, on the decimal text), dollars and percentages. Text that is not a plain
/// decimal (empty, "NaN", an exponent) is returned as it is, or as "—" when empty.
public enum DecimalText {
    /// `text` to `places` decimals (all its own when `nil`), grouped.
    public static func grouped(_ text: String, places: Int? = nil) -> String {
        guard let number = try? DecimalNumber(parsing: text) else { return text.isEmpty ? "—" : text }
        let decimals = places ?? max(0, number.scale)
        guard let units = units(number, decimals: decimals) else { return text }
        return DecimalFormatting.format(units: units, decimals: decimals, minimumFractionDigits: decimals, grouped: true)
    }

    /// `text` as dollars with `places` decimals: `$1,478,000.00`, `−$12.50`.
    public static func dollars(_ text: String, places: Int = 2) -> String {
        let value = grouped(text, places: places)
        guard let first = value.first, first == "-" || first.isNumber else { return value }
        return first == "-" ? "−$" + value.dropFirst() : "$" + value
    }

    /// A fraction (`0.8680737341`) as a percentage with `places` decimals (`86.81%`).
    public static func percent(_ text: String, places: Int = 2) -> String {
        guard var number = try? DecimalNumber(parsing: text) else { return text.isEmpty ? "—" : text }
        number = DecimalNumber(significand: number.significand, scale: number.scale - 2)
        guard let units = units(number, decimals: places) else { return text }
        return DecimalFormatting.format(units: units, decimals: places, minimumFractionDigits: places, grouped: true) + "%"
    }

    /// `number` in units of 10^-decimals, rounded half away from zero; `nil` on overflow.
    static func units(_ number: DecimalNumber, decimals: Int) -> Int128? {
        var significand = number.significand
        var scale = number.scale
        while scale < decimals {
            let (product, overflow) = significand.multipliedReportingOverflow(by: 10)
            if overflow { return nil }
            significand = product
            scale += 1
        }
        guard scale > decimals else { return significand }
        let shift = scale - decimals
        guard shift <= 38 else { return 0 }
        var divisor: Int128 = 1
        for _ in 0..<shift { divisor *= 10 }
        let (quotient, remainder) = significand.quotientAndRemainder(dividingBy: divisor)
        // Half away from zero: |remainder| ≥ divisor / 2, compared without overflow.
        if remainder.magnitude >= divisor.magnitude - remainder.magnitude {
            return quotient + (significand < 0 ? -1 : 1)
        }
        return quotient
        return significand
    }
}
