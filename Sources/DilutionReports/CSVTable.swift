/// A CSV table: a header and rows of text cells, written with RFC 4180 quoting.
public struct CSVTable: Sendable, Hashable {
    public var header: [String]
    public var rows: [[String]]

    public init(header: [String], rows: [[String]] = []) {
        self.header = header
        self.rows = rows
    }

    /// The table as CSV text, each line ending in `\n`.
    public var text: String {
        var out = Self.line(header)
        for row in rows { out += Self.line(row) }
        return out
    }

    static func line(_ cells: [String]) -> String {
        cells.map(quote).joined(separator: ",") + "\n"
    }

    static func quote(_ cell: String) -> String {
        guard cell.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return cell }
        return "\"" + cell.replacingAll("\"", with: "\"\"") + "\""
    }
}

extension String {
    func replacingAll(_ target: Character, with replacement: String) -> String {
        var out = ""
        for c in self { if c == target { out += replacement } else { out.append(c) } }
        return out
    }
}
