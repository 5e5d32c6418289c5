import DilutionModel
import DilutionSampling
import DilutionScenario
import DilutionSimulation
import Foundation
import Testing

/// A SAFE's cap and discount, a note's interest rate and a transfer's price as distributions and
/// sweep axes, on the bundled Acme company (two SAFEs and a note converting in a round priced from
/// a valuation, a later down round, a tender, an IPO).
@Suite("Uncertain SAFE, note and transfer terms")
struct ConvertibleInputTests {
    static let acme = PathSamplerTests.packageRoot.appendingPathComponent("scenarios/hypothetical-acme-rounds.yaml").path
    static var text: String { get throws { try String(contentsOfFile: acme, encoding: .utf8) } }

    /// The inputs this suite draws or sweeps, with a written value of each.
    static let paths: [(path: String, written: String)] = [
        ("seed-safes.safe-lead.cap", "9000000"),
        ("bridge.bridge-note.discount", "0.25"),
        ("bridge.bridge-note.interest.rate", "0.12"),
        ("tender.price", "2.10"),
    ]

    /// The metrics of `run` on the scenario with `overrides`, as a path records them.
    static func runMetrics(
        _ model: ScenarioPathModel, _ text: String, _ overrides: [String], certainPrefix: Int = 0
    ) throws -> [Double] {
        let loaded = try ScenarioLoader.load(
            text: text, file: "acme.yaml", overrides: try overrides.map { try Override(argument: $0) })
        let timeline = try Engine(loaded.scenario).run()
        var metrics = [Double](repeating: .nan, count: model.metricNames.count)
        try ScenarioPathModel.record(
            timeline.final, adjustments: timeline.steps.filter { $0.eventIndex >= certainPrefix }
                .reduce(0) { $0 + $1.adjustments.count },
            ids: model.instrumentIDs, kinds: model.kinds, pool: model.tracksPool, holders: model.holderNames,
            into: &metrics)
        return metrics
    }

    @Test("The cap, discount, interest rate and transfer price are inputs with their paths")
    func pathsAreInputs() throws {
        let loaded = try ScenarioLoader.load(text: try Self.text, file: "acme.yaml")
        #expect(Set(Self.paths.map(\.path)).isSubset(of: Set(loaded.stochastic.parameterPaths)))
    }

    @Test("A Monte Carlo whose cap, discount, interest rate and transfer price are degenerate equals run")
    func degenerateDistributionsEqualRun() throws {
        let written = Self.paths.map { "\($0.path)=\($0.written)" }
        let degenerate = [
            "seed-safes.safe-lead.cap={distribution: fixed, value: 9000000}",
            "bridge.bridge-note.discount={distribution: uniform, low: 0.25, high: 0.25}",
            "bridge.bridge-note.interest.rate={distribution: normal, mean: 0.12, sd: 0}",
            "tender.price={distribution: fixed, value: 2.10}",
        ]
        let loaded = try ScenarioLoader.load(
            text: try Self.text, file: "acme.yaml", overrides: try degenerate.map { try Override(argument: $0) })
        #expect(loaded.stochastic.inputs.map(\.path) == Self.paths.map(\.path))
        let model = try ScenarioPathModel(loaded.stochastic)
        let result = try Simulator.run(model: model, options: SimulationOptions(paths: 500, seed: 3, threads: 2))
        let expected = try Self.runMetrics(model, try Self.text, written)
        // The written values differ from the file's: the run moves with them.
        let original = try Self.runMetrics(model, try Self.text, [])
        #expect(expected != original)
        for (index, name) in model.metricNames.enumerated() {
            let summary = result.summaries[index]
            guard !expected[index].isNaN else { continue }
            #expect(summary.minimum == expected[index], "\(name)")
            #expect(summary.maximum == expected[index], "\(name)")
        }
    }

    @Test("An uncertain cap moves the SAFE holder's ownership from path to path")
    func uncertainCapVaries() throws {
        let loaded = try ScenarioLoader.load(
            text: try Self.text, file: "acme.yaml",
            overrides: [try Override(argument: "seed-safes.safe-lead.cap={distribution: uniform, low: 6000000, high: 12000000}")])
        let model = try ScenarioPathModel(loaded.stochastic)
        let result = try Simulator.run(model: model, options: SimulationOptions(paths: 400, seed: 5, threads: 2))
        let index = try #require(model.metricNames.firstIndex(of: "holder:Carla Angel.ownership"))
        let summary = result.summaries[index]
        // Converting at a lower cap buys more shares: the extremes bracket the written $8M cap's ownership.
        let low = try Self.runMetrics(model, try Self.text, ["seed-safes.safe-lead.cap=6000000"])[index]
        let high = try Self.runMetrics(model, try Self.text, ["seed-safes.safe-lead.cap=12000000"])[index]
        #expect(summary.standardDeviation > 0)
        #expect(summary.maximum <= low && summary.minimum >= high)
    }

    @Test("A sweep over each term equals run --set at every grid value", arguments: [
        ("seed-safes.safe-lead.cap", ["6000000", "8000000", "9500000", "12000000"]),
        ("bridge.bridge-note.discount", ["0", "0.15", "0.3"]),
        ("bridge.bridge-note.interest.rate", ["0", "0.08", "0.2"]),
        ("tender.price", ["1.2", "1.8", "3"]),
    ])
    func sweepEqualsRunSet(path: String, values: [String]) throws {
        let axis = try SweepAxis.parse("\(path)=\(values.joined(separator: ","))")
        let model = try SweepModel.load(text: try Self.text, file: "acme.yaml", varying: [axis.path])
        let result = try Sweep.run(model, axes: [axis], threads: 2)
        #expect(result.count == values.count)
        let m = model.metricNames.count
        var previous: [Double]? = nil
        for p in 0..<result.count {
            let loaded = try ScenarioLoader.load(
                text: try Self.text, file: "acme.yaml", overrides: [try Override(argument: "\(path)=\(values[p])")])
            let expected = try model.metrics(of: try loaded.run())
            let got = Array(result.metrics[p * m..<(p + 1) * m])
            for (name, (a, b)) in zip(model.metricNames, zip(got, expected)) {
                #expect(a == b || (a.isNaN && b.isNaN), "\(name) at \(path)=\(values[p]): \(a) vs \(b)")
            }
            // Each grid value is a different capitalization or different proceeds.
            if let previous { #expect(!got.elementsEqual(previous) { $0 == $1 || ($0.isNaN && $1.isNaN) }) }
            previous = got
        }
    }

    @Test("A certified path of a scenario with an uncertain cap, discount, rate, price and pool target reproduces it")
    func certifiedPathRoundTrip() throws {
        let uncertain = [
            "seed-safes.safe-lead.cap={distribution: uniform, low: 6000000, high: 12000000}",
            "bridge.bridge-note.discount={distribution: triangular, low: 0.1, mode: 0.2, high: 0.3}",
            "bridge.bridge-note.interest.rate={distribution: uniform, low: 0.04, high: 0.12}",
            "tender.price={distribution: lognormal, median: 1.8, sigma: 0.3}",
            // A nested key of the event itself, written back too.
            "series-a.option-pool.target={distribution: uniform, low: 0.12, high: 0.18}",
        ]
        let loaded = try ScenarioLoader.load(
            text: try Self.text, file: "acme.yaml", overrides: try uncertain.map { try Override(argument: $0) })
        let model = try ScenarioPathModel(loaded.stochastic)
        let options = SimulationOptions(paths: 2_000, seed: 1, threads: 2, chunkSize: 512, keepSamples: true)
        var samples: [Int: [Double]] = [:]
        let wanted: Set<Int> = [0, 1, 511, 512, 1_999]
        _ = try Simulator.run(model: model, options: options, sampleSink: { chunk in
            for row in 0..<chunk.pathCount where wanted.contains(chunk.firstPath + row) {
                samples[chunk.firstPath + row] = Array(chunk.row(row))
            }
        })
        var seen: Set<[UInt64]> = []
        for path in wanted.sorted() {
            let (written, metrics) = try CertifiedPath.scenario(loaded, model: model, options: options, path: path)
            #expect(metrics.map(\.bitPattern) == samples[path]?.map(\.bitPattern), "path \(path): metrics")
            seen.insert(metrics.map(\.bitPattern))
            let reread = try ScenarioLoader.load(text: written, file: "path.yaml")
            #expect(reread.stochastic.inputs.isEmpty, "path \(path): no distribution is left")
            #expect(!written.contains("distribution"), "path \(path): every drawn value written as a number")
            let timeline = try Engine(reread.scenario).run()
            var replayed = [Double](repeating: .nan, count: model.metricNames.count)
            try ScenarioPathModel.record(
                timeline.final,
                adjustments: timeline.steps.filter { $0.eventIndex >= loaded.stochastic.certainPrefix }
                    .reduce(0) { $0 + $1.adjustments.count },
                ids: model.instrumentIDs, kinds: model.kinds, pool: model.tracksPool, holders: model.holderNames,
                into: &replayed)
            #expect(replayed.map(\.bitPattern) == metrics.map(\.bitPattern), "path \(path): run of the file")
        }
        #expect(seen.count == wanted.count)
    }
}
