import DilutionDistributions
import Foundation

extension GeometricBrownianMotion {
    /// One price after `years`, drawn exactly: S₀ exp((μ − σ²/2) t + σ √t Z) with Z standard normal.
    public func terminalPrice(years: Double, rng: RandomGenerator) -> Double {
        precondition(years >= 0, "A horizon must be zero or positive, not \(years) years.")
        return step(from: initial, years: years, normal: rng.standardNormal())
    }

    /// The price after `years` at probability level `u` (for quasi-random points): the inverse of its distribution.
    public func terminalPrice(years: Double, quantile u: Double) -> Double {
        terminalDistribution(years: years).quantile(u)
    }

    /// One path observed at increasing `times` (in years from 0), drawn exactly with one normal per interval.
    public func prices(at times: [Double], rng: RandomGenerator) -> [Double] {
        var prices = [Double]()
        prices.reserveCapacity(times.count)
        var price = initial
        var now = 0.0
        for time in times {
            precondition(time >= now, "Observation times must be zero or positive and increasing; \(time) is not.")
            price = step(from: price, years: time - now, normal: rng.standardNormal())
            prices.append(price)
            now = time
        }
        return prices
    }

    private func step(from price: Double, years: Double, normal z: Double) -> Double {
        price * exp((drift - volatility * volatility / 2) * years + volatility * years.squareRoot() * z)
    }
}
