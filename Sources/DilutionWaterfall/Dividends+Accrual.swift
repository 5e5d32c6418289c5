public import DilutionExact
public import DilutionModel

extension Dividends {
    /// The dividends accrued on `principal` (issue price × shares) from `from` to `date`, actual/365,
    /// each step rounded to the nearest 10⁻⁸ dollar: simple, rate × principal × days ÷ 365; compound,
    /// the principal grown by (1 + rate) on each anniversary of `from`, then simple interest on that for the
    /// days since the last anniversary, less the principal. Nothing accrues before `from`.
    public func accrued(on principal: Money, at date: CalendarDate) throws(ArithmeticError) -> Money {
        guard cumulative, date > from else { return .zero }
        let scale = Wide.pow10(Ratio.decimals)
        func grow(_ amount: Int128, days: Int) throws(ArithmeticError) -> Int128 {
            // amount × rate × days ÷ 365
            let product = try Wide.multiply(
                try Wide.multiply(amount, rate.units, "accrued dividends"),
                Int128(days),
                "accrued dividends"
            )
            return try Wide.divide(product, scale * 365, .nearest, "accrued dividends")
        }
        switch compounding {
        case .simple:
            return Money(units: try grow(principal.units, days: Self.days(from: from, to: date)))
        case .compound:
            var value = principal.units
            var anniversary = from
            var years = 1
            while let next = Self.anniversary(of: from, years: years), next <= date {
                value += try grow(value, days: 365)
                anniversary = next
                years += 1
            }
            value += try grow(value, days: Self.days(from: anniversary, to: date))
            return Money(units: value - principal.units)
        }
    }

    /// The same day `years` later (February 29 becomes February 28 in a common year).
    static func anniversary(of date: CalendarDate, years: Int) -> CalendarDate? {
        CalendarDate(year: date.year + years, month: date.month, day: date.day)
            ?? CalendarDate(year: date.year + years, month: date.month, day: date.day - 1)
    }

    /// Days from `a` to `b`.
    static func days(from a: CalendarDate, to b: CalendarDate) -> Int { dayNumber(b) - dayNumber(a) }

    /// Days since 1970-01-01 (Howard Hinnant's days-from-civil).
    static func dayNumber(_ date: CalendarDate) -> Int {
        let y = date.month <= 2 ? date.year - 1 : date.year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (date.month + 9) % 12
        let doy = (153 * mp + 2) / 5 + date.day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }
}
