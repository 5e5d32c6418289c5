/// An exact, mergeable histogram whose bins have a width of a power of two, with the extremes seen in each bin.
///
/// Bin *k* at exponent e holds [k·2^e, (k+1)·2^e). At most `capacity` consecutive bins are kept, and e is the
/// smallest exponent for which all the values fit (and each bin index stays below 2⁵³, so that it is an exact
/// integer); merging widens bins pairwise, exactly, when the combined range needs it. The bins are therefore a
/// function of the multiset of values alone.
struct BinnedHistogram: Sendable {
    /// The most bins kept.
    let capacity: Int
    /// Bin width 2^exponent.
    private(set) var exponent = 0
    /// The global index of the first bin kept.
    private(set) var lowest = 0
    /// One bin: its count, its extremes and how many of its values equal each. Kept together, so that counting a
    /// value touches one cache line rather than one per field.
    struct Bin: Sendable {
        var count = 0
        /// The smallest value seen (+∞ in an empty bin).
        var minimum = Double.infinity
        /// The largest value seen (−∞ in an empty bin).
        var maximum = -Double.infinity
        /// How many of the bin's values equal its smallest and its largest value: a quantile whose rank falls on
        /// them is that value exactly, so a metric with at most two values per bin has exact quantiles.
        var atMinimum = 0
        var atMaximum = 0

        /// Adds another bin's values.
        @inline(__always)
        mutating func combine(_ other: Bin) {
            count += other.count
            BinnedHistogram.combine(&minimum, &atMinimum, other.minimum, other.atMinimum, smaller: true)
            BinnedHistogram.combine(&maximum, &atMaximum, other.maximum, other.atMaximum, smaller: false)
        }
    }

    /// Consecutive bins from bin `lowest`; empty when no finite value was added.
    private(set) var bins: [Bin] = []

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

    /// The bins of the layout that holds [`minimum`, `maximum`] and every value already counted: the smallest
    /// exponent at which they fit in `capacity` bins (and each index stays exact), and the first and last bins.
    private func layout(minimum: Double, maximum: Double) -> (exponent: Int, low: Int, high: Int) {
        var e = max(Self.precisionExponent(minimum), Self.precisionExponent(maximum))
        if bins.isEmpty, maximum > minimum {
            // A lower bound for the width that fits the range; the loop below adds at most a couple of steps.
            let width = maximum / Double(capacity) - minimum / Double(capacity)
            if width > 0 { e = max(e, Int(width.exponent)) }
        }
        if !bins.isEmpty { e = max(e, exponent) }
        while true {
            var low = Self.bin(minimum, exponent: e)
            var high = Self.bin(maximum, exponent: e)
            if !bins.isEmpty {
                low = min(low, lowest >> (e - exponent))
                high = max(high, (lowest + bins.count - 1) >> (e - exponent))
            }
            if high - low < capacity { return (e, low, high) }
            e += 1
        }
    }

    /// Counts the finite values of `values`, whose finite extremes are `minimum` and `maximum`, widening the bins
    /// first (exactly, pairwise) if the range needs it. The result is the same whatever the order in which values
    /// and chunks of values arrive.
    mutating func add(_ values: UnsafeBufferPointer<Double>, minimum: Double, maximum: Double) {
        precondition(minimum <= maximum, "A histogram counts finite values.")
        let (e, first, last) = layout(minimum: minimum, maximum: maximum)
        if bins.isEmpty || e != exponent || first != lowest || last != lowest + bins.count - 1 {
            relayout(exponent: e, low: first, high: last)
        }
        if minimum == maximum {
            addEqual(values, bin: Self.bin(minimum, exponent: e) - first)
            return
        }
        // Multiplying by 2^-e is exact (the product stays below 2⁵⁴; an underflow only matters at 0, handled as in
        // `bin`), and much faster than `Double(sign:exponent:significand:)`.
        let scale: Double? = (-1022...1023).contains(-e) ? Double(sign: .plus, exponent: -e, significand: 1) : nil
        bins.withUnsafeMutableBufferPointer { bins in
            for value in values where value.isFinite {
                let bin: Int
                if let scale {
                    let scaled = value * scale
                    if scaled == 0 {
                        bin = value < 0 ? -1 : 0
                    } else {
                        // floor without a call to libm's `floor`: truncate, then step down below 0.
                        let truncated = Int(scaled)
                        bin = Double(truncated) > scaled ? truncated - 1 : truncated
                    }
                } else {
                    bin = Self.bin(value, exponent: e)
                }
                // In range by construction: the layout holds minimum ... maximum.
                let slot = bins.baseAddress! + (bin - first)
                // Without branches: with values in random order a branch on a bin's extremes is mispredicted often,
                // and each misprediction also discards the loads of the bins that follow, which mostly miss the
                // cache. So the comparisons become masks and selects.
                var updated = slot.pointee
                updated.count &+= 1
                let low = updated.minimum
                let high = updated.maximum
                let below = value < low
                let above = value > high
                updated.atMinimum = Self.select(below, 1, updated.atMinimum &+ Self.one(value == low))
                updated.atMaximum = Self.select(above, 1, updated.atMaximum &+ Self.one(value == high))
                // `min` and `max`, which the compiler makes `minsd` and `maxsd` (written `value < low ? value : low`, it
                // made a branch of the comparison of loaded values). In this order, `value < low ? value : low` and
                // `value > high ? value : high`: a −0 never replaces a 0 seen first, nor the other way round.
                updated.minimum = Swift.min(low, value)
                updated.maximum = Swift.max(value, high)
                slot.pointee = updated
            }
        }
    }

    /// `add` for values whose finite ones all equal one number (a metric constant over the chunk, or a 0 and a −0):
    /// one update of their bin, the same as one per value. Counted one at a time, each update would wait for the
    /// one before, which wrote the same bin.
    private mutating func addEqual(_ values: UnsafeBufferPointer<Double>, bin: Int) {
        var count = 0
        var firstSeen: Double?
        for value in values where value.isFinite {
            if firstSeen == nil { firstSeen = value }
            count &+= 1
        }
        guard let value = firstSeen else { return }
        bins.withUnsafeMutableBufferPointer { bins in
            // As `count` updates with that value: the first one seen settles a ±0, and every one equals it.
            var updated = bins[bin]
            updated.count &+= count
            updated.atMinimum = value < updated.minimum ? count : updated.atMinimum &+ (value == updated.minimum ? count : 0)
            updated.atMaximum = value > updated.maximum ? count : updated.atMaximum &+ (value == updated.maximum ? count : 0)
            if value < updated.minimum { updated.minimum = value }
            if value > updated.maximum { updated.maximum = value }
            bins[bin] = updated
        }
    }

    /// 1 when `condition` holds, otherwise 0, without a branch.
    @inline(__always)
    static func one(_ condition: Bool) -> Int {
        Int(unsafeBitCast(condition, to: UInt8.self))
    }

    /// `condition ? a : b`, without a branch.
    @inline(__always)
    static func select(_ condition: Bool, _ a: Int, _ b: Int) -> Int {
        let mask = 0 &- one(condition)
        return (a & mask) | (b & ~mask)
    }

    /// Moves the bins to the layout at exponent `e` from bin `low` to bin `high` (which holds every bin in use).
    private mutating func relayout(exponent e: Int, low: Int, high: Int) {
        var moved = Array(repeating: Bin(), count: high - low + 1)
        let shift = e - exponent
        for (offset, bin) in bins.enumerated() where bin.count > 0 {
            moved[((lowest + offset) >> shift) - low].combine(bin)
        }
        exponent = e
        lowest = low
        bins = moved
    }

    /// Adds the counts of `other` (of the same capacity).
    mutating func merge(_ other: BinnedHistogram) {
        precondition(capacity == other.capacity, "Histograms of different capacities cannot merge.")
        guard !other.bins.isEmpty else { return }
        guard !bins.isEmpty else {
            self = other
            return
        }
        var e = max(exponent, other.exponent)
        var low = min(lowest >> (e - exponent), other.lowest >> (e - other.exponent))
        var high = max(
            (lowest + bins.count - 1) >> (e - exponent),
            (other.lowest + other.bins.count - 1) >> (e - other.exponent)
        )
        while high - low >= capacity {
            e += 1
            low >>= 1
            high >>= 1
        }
        if e == exponent && low == lowest && high == lowest + bins.count - 1 {
            // The usual case once a run is under way: the chunk falls inside the bins already kept.
            addInPlace(other, shift: e - other.exponent)
            return
        }
        var merged = Array(repeating: Bin(), count: high - low + 1)
        for part in [self, other] {
            let shift = e - part.exponent
            for (offset, bin) in part.bins.enumerated() where bin.count > 0 {
                merged[((part.lowest + offset) >> shift) - low].combine(bin)
            }
        }
        exponent = e
        lowest = low
        bins = merged
    }

    /// An extreme and how many values equal it, combined with another bin's.
    @inline(__always)
    static func combine(_ extreme: inout Double, _ count: inout Int, _ other: Double, _ otherCount: Int, smaller: Bool) {
        if extreme == other {
            count += otherCount
        } else if smaller ? other < extreme : other > extreme {
            extreme = other
            count = otherCount
        }
    }

    /// Adds `other`'s bins into these, bin k of `other` going to bin k >> `shift`, which must already be kept.
    private mutating func addInPlace(_ other: BinnedHistogram, shift: Int) {
        let offset = other.lowest - lowest
        bins.withUnsafeMutableBufferPointer { bins in
            for (from, bin) in other.bins.enumerated() where bin.count > 0 {
                bins[shift == 0 ? from + offset : ((other.lowest + from) >> shift) - lowest].combine(bin)
            }
        }
    }

    /// The estimated p-quantile of `total` values (0 < p < 1): at rank p·total, interpolated linearly between the
    /// extremes of the bin holding that rank (see `MetricStatistics`).
    func quantile(_ p: Double, total: Int) -> Double? {
        let rank = p * Double(total)
        var below = 0
        for bin in bins where bin.count > 0 {
            let inBin = bin.count
            if Double(below + inBin) >= rank {
                let low = bin.minimum
                let high = bin.maximum
                // Ranks that fall on the values equal to the bin's smallest or largest are those values.
                let position = rank - Double(below)
                if position <= Double(bin.atMinimum) { return low }
                if position > Double(inBin - bin.atMaximum) { return high }
                let fraction = max(0, position / Double(inBin))
                return min(high, low + fraction * (high - low))
            }
            below += inBin
        }
        return nil
    }

    /// The histogram regrouped into at most `bins` bins of equal width, each a whole number of these bins, from the
    /// lowest bin in use: the first edge is at most one of these bins below the minimum, the last at or above the
    /// maximum. Edges are exact binary fractions (1.0009765625 rather than 1), since only such edges keep counts
    /// exact.
    ///
    /// `minimum` and `maximum` are the finite extremes of the values; when they are equal the result is the single
    /// bin [minimum, maximum].
    func histogram(bins: Int, minimum: Double, maximum: Double) -> MetricHistogram {
        guard !self.bins.isEmpty else { return MetricHistogram(edges: [], counts: []) }
        let counts = self.bins.map(\.count)
        if minimum == maximum { return MetricHistogram(edges: [minimum, maximum], counts: [counts.reduce(0, +)]) }
        let group = (counts.count + bins - 1) / bins
        var edges: [Double] = []
        var grouped: [Int] = []
        for start in Swift.stride(from: 0, to: counts.count, by: group) {
            edges.append(Self.edge(lowest + start, exponent: exponent))
            grouped.append(counts[start..<min(start + group, counts.count)].reduce(0, +))
        }
        edges.append(Self.edge(lowest + grouped.count * group, exponent: exponent))
        return MetricHistogram(edges: edges, counts: grouped)
    }
}
