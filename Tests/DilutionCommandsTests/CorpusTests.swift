import Foundation
import Testing

/// Every command on every bundled scenario, run by the built binary, compared byte for byte with
/// what was recorded in `Golden/corpus/` (standard output, exit status, every file written).
/// The corpus pins the engine's results: a change of engine must leave all of it unchanged.
/// Re-record on purpose only, with `DILUTION_RECORD_GOLDEN=1`, in a commit that says why.
@Suite("Recorded outputs of every command", .serialized)
struct CorpusTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var arguments: [String]
        var testDescription: String { name }
    }

    static let outlook = "scenarios/vsource-2005-outlook.yaml"
    static let vsource = "scenarios/vsource-2005.yaml"
    static let northwind = "scenarios/stress-northwind-sequential.yaml"
    static let harbor = "scenarios/stress-harbor-fixed-point.yaml"
    static let lumen = "scenarios/stress-lumen-holders.yaml"
    static let kestrel = "scenarios/kestrel-exit.yaml"
    static let acme = "scenarios/hypothetical-acme-rounds.yaml"
    static let wren = "scenarios/wren-two-exits.yaml"
    static let all = [vsource, outlook, northwind, harbor, lumen, kestrel, acme, wren]

    static func stem(_ path: String) -> String {
        URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
    }

    static let cases: [Case] = {
        var cases: [Case] = []
        for scenario in all {
            let name = stem(scenario)
            cases.append(Case(name: "\(name)-validate", arguments: ["validate", scenario]))
            cases.append(Case(name: "\(name)-run", arguments: ["run", scenario, "--out", "out"]))
            cases.append(Case(name: "\(name)-explain", arguments: ["explain", scenario]))
            cases.append(
                Case(
                    name: "\(name)-simulate",
                    arguments: ["simulate", scenario, "--paths", "20000", "--seed", "7", "--out", "out"]))
            cases.append(
                Case(
                    name: "\(name)-samples",
                    arguments: ["simulate", scenario, "--paths", "1500", "--seed", "9", "--samples", "--out", "out"]))
            cases.append(
                Case(name: "\(name)-report", arguments: ["report", scenario, "--paths", "2000", "--out", "out"]))
        }
        cases += [
            Case(name: "northwind-explain-down-round", arguments: ["explain", northwind, "--event", "down-round"]),
            Case(name: "northwind-explain-bridge-lapse", arguments: ["explain", northwind, "--event", "bridge-lapse"]),
            Case(name: "harbor-explain-series-b", arguments: ["explain", harbor, "--event", "series-b"]),
            // Rounds priced from a valuation: the variants, the pre-money and pool target as sweep axes.
            Case(name: "acme-compare", arguments: ["compare", acme, "--out", "out"]),
            Case(name: "acme-explain-ipo", arguments: ["explain", acme, "--event", "ipo"]),
            // SAFEs and a note outstanding at a sale: cash-out or conversion, and their breakpoints.
            Case(
                name: "acme-exit-before-series-a",
                arguments: [
                    "exit", acme, "--variant", "before-series-a", "--at", "5M,20M,60M", "--date", "2024-03-01", "--out",
                    "out",
                ]),
            Case(
                name: "acme-explain-exit-before-series-a",
                arguments: ["explain", acme, "--variant", "before-series-a", "--exit", "20M", "--date", "2024-03-01"]),
            Case(
                name: "acme-sweep-grid",
                arguments: [
                    "sweep", acme, "--vary", "series-b.pre-money=15000000:30000000:5000000", "--vary",
                    "series-a.option-pool.target=0.10:0.20:0.05", "--metric", "series-a.price", "--out", "out",
                ]),
            Case(
                name: "outlook-simulate-sobol",
                arguments: ["simulate", outlook, "--paths", "8192", "--seed", "3", "--sequence", "sobol", "--out", "out"]),
            Case(
                name: "outlook-simulate-taus2",
                arguments: ["simulate", outlook, "--paths", "30000", "--seed", "11", "--generator", "taus2", "--out", "out"]),
            Case(
                name: "outlook-simulate-holders",
                arguments: [
                    "simulate", outlook, "--paths", "20000", "--seed", "1", "--out", "out", "--set",
                    "july-2005.warrants-2005.holders=[{name: All holders, shares: 886800}]",
                ]),
            Case(
                name: "outlook-simulate-readjust",
                arguments: [
                    "simulate", outlook, "--paths", "20000", "--seed", "2", "--out", "out", "--set",
                    "warrant-exercise.readjust=true",
                ]),
            Case(name: "outlook-compare", arguments: ["compare", outlook, "--out", "out"]),
            Case(
                name: "outlook-compare-mc", arguments: ["compare", outlook, "--paths", "5000", "--seed", "5", "--out", "out"]),
            Case(name: "outlook-run-expired", arguments: ["run", outlook, "--variant", "expired", "--out", "out"]),
            Case(name: "outlook-explain-expired", arguments: ["explain", outlook, "--variant", "expired"]),
            Case(
                name: "outlook-sweep-price",
                arguments: ["sweep", outlook, "--vary", "next-raise.price=0.20:0.60:0.05", "--out", "out"]),
            Case(
                name: "outlook-sweep-grid",
                arguments: [
                    "sweep", outlook, "--vary", "next-raise.price=0.20:0.60:0.05", "--vary",
                    "next-raise.amount=1000000:3000000:500000", "--out", "out",
                ]),
            Case(
                name: "outlook-sweep-mc",
                arguments: [
                    "sweep", outlook, "--vary", "next-raise.price=0.25:0.55:0.10", "--paths", "2000", "--seed", "4",
                    "--out", "out",
                ]),
            Case(name: "outlook-tornado", arguments: ["sweep", outlook, "--tornado", "--out", "out"]),
            Case(
                name: "northwind-sweep-grid",
                arguments: [
                    "sweep", northwind, "--vary", "down-round.cash=2000000:3000000:250000", "--vary",
                    "bridge.bridge-warrants.exercise-price=0.50:2.50:0.50", "--out", "out",
                ]),
            Case(
                name: "outlook-set-price",
                arguments: ["run", outlook, "--set", "next-raise.price=0.45", "--out", "out"]),
            // The exit event: the sale's value as a sweep axis, alone and against the next raise's price.
            Case(
                name: "kestrel-sweep-value",
                arguments: ["sweep", kestrel, "--vary", "sale.value=10000000:90000000:20000000", "--out", "out"]),
            Case(
                name: "kestrel-sweep-grid",
                arguments: [
                    "sweep", kestrel, "--vary", "next-raise.price=1.00:2.00:0.25", "--vary",
                    "sale.value=20000000:100000000:20000000", "--metric", "series-c.proceeds", "--out", "out",
                ]),
            Case(name: "kestrel-compare", arguments: ["compare", kestrel, "--out", "out"]),
            Case(name: "kestrel-explain-sale", arguments: ["explain", kestrel, "--event", "sale"]),
            // Two exit events: the early offer, left out of the central path, and the later sale.
            Case(name: "wren-explain-early-offer", arguments: ["explain", wren, "--event", "early-offer"]),
            Case(name: "wren-exit", arguments: ["exit", wren, "--at", "10M:100M:10M", "--out", "out"]),
        ]
        return cases
    }()

    static let corpus = Golden.folder.appendingPathComponent("corpus")

    @Test("Recorded output", arguments: cases)
    func recorded(_ testCase: Case) throws {
        let folder = try TemporaryFolder()
        let scenarios = folder.url.appendingPathComponent("scenarios")
        try FileManager.default.createDirectory(at: scenarios, withIntermediateDirectories: true)
        for path in Self.all {
            try FileManager.default.copyItem(
                at: Golden.packageRoot.appendingPathComponent(path), to: folder.url.appendingPathComponent(path))
        }
        let result = try Binary.run(testCase.arguments, in: folder.url)
        var observed: [String: String] = [
            "command.txt": testCase.arguments.joined(separator: " ") + "\n",
            "status.txt": "\(result.status)\n",
            "stdout.txt": result.stdout,
        ]
        let out = folder.url.appendingPathComponent("out")
        if let enumerator = FileManager.default.enumerator(atPath: out.path) {
            for case let relative as String in enumerator {
                var isDirectory: ObjCBool = false
                let path = out.appendingPathComponent(relative).path
                guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue
                else { continue }
                observed["out/" + relative] = try String(contentsOfFile: path, encoding: .utf8)
            }
        }
        let recorded = Self.corpus.appendingPathComponent(testCase.name)
        if ProcessInfo.processInfo.environment["DILUTION_RECORD_GOLDEN"] == "1" {
            try? FileManager.default.removeItem(at: recorded)
            for (name, text) in observed {
                let url = recorded.appendingPathComponent(name)
                try FileManager.default.createDirectory(
                    at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(text.utf8).write(to: url)
            }
            return
        }
        var expected: [String: String] = [:]
        if let enumerator = FileManager.default.enumerator(atPath: recorded.path) {
            for case let relative as String in enumerator {
                var isDirectory: ObjCBool = false
                let path = recorded.appendingPathComponent(relative).path
                guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue
                else { continue }
                expected[relative] = try String(contentsOfFile: path, encoding: .utf8)
            }
        }
        #expect(!expected.isEmpty, "nothing recorded in Golden/corpus/\(testCase.name)")
        #expect(observed.keys.sorted() == expected.keys.sorted(), "files of \(testCase.name)")
        for (name, text) in observed where expected[name] != nil {
            #expect(text == expected[name], "\(testCase.name)/\(name) differs from the recorded output")
        }
    }
}
