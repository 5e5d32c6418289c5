import DilutionSampling

/// The statistics of one output metric over many paths, in fixed memory and mergeable, built a chunk at a time.
///
/// Each chunk's values are read in two tight passes (count, sum and extremes; then squared deviations and bins).
/// Mean and variance are exact two-pass values per chunk, combined by Chan's formula; merge chunks in chunk order
/// for reproducible last bits. Minimum and maximum are exact.
///
/// Quantiles come from a histogram of at most `binCount` bins (4,096 by default, whatever the number of paths) whose
/// width is a power of two, 2^e: bin *k* holds [k·2^e, (k+1)·2^e), e is the smallest exponent for which every value
/// fits in `binCount` consecutive bins, and merging widens bins pairwise, exactly. The histogram is a function of the
/// multiset of values alone, so quantiles do not depend on the chunking or the thread count. A quantile p is found
/// at rank p·n; within its bin it is the bin's smallest value when the rank falls on the values equal to it, the
/// largest likewise, and otherwise interpolated linearly between the two. Its error is at most one bin width (about
/// 2 × range / `binCount`); it is exact whenever the bin holds at most two distinct values, as for metrics that take
/// few values.
///
/// Non-finite values (NaN, infinities) are counted in `nonFiniteCount` and otherwise left out.
package struct MetricStatistics: Sendable {
    /// The default number of histogram bins.
    package static let defaultBinCount = 4096
    /// The quantile probabilities reported by default: 1 %, 5 %, 25 %, 50 %, 75 %, 95 % and 99 %.
    package static let standardProbabilities: [Double] = [0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99]

    /// The number of finite values.
    package private(set) var count = 0
    /// The number of NaN or infinite values, left out of everything else.
    package private(set) var nonFiniteCount = 0
    private var runningMean = 0.0
    private var sumOfSquaredDeviations = 0.0
    private var smallest = Double.infinity
    private var largest = -Double.infinity
    private var bins: BinnedHistogram

    /// Creates empty statistics whose quantile histogram has at most `binCount` bins.
    package init(binCount: Int = MetricStatistics.defaultBinCount) {
        bins = BinnedHistogram(capacity: binCount)
    }

    /// The statistics of `values`, as one chunk.
    package init(values: [Double], binCount: Int = MetricStatistics.defaultBinCount) {
        self = values.withUnsafeBufferPointer { MetricStatistics($0, binCount: binCount) }
    }

    /// The statistics of a chunk's values of one metric; with `binning: false`, without the quantile histogram
    /// (the caller counts the values into one of its own, see `countValues(_:into:)`).
    init(_ values: UnsafeBufferPointer<Double>, binCount: Int, binning: Bool = true) {
        self.init(binCount: binCount)
        let (finite, sum, low, high) = Self.countSumAndExtremes(values)
        count = finite
        nonFiniteCount = values.count - finite
        guard finite > 0 else { return }
        smallest = low
        largest = high
        var mean = sum / Double(finite)
        if !sum.isFinite {
            // The sum overflows only for values near the largest double; a running mean does not.
            mean = 0
            var seen = 0.0
            for value in values where value.isFinite {
                seen += 1
                mean += (value - mean) / seen
            }
        }
        var squares = 0.0
        var deviations = 0.0
        for value in values where value.isFinite {
            let deviation = value - mean
            squares += deviation * deviation
            deviations += deviation
        }
        if binning { bins.add(values, minimum: low, maximum: high) }
        runningMean = mean
        // The corrected two-pass formula: the second term removes the rounding error of the mean. (Squares of
        // deviations beyond 10¹⁵⁴ overflow to +∞.)
        sumOfSquaredDeviations =
            squares.isFinite ? Swift.max(0, squares - deviations * deviations / Double(finite)) : .infinity
    }

    /// Counts a chunk's values, whose statistics are `self` (made with `binning: false`), into `histogram`.
    func countValues(_ values: UnsafeBufferPointer<Double>, into histogram: inout BinnedHistogram) {
        guard count > 0 else { return }
        histogram.add(values, minimum: smallest, maximum: largest)
    }

    /// Replaces the quantile histogram (the one the chunks' values were counted into).
    mutating func setHistogram(_ histogram: BinnedHistogram) {
        bins = histogram
    }

    private typealias Totals = (count: Int, sum: Double, minimum: Double, maximum: Double)

    /// The number, sum and extremes of the finite values, in four interleaved accumulators so that the additions and
    /// comparisons do not wait on one another (the grouping is fixed, so the sum is reproducible).
    private static func countSumAndExtremes(_ values: UnsafeBufferPointer<Double>) -> Totals {
        var count = (0, 0, 0, 0)
        var sum = (0.0, 0.0, 0.0, 0.0)
        var low = (Double.infinity, Double.infinity, Double.infinity, Double.infinity)
        var high = (-Double.infinity, -Double.infinity, -Double.infinity, -Double.infinity)
        @inline(__always)
        func add(_ value: Double, _ count: inout Int, _ sum: inout Double, _ low: inout Double, _ high: inout Double) {
            guard value.isFinite else { return }
            count += 1
            sum += value
            if value < low { low = value }
            if value > high { high = value }
        }
        let quads = values.count / 4
        for quad in 0..<quads {
            let index = quad * 4
            add(values[index], &count.0, &sum.0, &low.0, &high.0)
            add(values[index + 1], &count.1, &sum.1, &low.1, &high.1)
            add(values[index + 2], &count.2, &sum.2, &low.2, &high.2)
            add(values[index + 3], &count.3, &sum.3, &low.3, &high.3)
        }
        for index in quads * 4..<values.count { add(values[index], &count.0, &sum.0, &low.0, &high.0) }
        return (
            count.0 + count.1 + count.2 + count.3,
            (sum.0 + sum.1) + (sum.2 + sum.3),
            Swift.min(Swift.min(low.0, low.1), Swift.min(low.2, low.3)),
            Swift.max(Swift.max(high.0, high.1), Swift.max(high.2, high.3))
        )
    }

    // MARK: - Results

    /// The maximum number of quantile histogram bins.
    package var binCount: Int { bins.capacity }

    /// The mean, or NaN when there are no values.
    package var mean: Double { count > 0 ? runningMean : .nan }

    /// The sample variance (divisor n − 1), or NaN with fewer than two values.
    package var variance: Double { count > 1 ? sumOfSquaredDeviations / Double(count - 1) : .nan }

    /// The sample standard deviation, or NaN with fewer than two values.
    package var standardDeviation: Double { variance.squareRoot() }

    /// The standard error of the mean, standard deviation / √n (it overstates the error of quasi-random points).
    package var standardError: Double { standardDeviation / Double(count).squareRoot() }

    /// The smallest value, or NaN when there are none.
    package var minimum: Double { count > 0 ? smallest : .nan }

    /// The largest value, or NaN when there are none.
    package var maximum: Double { count > 0 ? largest : .nan }

    /// The estimated p-quantile (p between 0 and 1), or NaN when there are no values (see the type's notes).
    package func quantile(_ p: Double) -> Double {
        precondition((0...1).contains(p), "A quantile probability must be between 0 and 1, not \(p).")
        guard count > 0 else { return .nan }
        if p == 0 { return smallest }
        if p == 1 { return largest }
        return bins.quantile(p, total: count) ?? largest
    }

    /// Count, mean, spread and the quantiles at `probabilities`.
    package func summary(probabilities: [Double] = MetricStatistics.standardProbabilities) -> StatisticsSummary {
        StatisticsSummary(
            count: count,
            nonFiniteCount: nonFiniteCount,
            mean: mean,
            standardDeviation: standardDeviation,
            standardError: standardError,
            minimum: minimum,
            maximum: maximum,
            quantiles: probabilities.map { StatisticsSummary.Quantile(probability: $0, value: quantile($0)) }
        )
    }

    /// The histogram of the finite values in at most `bins` bins of equal width; see `MetricHistogram`.
    package func histogram(bins binLimit: Int) -> MetricHistogram {
        bins.histogram(bins: binLimit, minimum: smallest, maximum: largest)
    }

    // MARK: - Merging

    /// Adds the values summarized by `other` (with the same bin count), as if they had been added here.
    package mutating func merge(_ other: MetricStatistics) {
        nonFiniteCount += other.nonFiniteCount
        guard other.count > 0 else { return }
        guard count > 0 else {
            let offered = nonFiniteCount
            self = other
            nonFiniteCount = offered
            return
        }
        let total = count + other.count
        let delta = other.runningMean - runningMean
        let weight = Double(other.count) / Double(total)
        runningMean += delta * weight
        sumOfSquaredDeviations += other.sumOfSquaredDeviations + delta * delta * Double(count) * weight
        count = total
        smallest = Swift.min(smallest, other.smallest)
        largest = Swift.max(largest, other.largest)
        bins.merge(other.bins)
    }
}
