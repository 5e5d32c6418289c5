/// The values of a sampling test, kept whole: exact mean, variance and quantiles for the checks.
struct Samples {
    private(set) var values: [Double] = []

    mutating func add(_ value: Double) { values.append(value) }

    var mean: Double { values.reduce(0, +) / Double(values.count) }

    /// The sample variance (divisor n − 1).
    var variance: Double {
        let m = mean
        return values.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(values.count - 1)
    }

    /// The value at rank ⌊p·n⌋ of the sorted values.
    func quantile(_ p: Double) -> Double {
        let sorted = values.sorted()
        return sorted[min(sorted.count - 1, Int(p * Double(sorted.count)))]
    }
}
