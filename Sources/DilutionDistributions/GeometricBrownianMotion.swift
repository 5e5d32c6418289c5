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
}
