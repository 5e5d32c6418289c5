import DilutionReports
import Testing

@Suite("Cap-table bars for gnuplot")
struct CapTablePaletteTests {
    /// A cap table with `count` holders, holder i owning a share that grows with i.
    static func table(holders count: Int) -> CSVTable {
        let header = [
            "event_index", "event_id", "date", "holder", "kind", "shares", "price", "common_as_converted", "fd_ownership",
        ]
        let total = Double(count * (count + 1) / 2)
        var rows: [[String]] = []
        for i in 1...count {
            rows.append(["", "initial", "", "holder-\(i)", "common", "\(i)", "", "\(i)", "\(Double(i) / total)"])
        }
        rows.append(["", "initial", "", "total", "total", "", "", "\(total)", "1"])
        return CSVTable(header: header, rows: rows)
    }

    @Test("Up to sixteen holders, one column each; beyond, the smallest fold into one, so no colour repeats",
        arguments: [3, 16, 17, 25])
    func folds(_ count: Int) throws {
        let job = try PlotReshaping.job(.capTable, table: Self.table(holders: count), name: "t")
        let header = try #require(job.data.first?.contents.split(separator: "\n").first).split(separator: ",")
        #expect(header.count - 1 == min(count, 16))
        if count > 16 {
            #expect(header.last == "\"other (\(count - 15) smaller)\"")
            // The largest holders keep their own column.
            // (The table has no name column: each holder is named by its id, quoted for gnuplot.)
            #expect(header.contains("\"holder-\(count)\""))
            #expect(!header.contains("\"holder-1\""))
        }
    }
}
