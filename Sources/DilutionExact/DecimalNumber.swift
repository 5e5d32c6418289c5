/// An exact decimal literal `significand × 10^-scale`, as read from a scenario file or a command
/// line. It is the bridge from text to the engine's fixed-point quantities and never passes
/// through binary floating point.
public struct DecimalNumber: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The digits as an integer.
    public var significand: Int128
    /// How many of those digits follow the decimal point.
    public var scale: Int

    public init(significand: Int128, scale: Int) {
        self.significand = significand
        self.scale = scale
    }

    public init(_ integer: Int) {
        self.init(significand: Int128(integer), scale: 0)
    }

    /// Parses `123`, `-0.50`, `1,478,000`, `1_478_000`, `$14.20` or `12.5%` (which means 0.125).
    public init(parsing text: String) throws(DecimalParseError) {
        var body = Substring(text.trimmingSpaces())
        if body.isEmpty { throw DecimalParseError(text: text, reason: "it is empty") }
        var negative = false
        if body.first == "-" || body.first == "+" {
            negative = body.first == "-"
            body = body.dropFirst()
        }
        if body.first == "$" { body = body.dropFirst() }
        var percent = false
        if body.last == "%" {
            percent = true
            body = body.dropLast()
        }
        var significand: Int128 = 0
        var scale = 0
        var seenPoint = false
        var digits = 0
        // Thousands separators (`,` or `_`) must split the whole part into groups of three: 1,478,000 but not 1,2,3.
        var seenSeparator = false
        var groupDigits = 0
        let grouping = "its digit separators must split the whole part into groups of three digits, as in 1,478,000"
        for character in body {
            switch character {
            case "0"..."9":
                let digit = Int128(character.asciiValue! - 48)
                let (times10, o1) = significand.multipliedReportingOverflow(by: 10)
                let (next, o2) = times10.addingReportingOverflow(digit)
                if o1 || o2 || digits >= 36 {
                    throw DecimalParseError(text: text, reason: "it has more digits than can be represented exactly")
                }
                significand = next
                digits += 1
                if seenPoint { scale += 1 } else { groupDigits += 1 }
            case ".":
                if seenPoint { throw DecimalParseError(text: text, reason: "it has two decimal points") }
                if seenSeparator && groupDigits != 3 { throw DecimalParseError(text: text, reason: grouping) }
                seenPoint = true
            case ",", "_":
                if seenPoint { throw DecimalParseError(text: text, reason: "it has a digit separator after the decimal point") }
                if groupDigits == 0 || groupDigits > 3 || (seenSeparator && groupDigits != 3) {
                    throw DecimalParseError(text: text, reason: grouping)
                }
                seenSeparator = true
                groupDigits = 0
            default:
                throw DecimalParseError(text: text, reason: "'\(character)' is not part of a decimal number")
            }
        }
        if digits == 0 { throw DecimalParseError(text: text, reason: "it has no digits") }
        if !seenPoint && seenSeparator && groupDigits != 3 { throw DecimalParseError(text: text, reason: grouping) }
        if percent { scale += 2 }
        self.init(significand: negative ? -significand : significand, scale: scale)
    }

    /// The value as raw units at `decimals` places; fails if the literal is finer than that.
    @inlinable
    package func units(atDecimals decimals: Int, what: @autoclosure () -> String) throws(ArithmeticError) -> Int128 {
        if scale <= decimals {
            return try Wide.multiply(significand, Wide.pow10(decimals - scale), what())
        }
        let divisor = Wide.pow10(scale - decimals)
        if significand % divisor != 0 {
            throw .precision("\(what()): \(self) has more than \(decimals) decimal places")
        }
        return significand / divisor
    }

    /// The value rounded to `decimals` places.
    package func units(atDecimals decimals: Int, rounding: RoundingDirection) throws(ArithmeticError) -> Int128 {
        if scale <= decimals {
            return try Wide.multiply(significand, Wide.pow10(decimals - scale), "\(self)")
        }
        return try Wide.divide(significand, Wide.pow10(scale - decimals), rounding, "\(self)")
    }

    public var isZero: Bool { significand == 0 }
    public var isNegative: Bool { significand < 0 }

    public static func < (lhs: DecimalNumber, rhs: DecimalNumber) -> Bool {
        // Integer parts first, then the fractions at a common scale: never overflows.
        let (li, lf) = lhs.significand.quotientAndRemainder(dividingBy: Wide.pow10(lhs.scale))
        let (ri, rf) = rhs.significand.quotientAndRemainder(dividingBy: Wide.pow10(rhs.scale))
        if li != ri { return li < ri }
        let s = max(lhs.scale, rhs.scale)
        return lf * Wide.pow10(s - lhs.scale) < rf * Wide.pow10(s - rhs.scale)
    }

    public static func == (lhs: DecimalNumber, rhs: DecimalNumber) -> Bool {
        !(lhs < rhs) && !(rhs < lhs)
    }

    public func hash(into hasher: inout Hasher) {
        var s = significand
        var k = scale
        while k > 0, s % 10 == 0 {
            s /= 10
            k -= 1
        }
        hasher.combine(s)
        hasher.combine(k)
    }

    public var description: String {
        DecimalFormatting.plain(units: significand, decimals: scale)
    }
}

/// A decimal literal that could not be read.
public struct DecimalParseError: Error, Equatable, Sendable, CustomStringConvertible {
    public var text: String
    public var reason: String
    public var description: String { "'\(text)' is not a decimal number: \(reason)." }
}

extension String {
    func trimmingSpaces() -> String {
        var s = Substring(self)
        while let c = s.first, c == " " || c == "\t" { s = s.dropFirst() }
        while let c = s.last, c == " " || c == "\t" { s = s.dropLast() }
        return String(s)
    }
}
