import DilutionExact
import Testing

/// The quotient of `n ÷ d` rounded in `direction`, computed independently of `Wide`: truncated 128-bit
/// division, then moved by the remainder's sign and size.
private func referenceQuotient(_ n: Int128, _ d: Int128, _ direction: RoundingDirection) -> Int128 {
    let (q, r) = n.quotientAndRemainder(dividingBy: d)
    if r == 0 { return q }
    let negative = (n < 0) != (d < 0)
    switch direction {
    case .down: return negative ? q - 1 : q
    case .up: return negative ? q : q + 1
    case .nearest:
        guard r.magnitude * 2 >= d.magnitude else { return q }
        return negative ? q - 1 : q + 1
    }
}

/// A small seeded generator (SplitMix64), so that every run checks the same operands.
private struct SplitMix {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A value of `bits` significant bits at most, of either sign.
    mutating func operand(bits: Int) -> Int128 {
        let wide = Int128(truncatingIfNeeded: UInt128(next()) << 64 | UInt128(next()))
        let magnitude = bits >= 127 ? wide & Int128.max : wide & ((1 << bits) - 1)
        return next() & 1 == 0 ? magnitude : -magnitude
    }
}

@Suite("The 64-bit fast paths of the exact arithmetic")
struct WideFastPathTests {
    /// Operand sizes on both sides of the 64-bit boundary.
    static let sizes = [1, 8, 31, 52, 62, 63, 64, 65, 80, 100, 126]

    @Test("division gives the quotient of the general 128-bit division in every direction")
    func divisionMatchesTheReference() throws {
        var random = SplitMix(state: 1)
        var checked = 0
        for numeratorBits in Self.sizes {
            for denominatorBits in Self.sizes {
                for _ in 0..<200 {
                    let n = random.operand(bits: numeratorBits)
                    let d = random.operand(bits: denominatorBits)
                    guard d != 0 else { continue }
                    for direction in RoundingDirection.allCases {
                        #expect(try Wide.divide(n, d, direction, "test") == referenceQuotient(n, d, direction))
                    }
                    checked += 1
                }
            }
        }
        #expect(checked > 20_000)
    }

    /// Operands at the edges of 64 bits, as (numerator, denominator).
    static let edgeCases: [(Int128, Int128)] = {
        let max64 = Int128(Int64.max)
        let min64 = Int128(Int64.min)
        var cases: [(Int128, Int128)] = [(max64, 1), (min64, 1), (min64, 3), (max64, max64), (min64, max64)]
        cases += [(max64 + 1, 2), (min64 - 1, 2), (-7, max64), (max64 / 2 + 1, max64), (-(max64 / 2 + 1), max64)]
        cases += [(5, max64 + 1), (min64, -1)]
        return cases
    }()

    @Test("division at the edges of 64 bits", arguments: 0..<edgeCases.count)
    func edges(_ index: Int) throws {
        let (n, d) = Self.edgeCases[index]
        for direction in RoundingDirection.allCases {
            #expect(try Wide.divide(n, d, direction, "test") == referenceQuotient(n, d, direction))
        }
    }

    @Test("division by a product gives the quotient of dividing by the product itself")
    func divisionByAProduct() throws {
        var random = SplitMix(state: 2)
        var wide = 0
        for numeratorBits in [40, 64, 90, 110, 126] {
            for denominatorBits in [20, 40, 50, 64] {
                for factorBits in [1, 20, 34, 40, 64] {
                    for _ in 0..<100 {
                        let n = random.operand(bits: numeratorBits)
                        let d = random.operand(bits: denominatorBits).magnitude
                        let s = random.operand(bits: factorBits).magnitude
                        guard d != 0, s != 0, d.multipliedReportingOverflow(by: s).overflow == false,
                            d * s <= UInt128(Int128.max)
                        else { continue }
                        let (denominator, factor) = (Int128(d), Int128(s))
                        if d * s > UInt128(UInt64.max) { wide += 1 }
                        for direction in RoundingDirection.allCases {
                            #expect(
                                try Wide.divide(n, denominator, times: factor, direction, "test")
                                    == referenceQuotient(n, denominator * factor, direction))
                        }
                    }
                }
            }
        }
        // Most products need more than 64 bits: the two-step division is what is checked.
        #expect(wide > 2_000)
        // Halves of a product beyond 64 bits: 3 × 10¹⁰ × 10¹⁰ over 2 × 10¹⁰ × 10¹⁰, exactly 1.5.
        let step: Int128 = 10_000_000_000
        #expect(try Wide.divide(3 * step * step, 2 * step, times: step, .nearest, "test") == 2)
        #expect(try Wide.divide(-3 * step * step, 2 * step, times: step, .nearest, "test") == -2)
        #expect(try Wide.divide(3 * step * step - 1, 2 * step, times: step, .nearest, "test") == 1)
        #expect(throws: ArithmeticError.overflow("test")) {
            _ = try Wide.divide(1, Int128.max / 2, times: 3, .nearest, "test")
        }
        #expect(throws: ArithmeticError.divisionByZero("test")) {
            _ = try Wide.divide(1, 0, times: step, .nearest, "test")
        }
    }

    @Test("products within 64 bits and beyond match the checked 128-bit product")
    func multiplicationMatchesTheReference() throws {
        var random = SplitMix(state: 3)
        for aBits in Self.sizes {
            for bBits in Self.sizes {
                for _ in 0..<100 {
                    let a = random.operand(bits: aBits)
                    let b = random.operand(bits: bBits)
                    let (product, overflow) = a.multipliedReportingOverflow(by: b)
                    if overflow {
                        #expect(throws: ArithmeticError.overflow("test")) { _ = try Wide.multiply(a, b, "test") }
                    } else {
                        #expect(try Wide.multiply(a, b, "test") == product)
                    }
                }
            }
        }
        #expect(try Wide.multiply(Int128(Int64.min), Int128(Int64.min), "test") == Int128(1) << 126)
        #expect(try Wide.multiply(Int128(Int64.min), Int128(Int64.max), "test") == -(Int128(1) << 126) + (Int128(1) << 63))
    }
    @Test("the estimated division of non-negative values gives the exact quotient, or declines")
    func estimatedDivision() throws {
        var random = SplitMix(state: 4)
        var answered = 0
        var declined = 0
        func check(_ n: Int128, _ d: Int128) {
            for direction in RoundingDirection.allCases {
                if let fast = Wide.dividePositive(n, d, direction) {
                    #expect(fast == referenceQuotient(n, d, direction), "\(n) / \(d), \(direction)")
                    answered += 1
                } else {
                    // It declines only a quotient of 2⁵³ or more (or an operand out of its range).
                    #expect(n / d >= (1 << 52), "\(n) / \(d) declined")
                    declined += 1
                }
            }
        }
        for numeratorBits in [1, 20, 53, 64, 65, 90, 117, 126, 127] {
            for denominatorBits in [1, 20, 40, 64, 65, 75, 100, 127] {
                for _ in 0..<100 {
                    let n = random.operand(bits: numeratorBits).magnitude
                    let d = random.operand(bits: denominatorBits).magnitude
                    guard d != 0, n <= UInt128(Int128.max), d <= UInt128(Int128.max) else { continue }
                    check(Int128(n), Int128(d))
                }
            }
        }
        // Where an estimate is most likely one off: numerators next to a multiple of a wide divisor, exact halves,
        // and quotients on both sides of 2⁵³.
        for _ in 0..<2_000 {
            let d = random.operand(bits: 74).magnitude | 1
            let q = random.operand(bits: 53).magnitude
            guard q * d < UInt128(Int128.max) - d else { continue }
            let exact = Int128(q * d)
            for n in [
                exact - 1, exact, exact + 1, exact + Int128(d / 2), exact + Int128(d / 2) + 1, exact + Int128(d) - 1,
            ]
            where n >= 0 {
                check(n, Int128(d))
            }
        }
        for q: Int128 in [(1 << 53) - 1, 1 << 53, (1 << 53) + 1] {
            check(q * 1_000_003, 1_000_003)
            check(q * 1_000_003 + 500_002, 1_000_003)
        }
        check(Int128.max, Int128.max)
        check(Int128.max, 1 << 75)
        check(0, Int128.max)
        #expect(Wide.dividePositive(-1, 3, .down) == nil)
        #expect(Wide.dividePositive(1, 0, .down) == nil)
        #expect(Wide.dividePositive(1, -3, .down) == nil)
        #expect(answered > 20_000)
        #expect(declined > 100)
    }

    /// `StepRounding.divide` itself tries the fast division first, so the reference is the quotient of the
    /// independent 128-bit division by denominator × step, rounded in the rule's direction, times the step.
    @Test("a step's fast division, with or without a reciprocal, is the exact quotient whenever it answers")
    func stepFastDivision() throws {
        var random = SplitMix(state: 5)
        var answered = 0
        // Shared across the cases, as an issuance's clauses share it: a stale divisor is replaced, never used.
        var reciprocal = Reciprocal()
        let rules: [StepRounding] = try [
            StepRounding(.to("0.0001"), decimals: 12), StepRounding(.to("0.01", .down), decimals: 12),
            StepRounding(.to("1", .up), decimals: 6), StepRounding(.exact, decimals: 12),
        ]
        for rule in rules {
            for numeratorBits in [30, 64, 90, 110, 126] {
                for denominatorBits in [10, 40, 64, 80] {
                    for _ in 0..<200 {
                        let n = random.operand(bits: numeratorBits).magnitude
                        let d = random.operand(bits: denominatorBits).magnitude
                        guard d != 0 else { continue }
                        let (numerator, denominator) = (Int128(n), Int128(d))
                        guard let fast = rule.dividePositive(numerator, denominator) else { continue }
                        let expected =
                            rule.stepUnits == 0
                            ? referenceQuotient(numerator, denominator, .nearest)
                            : referenceQuotient(numerator, denominator * rule.stepUnits, rule.direction)
                                * rule.stepUnits
                        #expect(fast == expected)
                        #expect(rule.dividePositive(numerator, denominator, reciprocal: &reciprocal) == expected)
                        #expect(try rule.divide(numerator, denominator, what: "test") == expected)
                        answered += 1
                    }
                }
            }
        }
        #expect(answered > 5_000)
        // An overflow of denominator × step declines, so that the general division reports it.
        let step = try StepRounding(.to("0.0001"), decimals: 12)
        #expect(step.dividePositive(1, Int128.max / 2) == nil)
    }

    /// `Exact.asConverted` in raw units: shares × stated value × 10⁴ ÷ price to the nearest unit. Its 64-bit path
    /// (three operands below 2⁶³) and its 128-bit one must both give the independent quotient whenever they answer.
    @Test("the fast conversion is shares × stated value × 10⁴ ÷ price to the nearest unit, or declines")
    func fastConversion() throws {
        var random = SplitMix(state: 6)
        var answered = 0
        var declined = 0
        func check(_ shares: Int128, _ stated: Int128, _ price: Int128) {
            let (product, overflow) = shares.multipliedReportingOverflow(by: stated)
            let (numerator, overflow2) = product.multipliedReportingOverflow(by: 10_000)
            guard let fast = Exact.asConverted(shares, statedValue: stated, price: price) else {
                // It declines only what the general division handles: an overflow, a sign, a large quotient.
                #expect(
                    overflow || overflow2 || shares < 0 || stated < 0 || price <= 0
                        || numerator / price >= (1 << 52), "\(shares) × \(stated) / \(price) declined")
                declined += 1
                return
            }
            #expect(!overflow && !overflow2)
            #expect(fast == referenceQuotient(numerator, price, .nearest), "\(shares) × \(stated) / \(price)")
            answered += 1
        }
        for sharesBits in [1, 20, 37, 52, 62, 63, 64, 80] {
            for statedBits in [1, 10, 32, 50, 62, 63, 64] {
                for priceBits in [1, 14, 30, 45, 62, 63, 64, 70] {
                    for _ in 0..<40 {
                        check(
                            Int128(random.operand(bits: sharesBits).magnitude),
                            Int128(random.operand(bits: statedBits).magnitude),
                            Int128(random.operand(bits: priceBits).magnitude))
                    }
                }
            }
        }
        // Exact halves and quotients next to a whole number: where an estimate is most likely one off.
        for _ in 0..<2_000 {
            let price = Int128(random.operand(bits: 40).magnitude | 1)
            let shares = Int128(random.operand(bits: 36).magnitude)
            let stated = Int128(random.operand(bits: 20).magnitude)
            check(shares, stated, price)
            check(shares * price, stated, 20_000)
            check(shares * price * 2 + 1, 5_000, price * 2)
        }
        // Operands at the 2⁶³ boundary, a product at the limit, negative values and a zero price.
        check(Int128(Int64.max), 1, Int128(Int64.max))
        check(Int128(Int64.max) + 1, 1, Int128(Int64.max))
        check(1, 1, Int128(Int64.max) + 1)
        check(Int128.max / 10_000, 1, Int128.max / 10_000)
        check(Int128.max / 10_000 + 1, 1, Int128.max)
        check(-5, 3, 7)
        check(5, -3, 7)
        check(5, 3, 0)
        check(5, 3, -7)
        #expect(answered > 10_000)
        #expect(declined > 1_000)
    }
}
