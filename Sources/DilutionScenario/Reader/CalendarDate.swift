package import DilutionModel

// The date type is the model's `CalendarDate` (year, month, day; Comparable, Hashable, "2005-07-18"), so that
// events need no conversion and tests that import both modules see one type. This file adds the reader's
// diagnostics: which part of a date is wrong.

extension Value {
    /// A date written `YYYY-MM-DD` that exists in the calendar.
    ///
    /// "invalid date '2005-02-30' for 'date'; February 2005 has 28 days".
    package func date() throws(ScenarioError) -> CalendarDate {
        let text = try scalar(expected: "a date")
        switch CalendarDate.parseISO(text) {
        case .success(let date):
            return date
        case .failure(let problem):
            throw error("invalid date '\(text)' \(subject); \(problem.reason)")
        }
    }
}

/// Why a text is not a date, as the end of a sentence.
package struct CalendarDateProblem: Error, Sendable, Equatable {
    /// For example "February 2005 has 28 days".
    package var reason: String
}

extension CalendarDate {
    private static let monthNames = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
        "November", "December",
    ]

    /// Parses `YYYY-MM-DD` (four, two and two ASCII digits), saying what is wrong otherwise.
    ///
    /// Unlike the model's `init?(iso:)`, a failure says which part is wrong.
    package static func parseISO(_ text: String) -> Result<CalendarDate, CalendarDateProblem> {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        let widths = parts.map(\.utf8.count)
        guard parts.count == 3, widths == [4, 2, 2],
            parts.allSatisfy({ $0.utf8.allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) } }),
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2])
        else { return .failure(CalendarDateProblem(reason: "write dates as YYYY-MM-DD")) }
        guard year >= 1 else { return .failure(CalendarDateProblem(reason: "there is no year 0")) }
        guard (1...12).contains(month) else {
            return .failure(CalendarDateProblem(reason: "there is no month \(month)"))
        }
        let length = daysInMonth(month, year: year)
        guard (1...length).contains(day) else {
            if day == 0 { return .failure(CalendarDateProblem(reason: "there is no day 0")) }
            let name = monthNames[month - 1]
            return .failure(CalendarDateProblem(reason: "\(name) \(year) has \(length) days"))
        }
        guard let date = CalendarDate(year: year, month: month, day: day) else {
            return .failure(CalendarDateProblem(reason: "the date is out of range"))
        }
        return .success(date)
    }

    // Named apart from the model's own internal helper, which may one day become visible here.
    private static func daysInMonth(_ month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}
