import DilutionModel
import DilutionSampling
import DilutionScenario
import DilutionSimulation
import Foundation
import Testing

/// A Monte Carlo path written out as a plain scenario reproduces the path: the same metrics, bit
/// for bit, from `Engine` on the written file as from the simulation.
@Suite("Certified paths")
struct CertifiedPathTests {
    static let outlook = PathSamplerTests.packageRoot.appendingPathComponent("scenarios/vsource-2005-outlook.yaml").path

    static let cases: [(name: String, set: [String], quasi: QuasiRandomKind?)] = [
        ("outlook", [], nil),
        ("outlook, Sobol", [], .sobol),
        ("outlook with warrant holders", ["july-2005.warrants-2005.holders=[{name: A, shares: 500000}, {name: B, shares: 386800}]"], nil),
        ("outlook, lapse readjusts", ["warrant-exercise.readjust=true"], nil),
        ("outlook, net exercise at an uncertain fair value", [
            "warrant-exercise.method=net", "warrant-exercise.fair-value={distribution: uniform, low: 0.5, high: 1.5}",
        ], nil),
    ]

    @Test(arguments: 0..<cases.count)
    func writtenPathsReproduceTheSimulation(_ index: Int) throws {
        let (name, set, quasi) = Self.cases[index]
        let text = try String(contentsOfFile: Self.outlook, encoding: .utf8)
        let overrides = try set.map { try Override(argument: $0) }
        let loaded = try ScenarioLoader.load(text: text, file: "outlook.yaml", overrides: overrides)
        let model = try ScenarioPathModel(loaded.stochastic)
        let options = SimulationOptions(
            paths: 20_000, seed: 1, quasiRandom: quasi, threads: 2, chunkSize: 4_096, keepSamples: true)
        // The simulation's own per-path metrics.
        var samples: [Int: [Double]] = [:]
        let wanted: Set<Int> = [0, 1, 17, 4_095, 4_096, 9_999, 19_160 % 20_000]
        _ = try Simulator.run(model: model, options: options, sampleSink: { chunk in
            for row in 0..<chunk.pathCount where wanted.contains(chunk.firstPath + row) {
                samples[chunk.firstPath + row] = Array(chunk.row(row))
            }
        })
        for path in wanted.sorted() {
            let (written, metrics) = try CertifiedPath.scenario(loaded, model: model, options: options, path: path)
            #expect(metrics.map(\.bitPattern) == samples[path]?.map(\.bitPattern), "\(name), path \(path): metrics")
            // The written file, read back and run as a plain scenario.
            let reread = try ScenarioLoader.load(text: written, file: "path.yaml")
            #expect(reread.stochastic.inputs.isEmpty, "\(name), path \(path): no distribution is left")
            let timeline = try Engine(reread.scenario).run()
            let adjustments = timeline.steps.filter { $0.eventIndex >= loaded.stochastic.certainPrefix }
                .reduce(0) { $0 + $1.adjustments.count }
            var replayed = [Double](repeating: .nan, count: model.metricNames.count)
            try ScenarioPathModel.record(
                timeline.final, adjustments: adjustments, ids: model.instrumentIDs, kinds: model.kinds,
                pool: model.tracksPool, holders: model.holderNames, into: &replayed)
            #expect(replayed.map(\.bitPattern) == metrics.map(\.bitPattern), "\(name), path \(path): run of the file")
        }
    }
}
