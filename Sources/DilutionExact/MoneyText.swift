/// How an amount of money is written, in a scenario file and on the command line alike: `43000000`,
/// `43,000,000`, `$1,500,000.50`, or with a magnitude suffix, `350K` (thousand), `700M` (million),
/// `1.2B` (billion), in either case.
///
/// One reader for both, so that `--at 1.2B` and `value: 1.2B` mean the same exact 1,200,000,000: the
/// digits are read as a `DecimalNumber` and the suffix shifts its decimal point, never through `Double`.
public enum MoneyText {
    /// The suffixes and the power of ten each stands for.
    public static let suffixes: [(letter: Character, exponent: Int)] = [("K", 3), ("M", 6), ("B", 9)]

    /// The exact value of `text`; a percentage is an error (`50%` is not $0.50).
    public static func decimal(parsing text: String) throws(DecimalParseError) -> DecimalNumber {
        var body = Substring(text.trimmingSpaces())
        if body.last == "%" {
            throw DecimalParseError(text: text, reason: "it is a percentage, not an amount of money")
        }
        var exponent = 0
        if let last = body.last, let suffix = suffixes.first(where: { String($0.letter) == last.uppercased() }) {
            exponent = suffix.exponent
            body = body.dropLast()
            if let digit = body.last, !digit.isNumber {
                throw DecimalParseError(
                    text: text, reason: "the suffix '\(last)' must follow the digits directly, as in 700M or 1.2B")
            }
        }
        let number: DecimalNumber
        do {
            number = try DecimalNumber(parsing: String(body))
        } catch {
            throw DecimalParseError(text: text, reason: body.isEmpty ? "it has no digits" : error.reason)
        }
        guard exponent > 0 else { return number }
        if number.scale >= exponent {
            return DecimalNumber(significand: number.significand, scale: number.scale - exponent)
        }
        guard let significand = try? Wide.multiply(number.significand, Wide.pow10(exponent - number.scale), "")
        else {
            throw DecimalParseError(text: text, reason: "it has more digits than can be represented exactly")
        }
        return DecimalNumber(significand: significand, scale: 0)
    }
}
