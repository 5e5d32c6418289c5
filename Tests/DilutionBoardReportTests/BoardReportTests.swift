import DilutionBoardReport
import Testing

@Suite("The board report's HTML")
struct BoardReportTests {
    @Test("Every scenario string is escaped; charts are inline SVG; no external request")
    func escapingAndSelfContained() {
        let name = "Acme <script>alert(1)</script> & Sons \"A&lt;B\""
        var report = BoardReport(title: name, facts: ["file: a&b.yaml"])
        report.sections = [
            BoardReport.Section(
                id: "s", heading: name,
                blocks: [
                    .paragraph(name), .table(BoardReport.Table(header: [name], rows: [[name]])),
                    .notice("# Notice for \(name)\n\n| | Shares |\n|---|---:|\n| \(name) | **1,000** |\n"),
                    .chart(Chart(kind: .groupedBars, title: name, categories: [name], series: [ChartSeries(name: name, values: [1])])),
                ])
        ]
        let html = report.html
        #expect(!html.contains("<script"))
        #expect(html.contains("Acme &lt;script&gt;alert(1)&lt;/script&gt; &amp; Sons &quot;A&amp;lt;B&quot;"))
        #expect(html.contains("<svg xmlns=\"http://www.w3.org/2000/svg\""))
        for external in ["src=", "<link", "@import", "url(", "http://", "https://"] where external != "http://" {
            #expect(!html.contains(external), "\(external)")
        }
        // The only URL is the SVG namespace, which is never fetched.
        #expect(html.components(separatedBy: "http://").count - 1 == html.components(separatedBy: "http://www.w3.org/2000/svg").count - 1)
        #expect(html.contains("@media print"))
        #expect(html.contains("<td class=\"num\"><strong>1,000</strong></td>"))
    }

    @Test("Notices: headings, tables with their alignment, bold, code, lists and rules")
    func notices() {
        let nodes = NoticeMarkdown.html(
            "# Notice of X\n\nEvent: `e1`, price **$4.51**.\n\n| | Shares |\n|---|---:|\n| A | 1 |\n\n- Note: n\n\n---\n")
        let html = nodes.map(\.rendered).joined()
        #expect(html.contains("<h3>Notice of X</h3>"))
        #expect(html.contains("<p>Event: <code>e1</code>, price <strong>$4.51</strong>.</p>"))
        #expect(html.contains("<th class=\"num\">Shares</th>"))
        #expect(html.contains("<td class=\"num\">1</td>"))
        #expect(html.contains("<li>Note: n</li>"))
        #expect(html.contains("<hr>"))
    }

    @Test("Decimal text: exact rounding half away from zero, separators, dollars and percentages", arguments: [
        ("1234567.125", 2, "1,234,567.13"), ("-0.005", 2, "-0.01"), ("0.0049999", 2, "0.00"), ("2101345", 0, "2,101,345"),
        ("5534.5", 0, "5,535"),
    ])
    func decimals(_ text: String, _ places: Int, _ expected: String) {
        #expect(DecimalText.grouped(text, places: places) == expected)
    }

    @Test func dollarsAndPercent() {
        #expect(DecimalText.dollars("1478000") == "$1,478,000.00")
        #expect(DecimalText.dollars("-12.5") == "−$12.50")
        #expect(DecimalText.percent("0.8680737341") == "86.81%")
        #expect(DecimalText.percent("0.00070072") == "0.07%")
        #expect(DecimalText.grouped("") == "—")
        #expect(DecimalText.grouped("NaN") == "NaN")
    }
}
