internal import DilutionExact
internal import DilutionModel
internal import DilutionDistributions

/// What a numeric input of an event stands for, so that a distribution written for it gets the checks a plain number
/// gets: no negative amounts or share counts, no price below zero, probabilities and fractions within [0, 1], and
/// nothing too large for the engine's exact types.
enum InputDomain {
    case money, shares, price, unitInterval
    /// A yearly rate: zero or more, with no upper bound.
    case rate

    init(_ field: InputField) {
        switch field {
        case .cash, .amount, .valuation, .investorAmount, .exitValue, .debt, .costs: self = .money
        case .poolTarget: self = .unitInterval
        case .common, .shares: self = .shares
        case .price, .fairValue, .sharePrice: self = .price
        case .fraction, .carveOut: self = .unitInterval
        case .instrument(_, .shares): self = .shares
        case .instrument(_, .price): self = .price
        case .instrument(_, .statedValue), .instrument(_, .cap): self = .money
        case .instrument(_, .discount): self = .unitInterval
        case .instrument(_, .interestRate): self = .rate
        }
    }

    /// Whether `number` converts to the exact type this input becomes.
    private func representable(_ number: Double) -> Bool {
        switch self {
        case .money: (try? Money(sampled: number)) != nil
        case .shares: (try? Shares(sampled: number)) != nil
        case .price: (try? Price(sampled: number)) != nil
        case .unitInterval: true
        case .rate: (try? Ratio(sampled: number)) != nil
        }
    }

    /// Throws at `value` when `distribution` can draw a number this input cannot take. Unbounded tails (a normal's,
    /// a lognormal's) are left to the sampling, which clamps them as the scenario format documents.
    func check(_ distribution: Distribution, at value: Value, key: String, context: String) throws(ScenarioError) {
        let (low, high) = distribution.support
        let draws =
            distribution.name == "fixed" ? "is fixed at" : "is a \(distribution.name) distribution that can draw"
        let subject = "'\(key)' in \(context)"
        switch self {
        case .unitInterval:
            if low < 0 || high > 1 {
                let bad = low < 0 ? low : high
                throw value.error("\(subject) must be between 0 and 1, but it \(draws) \(bad.messageText)")
            }
        case .money, .shares, .rate:
            if low.isFinite, low < 0 {
                throw value.error("\(subject) must be zero or more, but it \(draws) \(low.messageText)")
            }
        case .price:
            // A fixed price must be positive, as a plain one; a distribution may reach 0 (sampled prices are then
            // raised to $0.0001), but not below.
            if low.isFinite, low < 0 || (low == high && low == 0) {
                throw value.error("\(subject) must be more than zero, but it \(draws) \(low.messageText)")
            }
        }
        if high.isFinite, !representable(high) {
            throw value.error(
                "\(subject) is too large for the engine to represent exactly: it \(draws) \(high.messageText)")
        }
    }
}

extension Distribution {
    /// The smallest and largest values the distribution can draw (infinite for an unbounded tail).
    var support: (low: Double, high: Double) {
        switch self {
        case .fixed(let value): (value, value)
        case .bernoulli, .beta: (0, 1)
        case .uniform(let low, let high), .triangular(let low, _, let high): (low, high)
        case .normal(_, let sd): sd == 0 ? (mean, mean) : (-.infinity, .infinity)
        case .lognormal(let median, let sigma): sigma == 0 ? (median, median) : (0, .infinity)
        case .discrete(let values, let weights):
            {
                let drawn = zip(values, weights).filter { $0.1 > 0 }.map(\.0)
                return (drawn.min() ?? values[0], drawn.max() ?? values[0])
            }()
        }
    }
}

extension Double {
    /// The number as it appears in a scenario message: `-5000000`, `0.5`, `1e+35`.
    var messageText: String {
        if self == rounded(), magnitude < 1e15 { return String(Int64(self)) }
        return description
    }
}
