import DilutionSampling
import Testing

/// The inverse distribution function on shapes where GSL's own inverse aborts or never returns.
struct ExtremeShapeTests {
    @Test(arguments: [(50.0, 0.05), (0.000001, 3.0), (2.0, 1e20), (0.001, 0.5), (0.01, 0.01), (0.05, 50.0)])
    func betaQuantileIsFiniteAndInvertsTheDistribution(a: Double, b: Double) throws {
        let beta = Distribution.beta(a: a, b: b)
        try beta.validate()
        var previous = 0.0
        for u in [1e-12, 0.1, 0.5, 0.9, 1 - 1e-12] {
            let x = try beta.checkedQuantile(u)
            #expect((0...1).contains(x), "beta(\(a), \(b)) at \(u): \(x)")
            #expect(x >= previous, "the quantile must not decrease")
            previous = x
        }
    }

    @Test func betaQuantileMatchesAKnownValue() throws {
        // beta(2, 2) has the distribution function 3x² − 2x³; at x = 0.25 that is 0.15625.
        let x = try Distribution.beta(a: 2, b: 2).checkedQuantile(0.15625)
        #expect(abs(x - 0.25) < 1e-12)
        #expect(try Distribution.beta(a: 2, b: 3).checkedQuantile(0.5) == Distribution.beta(a: 2, b: 3).quantile(0.5))
    }

    @Test func aQuantileGSLCannotComputeIsAnError() {
        #expect(throws: SamplingError.inversionFailed(distribution: "beta(1000000, 1000000)", probability: 0.5)) {
            try Distribution.beta(a: 1_000_000, b: 1_000_000).checkedQuantile(0.5)
        }
        #expect(
            SamplingError.inversionFailed(distribution: "beta(1000000, 1000000)", probability: 0.5).description
                == "The inverse distribution function of beta(1000000, 1000000) cannot be computed at probability 0.5; "
                + "the GNU Scientific Library fails for parameters this extreme.")
    }
}
