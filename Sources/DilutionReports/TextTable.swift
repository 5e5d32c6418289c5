/// A plain-text table with aligned columns, for terminal summaries.
public struct TextTable: Sendable {
    public enum Alignment: Sendable { case left, right }
    public var header: [String]
    public var alignments: [Alignment]
    public var rows: [[String]] = []

    public init(header: [String], alignments: [Alignment]) {
        self.header = header
        self.alignments = alignments
    }

    /// The table with a dashed rule under the header.
    public var text: String {
        let all = [header] + rows
        let widths = header.indices.map { column in all.map { $0[column].count }.max() ?? 0 }
        func line(_ cells: [String]) -> String {
            cells.indices.map { i in
                let pad = String(repeating: " ", count: widths[i] - cells[i].count)
                return alignments[i] == .left ? cells[i] + pad : pad + cells[i]
            }.joined(separator: "  ").trailingSpacesTrimmed() + "\n"
        }
        var out = line(header)
        out += widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ") + "\n"
        for row in rows { out += line(row) }
        return out
    }
}

extension String {
    func trailingSpacesTrimmed() -> String {
        var s = Substring(self)
        while s.last == " " { s = s.dropLast() }
        return String(s)
    }
}
