internal import DilutionExact
import Foundation

/// Deterministic text for the simulation's CSV and JSON files.
package enum CSVText {
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
    /// (Foundation's `String(format:)` costs several times more per cell on Linux), after the exact integer
    /// formatter for the values it covers (most of a table), which costs a fraction of the C library's.
    static func appendG15(_ value: Double, to bytes: inout [UInt8]) {
        if appendG15Exact(value, to: &bytes) { return }
        appendG15C(value, to: &bytes)
    }

    /// `%.15g` of a finite value, from the C library's formatter.
    package static func appendG15C(_ value: Double, to bytes: inout [UInt8]) {
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: 32) { buffer in
            let count = withVaList([value]) { vsnprintf(buffer.baseAddress!, 32, "%.15g", $0) }
            buffer.baseAddress!.withMemoryRebound(to: UInt8.self, capacity: 32) { raw in
                bytes.append(contentsOf: UnsafeBufferPointer(start: raw, count: Int(min(count, 31))))
            }
        }
    }

    /// 10⁰ … 10²² as integers.
    private static let powersOfTen: [UInt128] = (0...22).map { n in (0..<n).reduce(UInt128(1)) { acc, _ in acc * 10 } }

    /// `%.15g` of a value whose magnitude lies in [10⁻⁸, 10¹⁵), appended as UTF-8 and computed with integers:
    /// the value is m·2^e exactly (m < 2⁵³, e < 0), so the 15 significant digits are m·10^k / 2^-e rounded
    /// half to even on the exact remainder, as the C library rounds (m·10^k < 2¹²⁷ for k ≤ 22). Returns false,
    /// writing nothing, for any other value (zero, NaN, infinities, subnormals, and magnitudes outside the range),
    /// which the C library formats instead. `CSVTextTests` compares the two on millions of values.
    @inline(__always)
    package static func appendG15Exact(_ value: Double, to bytes: inout [UInt8]) -> Bool {
        let magnitude = value.magnitude
        guard magnitude >= 1e-8, magnitude < 1e15 else { return false }
        let m = UInt128(magnitude.significandBitPattern | (1 << 52))
        let shift = 52 - Int(magnitude.exponent)  // magnitude = m / 2^shift, 2 ≤ shift ≤ 79 in this range
        // The decimal exponent X (10^X ≤ magnitude < 10^(X+1)) is floor(exponent·log₁₀2) or one more.
        var x = (Int(magnitude.exponent) * 78_913) >> 18
        var q: UInt128 = 0
        var remainder: UInt128 = 0
        while true {
            let k = 14 - x
            guard k >= 0, k <= 22 else { return false }
            let n = m * powersOfTen[k]
            q = n >> shift
            remainder = n - (q << shift)
            if q >= powersOfTen[15] {
                x += 1
            } else if q < powersOfTen[14] {
                x -= 1
            } else {
                break
            }
        }
        let half = UInt128(1) << (shift - 1)
        if remainder > half || (remainder == half && q & 1 == 1) { q += 1 }
        if q == powersOfTen[15] {
            q = powersOfTen[14]
            x += 1
        }
        // The 15 digits, most significant first.
        var digits: (UInt64, UInt64) = (0, 0)
        var count = 15
        withUnsafeMutableBytes(of: &digits) { raw in
            var rest = UInt64(q)
            for i in stride(from: 14, through: 0, by: -1) {
                raw[i] = UInt8(ascii: "0") &+ UInt8(rest % 10)
                rest /= 10
            }
            while count > 1, raw[count - 1] == UInt8(ascii: "0") { count -= 1 }
            if value < 0 { bytes.append(UInt8(ascii: "-")) }
            if x < -4 || x >= 15 {
                bytes.append(raw[0])
                if count > 1 {
                    bytes.append(UInt8(ascii: "."))
                    for i in 1..<count { bytes.append(raw[i]) }
                }
                bytes.append(UInt8(ascii: "e"))
                bytes.append(UInt8(ascii: x < 0 ? "-" : "+"))
                let e = x.magnitude
                if e >= 100 { bytes.append(UInt8(ascii: "0") &+ UInt8(e / 100)) }
                bytes.append(UInt8(ascii: "0") &+ UInt8(e / 10 % 10))
                bytes.append(UInt8(ascii: "0") &+ UInt8(e % 10))
            } else if x >= 0 {
                for i in 0...x { bytes.append(raw[i]) }
                if count > x + 1 {
                    bytes.append(UInt8(ascii: "."))
                    for i in (x + 1)..<count { bytes.append(raw[i]) }
                }
            } else {
                bytes.append(UInt8(ascii: "0"))
                bytes.append(UInt8(ascii: "."))
                for _ in 0..<(-x - 1) { bytes.append(UInt8(ascii: "0")) }
                for i in 0..<count { bytes.append(raw[i]) }
            }
        }
        return true
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
