/// A calendar date as OCF writes it, comparable and printable as `YYYY-MM-DD`.
public struct OCFDate: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int

    /// Reads `YYYY-MM-DD`, or the date part of an ISO timestamp.
    public init?(_ text: String) {
        let head = text.prefix(10)
        let parts = head.split(separator: "-")
        guard head.count == 10, parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
            (1...12).contains(month), (1...31).contains(day)
        else { return nil }
        if text.count > 10, text[text.index(text.startIndex, offsetBy: 10)] != "T" { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    public static func < (lhs: OCFDate, rhs: OCFDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    public var description: String {
        let m = month < 10 ? "0\(month)" : "\(month)"
        let d = day < 10 ? "0\(day)" : "\(day)"
        return "\(year)-\(m)-\(d)"
    }
}
