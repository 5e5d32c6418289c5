/// The notices `explain` prints, from their Markdown into HTML: the subset the notices use (headings, paragraphs,
/// pipe tables with their alignment, `**bold**` and `` `code` ``), every character of the text escaped.
public enum NoticeMarkdown {
    /// The HTML of `markdown`; `#` headings become `h3` so that they sit under the report's section headings.
    public static func html(_ markdown: String) -> [HTMLNode] {
        var nodes: [HTMLNode] = []
        var paragraph: [String] = []
        var table: [[String]] = []
        var alignments: [String] = []
        var items: [String] = []
        func flush() {
            if !items.isEmpty {
                nodes.append(.el("ul", children: items.map { HTMLNode.el("li", children: inline($0)) }))
                items = []
            }
            if !paragraph.isEmpty {
                nodes.append(.el("p", children: inline(paragraph.joined(separator: " "))))
                paragraph = []
            }
            if !table.isEmpty {
                nodes.append(tableNode(table, alignments: alignments))
                table = []
                alignments = []
            }
        }
        for raw in markdown.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = String(raw).trimmed(" ")
            if line.isEmpty {
                flush()
            } else if line == "---" || line == "***" {
                flush()
                nodes.append(.element("hr"))
            } else if line.hasPrefix("- ") || line.hasPrefix("* ") {
                if !paragraph.isEmpty || !table.isEmpty { flush() }
                items.append(String(line.dropFirst(2)))
            } else if line.hasPrefix("|") {
                if !paragraph.isEmpty { flush() }
                let cells = cells(of: line)
                if cells.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0 == "-" || $0 == ":" } }) {
                    alignments = cells.map { $0.hasSuffix(":") ? "right" : "left" }
                } else {
                    table.append(cells)
                }
            } else if line.hasPrefix("#") {
                flush()
                let level = line.prefix { $0 == "#" }.count
                let text = String(line.dropFirst(level)).trimmed(" ")
                nodes.append(.el(level <= 1 ? "h3" : "h4", children: inline(text)))
            } else {
                if !table.isEmpty || !items.isEmpty { flush() }
                paragraph.append(line)
            }
        }
        flush()
        return nodes
    }

    static func cells(of line: String) -> [String] {
        var body = Substring(line)
        if body.hasPrefix("|") { body = body.dropFirst() }
        if body.hasSuffix("|") { body = body.dropLast() }
        return body.split(separator: "|", omittingEmptySubsequences: false).map {
            String($0).trimmed(" ")
        }
    }

    static func tableNode(_ rows: [[String]], alignments: [String]) -> HTMLNode {
        func cell(_ tag: String, _ text: String, _ column: Int) -> HTMLNode {
            let align = column < alignments.count ? alignments[column] : "left"
            return HTMLNode.el(tag, align == "right" ? [("class", "num")] : [], children: inline(text))
        }
        var children: [HTMLNode] = []
        if let header = rows.first {
            children.append(HTMLNode.el("thead", children: [HTMLNode.el("tr", children: header.enumerated().map { cell("th", $0.element, $0.offset) })]))
        }
        children.append(
            HTMLNode.el("tbody", children: rows.dropFirst().map { row in
                HTMLNode.el("tr", children: row.enumerated().map { cell("td", $0.element, $0.offset) })
            }))
        return .el("table", [("class", "notice-table")], children: children)
    }

    /// Where the next `**` in `text` starts.
    static func closing(_ text: Substring) -> Substring.Index? {
        var index = text.startIndex
        while index < text.endIndex {
            if text[index...].hasPrefix("**") { return index }
            index = text.index(after: index)
        }
        return nil
    }

    /// `**bold**` and `` `code` `` spans; everything else is text.
    static func inline(_ text: String) -> [HTMLNode] {
        var nodes: [HTMLNode] = []
        var rest = Substring(text)
        var plain = ""
        while let c = rest.first {
            if rest.hasPrefix("**"), let end = closing(rest.dropFirst(2)) {
                if !plain.isEmpty { nodes.append(.text(plain)); plain = "" }
                nodes.append(HTMLNode.el("strong", String(rest[rest.index(rest.startIndex, offsetBy: 2)..<end])))
                rest = rest[rest.index(end, offsetBy: 2)...]
            } else if c == "`", let end = rest.dropFirst().firstIndex(of: "`") {
                if !plain.isEmpty { nodes.append(.text(plain)); plain = "" }
                nodes.append(HTMLNode.el("code", String(rest[rest.index(after: rest.startIndex)..<end])))
                rest = rest[rest.index(after: end)...]
            } else {
                plain.append(c)
                rest = rest.dropFirst()
            }
        }
        if !plain.isEmpty { nodes.append(.text(plain)) }
        return nodes
    }
}

extension String {
    func trimmed(_ character: Character) -> String {
        var slice = Substring(self)
        while slice.first == character { slice = slice.dropFirst() }
        while slice.last == character { slice = slice.dropLast() }
        return String(slice)
    }
}
