import Foundation

/// A probability distribution for one uncertain numeric input of a scenario.
///
/// Values are plain parameters, data that a scenario file reads without the GNU Scientific Library: call `validate()`
/// once (the scenario layer does) before sampling, because `sample(_:)` and `quantile(_:)` (in DilutionSampling, on
/// GSL) assume valid parameters and do not check them on every draw. `median` is computed here, without GSL.
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

    // MARK: - Median

    /// The median, computed without GSL: a scenario's central path takes every input at it.
    ///
    /// Where GSL's inverse distribution function at ½ reduces to a closed form, that form gives the same double as
    /// DilutionSampling's `quantile(0.5)`: uniform (1 − ½)·low + ½·high, normal its mean (the standard normal's
    /// inverse at ½ is 0), log-normal exp(ln median + σ·0); triangular, Bernoulli and discrete as `quantile` computes
    /// them. Beta is ½ exactly when a = b (by symmetry), else found by bisection on the ordered doubles of [0, 1]
    /// with this module's regularized incomplete beta function (`betaDistribution`), which agrees with GSL's
    /// `gsl_cdf_beta_P` to about 10⁻¹³; NaN where that continued fraction does not converge.
    public var median: Double {
        let u = 0.5
        switch self {
        case .fixed(let value):
            return value
        case .bernoulli(let p):
            return u < 1 - p ? 0 : 1
        case .uniform(let low, let high):
            return low == high ? low : (1 - u) * low + u * high
        case .triangular(let low, let mode, let high):
            return Self.triangularQuantile(u, low: low, mode: mode, high: high)
        case .normal(let mean, _):
            return mean
        case .lognormal(let median, let sigma):
            return sigma == 0 ? median : exp(log(median) + sigma * 0)
        case .beta(let a, let b):
            return a == b ? 0.5 : Self.unitQuantile(u) { Self.betaDistribution($0, a, b) }
        case .discrete(let values, let weights):
            return Self.discreteQuantile(u, values: values, weights: weights)
        }
    }

    /// The triangular distribution's inverse at `u`, in closed form (shared with DilutionSampling's `quantile`).
    package static func triangularQuantile(_ u: Double, low: Double, mode: Double, high: Double) -> Double {
        let width = high - low
        if width == 0 { return low }
        if u * width < mode - low {
            return low + (u * width * (mode - low)).squareRoot()
        }
        return high - ((1 - u) * width * (high - mode)).squareRoot()
    }

    /// The smallest of `values` whose cumulative weight exceeds `u` of the total (shared with `quantile`).
    package static func discreteQuantile(_ u: Double, values: [Double], weights: [Double]) -> Double {
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

    /// The first double x in [0, 1] with `distribution(x)` ≥ `u`, by bisection on the ordered bit patterns of the
    /// non-negative doubles (at most 62 halvings, whatever the distribution); NaN when `distribution` gives NaN on
    /// the way. Beta's median here, beta's quantile on GSL's distribution function in DilutionSampling.
    package static func unitQuantile(_ u: Double, _ distribution: (Double) -> Double) -> Double {
        var low: UInt64 = 0  // P(low) < u, or low is 0
        var high: UInt64 = (1.0).bitPattern  // P(high) ≥ u
        while high - low > 1 {
            let middle = low + (high - low) / 2
            let p = distribution(Double(bitPattern: middle))
            if p.isNaN { return .nan }
            if p < u { low = middle } else { high = middle }
        }
        return Double(bitPattern: high)
    }

    /// The median checked: throws, rather than returning NaN, where it cannot be computed.
    public func checkedMedian() throws(SamplingError) -> Double {
        let value = median
        if value.isNaN { throw .inversionFailed(distribution: description, probability: 0.5) }
        return value
    }

    /// The beta distribution function P(X ≤ x), the regularized incomplete beta function I_x(a, b), by the continued
    /// fraction of Numerical Recipes (§6.4, modified Lentz), on the side of the mean where it converges fast; NaN when
    /// it has not converged after 100,000 terms.
    package static func betaDistribution(_ x: Double, _ a: Double, _ b: Double) -> Double {
        if x <= 0 { return 0 }
        if x >= 1 { return 1 }
        let front = exp(lgamma(a + b) - lgamma(a) - lgamma(b) + a * log(x) + b * log1p(-x))
        if x < (a + 1) / (a + b + 2) { return front * continuedFraction(x, a, b) / a }
        return 1 - front * continuedFraction(1 - x, b, a) / b
    }

    private static func continuedFraction(_ x: Double, _ a: Double, _ b: Double) -> Double {
        let tiny = 1e-300
        let (sum, plus, minus) = (a + b, a + 1, a - 1)
        var c = 1.0
        var d = 1 - sum * x / plus
        if abs(d) < tiny { d = tiny }
        d = 1 / d
        var h = d
        for k in 1...100_000 {
            let m = Double(k), twice = 2 * m
            var term = m * (b - m) * x / ((minus + twice) * (a + twice))
            d = 1 + term * d
            if abs(d) < tiny { d = tiny }
            c = 1 + term / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            h *= d * c
            term = -(a + m) * (sum + m) * x / ((a + twice) * (plus + twice))
            d = 1 + term * d
            if abs(d) < tiny { d = tiny }
            c = 1 + term / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let step = d * c
            h *= step
            if abs(step - 1) < 1e-16 { return h }
        }
        return .nan
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
