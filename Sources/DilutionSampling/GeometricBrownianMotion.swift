import Foundation

/// A share price following geometric Brownian motion, dS = μ S dt + σ S dW, for example to drive warrant exercise.
///
/// Prices are sampled exactly (log-normal steps), not by an Euler scheme, so any horizon takes one draw.
public struct GeometricBrownianMotion: Sendable, Hashable {
    /// The price at time 0.
    public let initial: Double
    /// The annual drift μ: the expected price after t years is `initial × exp(μ t)`.
    public let drift: Double
    /// The annual volatility σ of the logarithm of the price.
    public let volatility: Double

    /// Creates the process; `initial` must be positive and `volatility` zero or positive.
    public init(initial: Double, drift: Double, volatility: Double) throws(SamplingError) {
        guard initial.isFinite, initial > 0 else {
            throw .invalidParameter(
                parameter: "initial",
                message: "initial must be a positive number, not \(initial.messageText)."
            )
        }
        guard drift.isFinite else {
            throw .invalidParameter(
                parameter: "drift",
                message: "drift must be a finite number, not \(drift.messageText)."
            )
        }
        guard volatility.isFinite, volatility >= 0 else {
            throw .invalidParameter(
                parameter: "volatility",
                message: "volatility must be zero or positive, not \(volatility.messageText)."
            )
        }
        self.initial = initial
        self.drift = drift
        self.volatility = volatility
    }

    /// The distribution of the price after `years`: log-normal with median S₀ exp((μ − σ²/2) t) and sigma σ √t.
    public func terminalDistribution(years: Double) -> Distribution {
        precondition(years >= 0, "A horizon must be zero or positive, not \(years) years.")
        return .lognormal(
            median: initial * exp((drift - volatility * volatility / 2) * years),
            sigma: volatility * years.squareRoot()
        )
    }

    /// The expected price after `years`, S₀ exp(μ t).
    public func expectedPrice(years: Double) -> Double {
        initial * exp(drift * years)
    }

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
