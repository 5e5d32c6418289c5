/// A small RFC 4180 reader: the inverse of `CSVTable.text`.
///
/// Fields are separated by commas, records by `\n` or `\r\n`; a field in double quotes may hold commas,
/// line breaks and doubled quotes (`""`). A final line break is optional. Every record must have as many
/// fields as the header, so a truncated or hand-edited file is reported with its line number.
public enum CSVReader {
    /// Parses `text` into a header and rows; throws `PlotError.malformedCSV` on a stray quote or a ragged row.
    public static func parse(_ text: String, name: String = "the CSV") throws -> CSVTable {
        var records: [[String]] = []
        var record: [String] = []
        var field = ""
        var inQuotes = false
        var afterQuote = false
        var line = 1
        var recordLine = 1
        var quoteLine = 1
        var lines: [Int] = []
        var iterator = text.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar? = nil
        func endRecord() {
            record.append(field)
            field = ""
            records.append(record)
            lines.append(recordLine)
            record = []
            afterQuote = false
        }
        while let c = pending ?? iterator.next() {
            pending = nil
            if inQuotes {
                if c == "\"" {
                    if let next = iterator.next() {
                        if next == "\"" { field.unicodeScalars.append("\"") } else {
                            inQuotes = false
                            afterQuote = true
                            pending = next
                        }
                    } else {
                        inQuotes = false
                        afterQuote = true
                    }
                } else {
                    if c == "\n" { line += 1 }
                    field.unicodeScalars.append(c)
                }
                continue
            }
            switch c {
            case ",":
                record.append(field)
                field = ""
                afterQuote = false
            case "\r":
                continue
            case "\n":
                endRecord()
                line += 1
                recordLine = line
            case "\"":
                guard field.isEmpty, !afterQuote else {
                    throw PlotError.malformedCSV(name, "line \(line) has a quote inside an unquoted field")
                }
                inQuotes = true
                quoteLine = line
            default:
                guard !afterQuote else {
                    throw PlotError.malformedCSV(name, "line \(line) has text after a closing quote")
                }
                field.unicodeScalars.append(c)
            }
        }
        if inQuotes { throw PlotError.malformedCSV(name, "a quoted field opened on line \(quoteLine) never closes") }
        if !field.isEmpty || !record.isEmpty || afterQuote { endRecord() }
        guard let header = records.first, !(header.count == 1 && header[0].isEmpty) else {
            throw PlotError.malformedCSV(name, "it is empty")
        }
        for (index, row) in records.enumerated().dropFirst() where row.count != header.count {
            throw PlotError.malformedCSV(
                name, "line \(lines[index]) has \(row.count) fields where the header has \(header.count)")
        }
        return CSVTable(header: header, rows: Array(records.dropFirst()))
    }
}

extension CSVTable {
    /// The index of the column named `name`, if any.
    public func column(_ name: String) -> Int? { header.firstIndex(of: name) }
}
