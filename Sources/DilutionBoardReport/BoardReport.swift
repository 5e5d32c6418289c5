/// The board report: a title, lines about how it was made, and sections of paragraphs, notices, tables and charts,
/// rendered as one self-contained HTML page (no external request: styles inline, charts as inline SVG).
public struct BoardReport: Sendable, Hashable {
    public var title: String
    /// Lines under the title: the file, the seed and paths of the simulation, …
    public var facts: [String]
    public var sections: [Section]

    public init(title: String, facts: [String] = [], sections: [Section] = []) {
        self.title = title
        self.facts = facts
        self.sections = sections
    }

    /// One section; each starts on a new page when printed.
    public struct Section: Sendable, Hashable {
        public var id: String
        public var heading: String
        public var blocks: [Block]

        public init(id: String, heading: String, blocks: [Block] = []) {
            self.id = id
            self.heading = heading
            self.blocks = blocks
        }
    }

    public enum Block: Sendable, Hashable {
        case heading(String)
        case paragraph(String)
        /// A notice as `explain` prints it, in Markdown.
        case notice(String)
        case table(Table)
        case chart(Chart)
    }

    /// A table of text cells; numeric columns are right-aligned.
    public struct Table: Sendable, Hashable {
        public var caption: String?
        public var header: [String]
        public var rows: [[String]]
        public var numericColumns: Set<Int>
        /// Rows shown in bold (totals).
        public var emphasized: Set<Int>

        public init(
            caption: String? = nil, header: [String], rows: [[String]], numericColumns: Set<Int> = [],
            emphasized: Set<Int> = []
        ) {
            self.caption = caption
            self.header = header
            self.rows = rows
            self.numericColumns = numericColumns
            self.emphasized = emphasized
        }
    }

    /// The whole page.
    public var html: String {
        var body: [HTMLNode] = [.el("h1", title)]
        if !facts.isEmpty {
            body.append(.el("ul", [("class", "facts")], children: facts.map { HTMLNode.el("li", $0) }))
        }
        body.append(
            .el("nav", children: [
                HTMLNode.el("ol", children: sections.map { HTMLNode.el("li", children: [HTMLNode.el("a", [("href", "#\($0.id)")], $0.heading)]) })
            ]))
        for section in sections {
            var children: [HTMLNode] = [.el("h2", section.heading)]
            for block in section.blocks { children.append(contentsOf: Self.nodes(block)) }
            body.append(.el("section", [("id", section.id)], children: children))
        }
        let document = HTMLNode.el("html", [("lang", "en")], children: [
            .el("head", children: [
                .element("meta", attributes: [("charset", "utf-8")]),
                .element("meta", attributes: [("name", "viewport"), ("content", "width=device-width, initial-scale=1")]),
                .el("title", title),
                .element("style", children: [.trusted(Self.stylesheet)]),
            ]),
            .el("body", children: [.el("main", children: body)]),
        ])
        return "<!DOCTYPE html>\n" + document.rendered + "\n"
    }

    static func nodes(_ block: Block) -> [HTMLNode] {
        switch block {
        case .heading(let text): return [.el("h3", text)]
        case .paragraph(let text): return [.el("p", text)]
        case .notice(let markdown): return [.el("div", [("class", "notice")], children: NoticeMarkdown.html(markdown))]
        case .chart(let chart): return [.el("figure", [("class", "chart")], children: [.trusted(chart.svg())])]
        case .table(let table):
            var children: [HTMLNode] = []
            if let caption = table.caption { children.append(.el("caption", caption)) }
            func attributes(_ column: Int) -> [(String, String)] {
                table.numericColumns.contains(column) ? [("class", "num")] : []
            }
            children.append(
                .el("thead", children: [
                    .el("tr", children: table.header.enumerated().map { HTMLNode.el("th", attributes($0.offset), $0.element) })
                ]))
            children.append(
                .el("tbody", children: table.rows.enumerated().map { index, row in
                    HTMLNode.el("tr", table.emphasized.contains(index) ? [("class", "total")] : [],
                        children: row.enumerated().map { HTMLNode.el("td", attributes($0.offset), $0.element) } as [HTMLNode])
                }))
            return [.el("div", [("class", "table-wrap")], children: [.el("table", children: children)])]
        }
    }

    /// Screen and print styles. Printed, each section starts a page, tables wrap instead of clipping, their header
    /// rows repeat on every page, and neither a row nor a chart is cut in two.
    static let stylesheet = """
        :root { color-scheme: light; }
        body { font-family: Helvetica, Arial, sans-serif; color: #111; background: #fff; margin: 0; }
        main { max-width: 960px; margin: 0 auto; padding: 24px 28px 48px; }
        h1 { font-size: 26px; margin: 0 0 8px; }
        h2 { font-size: 20px; border-bottom: 2px solid #0072B2; padding-bottom: 4px; margin-top: 36px; }
        h3 { font-size: 16px; margin: 22px 0 8px; }
        h4 { font-size: 14px; margin: 16px 0 6px; }
        ul.facts { color: #333; font-size: 14px; padding-left: 18px; }
        nav ol { font-size: 14px; columns: 2; }
        nav a { color: #0072B2; }
        p { line-height: 1.45; font-size: 14px; }
        .table-wrap { overflow-x: auto; margin: 10px 0 18px; }
        table { border-collapse: collapse; font-size: 13px; }
        caption { text-align: left; font-weight: bold; padding: 4px 0; }
        th, td { border: 1px solid #ccc; padding: 4px 8px; text-align: left; vertical-align: top; }
        th { background: #f2f5f8; }
        td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
        tr.total td { font-weight: bold; background: #fafafa; }
        .notice { border: 1px solid #d8d8d8; border-left: 4px solid #009E73; padding: 4px 16px 10px; margin: 14px 0; }
        .notice table { margin: 8px 0; }
        code { font-family: Menlo, Consolas, monospace; font-size: 12px; background: #f3f3f3; padding: 0 3px; }
        figure.chart { margin: 14px 0 22px; }
        figure.chart svg { max-width: 100%; height: auto; display: block; }
        @media print {
            @page { size: A4; margin: 14mm; }
            main { max-width: none; padding: 0; }
            nav { display: none; }
            section { break-before: page; page-break-before: always; }
            h2, h3, h4 { break-after: avoid; page-break-after: avoid; }
            .table-wrap { overflow: visible; }
            table { font-size: 9pt; width: 100%; table-layout: auto; }
            td, th { word-break: break-word; }
            td.num, th.num { white-space: normal; }
            thead { display: table-header-group; }
            tr, figure.chart, .notice table { break-inside: avoid; page-break-inside: avoid; }
            a { color: inherit; text-decoration: none; }
        }
        """
}
