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
                + "its computation fails for parameters this extreme.")
        // Its median needs no GSL: ½ by symmetry.
        #expect(Distribution.beta(a: 1_000_000, b: 1_000_000).median == 0.5)
    }
}

/// The median that a scenario file's central path reads, computed without GSL, against GSL's inverse at ½.
struct MedianTests {
    /// A fixed sequence of numbers in [0, 1) (a 64-bit linear congruential generator), for parameters.
    struct Numbers {
        var state: UInt64
        mutating func next() -> Double {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Double(state >> 11) / Double(1 << 53)
        }
    }

    /// Where GSL's inverse at ½ has a closed form, the median is the same double: 2,000 parameter sets of each.
    @Test func closedFormsAreGSLsDoubles() throws {
        var numbers = Numbers(state: 7)
        for _ in 0..<2_000 {
            let (x, y, z) = (numbers.next() * 1e7 - 5e6, numbers.next() * 1e7, numbers.next())
            let cases: [Distribution] = [
                .uniform(low: x, high: x + y), .normal(mean: x, sd: y), .lognormal(median: y + 1e-3, sigma: z * 3),
                .triangular(low: x, mode: x + y * z, high: x + y), .bernoulli(p: z),
                .discrete(values: [x, y, z], weights: [z, 1 - z, 0.5]), .fixed(x),
            ]
            for distribution in cases {
                try distribution.validate()
                let gsl = try distribution.checkedQuantile(0.5)
                #expect(distribution.median.bitPattern == gsl.bitPattern, "\(distribution): \(distribution.median) ≠ \(gsl)")
            }
        }
    }

    /// Beta: ½ exactly for a = b; otherwise within 10⁻¹² of GSL's inverse at ½, from extreme shapes to ordinary ones.
    @Test(arguments: [
        (2.0, 3.0), (0.5, 0.5), (1.0, 2.0), (5.0, 1.0), (50.0, 0.05), (0.05, 50.0), (0.001, 0.5), (0.01, 0.02),
        (3.7, 12.2), (100.0, 300.0), (1000.0, 999.0), (0.000001, 3.0),
    ])
    func betaAgreesWithGSL(a: Double, b: Double) throws {
        let beta = Distribution.beta(a: a, b: b)
        let gsl = try beta.checkedQuantile(0.5)
        #expect(abs(beta.median - gsl) <= 1e-12, "beta(\(a), \(b)): \(beta.median) against GSL's \(gsl)")
        // The median is the first double at which the distribution function reaches ½.
        #expect(Distribution.betaDistribution(beta.median, a, b) >= 0.5)
        #expect(Distribution.betaDistribution(beta.median.nextDown, a, b) < 0.5)
    }

    @Test func aSymmetricBetaHasMedianOneHalf() {
        for a in [0.01, 1, 2, 7.5, 1e4, 1e6] { #expect(Distribution.beta(a: a, b: a).median == 0.5) }
        #expect(Distribution.beta(a: 2, b: 3).median < 0.5 && Distribution.beta(a: 3, b: 2).median > 0.5)
    }
}
