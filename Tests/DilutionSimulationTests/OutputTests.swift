import DilutionSampling
import DilutionSimulation
import Testing

struct OutputTests {
    private func countingResult(paths: Int = 5) throws -> SimulationResult {
        try Simulator.run(model: CountingModel(), options: SimulationOptions(paths: paths, seed: 9, histogramBins: 4))
    }

    @Test func summaryCSV() throws {
        let text = try countingResult().summaryCSV
        #expect(
            text == #"""
                metric,count,mean,sd,se,min,p1,p5,p25,p50,p75,p95,p99,max,name
                path,5,2,1.58113883,0.7071067812,0,0,0,1,2,3,4,4,4,
                "half, quoted ""name""",5,1,0.790569415,0.3535533906,0,0,0,0.5,1,1.5,2,2,2,
                constant,5,0.3125,0,0,0.3125,0.3125,0.3125,0.3125,0.3125,0.3125,0.3125,0.3125,0.3125,
                nan_when_odd,3,-2,2,1.154700538,-4,-4,-4,-4,-2,0,0,0,0,

                """#
        )
    }

    /// The metric id stays the key; the name a person reads is the last column (quoted where it needs to be),
    /// empty for a metric the names leave out.
    @Test func summaryAndHistogramNameEachMetric() throws {
        let result = try countingResult()
        let names = ["path": "Path number", "constant": "Series A, preferred: price"]
        let summary = result.summaryCSV(names: names).split(separator: "\n").map(String.init)
        #expect(summary[0].hasSuffix(",max,name"))
        #expect(summary[1] == "path,5,2,1.58113883,0.7071067812,0,0,0,1,2,3,4,4,4,Path number")
        #expect(summary[2].hasSuffix(",2,2,2,"))
        #expect(summary[3].hasPrefix("constant,5,") && summary[3].hasSuffix(",\"Series A, preferred: price\""))
        let histogram = result.histogramCSV(names: names).split(separator: "\n").map(String.init)
        #expect(histogram[0] == "metric,bin_low,bin_high,count,name")
        #expect(histogram[1] == "path,0,1.001953125,2,Path number")
        #expect(histogram.filter { $0.hasPrefix("constant,") } == ["constant,0.3125,0.3125,5,\"Series A, preferred: price\""])
    }

    @Test func summaryOfAMetricWithoutValuesHasEmptyFields() throws {
        let text = try countingResult(paths: 1).summaryCSV
        // One value: no standard deviation or standard error.
        #expect(text.contains("\nnan_when_odd,1,0,,,0,0,0,0,0,0,0,0,0,\n"))
        // Every value NaN: only the count (0) is defined, and the histogram has no bins.
        struct SilentModel: PathModel {
            var metricNames: [String] { ["missing"] }
            var dimension: Int { 0 }
            func makeWorkspace() {}
            func evaluate(_ draws: inout Draws, workspace: inout Void, metrics: inout [Double]) {}
        }
        let silent = try Simulator.run(
            model: SilentModel(),
            options: SimulationOptions(paths: 3, seed: 1, chunkSize: 2)
        )
        #expect(silent.summaryCSV.hasSuffix("\nmissing,0,,,,,,,,,,,,,\n"))
        #expect(silent.summaries[0].nonFiniteCount == 3)
        #expect(silent.histogramCSV == "metric,bin_low,bin_high,count,name\n")
    }

    @Test func histogramCSV() throws {
        // Bins are whole numbers of the power-of-two bins counted exactly (1/512 here), hence the edges.
        let text = try countingResult().histogramCSV
        #expect(
            text == #"""
                metric,bin_low,bin_high,count,name
                path,0,1.001953125,2,
                path,1.001953125,2.00390625,1,
                path,2.00390625,3.005859375,1,
                path,3.005859375,4.0078125,1,
                "half, quoted ""name""",0,0.5009765625,2,
                "half, quoted ""name""",0.5009765625,1.001953125,1,
                "half, quoted ""name""",1.001953125,1.5029296875,1,
                "half, quoted ""name""",1.5029296875,2.00390625,1,
                constant,0.3125,0.3125,5,
                nan_when_odd,-4,-2.998046875,1,
                nan_when_odd,-2.998046875,-1.99609375,1,
                nan_when_odd,-1.99609375,-0.994140625,0,
                nan_when_odd,-0.994140625,0.0078125,1,

                """#
        )
    }

    @Test func samplesCSV() throws {
        var text = SampleChunk.csvHeader(metricNames: CountingModel().metricNames)
        _ = try Simulator.run(
            model: CountingModel(),
            options: SimulationOptions(paths: 3, seed: 1, chunkSize: 2, keepSamples: true),
            sampleSink: { text += $0.csvRows }
        )
        #expect(
            text == #"""
                path,path,"half, quoted ""name""",constant,nan_when_odd
                0,0,0,0.3125,0
                1,1,0.5,0.3125,
                2,2,1,0.3125,-2

                """#
        )
    }

    @Test func metadataJSON() throws {
        let result = try Simulator.run(
            model: CountingModel(),
            options: SimulationOptions(paths: 5, seed: 18_446_744_073_709_551_615, generator: .taus2, threads: 3)
        )
        #expect(
            result.metadataJSON(scenarioDigest: "sha256:abc", toolVersion: "0.1.0") == #"""
                {
                  "tool_version": "0.1.0",
                  "scenario_digest": "sha256:abc",
                  "paths": 5,
                  "seed": 18446744073709551615,
                  "generator": "taus2",
                  "quasi_random": null,
                  "chunk_size": 16384,
                  "histogram_bins": 50,
                  "metrics": ["path", "half, quoted \"name\"", "constant", "nan_when_odd"]
                }

                """#
        )
        let sobol = try Simulator.run(
            model: ToyModel(),
            options: SimulationOptions(paths: 5, seed: 1, quasiRandom: .niederreiter2)
        )
        #expect(
            sobol.metadataJSON(scenarioDigest: "", toolVersion: "").contains("\"quasi_random\": \"niederreiter-2\"")
        )
    }

    @Test func progressBarLine() {
        #expect(
            ProgressBar.line(done: 4_500_000, total: 10_000_000, elapsed: 2.34, width: 20)
                == "[#########-----------]  45%  4,500,000 / 10,000,000 paths  2.3 s"
        )
        #expect(ProgressBar.line(done: 0, total: 0, elapsed: 0, width: 4) == "[####] 100%  0 / 0 paths  0.0 s")
    }

    @Test func quietProgressBarWritesNothing() {
        var bar = ProgressBar(isEnabled: false)
        bar.update(done: 1, total: 10_000_000)
        bar.finish()
    }
}
