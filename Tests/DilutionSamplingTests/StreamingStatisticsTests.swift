import DilutionSampling
import Testing

struct StreamingStatisticsTests {
    private func uniforms(_ count: Int, seed: UInt64) throws -> [Double] {
        let rng = try RandomGenerator(seed: seed)
        return (0..<count).map { _ in rng.uniform() }
    }

    @Test func emptyStatisticsAreNaN() {
        let statistics = StreamingStatistics()
        #expect(statistics.count == 0)
        #expect(statistics.mean.isNaN && statistics.minimum.isNaN && statistics.quantile(0.5).isNaN)
    }

    @Test func smallSampleIsExact() {
        var statistics = StreamingStatistics()
        statistics.add(contentsOf: [2, 4, 4, 4, 5, 5, 7, 9])
        #expect(statistics.count == 8)
        #expect(statistics.mean == 5)
        #expect(abs(statistics.variance - 32.0 / 7) < 1e-12)
        #expect(statistics.minimum == 2 && statistics.maximum == 9)
        #expect(statistics.quantile(0.5) == 4)
        #expect(statistics.quantile(0.75) == 5)
        #expect(abs(statistics.standardError - (32.0 / 7 / 8).squareRoot()) < 1e-12)
    }

    @Test func mergingHalvesEqualsOnePass() throws {
        let values = try uniforms(100_000, seed: 4) + (0..<1000).map { Double($0) * 1e-3 - 3 }
        var whole = StreamingStatistics()
        whole.add(contentsOf: values)
        var first = StreamingStatistics()
        var second = StreamingStatistics()
        first.add(contentsOf: values[..<40_000])
        second.add(contentsOf: values[40_000...])
        var merged = first
        merged.merge(second)
        var reversed = second
        reversed.merge(first)

        for statistics in [merged, reversed] {
            #expect(statistics.count == whole.count)
            #expect(abs(statistics.mean - whole.mean) < 1e-12)
            #expect(abs(statistics.variance - whole.variance) < 1e-12)
            #expect(statistics.minimum == whole.minimum && statistics.maximum == whole.maximum)
            // The histogram depends on the values only, so quantiles agree exactly.
            for p in [0.001, 0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99] {
                #expect(statistics.quantile(p) == whole.quantile(p))
            }
        }
    }

    @Test func chunkedMergeIsIndependentOfChunking() throws {
        let values = try uniforms(50_000, seed: 6).map { $0 * $0 * 1e6 }
        func chunked(_ size: Int) -> StreamingStatistics {
            var total = StreamingStatistics()
            for start in stride(from: 0, to: values.count, by: size) {
                var chunk = StreamingStatistics()
                chunk.add(contentsOf: values[start..<min(start + size, values.count)])
                total.merge(chunk)
            }
            return total
        }
        let a = chunked(1000)
        let b = chunked(7919)
        #expect(StreamingStatistics.standardProbabilities.allSatisfy { a.quantile($0) == b.quantile($0) })
        #expect(a.count == b.count)
    }

    @Test func uniformQuantilesAreNearTheAnalyticOnes() throws {
        let n = 200_000
        var statistics = StreamingStatistics()
        statistics.add(contentsOf: try uniforms(n, seed: 12))
        let binWidth = 2.0 / Double(statistics.binCount)
        for p in StreamingStatistics.standardProbabilities {
            let samplingError = (p * (1 - p) / Double(n)).squareRoot()
            #expect(abs(statistics.quantile(p) - p) < binWidth + 4 * samplingError, "p = \(p)")
        }
        let summary = statistics.summary()
        #expect(summary.quantiles.map(\.probability) == StreamingStatistics.standardProbabilities)
        #expect(abs(summary.mean - 0.5) < 4 * summary.standardError)
        #expect(abs(summary.standardError - (1.0 / 12 / Double(n)).squareRoot()) < 1e-5)
    }

    @Test func normalQuantilesMatchTheInverseDistribution() throws {
        let distribution = Distribution.normal(mean: 100, sd: 15)
        let rng = try RandomGenerator(kind: .taus2, seed: 99)
        var statistics = StreamingStatistics()
        let n = 200_000
        for _ in 0..<n { statistics.add(distribution.sample(rng)) }
        let binWidth = 2 * (statistics.maximum - statistics.minimum) / Double(statistics.binCount)
        for p in StreamingStatistics.standardProbabilities {
            let exact = distribution.quantile(p)
            let density = (exact - distribution.quantile(p - 0.001)) / 0.001
            let samplingError = (p * (1 - p) / Double(n)).squareRoot() * density
            #expect(abs(statistics.quantile(p) - exact) < binWidth + 4 * samplingError, "p = \(p)")
        }
    }

    @Test func valuesTakingFewLevelsGiveExactQuantiles() {
        var statistics = StreamingStatistics()
        for i in 0..<10_000 { statistics.add(i % 10 < 6 ? 0.05 : 0.10) }
        #expect(statistics.quantile(0.5) == 0.05)
        #expect(statistics.quantile(0.6) == 0.05)
        #expect(statistics.quantile(0.61) == 0.10)
        var constant = StreamingStatistics()
        for _ in 0..<1000 { constant.add(4.51) }
        #expect(StreamingStatistics.standardProbabilities.allSatisfy { constant.quantile($0) == 4.51 })
        #expect(constant.variance == 0)
    }

    @Test func widelySpreadValuesStayBounded() {
        // Zero, tiny, negative and huge values force the bins to widen many times.
        var statistics = StreamingStatistics(binCount: 64)
        let tiny = Double.leastNonzeroMagnitude
        let values: [Double] = [0, tiny, -tiny, 1e-300, 1, -1e6, 3.5, 1e300, -2, 0.25]
        statistics.add(contentsOf: values)
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
        var statistics = StreamingStatistics()
        statistics.add(contentsOf: [1, .nan, 3, .infinity])
        #expect(statistics.count == 2 && statistics.nonFiniteCount == 2)
        #expect(statistics.mean == 2)
        var other = StreamingStatistics()
        other.add(-.infinity)
        other.merge(statistics)
        #expect(other.nonFiniteCount == 3 && other.count == 2)
    }
}
