internal import DilutionExact
import Foundation

/// Deterministic text for the simulation's CSV and JSON files.
enum CSVText {
    /// A statistic with ten significant digits (`%.10g`), zero unsigned; empty for NaN, `inf` or `-inf` for infinities.
    static func statistic(_ value: Double) -> String {
        if value.isNaN { return "" }
        if value == 0 { return "0" }
        if value.isInfinite { return value < 0 ? "-inf" : "inf" }
        return String(format: "%.10g", value)
    }

    /// A value exactly, in the shortest form that reads back to the same double (`0.1`, `3`, `1e-07`), zero
    /// unsigned; empty for NaN, `inf` or `-inf` for infinities.
    static func exact(_ value: Double) -> String {
        if value.isNaN { return "" }
        if value == 0 { return "0" }
        if value.isInfinite { return value < 0 ? "-inf" : "inf" }
        let text = value.description
        return text.hasSuffix(".0") ? String(text.dropLast(2)) : text
    }

    /// A value as a decimal of at most 15 significant digits (`%.15g`), zero unsigned; empty for NaN, `inf` or
    /// `-inf` for infinities. Every exact quantity of the engine that fits in 15 significant digits (a price,
    /// an amount, a share count) comes back as the decimal it is, without the binary tail of its double
    /// (`0.0457`, not `0.045700000000000074`); a ratio or a mean is given to 15 significant digits.
    static func decimal(_ value: Double) -> String {
        if value.isNaN { return "" }
        if value == 0 { return "0" }
        if value.isInfinite { return value < 0 ? "-inf" : "inf" }
        var bytes: [UInt8] = []
        appendG15(value, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `%.15g` of a finite value appended as UTF-8, through the C library's formatter into a stack buffer
    /// (Foundation's `String(format:)` costs several times more per cell on Linux).
    static func appendG15(_ value: Double, to bytes: inout [UInt8]) {
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: 32) { buffer in
            let count = withVaList([value]) { vsnprintf(buffer.baseAddress!, 32, "%.15g", $0) }
            buffer.baseAddress!.withMemoryRebound(to: UInt8.self, capacity: 32) { raw in
                bytes.append(contentsOf: UnsafeBufferPointer(start: raw, count: Int(min(count, 31))))
            }
        }
    }

    /// `decimal(value)` appended as UTF-8 to `bytes`, without making a string for whole numbers (most cells of a
    /// sweep's table: share counts, adjustments).
    static func appendDecimal(_ value: Double, to bytes: inout [UInt8]) {
        if value.isNaN { return }
        if value == 0 {
            bytes.append(UInt8(ascii: "0"))
            return
        }
        if value.isInfinite {
            bytes.append(contentsOf: (value < 0 ? "-inf" : "inf").utf8)
            return
        }
        // Below 10¹⁵ `%.15g` writes a whole number as its digits; from 10¹⁵ on, with an exponent.
        if value.magnitude < 1e15, value == value.rounded(.towardZero) {
            appendInteger(Int64(value), to: &bytes)
            return
        }
        appendG15(value, to: &bytes)
    }

    /// The decimal digits of `value`, with a minus sign when negative.
    static func appendInteger(_ value: Int64, to bytes: inout [UInt8]) {
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        let start = bytes.count
        repeat {
            bytes.append(UInt8(ascii: "0") &+ UInt8(magnitude % 10))
            magnitude /= 10
        } while magnitude > 0
        bytes[start...].reverse()
    }

    /// A CSV field, quoted as RFC 4180 requires when it holds a comma, a quote or a line break.
    static func field(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// A JSON string literal.
    static func jsonString(_ text: String) -> String { TextQuoting.doubleQuoted(text) }
}
