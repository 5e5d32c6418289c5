import DilutionSampling
import DilutionSimulation
import Testing

@Suite("Metric statistics")
struct MetricStatisticsTests {
    private func uniforms(_ count: Int, seed: UInt64) throws -> [Double] {
        let rng = try RandomGenerator(seed: seed)
        return (0..<count).map { _ in rng.uniform() }
    }

    private func chunked(_ values: [Double], by size: Int, binCount: Int = MetricStatistics.defaultBinCount)
        -> MetricStatistics
    {
        var total = MetricStatistics(binCount: binCount)
        for start in stride(from: 0, to: values.count, by: size) {
            total.merge(MetricStatistics(values: Array(values[start..<min(start + size, values.count)]), binCount: binCount))
        }
        return total
    }

    @Test func emptyStatisticsAreNaN() {
        let statistics = MetricStatistics(values: [])
        #expect(statistics.count == 0)
        #expect(statistics.mean.isNaN && statistics.minimum.isNaN && statistics.quantile(0.5).isNaN)
    }

    @Test func smallSampleIsExact() {
        let statistics = MetricStatistics(values: [2, 4, 4, 4, 5, 5, 7, 9])
        #expect(statistics.count == 8)
        #expect(statistics.mean == 5)
        #expect(abs(statistics.variance - 32.0 / 7) < 1e-12)
        #expect(statistics.minimum == 2 && statistics.maximum == 9)
        #expect(statistics.quantile(0.5) == 4)
        #expect(statistics.quantile(0.75) == 5)
        #expect(abs(statistics.standardError - (32.0 / 7 / 8).squareRoot()) < 1e-12)
    }

    @Test func chunkedMergeIsIndependentOfChunking() throws {
        let values = try uniforms(50_000, seed: 6).map { $0 * $0 * 1e6 } + (0..<1000).map { Double($0) * 1e-3 - 3 }
        let whole = MetricStatistics(values: values)
        for size in [1000, 7919, 16_384] {
            let merged = chunked(values, by: size)
            #expect(merged.count == whole.count)
            #expect(abs(merged.mean - whole.mean) <= 1e-12 * abs(whole.mean))
            #expect(abs(merged.variance - whole.variance) <= 1e-9 * whole.variance)
            #expect(merged.minimum == whole.minimum && merged.maximum == whole.maximum)
            // The histogram depends on the values only, so quantiles agree exactly.
            for p in [0.001] + MetricStatistics.standardProbabilities {
                #expect(merged.quantile(p) == whole.quantile(p), "chunks of \(size), p = \(p)")
            }
        }
    }

    @Test func uniformQuantilesAreNearTheAnalyticOnes() throws {
        let n = 200_000
        let statistics = chunked(try uniforms(n, seed: 12), by: 16_384)
        let binWidth = 2.0 / Double(statistics.binCount)
        for p in MetricStatistics.standardProbabilities {
            let samplingError = (p * (1 - p) / Double(n)).squareRoot()
            #expect(abs(statistics.quantile(p) - p) < binWidth + 4 * samplingError, "p = \(p)")
        }
        let summary = statistics.summary()
        #expect(summary.quantiles.map(\.probability) == MetricStatistics.standardProbabilities)
        #expect(abs(summary.mean - 0.5) < 4 * summary.standardError)
        #expect(abs(summary.standardError - (1.0 / 12 / Double(n)).squareRoot()) < 1e-5)
    }

    @Test func normalQuantilesMatchTheInverseDistribution() throws {
        let distribution = Distribution.normal(mean: 100, sd: 15)
        let rng = try RandomGenerator(kind: .taus2, seed: 99)
        let n = 200_000
        let statistics = chunked((0..<n).map { _ in distribution.sample(rng) }, by: 16_384)
        let binWidth = 2 * (statistics.maximum - statistics.minimum) / Double(statistics.binCount)
        for p in MetricStatistics.standardProbabilities {
            let exact = distribution.quantile(p)
            let density = (exact - distribution.quantile(p - 0.001)) / 0.001
            let samplingError = (p * (1 - p) / Double(n)).squareRoot() * density
            #expect(abs(statistics.quantile(p) - exact) < binWidth + 4 * samplingError, "p = \(p)")
        }
    }

    @Test func valuesTakingFewLevelsGiveExactQuantiles() {
        let statistics = MetricStatistics(values: (0..<10_000).map { $0 % 10 < 6 ? 0.05 : 0.10 })
        #expect(statistics.quantile(0.5) == 0.05)
        #expect(statistics.quantile(0.6) == 0.05)
        #expect(statistics.quantile(0.61) == 0.10)
        let constant = MetricStatistics(values: Array(repeating: 4.51, count: 1000))
        #expect(MetricStatistics.standardProbabilities.allSatisfy { constant.quantile($0) == 4.51 })
        #expect(constant.variance == 0)
    }

    /// A conversion rate that is exactly 0.5 on the 54 % of paths where a raise does not happen, and a little above
    /// it (in the same bin) on the others: the quantiles whose rank falls on the 0.5s are 0.5 exactly.
    @Test func aValueThatRepeatsInABinWithOthersIsExact() throws {
        let rng = try RandomGenerator(seed: 3)
        let values = (0..<100_000).map { _ -> Double in
            rng.uniform() < 0.54 ? 0.5 : 0.5 + 0.0004 * rng.uniform()
        }
        let statistics = chunked(values, by: 16_384)
        #expect(statistics.quantile(0.05) == 0.5)
        #expect(statistics.quantile(0.25) == 0.5)
        #expect(statistics.quantile(0.5) == 0.5)
        #expect(statistics.quantile(0.6) > 0.5)
        #expect(statistics.quantile(0.99) <= 0.5004)
    }

    /// A chunk whose finite values are all one number is counted with one update of its bin: the quantiles and the
    /// histogram must be those of counting the same values one at a time, NaNs and a 0 beside a −0 included.
    @Test func statisticsOfAChunkOfOneValueAreThoseOfItsValues() throws {
        let rng = try RandomGenerator(seed: 8)
        var values: [Double] = []
        for chunk in 0..<12 {
            for index in 0..<1000 {
                switch chunk % 4 {
                case 0: values.append(index % 7 == 0 ? .nan : 0.5)
                case 1: values.append(rng.uniform() < 0.3 ? 0.5 : 0.5 + 0.0004 * rng.uniform())
                case 2: values.append(index % 2 == 0 ? -0.0 : 0.0)
                default: values.append(rng.uniform() < 0.5 ? 0.0 : 2 * rng.uniform())
                }
            }
        }
        // The whole sample at once never has one value throughout; chunks of 1,000 do, one in two.
        let whole = MetricStatistics(values: values)
        let merged = chunked(values, by: 1000)
        #expect(merged.count == whole.count && merged.nonFiniteCount == whole.nonFiniteCount)
        for p in stride(from: 0.0, through: 1.0, by: 0.005) {
            #expect(merged.quantile(p).bitPattern == whole.quantile(p).bitPattern, "p = \(p)")
        }
        let mergedHistogram = merged.histogram(bins: 40)
        let wholeHistogram = whole.histogram(bins: 40)
        #expect(mergedHistogram.counts == wholeHistogram.counts)
        #expect(mergedHistogram.counts.reduce(0, +) == whole.count)
    }

    /// A bin keeps the first of a 0 and a −0 it sees as its extreme: a later one of the other sign equals it and is
    /// counted with it, so a quantile on the zeros is the zero that came first.
    @Test func theFirstZeroSeenIsTheQuantileOfTheZeros() {
        for (first, later) in [(0.0, -0.0), (-0.0, 0.0)] {
            let statistics = MetricStatistics(values: [first, later, later, 1, first, later, 2])
            #expect(statistics.quantile(0.4).bitPattern == first.bitPattern, "\(first) first")
            #expect(statistics.quantile(0.1).bitPattern == first.bitPattern, "\(first) first")
        }
    }

    @Test func widelySpreadValuesStayBounded() {
        // Zero, tiny, negative and huge values force the bins to widen many times.
        let tiny = Double.leastNonzeroMagnitude
        let values: [Double] = [0, tiny, -tiny, 1e-300, 1, -1e6, 3.5, 1e300, -2, 0.25]
        let statistics = chunked(values, by: 3, binCount: 64)
        #expect(statistics.count == values.count)
        #expect(statistics.minimum == -1e6 && statistics.maximum == 1e300)
        #expect(statistics.quantile(0) == -1e6)
        #expect(statistics.quantile(1) == 1e300)
        let sorted = values.sorted()
        for (i, value) in sorted.enumerated() {
            let q = statistics.quantile((Double(i) + 0.5) / Double(values.count))
            #expect(q >= sorted.first! && q <= sorted.last!, "value \(value)")
        }
    }

    @Test func nonFiniteValuesAreCountedApart() {
        var statistics = MetricStatistics(values: [1, .nan, 3, .infinity])
        #expect(statistics.count == 2 && statistics.nonFiniteCount == 2)
        #expect(statistics.mean == 2)
        var other = MetricStatistics(values: [-.infinity])
        other.merge(statistics)
        #expect(other.nonFiniteCount == 3 && other.count == 2)
        statistics.merge(MetricStatistics(values: []))
        #expect(statistics.count == 2)
    }
}
