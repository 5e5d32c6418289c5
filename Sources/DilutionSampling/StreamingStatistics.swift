/// Summary statistics of one output metric over many simulated paths, in fixed memory and mergeable.
///
/// Count, mean and variance use Welford's update and Chan's merge; minimum and maximum are exact. Quantiles come from
/// a histogram of at most `binCount` bins (4,096 by default: about 96 KB per metric, whatever the number of paths).
///
/// The histogram's bins have a width of a power of two, 2^e, and bin *k* holds the values in [k·2^e, (k+1)·2^e). The
/// exponent e is the smallest for which every value seen fits in `binCount` consecutive bins (and each value's bin
/// index stays below 2⁵³); when a value falls outside, the bins merge pairwise (exactly, since widths are powers of
/// two) until it fits. The histogram is therefore a function of the multiset of values alone: merging chunk
/// statistics in any order, or adding the values in one pass, gives the same bins and the same quantiles. (The mean
/// and variance are floating-point sums and depend, in their last bits, on the order of merges: merge chunks in chunk
/// order for reproducible output.)
///
/// A quantile p is found at rank p·n: within the bin holding that rank it is interpolated linearly between the
/// smallest and the largest value the bin has seen. Its error is at most one bin width (about 2 × range / `binCount`),
/// and it is exact when the bin holds a single distinct value, as for metrics that take few values.
///
/// Non-finite values (NaN, infinities) are counted in `nonFiniteCount` and otherwise left out.
public struct StreamingStatistics: Sendable {
    /// The default number of histogram bins.
    public static let defaultBinCount = 4096
    /// The quantile probabilities reported by default: 1 %, 5 %, 25 %, 50 %, 75 %, 95 % and 99 %.
    public static let standardProbabilities: [Double] = [0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99]

    /// The maximum number of histogram bins; statistics merge only with others of the same bin count.
    public let binCount: Int
    /// The number of finite values added.
    public private(set) var count = 0
    /// The number of NaN or infinite values offered, which the statistics leave out.
    public private(set) var nonFiniteCount = 0
    private var runningMean = 0.0
    private var sumOfSquaredDeviations = 0.0
    private var smallest = Double.infinity
    private var largest = -Double.infinity

    /// Histogram: bin width 2^exponent; `counts[i]` is global bin `origin + i`; bins `lowest...highest` are in use.
    private var exponent = 0
    private var origin = 0
    private var lowest = 0
    private var highest = 0
    private var counts: [Int] = []
    private var binMinimum: [Double] = []
    private var binMaximum: [Double] = []

    /// Creates empty statistics whose histogram has at most `binCount` bins (at least 16).
    public init(binCount: Int = StreamingStatistics.defaultBinCount) {
        precondition(binCount >= 16, "A quantile histogram needs at least 16 bins, not \(binCount).")
        self.binCount = binCount
    }

    // MARK: - Results

    /// The mean, or NaN when there are no values.
    public var mean: Double { count > 0 ? runningMean : .nan }

    /// The sample variance (divisor n − 1), or NaN with fewer than two values.
    public var variance: Double { count > 1 ? sumOfSquaredDeviations / Double(count - 1) : .nan }

    /// The sample standard deviation, or NaN with fewer than two values.
    public var standardDeviation: Double { variance.squareRoot() }

    /// The standard error of the mean, standard deviation / √n, or NaN with fewer than two values.
    ///
    /// It assumes independent paths; for quasi-random (Sobol) points it overstates the error.
    public var standardError: Double { standardDeviation / Double(count).squareRoot() }

    /// The smallest value, or NaN when there are none.
    public var minimum: Double { count > 0 ? smallest : .nan }

    /// The largest value, or NaN when there are none.
    public var maximum: Double { count > 0 ? largest : .nan }

    /// The estimated p-quantile (p between 0 and 1), or NaN when there are no values; see the type's notes.
    public func quantile(_ p: Double) -> Double {
        precondition((0...1).contains(p), "A quantile probability must be between 0 and 1, not \(p).")
        guard count > 0 else { return .nan }
        if p == 0 { return smallest }
        if p == 1 { return largest }
        let rank = p * Double(count)
        var below = 0
        for bin in lowest...highest {
            let index = bin - origin
            let inBin = counts[index]
            if inBin == 0 { continue }
            if Double(below + inBin) >= rank {
                let fraction = max(0, (rank - Double(below)) / Double(inBin))
                let low = binMinimum[index]
                let high = binMaximum[index]
                return min(high, low + fraction * (high - low))
            }
            below += inBin
        }
        return largest
    }

    /// The summary reported for a metric: count, mean, spread and the quantiles at `probabilities`.
    public func summary(probabilities: [Double] = StreamingStatistics.standardProbabilities) -> StatisticsSummary {
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

    // MARK: - Adding values

    /// Adds one value.
    public mutating func add(_ value: Double) {
        guard value.isFinite else {
            nonFiniteCount += 1
            return
        }
        count += 1
        let delta = value - runningMean
        runningMean += delta / Double(count)
        sumOfSquaredDeviations += delta * (value - runningMean)
        smallest = min(smallest, value)
        largest = max(largest, value)
        addToHistogram(value)
    }

    /// Adds every value of a sequence, in order.
    public mutating func add<Values: Sequence<Double>>(contentsOf values: Values) {
        for value in values { add(value) }
    }

    /// Adds the values summarized by `other`, as if they had been added here (see the type's notes on order).
    public mutating func merge(_ other: StreamingStatistics) {
        precondition(binCount == other.binCount, "Statistics with \(binCount) and \(other.binCount) bins cannot merge.")
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
        smallest = min(smallest, other.smallest)
        largest = max(largest, other.largest)

        var newExponent = max(exponent, other.exponent)
        var low = min(lowest >> (newExponent - exponent), other.lowest >> (newExponent - other.exponent))
        var high = max(highest >> (newExponent - exponent), other.highest >> (newExponent - other.exponent))
        while high - low >= binCount {
            newExponent += 1
            low >>= 1
            high >>= 1
        }
        relayout(exponent: newExponent, lowest: low, highest: high)
        let shift = exponent - other.exponent
        for bin in other.lowest...other.highest {
            let from = bin - other.origin
            guard other.counts[from] > 0 else { continue }
            let to = (bin >> shift) - origin
            counts[to] += other.counts[from]
            binMinimum[to] = min(binMinimum[to], other.binMinimum[from])
            binMaximum[to] = max(binMaximum[to], other.binMaximum[from])
        }
    }

    // MARK: - Histogram

    /// The smallest bin exponent that keeps `value`'s bin index below 2⁵³ (so it is an exact integer).
    private static func precisionExponent(_ value: Double) -> Int {
        value == 0 ? lowestExponent : max(lowestExponent, Int(value.exponent) - 52)
    }

    /// The exponent of the smallest positive double; no finer bins are ever needed.
    private static let lowestExponent = -1074

    /// floor(value / 2^exponent), exact since the division is by a power of two.
    private static func bin(_ value: Double, exponent: Int) -> Int {
        let scaled = Double(sign: .plus, exponent: -exponent, significand: value)
        // A tiny negative value may underflow to -0 while its floor is -1.
        if scaled == 0 { return value < 0 ? -1 : 0 }
        return Int(scaled.rounded(.down))
    }

    private mutating func addToHistogram(_ value: Double) {
        if counts.isEmpty {
            exponent = Self.precisionExponent(value)
            let bin = Self.bin(value, exponent: exponent)
            origin = bin - binCount / 2
            lowest = bin
            highest = bin
            counts = Array(repeating: 0, count: binCount)
            binMinimum = Array(repeating: .infinity, count: binCount)
            binMaximum = Array(repeating: -.infinity, count: binCount)
        } else {
            var newExponent = max(exponent, Self.precisionExponent(value))
            let bin = Self.bin(value, exponent: newExponent)
            var low = min(lowest >> (newExponent - exponent), bin)
            var high = max(highest >> (newExponent - exponent), bin)
            while high - low >= binCount {
                newExponent += 1
                low >>= 1
                high >>= 1
            }
            if newExponent != exponent || low < origin || high >= origin + binCount {
                relayout(exponent: newExponent, lowest: low, highest: high)
            } else {
                lowest = low
                highest = high
            }
        }
        let index = Self.bin(value, exponent: exponent) - origin
        counts[index] += 1
        binMinimum[index] = min(binMinimum[index], value)
        binMaximum[index] = max(binMaximum[index], value)
    }

    /// Moves the bins to width 2^newExponent (≥ the current one) and to a window centred on `newLowest...newHighest`,
    /// which must span at most `binCount` bins and include every bin in use after the change of width.
    private mutating func relayout(exponent newExponent: Int, lowest newLowest: Int, highest newHighest: Int) {
        let shift = newExponent - exponent
        let newOrigin = newLowest - (binCount - (newHighest - newLowest + 1)) / 2
        var newCounts = Array(repeating: 0, count: binCount)
        var newMinimum = Array(repeating: Double.infinity, count: binCount)
        var newMaximum = Array(repeating: -Double.infinity, count: binCount)
        for bin in lowest...highest {
            let from = bin - origin
            guard counts[from] > 0 else { continue }
            let to = (bin >> shift) - newOrigin
            newCounts[to] += counts[from]
            newMinimum[to] = min(newMinimum[to], binMinimum[from])
            newMaximum[to] = max(newMaximum[to], binMaximum[from])
        }
        exponent = newExponent
        origin = newOrigin
        lowest = newLowest
        highest = newHighest
        counts = newCounts
        binMinimum = newMinimum
        binMaximum = newMaximum
    }
}
