import DilutionSampling
import Foundation
import DilutionSimulation
import Testing

/// The integer `%.15g` formatter against the C library's, on the values a table holds and on adversarial ones.
struct CSVTextTests {
    private func compare(_ value: Double, _ mismatches: inout [String], _ covered: inout Int) {
        var exact: [UInt8] = []
        var c: [UInt8] = []
        CSVText.appendG15C(value, to: &c)
        if CSVText.appendG15Exact(value, to: &exact) {
            covered += 1
            if exact != c, mismatches.count < 10 {
                mismatches.append(
                    "\(value.bitPattern): \(String(decoding: exact, as: UTF8.self)) ≠ \(String(decoding: c, as: UTF8.self))")
            }
        } else {
            #expect(exact.isEmpty)
        }
    }

    @Test func randomMagnitudesMatchTheCLibrary() throws {
        let generator = try RandomGenerator(seed: 20_261_202)
        var mismatches: [String] = []
        var covered = 0
        for _ in 0..<400_000 {
            // Log-uniform over 10⁻¹² … 10¹⁸, both signs: inside and outside the exact formatter's range.
            let exponent = generator.uniform() * 30 - 12
            var value = pow(10.0, exponent)
            if generator.uniform() < 0.5 { value = -value }
            compare(value, &mismatches, &covered)
        }
        #expect(mismatches.isEmpty, "\(mismatches)")
        #expect(covered > 250_000)
    }

    @Test func decimalsRatiosAndTiesMatchTheCLibrary() throws {
        let generator = try RandomGenerator(seed: 7)
        var mismatches: [String] = []
        var covered = 0
        for _ in 0..<200_000 {
            // Short decimals (prices, amounts), ratios of share counts, and values on a tie at the 15th digit.
            let units = Double(Int(generator.uniform() * 1e9))
            let scale = pow(10.0, Double(Int(generator.uniform() * 12)))
            compare(units / scale, &mismatches, &covered)
            let a = Double(Int(generator.uniform() * 1e8) + 1)
            let b = Double(Int(generator.uniform() * 1e9) + 1)
            compare(a / b, &mismatches, &covered)
            let digits = Double(Int(generator.uniform() * 9e14) + Int(1e14))
            compare(digits + 0.5, &mismatches, &covered)
            compare((digits + 0.5) / 1024, &mismatches, &covered)
            compare(Double(bitPattern: 0x3E45_798E_E230_8C3A &+ UInt64(generator.uniform() * 1e18)), &mismatches, &covered)
        }
        for value in [1e-8, 9.99999999999999e-9, 1e-5, 1e-4, 9.9999999999999995e-5, 0.001, 0.1, 0.5, 1, 9.5,
            999_999_999_999_999.4, 99_999_999_999_999.95, 123_456_789_012_345.5, 0.30000000000000004, 2.5e-7]
        {
            compare(value, &mismatches, &covered)
            compare(-value, &mismatches, &covered)
        }
        #expect(mismatches.isEmpty, "\(mismatches)")
    }
}
