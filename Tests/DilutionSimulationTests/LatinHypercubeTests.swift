import DilutionSampling
import DilutionSimulation
import Testing

@Suite("Latin hypercube")
struct LatinHypercubeTests {
    @Test("Every stratum holds exactly one point per coordinate", arguments: [1, 2, 7, 1000, 16_385])
    func strataArePermutations(paths: Int) {
        let design = LatinHypercube(paths: paths, dimension: 5, seed: 42)
        for j in 0..<5 {
            let strata = (0..<paths).map { design.stratum(of: $0, coordinate: j) }
            #expect(Set(strata).count == paths)
            #expect(strata.allSatisfy { (0..<paths).contains($0) })
        }
        if paths >= 1000 {
            // Coordinates are permuted independently, not identically.
            let first = (0..<paths).map { design.stratum(of: $0, coordinate: 0) }
            let second = (0..<paths).map { design.stratum(of: $0, coordinate: 1) }
            #expect(first != second)
        }
    }

    /// A model whose metrics are its uniform coordinates.
    struct Coordinates: PathModel {
        struct Workspace {}
        var metricNames: [String] { ["u0", "u1", "u2"] }
        var dimension: Int { 3 }
        func makeWorkspace() throws -> Workspace { Workspace() }
        func evaluate(_ draws: inout Draws, workspace: inout Workspace, metrics: inout [Double]) throws {
            for j in 0..<3 { metrics[j] = draws.uniform() }
        }
    }

    @Test func simulationPointsAreStratifiedAndThreadCountIndependent() throws {
        let paths = 40_000
        func run(threads: Int) throws -> (SimulationResult, [[Double]]) {
            var options = SimulationOptions(paths: paths, seed: 9, threads: threads, chunkSize: 4_096, keepSamples: true)
            options.latinHypercube = true
            var columns = Array(repeating: [Double](), count: 3)
            let result = try Simulator.run(model: Coordinates(), options: options, sampleSink: { chunk in
                for row in 0..<chunk.pathCount {
                    for (j, value) in chunk.row(row).enumerated() { columns[j].append(value) }
                }
            })
            return (result, columns)
        }
        let (one, columns) = try run(threads: 1)
        let (two, columnsTwo) = try run(threads: 2)
        #expect(one.summaryCSV == two.summaryCSV)
        #expect(columns == columnsTwo)
        for column in columns {
            let strata = column.map { Int($0 * Double(paths)) }
            #expect(Set(strata).count == paths, "one point per stratum")
            // Stratified: the mean of a uniform coordinate is within 1/(2·paths)·… of 1/2, far inside Monte Carlo's
            // standard error of 1/√(12·paths).
            let mean = column.reduce(0, +) / Double(paths)
            #expect(abs(mean - 0.5) < 4 * (1.0 / 12).squareRoot() / Double(paths))
        }
    }
}
