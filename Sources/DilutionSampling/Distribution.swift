internal import CGSL
import Foundation

/// A probability distribution for one uncertain numeric input of a scenario.
///
/// Values are plain parameters: call `validate()` once (the scenario layer does) before sampling, because `sample(_:)`
/// and `quantile(_:)` assume valid parameters and do not check them on every draw.
public enum Distribution: Sendable, Hashable {
    /// Always `value`; draws nothing from the generator.
    case fixed(Double)
    /// 1 with probability `p`, otherwise 0.
    case bernoulli(p: Double)
    /// Uniform on [low, high].
    case uniform(low: Double, high: Double)
    /// Triangular on [low, high] with its peak at `mode`.
    case triangular(low: Double, mode: Double, high: Double)
    /// Normal with mean `mean` and standard deviation `sd`.
    case normal(mean: Double, sd: Double)
    /// Log-normal: exp(N(ln median, sigma²)), so `median` is the median and `sigma` the volatility of the logarithm.
    case lognormal(median: Double, sigma: Double)
    /// Beta on [0, 1] with shape parameters `a` and `b`.
    case beta(a: Double, b: Double)
    /// One of `values`, with probabilities proportional to `weights` (one non-negative weight per value).
    case discrete(values: [Double], weights: [Double])

    /// The distribution's name as the scenario file spells it.
    public var name: String {
        switch self {
        case .fixed: "fixed"
        case .bernoulli: "bernoulli"
        case .uniform: "uniform"
        case .triangular: "triangular"
        case .normal: "normal"
        case .lognormal: "lognormal"
        case .beta: "beta"
        case .discrete: "discrete"
        }
    }

    // MARK: - Validation

    /// Checks every parameter; the error names the parameter and says what is wrong, in a full sentence.
    public func validate() throws(SamplingError) {
        GSL.prepare()
        switch self {
        case .fixed(let value):
            try Self.finite(value, "value")
        case .bernoulli(let p):
            try Self.finite(p, "p")
            if !(0...1).contains(p) {
                throw .invalidParameter(parameter: "p", message: "p must be between 0 and 1, not \(p.messageText).")
            }
        case .uniform(let low, let high):
            try Self.ordered(low: low, high: high)
        case .triangular(let low, let mode, let high):
            try Self.ordered(low: low, high: high)
            try Self.finite(mode, "mode")
            if !(low...high).contains(mode) {
                throw .invalidParameter(
                    parameter: "mode",
                    message: "mode must be between low (\(low.messageText)) and high (\(high.messageText)), "
                        + "not \(mode.messageText)."
                )
            }
        case .normal(let mean, let sd):
            try Self.finite(mean, "mean")
            try Self.nonNegative(sd, "sd")
        case .lognormal(let median, let sigma):
            try Self.positive(median, "median")
            try Self.nonNegative(sigma, "sigma")
        case .beta(let a, let b):
            try Self.positive(a, "a")
            try Self.positive(b, "b")
        case .discrete(let values, let weights):
            if values.isEmpty {
                throw .invalidParameter(parameter: "values", message: "values must list at least one value.")
            }
            if weights.count != values.count {
                throw .invalidParameter(
                    parameter: "weights",
                    message: "weights must have one entry per value (\(values.count)), not \(weights.count)."
                )
            }
            for (index, value) in values.enumerated() { try Self.finite(value, "values[\(index)]") }
            for (index, weight) in weights.enumerated() { try Self.nonNegative(weight, "weights[\(index)]") }
            let total = weights.reduce(0, +)
            if total == 0 {
                throw .invalidParameter(parameter: "weights", message: "weights must not all be zero.")
            }
            if !total.isFinite {
                throw .invalidParameter(parameter: "weights", message: "weights must add up to a finite number.")
            }
        }
    }

    private static func finite(_ value: Double, _ name: String) throws(SamplingError) {
        if !value.isFinite {
            throw .invalidParameter(
                parameter: name,
                message: "\(name) must be a finite number, not \(value.messageText)."
            )
        }
    }

    private static func nonNegative(_ value: Double, _ name: String) throws(SamplingError) {
        try finite(value, name)
        if value < 0 {
            throw .invalidParameter(
                parameter: name,
                message: "\(name) must be zero or positive, not \(value.messageText)."
            )
        }
    }

    private static func positive(_ value: Double, _ name: String) throws(SamplingError) {
        try finite(value, name)
        if value <= 0 {
            throw .invalidParameter(parameter: name, message: "\(name) must be positive, not \(value.messageText).")
        }
    }

    private static func ordered(low: Double, high: Double) throws(SamplingError) {
        try finite(low, "low")
        try finite(high, "high")
        if low > high {
            throw .invalidParameter(
                parameter: "low",
                message: "low must not exceed high, but low is \(low.messageText) and high is \(high.messageText)."
            )
        }
    }

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
            let width = high - low
            if width == 0 { return low }
            if u * width < mode - low {
                return low + (u * width * (mode - low)).squareRoot()
            }
            return high - ((1 - u) * width * (high - mode)).squareRoot()
        case .normal(let mean, let sd):
            return sd == 0 ? mean : mean + gsl_cdf_gaussian_Pinv(u, sd)
        case .lognormal(let median, let sigma):
            return sigma == 0 ? median : gsl_cdf_lognormal_Pinv(u, log(median), sigma)
        case .beta(let a, let b):
            return Self.betaQuantile(u, a, b)
        case .discrete(let values, let weights):
            let target = u * weights.reduce(0, +)
            var cumulative = 0.0
            var last = values[0]
            for (value, weight) in zip(values, weights) where weight > 0 {
                cumulative += weight
                last = value
                if cumulative > target { return value }
            }
            return last
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
        var low: UInt64 = 0  // P(low) < u, or low is 0
        var high: UInt64 = (1.0).bitPattern  // P(high) ≥ u
        while high - low > 1 {
            let middle = low + (high - low) / 2
            let p = gsl_cdf_beta_P(Double(bitPattern: middle), a, b)
            if p.isNaN { return .nan }
            if p < u { low = middle } else { high = middle }
        }
        return Double(bitPattern: high)
    }

    /// The distribution as it reads in a message: `beta(50, 0.05)`.
    public var description: String {
        func text(_ values: [Double]) -> String { values.map(\.messageText).joined(separator: ", ") }
        switch self {
        case .fixed(let value): return "fixed(\(value.messageText))"
        case .bernoulli(let p): return "bernoulli(\(p.messageText))"
        case .uniform(let low, let high): return "uniform(\(text([low, high])))"
        case .triangular(let low, let mode, let high): return "triangular(\(text([low, mode, high])))"
        case .normal(let mean, let sd): return "normal(\(text([mean, sd])))"
        case .lognormal(let median, let sigma): return "lognormal(\(text([median, sigma])))"
        case .beta(let a, let b): return "beta(\(text([a, b])))"
        case .discrete(let values, _): return "discrete(\(text(values)))"
        }
    }

    // MARK: - Moments

    /// The analytic mean.
    public var mean: Double {
        switch self {
        case .fixed(let value): value
        case .bernoulli(let p): p
        case .uniform(let low, let high): (low + high) / 2
        case .triangular(let low, let mode, let high): (low + mode + high) / 3
        case .normal(let mean, _): mean
        case .lognormal(let median, let sigma): median * exp(sigma * sigma / 2)
        case .beta(let a, let b): a / (a + b)
        case .discrete(let values, let weights):
            zip(values, weights).reduce(0) { $0 + $1.0 * $1.1 } / weights.reduce(0, +)
        }
    }

    /// The analytic variance.
    public var variance: Double {
        switch self {
        case .fixed:
            return 0
        case .bernoulli(let p):
            return p * (1 - p)
        case .uniform(let low, let high):
            return (high - low) * (high - low) / 12
        case .triangular(let a, let c, let b):
            return (a * a + b * b + c * c - a * b - a * c - b * c) / 18
        case .normal(_, let sd):
            return sd * sd
        case .lognormal(let median, let sigma):
            let s2 = sigma * sigma
            return median * median * exp(s2) * expm1(s2)
        case .beta(let a, let b):
            return a * b / ((a + b) * (a + b) * (a + b + 1))
        case .discrete(let values, let weights):
            let mean = self.mean
            let total = weights.reduce(0, +)
            return zip(values, weights).reduce(0) { $0 + $1.1 * ($1.0 - mean) * ($1.0 - mean) } / total
        }
    }

    /// The analytic standard deviation.
    public var standardDeviation: Double { variance.squareRoot() }
}
