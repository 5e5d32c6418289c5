/// An exact, mergeable histogram with bins whose width is a power of two, from which `MetricHistogram` is made.
///
/// Bin *k* at exponent e holds [k·2^e, (k+1)·2^e). At most `capacity` consecutive bins are kept: a wider range
/// doubles the width (merging bins pairwise, exactly) until it fits. Every count is exact, so the final histogram
/// depends on the values alone, never on floating-point accumulation.
struct BinnedHistogram: Sendable {
    /// The most bins kept.
    let capacity: Int
    /// Bin width 2^exponent.
    private(set) var exponent = 0
    /// The global index of `counts[0]`.
    private(set) var lowest = 0
    /// Consecutive bin counts; empty when no finite value was added.
    private(set) var counts: [Int] = []

    init(capacity: Int) {
        precondition(capacity >= 2, "A binned histogram needs at least 2 bins.")
        self.capacity = capacity
    }

    /// The exponent of the smallest positive double: no finer bins are ever needed.
    private static let lowestExponent = -1074

    /// The smallest exponent that keeps `value`'s bin index below 2⁵³, so that it is an exact integer.
    private static func precisionExponent(_ value: Double) -> Int {
        value == 0 ? lowestExponent : max(lowestExponent, Int(value.exponent) - 52)
    }

    /// floor(value / 2^exponent), exact since the division is by a power of two.
    static func bin(_ value: Double, exponent: Int) -> Int {
        let scaled = Double(sign: .plus, exponent: -exponent, significand: value)
        // A tiny negative value may underflow to -0 while its floor is -1.
        if scaled == 0 { return value < 0 ? -1 : 0 }
        return Int(scaled.rounded(.down))
    }

    /// k·2^exponent.
    static func edge(_ bin: Int, exponent: Int) -> Double {
        Double(sign: .plus, exponent: exponent, significand: Double(bin))
    }

    /// Counts the finite values among `count` values read `stride` apart from `start`, whose finite minimum and
    /// maximum are given; the histogram must be empty.
    mutating func fill(
        _ values: UnsafeBufferPointer<Double>,
        start: Int,
        stride: Int,
        count: Int,
        minimum: Double,
        maximum: Double
    ) {
        precondition(counts.isEmpty, "Only an empty histogram can be filled.")
        guard minimum <= maximum else { return }
        var e = max(Self.precisionExponent(minimum), Self.precisionExponent(maximum))
        if maximum > minimum {
            // A lower bound for the width that fits the range; the loop below adds at most a couple of steps.
            let width = maximum / Double(capacity) - minimum / Double(capacity)
            if width > 0 { e = max(e, Int(width.exponent)) }
        }
        while Self.bin(maximum, exponent: e) - Self.bin(minimum, exponent: e) >= capacity { e += 1 }
        exponent = e
        lowest = Self.bin(minimum, exponent: e)
        counts = Array(repeating: 0, count: Self.bin(maximum, exponent: e) - lowest + 1)
        var index = start
        for _ in 0..<count {
            let value = values[index]
            if value.isFinite { counts[Self.bin(value, exponent: e) - lowest] += 1 }
            index += stride
        }
    }

    /// Adds the counts of `other` (of the same capacity).
    mutating func merge(_ other: BinnedHistogram) {
        precondition(capacity == other.capacity, "Histograms of different capacities cannot merge.")
        guard !other.counts.isEmpty else { return }
        guard !counts.isEmpty else {
            self = other
            return
        }
        var e = max(exponent, other.exponent)
        var low = min(lowest >> (e - exponent), other.lowest >> (e - other.exponent))
        var high = max(
            (lowest + counts.count - 1) >> (e - exponent),
            (other.lowest + other.counts.count - 1) >> (e - other.exponent)
        )
        while high - low >= capacity {
            e += 1
            low >>= 1
            high >>= 1
        }
        var merged = Array(repeating: 0, count: high - low + 1)
        for part in [self, other] {
            let shift = e - part.exponent
            for (offset, count) in part.counts.enumerated() where count > 0 {
                merged[((part.lowest + offset) >> shift) - low] += count
            }
        }
        exponent = e
        lowest = low
        counts = merged
    }

    /// The histogram regrouped into at most `bins` bins of equal width, each a whole number of these bins, from the
    /// lowest bin in use: the first edge is at most one of these bins below the minimum, the last at or above the
    /// maximum. Edges are exact binary fractions (1.0078125 rather than 1), since only such edges keep counts exact.
    ///
    /// `minimum` and `maximum` are the finite extremes of the values; when they are equal the result is the single
    /// bin [minimum, maximum].
    func histogram(bins: Int, minimum: Double, maximum: Double) -> MetricHistogram {
        guard !counts.isEmpty else { return MetricHistogram(edges: [], counts: []) }
        if minimum == maximum { return MetricHistogram(edges: [minimum, maximum], counts: [counts.reduce(0, +)]) }
        let group = (counts.count + bins - 1) / bins
        var edges: [Double] = []
        var grouped: [Int] = []
        for start in stride(from: 0, to: counts.count, by: group) {
            edges.append(Self.edge(lowest + start, exponent: exponent))
            grouped.append(counts[start..<min(start + group, counts.count)].reduce(0, +))
        }
        edges.append(Self.edge(lowest + grouped.count * group, exponent: exponent))
        return MetricHistogram(edges: edges, counts: grouped)
    }
}
