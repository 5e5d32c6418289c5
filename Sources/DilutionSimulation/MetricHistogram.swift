/// The histogram of one output metric: consecutive bins of equal width and the number of finite values in each.
package struct MetricHistogram: Sendable, Hashable {
    /// The bin boundaries, ascending: bin *i* holds the values in [edges[i], edges[i + 1]). Empty when there are no
    /// finite values; when every value is the same, the single bin is [value, value].
    package var edges: [Double]
    /// The number of values in each bin; one fewer element than `edges`.
    package var counts: [Int]

    /// Creates a histogram from its boundaries and counts.
    package init(edges: [Double], counts: [Int]) {
        precondition(
            edges.count == (counts.isEmpty ? 0 : counts.count + 1),
            "A histogram needs one more edge than bins."
        )
        self.edges = edges
        self.counts = counts
    }

    /// The number of values counted.
    package var total: Int { counts.reduce(0, +) }
}
