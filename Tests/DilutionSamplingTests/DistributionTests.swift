import DilutionSampling
import Testing

struct DistributionTests {
    static let distributions: [Distribution] = [
        .fixed(0.5),
        .bernoulli(p: 0.3),
        .uniform(low: 0.25, high: 0.75),
        .triangular(low: 0.2, mode: 0.5, high: 1.4),
        .normal(mean: 4.51, sd: 0.8),
        .lognormal(median: 0.5, sigma: 0.6),
        .beta(a: 2, b: 5),
        .discrete(values: [0.3125, 0.5, 1, 14.2], weights: [1, 2, 0, 1]),
    ]

    /// |sample mean − analytic mean| must stay within four standard errors (plus rounding room for `.fixed`).
    private func expectMean(_ distribution: Distribution, of values: [Double]) {
        let n = Double(values.count)
        let mean = values.reduce(0, +) / n
        let tolerance = 4 * distribution.standardDeviation / n.squareRoot() + 1e-12 * abs(distribution.mean)
        #expect(abs(mean - distribution.mean) <= tolerance, "\(distribution): mean \(mean)")
    }

    @Test(arguments: distributions)
    func sampleMeanMatchesAnalyticMean(distribution: Distribution) throws {
        try distribution.validate()
        let rng = try RandomGenerator(seed: 20_050_718, stream: 1)
        expectMean(distribution, of: (0..<200_000).map { _ in distribution.sample(rng) })
    }

    @Test(arguments: distributions)
    func sobolThroughQuantileMatchesAnalyticMean(distribution: Distribution) throws {
        let sobol = try QuasiRandomSequence(dimension: 1)
        expectMean(distribution, of: (0..<(1 << 14)).map { _ in distribution.quantile(sobol.next()[0]) })
    }

    @Test(arguments: distributions)
    func sampleVarianceMatchesAnalyticVariance(distribution: Distribution) throws {
        let rng = try RandomGenerator(kind: .taus2, seed: 11)
        var statistics = Samples()
        for _ in 0..<200_000 { statistics.add(distribution.sample(rng)) }
        // Loose (5 %): far beyond the sampling error of a variance estimated from 200,000 draws of these shapes.
        #expect(abs(statistics.variance - distribution.variance) <= 0.05 * distribution.variance + 1e-12)
    }

    @Test func lognormalMedianSplitsTheMass() throws {
        let distribution = Distribution.lognormal(median: 0.5, sigma: 0.9)
        let rng = try RandomGenerator(kind: .ranlxd2, seed: 5)
        let n = 100_000
        let below = (0..<n).filter { _ in distribution.sample(rng) < 0.5 }.count
        let fraction = Double(below) / Double(n)
        #expect(abs(fraction - 0.5) < 4 * 0.5 / Double(n).squareRoot())
        #expect(abs(distribution.quantile(0.5) - 0.5) < 1e-12)
    }

    @Test func quantilesOfKnownDistributions() {
        #expect(abs(Distribution.normal(mean: 0, sd: 1).quantile(0.975) - 1.959963984540054) < 1e-12)
        #expect(Distribution.uniform(low: 2, high: 4).quantile(0.25) == 2.5)
        #expect(abs(Distribution.triangular(low: 0, mode: 1, high: 2).quantile(0.5) - 1) < 1e-15)
        #expect(abs(Distribution.beta(a: 2, b: 2).quantile(0.5) - 0.5) < 1e-12)
        #expect(Distribution.bernoulli(p: 0.3).quantile(0.69) == 0)
        #expect(Distribution.bernoulli(p: 0.3).quantile(0.71) == 1)
        let discrete = Distribution.discrete(values: [1, 2, 3], weights: [1, 0, 1])
        #expect(discrete.quantile(0.49) == 1)
        #expect(discrete.quantile(0.51) == 3)
        // The ends of the unit interval stay finite.
        #expect(Distribution.normal(mean: 0, sd: 1).quantile(0).isFinite)
        #expect(Distribution.normal(mean: 0, sd: 1).quantile(1).isFinite)
        #expect(Distribution.lognormal(median: 1, sigma: 1).quantile(0) > 0)
    }

    @Test func degenerateDistributionsAreConstant() throws {
        let rng = try RandomGenerator(seed: 1)
        for distribution in [
            Distribution.normal(mean: 3, sd: 0), .lognormal(median: 3, sigma: 0), .uniform(low: 3, high: 3),
            .triangular(low: 3, mode: 3, high: 3), .discrete(values: [3], weights: [2]),
        ] {
            try distribution.validate()
            #expect(distribution.sample(rng) == 3)
            #expect(distribution.quantile(0.3) == 3)
        }
    }

    static let invalid: [(Distribution, String, String)] = [
        (.fixed(.nan), "value", "value must be a finite number, not nan."),
        (.bernoulli(p: 1.5), "p", "p must be between 0 and 1, not 1.5."),
        (.bernoulli(p: -0.25), "p", "p must be between 0 and 1, not -0.25."),
        (.uniform(low: 5, high: 3), "low", "low must not exceed high, but low is 5 and high is 3."),
        (.uniform(low: 0, high: .infinity), "high", "high must be a finite number, not infinity."),
        (.triangular(low: 1, mode: 7, high: 5), "mode", "mode must be between low (1) and high (5), not 7."),
        (.normal(mean: 1, sd: -1), "sd", "sd must be zero or positive, not -1."),
        (.lognormal(median: 0.5, sigma: -1), "sigma", "sigma must be zero or positive, not -1."),
        (.lognormal(median: 0, sigma: 1), "median", "median must be positive, not 0."),
        (.beta(a: 0, b: 1), "a", "a must be positive, not 0."),
        (.beta(a: 1, b: -2.5), "b", "b must be positive, not -2.5."),
        (.discrete(values: [], weights: []), "values", "values must list at least one value."),
        (.discrete(values: [1, 2], weights: [1]), "weights", "weights must have one entry per value (2), not 1."),
        (.discrete(values: [1, 2], weights: [1, -1]), "weights[1]", "weights[1] must be zero or positive, not -1."),
        (.discrete(values: [1, 2], weights: [0, 0]), "weights", "weights must not all be zero."),
    ]

    @Test(arguments: invalid)
    func invalidParametersAreRejected(distribution: Distribution, parameter: String, message: String) {
        #expect(throws: SamplingError.invalidParameter(parameter: parameter, message: message)) {
            try distribution.validate()
        }
        #expect(SamplingError.invalidParameter(parameter: parameter, message: message).description == message)
    }
}
