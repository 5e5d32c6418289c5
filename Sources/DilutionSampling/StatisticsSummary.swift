/// The statistics reported for one output metric of a simulation.
public struct StatisticsSummary: Sendable, Hashable {
    /// One estimated quantile.
    public struct Quantile: Sendable, Hashable {
        /// The probability p, between 0 and 1.
        public var probability: Double
        /// The estimated value x with P(X ≤ x) = p.
        public var value: Double

        /// Creates a quantile entry.
        public init(probability: Double, value: Double) {
            self.probability = probability
            self.value = value
        }
    }

    /// The number of finite values.
    public var count: Int
    /// The number of NaN or infinite values left out.
    public var nonFiniteCount: Int
    /// The mean (NaN when there are no values).
    public var mean: Double
    /// The sample standard deviation (NaN with fewer than two values).
    public var standardDeviation: Double
    /// The standard error of the mean, standard deviation / √n.
    public var standardError: Double
    /// The smallest value.
    public var minimum: Double
    /// The largest value.
    public var maximum: Double
    /// The quantiles, in the order asked for.
    public var quantiles: [Quantile]

    /// Creates a summary from its parts.
    public init(
        count: Int,
        nonFiniteCount: Int,
        mean: Double,
        standardDeviation: Double,
        standardError: Double,
        minimum: Double,
        maximum: Double,
        quantiles: [Quantile]
    ) {
        self.count = count
        self.nonFiniteCount = nonFiniteCount
        self.mean = mean
        self.standardDeviation = standardDeviation
        self.standardError = standardError
        self.minimum = minimum
        self.maximum = maximum
        self.quantiles = quantiles
    }
}
