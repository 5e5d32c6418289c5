import DilutionExact
import Testing

/// A text and the decimal it reads as, significand and scale.
struct DecimalParseCase: Sendable, CustomTestStringConvertible {
    var text: String
    var significand: Int128
    var scale: Int
    var testDescription: String { "'\(text)'" }
}

/// A text that is not a decimal number and the whole message saying why.
struct DecimalRejectCase: Sendable, CustomTestStringConvertible {
    var text: String
    var message: String
    var testDescription: String { "'\(text)'" }
}

@Suite("Decimal numbers")
struct DecimalNumberTests {
    @Test(
        "parses plain, grouped, signed, dollar and percent forms exactly",
        arguments: [
            DecimalParseCase(text: "123", significand: 123, scale: 0),
            DecimalParseCase(text: "14.20", significand: 1420, scale: 2),
            DecimalParseCase(text: "-0.50", significand: -50, scale: 2),
            DecimalParseCase(text: "+7", significand: 7, scale: 0),
            DecimalParseCase(text: "1,478,000", significand: 1_478_000, scale: 0),
            DecimalParseCase(text: "1_478_000", significand: 1_478_000, scale: 0),
            DecimalParseCase(text: "1,921,400.00", significand: 192_140_000, scale: 2),
            DecimalParseCase(text: "$14.20", significand: 1420, scale: 2),
            DecimalParseCase(text: "-$500", significand: -500, scale: 0),
            DecimalParseCase(text: "$1,000", significand: 1000, scale: 0),
            DecimalParseCase(text: "12.5%", significand: 125, scale: 3),
            DecimalParseCase(text: "5%", significand: 5, scale: 2),
            DecimalParseCase(text: "-5%", significand: -5, scale: 2),
            DecimalParseCase(text: "  0.3125\t", significand: 3125, scale: 4),
            DecimalParseCase(text: ".5", significand: 5, scale: 1),
            DecimalParseCase(text: "5.", significand: 5, scale: 0),
            DecimalParseCase(text: "0.00000001", significand: 1, scale: 8),
            DecimalParseCase(
                text: "123456789012345678901234567890123456",
                significand: 123_456_789_012_345_678_901_234_567_890_123_456, scale: 0),
        ])
    func parses(_ testCase: DecimalParseCase) throws {
        let number = try DecimalNumber(parsing: testCase.text)
        #expect(number.significand == testCase.significand)
        #expect(number.scale == testCase.scale)
    }

    @Test(
        "rejects malformed text with a message naming the text and the reason",
        arguments: [
            DecimalRejectCase(text: "", message: "'' is not a decimal number: it is empty."),
            DecimalRejectCase(text: "   ", message: "'   ' is not a decimal number: it is empty."),
            DecimalRejectCase(text: "-", message: "'-' is not a decimal number: it has no digits."),
            DecimalRejectCase(text: "$", message: "'$' is not a decimal number: it has no digits."),
            DecimalRejectCase(text: "%", message: "'%' is not a decimal number: it has no digits."),
            DecimalRejectCase(text: ".", message: "'.' is not a decimal number: it has no digits."),
            DecimalRejectCase(text: "1.2.3", message: "'1.2.3' is not a decimal number: it has two decimal points."),
            DecimalRejectCase(
                text: "1.234,5",
                message: "'1.234,5' is not a decimal number: it has a digit separator after the decimal point."),
            DecimalRejectCase(
                text: "0.000_001",
                message: "'0.000_001' is not a decimal number: it has a digit separator after the decimal point."),
            DecimalRejectCase(
                text: "12a", message: "'12a' is not a decimal number: 'a' is not part of a decimal number."),
            DecimalRejectCase(
                text: "1e6", message: "'1e6' is not a decimal number: 'e' is not part of a decimal number."),
            DecimalRejectCase(
                text: "--1", message: "'--1' is not a decimal number: '-' is not part of a decimal number."),
            DecimalRejectCase(
                text: "$-5", message: "'$-5' is not a decimal number: '-' is not part of a decimal number."),
            DecimalRejectCase(
                text: "1 000", message: "'1 000' is not a decimal number: ' ' is not part of a decimal number."),
            DecimalRejectCase(
                text: "€5", message: "'€5' is not a decimal number: '€' is not part of a decimal number."),
            DecimalRejectCase(
                text: "1234567890123456789012345678901234567",
                message: "'1234567890123456789012345678901234567' is not a decimal number: "
                    + "it has more digits than can be represented exactly."),
        ])
    func rejects(_ testCase: DecimalRejectCase) {
        #expect {
            _ = try DecimalNumber(parsing: testCase.text)
        } throws: { error in
            (error as? DecimalParseError)?.description == testCase.message
        }
    }

    @Test("the parse error keeps the text and the reason apart")
    func parseErrorFields() {
        #expect {
            _ = try DecimalNumber(parsing: " 1.2.3")
        } throws: { error in
            let error = error as? DecimalParseError
            return error?.text == " 1.2.3" && error?.reason == "it has two decimal points"
        }
    }

    @Test("equal values at different scales are equal, hash alike and order by value")
    func equalityAcrossScales() throws {
        let a = try DecimalNumber(parsing: "1.50")
        let b = try DecimalNumber(parsing: "1.5")
        let c = try DecimalNumber(parsing: "150%")
        #expect(a == b)
        #expect(a == c)
        #expect(Set([a, b, c]).count == 1)
        #expect(try DecimalNumber(parsing: "1.49") < a)
        #expect(try DecimalNumber(parsing: "-2") < DecimalNumber(parsing: "-1.99"))
        #expect(!(a < b) && !(b < a))
    }

    @Test("the description is the shortest exact form")
    func description() throws {
        #expect(try DecimalNumber(parsing: "14.20").description == "14.2")
        #expect(try DecimalNumber(parsing: "-0.50").description == "-0.5")
        #expect(try DecimalNumber(parsing: "12.5%").description == "0.125")
        #expect(try DecimalNumber(parsing: "1,478,000").description == "1478000")
        #expect(try DecimalNumber(parsing: "0.00").description == "0")
    }

    @Test("sign and zero")
    func signAndZero() throws {
        #expect(try DecimalNumber(parsing: "-0.01").isNegative)
        #expect(try DecimalNumber(parsing: "0.000").isZero)
        #expect(try !DecimalNumber(parsing: "-0").isNegative)
        #expect(try !DecimalNumber(parsing: "0.01").isZero)
    }

    @Test("a quantity takes a decimal exactly, or fails when it is finer than the quantity carries")
    func exactConversion() throws {
        #expect(try Price(exactly: DecimalNumber(parsing: "0.3125")) == Price("0.3125"))
        #expect(try Price(exactly: DecimalNumber(parsing: "1.000000000001")).units == 1_000_000_000_001)
        // Trailing zeros beyond the resolution are not finer than it.
        #expect(try Money(exactly: DecimalNumber(parsing: "1.0000000000")) == Money(1))
        #expect(throws: ArithmeticError.self) {
            _ = try Price(exactly: DecimalNumber(parsing: "1.0000000000001"))
        }
        #expect(throws: ArithmeticError.self) {
            _ = try Shares(exactly: DecimalNumber(parsing: "0.0000001"))
        }
    }
}
