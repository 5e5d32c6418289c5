import DilutionExact
import Testing

/// `MoneyText`: the one reader of amounts of money, for scenario files and the command line.
@Suite("Money text")
struct MoneyTextTests {
    @Test(
        "Suffixes shift the decimal point exactly",
        arguments: [
            ("1.2B", 1_200_000_000, 0), ("700M", 700_000_000, 0), ("350k", 350_000, 0), ("2b", 2_000_000_000, 0),
            ("$43,000,000", 43_000_000, 0), ("1500000.25", 150_000_025, 2), ("0.1M", 100_000, 0),
            ("1.000000001M", 1_000_000_001, 3), ("  $1,200.5K ", 1_200_500, 0), ("-5M", -5_000_000, 0),
        ] as [(String, Int, Int)]
    )
    func exact(text: String, significand: Int, scale: Int) throws {
        let number = try MoneyText.decimal(parsing: text)
        #expect(number == DecimalNumber(significand: Int128(significand), scale: scale))
        // No binary floating point: 1.2B is 1,200,000,000 to the last digit, and 0.1M is not 100000.00000000001.
        #expect(number.scale >= 0)
    }

    @Test(
        "Bad amounts are refused with the reason",
        arguments: [
            ("12Q", "'Q' is not part of a decimal number"),
            ("M", "it has no digits"),
            ("5%", "it is a percentage, not an amount of money"),
            ("1.2 B", "the suffix 'B' must follow the digits directly, as in 700M or 1.2B"),
            ("1MM", "the suffix 'M' must follow the digits directly, as in 700M or 1.2B"),
            ("1,2M", "its digit separators must split the whole part into groups of three digits, as in 1,478,000"),
        ]
    )
    func refused(text: String, reason: String) {
        #expect { try MoneyText.decimal(parsing: text) } throws: { error in
            (error as? DecimalParseError).map { $0.text == text && $0.reason == reason } ?? false
        }
    }
}
