import DilutionSampling
import Foundation
import Testing

struct GeometricBrownianMotionTests {
    let process = try! GeometricBrownianMotion(initial: 0.50, drift: 0.08, volatility: 0.9)

    @Test func terminalMeanIsTheExpectedPrice() throws {
        let rng = try RandomGenerator(seed: 2005)
        let years = 2.0
        var statistics = Samples()
        for _ in 0..<200_000 { statistics.add(process.terminalPrice(years: years, rng: rng)) }
        let distribution = process.terminalDistribution(years: years)
        #expect(abs(distribution.mean - process.expectedPrice(years: years)) < 1e-12)
        #expect(abs(statistics.mean - process.expectedPrice(years: years)) < 4 * distribution.standardDeviation / 447)
        // Half the paths end below the median S₀ exp((μ − σ²/2) t).
        let median = 0.5 * exp((0.08 - 0.81 / 2) * years)
        #expect(abs(statistics.quantile(0.5) - median) < 0.01 * median)
        #expect(abs(process.terminalPrice(years: years, quantile: 0.5) - median) < 1e-12)
    }

    @Test func pathEndsLikeTheTerminalPrice() throws {
        let rng = try RandomGenerator(seed: 8)
        var statistics = Samples()
        for _ in 0..<100_000 { statistics.add(process.prices(at: [0.5, 1, 3], rng: rng)[2]) }
        let distribution = process.terminalDistribution(years: 3)
        #expect(abs(statistics.mean - distribution.mean) < 4 * distribution.standardDeviation / 316)
    }

    @Test func withoutVolatilityThePriceIsDeterministic() throws {
        let flat = try GeometricBrownianMotion(initial: 14.20, drift: 0.05, volatility: 0)
        let rng = try RandomGenerator(seed: 1)
        #expect(abs(flat.terminalPrice(years: 1, rng: rng) - 14.20 * exp(0.05)) < 1e-12)
    }

    @Test func invalidParametersAreRejected() {
        #expect(
            throws: SamplingError.invalidParameter(
                parameter: "initial",
                message: "initial must be a positive number, not 0."
            )
        ) { try GeometricBrownianMotion(initial: 0, drift: 0, volatility: 0.2) }
        #expect(
            throws: SamplingError.invalidParameter(
                parameter: "volatility",
                message: "volatility must be zero or positive, not -0.2."
            )
        ) { try GeometricBrownianMotion(initial: 1, drift: 0, volatility: -0.2) }
    }
}
