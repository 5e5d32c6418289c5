internal import CGSL
import DilutionDistributions
import Foundation

extension Distribution {
    // MARK: - Sampling

    /// Draws one value with GSL's sampler for the distribution.
    ///
    /// Bernoulli, uniform, normal (ziggurat), log-normal and beta use `gsl_ran_*`; triangular and discrete map one
    /// `uniform()` through `quantile(_:)`. `.fixed` draws nothing; the others draw one or more numbers.
    public func sample(_ rng: RandomGenerator) -> Double {
        let r = rng.pointer
        switch self {
        case .fixed(let value):
            return value
        case .bernoulli(let p):
            return Double(gsl_ran_bernoulli(r, p))
        case .uniform(let low, let high):
            return gsl_ran_flat(r, low, high)
        case .normal(let mean, let sd):
            return mean + gsl_ran_gaussian_ziggurat(r, sd)
        case .lognormal(let median, let sigma):
            // median · exp(σ Z) with Z from the ziggurat: the same law as gsl_ran_lognormal(ln median, σ),
            // without a logarithm per draw and with the faster normal generator.
            return sigma == 0 ? median : median * exp(gsl_ran_gaussian_ziggurat(r, sigma))
        case .beta(let a, let b):
            return gsl_ran_beta(r, a, b)
        case .triangular, .discrete:
            return quantile(rng.uniform())
        }
    }

    /// The smallest u in (0, 1) accepted by `quantile(_:)`, so that unbounded distributions stay finite.
    private static let lowestProbability = Double.leastNormalMagnitude
    /// The largest u below 1 (1 − 2⁻⁵³).
    private static let highestProbability = 1.0.nextDown

    /// The inverse distribution function: the value x with P(X ≤ x) = u, for mapping quasi-random points.
    ///
    /// `u` is clamped into the open interval (0, 1) first, so that the origin of a Niederreiter sequence or a rounding
    /// to 1 gives a large finite value rather than an infinity. Continuous cases use GSL's `gsl_cdf_*_Pinv`
    /// (triangular has a closed form); Bernoulli and discrete return the smallest value whose cumulative weight
    /// exceeds u.
    public func quantile(_ u: Double) -> Double {
        let u = min(max(u, Self.lowestProbability), Self.highestProbability)
        switch self {
        case .fixed(let value):
            return value
        case .bernoulli(let p):
            return u < 1 - p ? 0 : 1
        case .uniform(let low, let high):
            return low == high ? low : gsl_cdf_flat_Pinv(u, low, high)
        case .triangular(let low, let mode, let high):
            return Self.triangularQuantile(u, low: low, mode: mode, high: high)
        case .normal(let mean, let sd):
            return sd == 0 ? mean : mean + gsl_cdf_gaussian_Pinv(u, sd)
        case .lognormal(let median, let sigma):
            return sigma == 0 ? median : gsl_cdf_lognormal_Pinv(u, log(median), sigma)
        case .beta(let a, let b):
            return Self.betaQuantile(u, a, b)
        case .discrete(let values, let weights):
            return Self.discreteQuantile(u, values: values, weights: weights)
        }
    }

    /// The inverse distribution function checked: throws, rather than returning NaN, where it cannot be computed.
    public func checkedQuantile(_ u: Double) throws(SamplingError) -> Double {
        GSL.prepare()
        let value = quantile(u)
        if value.isNaN { throw .inversionFailed(distribution: description, probability: u) }
        return value
    }

    /// The beta quantile by bisection on the ordered bit patterns of the doubles in [0, 1], with GSL's
    /// `gsl_cdf_beta_P` as the distribution function.
    ///
    /// `gsl_cdf_beta_Pinv` aborts through the error handler ("inverse failed to converge") for shapes such as
    /// beta(50, 0.05), and never returns for beta(10⁶, 10⁶). Non-negative doubles order like their bit patterns, so
    /// at most 62 halvings of that integer interval find the double where the distribution function reaches `u`,
    /// whatever the parameters. NaN when GSL cannot evaluate the distribution function on the way.
    static func betaQuantile(_ u: Double, _ a: Double, _ b: Double) -> Double {
        unitQuantile(u) { gsl_cdf_beta_P($0, a, b) }
    }
}
