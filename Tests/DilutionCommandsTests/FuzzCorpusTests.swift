import Foundation
import Testing

/// Every file of the fuzzer's corpus (`fuzz/corpus/`: the bundled scenarios and the bad cases of issue 12, and any
/// input the fuzzer found to crash) is handled cleanly by the binary: success, or status 1 with a message and nothing
/// written. Never a signal, never a hang.
@Suite("The fuzz corpus, end to end", .serialized)
struct FuzzCorpusTests {
    static let corpus = Golden.packageRoot.appendingPathComponent("fuzz/corpus")

    static var files: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: corpus.path)) ?? []).filter { $0.hasSuffix(".yaml") }
            .sorted()
    }

    @Test func theCorpusHoldsTheBundledScenariosAndTheBadCases() {
        #expect(Self.files.count >= 20)
        #expect(Self.files.contains("vsource-2005-outlook.yaml"))
        #expect(Self.files.contains("beta-huge-shapes.yaml"))
    }

    @Test(arguments: files)
    func isHandledCleanly(name: String) throws {
        let file = Self.corpus.appendingPathComponent(name).path
        for arguments in [["validate"], ["run", "--quiet"], ["simulate", "--paths", "300", "--quiet"]] {
            let folder = try TemporaryFolder()
            let out = folder.path("out")
            let writes = arguments[0] != "validate"
            let result = try Binary.run(
                [arguments[0], file] + arguments.dropFirst() + (writes ? ["--out", out] : []), timeout: 120)
            #expect(result.status == 0 || result.status == 1, "\(arguments[0]) \(name): status \(result.status)")
            if result.status == 1 {
                #expect(result.stderr.hasSuffix("\n") && result.stderr.count > 10, "\(arguments[0]) \(name)")
                #expect(!result.stderr.contains("Fatal error"), "\(arguments[0]) \(name)")
                #expect(try folder.contents().isEmpty, "\(arguments[0]) \(name) wrote something")
            }
        }
    }
}
