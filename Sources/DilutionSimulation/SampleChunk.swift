/// The per-path metric values of one chunk of paths, handed to a run's sample sink in chunk order.
package struct SampleChunk: Sendable {
    /// The chunk's index.
    package var chunk: Int
    /// The index of the chunk's first path (paths are numbered from 0).
    package var firstPath: Int
    /// The number of metrics per path.
    package var metricCount: Int
    /// The values, path by path: metric *m* of the chunk's path *p* is `values[p * metricCount + m]`.
    package var values: [Double]

    /// Creates a chunk of samples.
    package init(chunk: Int, firstPath: Int, metricCount: Int, values: [Double]) {
        precondition(metricCount > 0 && values.count % metricCount == 0, "Samples must fill whole rows.")
        self.chunk = chunk
        self.firstPath = firstPath
        self.metricCount = metricCount
        self.values = values
    }

    /// The number of paths in the chunk.
    package var pathCount: Int { values.count / metricCount }

    /// The metric values of the chunk's path `row` (0 for its first path).
    package func row(_ row: Int) -> ArraySlice<Double> {
        values[row * metricCount..<(row + 1) * metricCount]
    }
}
