import DilutionExact
import Testing

/// numerator ÷ denominator and the quotient expected in each direction.
struct DivisionCase: Sendable, CustomTestStringConvertible {
    var numerator: Int128
    var denominator: Int128
    var nearest: Int128
    var down: Int128
    var up: Int128
    var testDescription: String { "\(numerator) / \(denominator)" }
}

@Suite("Wide division")
struct WideDivisionTests {
    @Test(
        "rounds nearest (halves away from zero), down (toward -∞) and up (toward +∞)",
        arguments: [
            // Exact quotients do not move.
            DivisionCase(numerator: 6, denominator: 3, nearest: 2, down: 2, up: 2),
            DivisionCase(numerator: -6, denominator: 3, nearest: -2, down: -2, up: -2),
            DivisionCase(numerator: 0, denominator: 7, nearest: 0, down: 0, up: 0),
            // Below a half.
            DivisionCase(numerator: 4, denominator: 3, nearest: 1, down: 1, up: 2),
            DivisionCase(numerator: -4, denominator: 3, nearest: -1, down: -2, up: -1),
            // Above a half.
            DivisionCase(numerator: 5, denominator: 3, nearest: 2, down: 1, up: 2),
            DivisionCase(numerator: -5, denominator: 3, nearest: -2, down: -2, up: -1),
            // Exact halves go away from zero.
            DivisionCase(numerator: 7, denominator: 2, nearest: 4, down: 3, up: 4),
            DivisionCase(numerator: -7, denominator: 2, nearest: -4, down: -4, up: -3),
            DivisionCase(numerator: 1, denominator: 2, nearest: 1, down: 0, up: 1),
            DivisionCase(numerator: -1, denominator: 2, nearest: -1, down: -1, up: 0),
            DivisionCase(numerator: 25, denominator: 10, nearest: 3, down: 2, up: 3),
            DivisionCase(numerator: -25, denominator: 10, nearest: -3, down: -3, up: -2),
            // Negative denominators.
            DivisionCase(numerator: 7, denominator: -2, nearest: -4, down: -4, up: -3),
            DivisionCase(numerator: -7, denominator: -2, nearest: 4, down: 3, up: 4),
            DivisionCase(numerator: 5, denominator: -3, nearest: -2, down: -2, up: -1),
            // Beyond 64 bits (the slow path), with an exact half.
            DivisionCase(
                numerator: Int128(UInt64.max) * 10 + 5, denominator: 10, nearest: Int128(UInt64.max) + 1,
                down: Int128(UInt64.max), up: Int128(UInt64.max) + 1),
            DivisionCase(
                numerator: -(Int128(UInt64.max) * 10 + 5), denominator: 10, nearest: -(Int128(UInt64.max) + 1),
                down: -(Int128(UInt64.max) + 1), up: -Int128(UInt64.max)),
            DivisionCase(
                numerator: Int128.max, denominator: Int128.max - 1, nearest: 1, down: 1, up: 2),
            // A denominator beyond 64 bits, just under and just over a half.
            DivisionCase(
                numerator: Int128(UInt64.max), denominator: Int128(UInt64.max) * 2 + 2, nearest: 0, down: 0, up: 1),
            DivisionCase(
                numerator: Int128(UInt64.max) + 1, denominator: Int128(UInt64.max) * 2 + 2, nearest: 1, down: 0,
                up: 1),
        ])
    func divides(_ testCase: DivisionCase) throws {
        let n = testCase.numerator
        let d = testCase.denominator
        #expect(try Wide.divide(n, d, .nearest, "test") == testCase.nearest)
        #expect(try Wide.divide(n, d, .down, "test") == testCase.down)
        #expect(try Wide.divide(n, d, .up, "test") == testCase.up)
    }

    @Test("division by zero is an error naming what was computed")
    func divisionByZero() {
        for direction in RoundingDirection.allCases {
            #expect(throws: ArithmeticError.divisionByZero("the test quotient")) {
                _ = try Wide.divide(1, 0, direction, "the test quotient")
            }
        }
    }

    @Test("the one quotient that does not fit is an overflow, not a trap")
    func minOverMinusOne() {
        #expect(throws: ArithmeticError.overflow("the test quotient")) {
            _ = try Wide.divide(Int128.min, -1, .nearest, "the test quotient")
        }
    }

    @Test("checked sum, difference and product report overflow")
    func checkedOperations() throws {
        #expect(try Wide.add(Int128.max - 1, 1, "sum") == Int128.max)
        #expect(throws: ArithmeticError.overflow("sum")) { _ = try Wide.add(Int128.max, 1, "sum") }
        #expect(throws: ArithmeticError.overflow("difference")) { _ = try Wide.subtract(Int128.min, 1, "difference") }
        #expect(throws: ArithmeticError.overflow("product")) { _ = try Wide.multiply(Int128.max / 2 + 1, 2, "product") }
        #expect(try Wide.multiply(-(Int128.max / 2), 2, "product") == -(Int128.max - 1))
        #expect(Wide.pow10(0) == 1)
        #expect(Wide.pow10(38) == 100_000_000_000_000_000_000_000_000_000_000_000_000)
    }
}
