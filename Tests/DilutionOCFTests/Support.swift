import DilutionModel
import DilutionOCF
import DilutionScenario
import Foundation
import Testing

/// Paths of the fixtures, read from the source tree.
enum Fixtures {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    static func sample(_ name: String) -> String { folder.appendingPathComponent("samples/\(name)").path }
    static func package(_ name: String) -> String { folder.appendingPathComponent("packages/\(name)").path }
    static let schema = folder.appendingPathComponent("ocf-schema-1.2.0/schema").path
    /// The shared sample folder beside the repository, when it exists (it holds a package not copied here).
    static let shared = packageRoot.deletingLastPathComponent().appendingPathComponent("shared/ocf-samples").path
    static var hasShared: Bool { FileManager.default.fileExists(atPath: shared + "/ocx_example-inc/Manifest.ocf.json") }
    static var hasUnzip: Bool { FileManager.default.isExecutableFile(atPath: "/usr/bin/unzip") }

    static func date(_ text: String) -> OCFDate { OCFDate(text)! }

    /// Imports and reads the result back as a scenario.
    static func load(_ path: String, asOf: String, skipDangling: Bool = false) throws -> (OCFImport, LoadedScenario) {
        let result = try OCFImporter.importPackage(path: path, asOf: date(asOf), skipDangling: skipDangling)
        let loaded = try ScenarioLoader.load(text: result.scenario, file: "imported.yaml")
        _ = try loaded.run()
        return (result, loaded)
    }

    /// Validates a JSON file against one of OCF 1.2.0's file schemas with Python's `jsonschema`.
    static func validate(_ file: String, against fileSchema: String) throws -> (valid: Bool, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", folder.appendingPathComponent("validate-ocf.py").path, schema, fileSchema, file]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus == 0, String(decoding: data, as: UTF8.self))
    }
}

extension LoadedScenario {
    func instrument(named name: String) -> Instrument? { scenario.instruments.first { $0.name == name } }
    var preferred: [Instrument] { scenario.instruments.filter(\.isPreferred) }
}

/// A temporary folder removed when the test ends.
final class TemporaryFolder {
    let url: URL
    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("dilution-ocf-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }
    func path(_ name: String) -> String { url.appendingPathComponent(name).path }
    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        let path = path(name)
        try FileManager.default.createDirectory(
            at: URL(fileURLWithPath: path).deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }
    func contents() throws -> [String] { try FileManager.default.contentsOfDirectory(atPath: url.path).sorted() }
    deinit { try? FileManager.default.removeItem(at: url) }
}

/// The built `dilution` executable, run end to end.
enum Binary {
    static var url: URL {
        let candidates = [
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("dilution"),
            Fixtures.packageRoot.appendingPathComponent(".build/debug/dilution"),
        ]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates[1]
    }

    static func run(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        let process = Process()
        process.executableURL = url
        process.arguments = arguments
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: stdout, as: UTF8.self), String(decoding: stderr, as: UTF8.self))
    }
}

/// An independent count: the quantities of every `TX_STOCK_ISSUANCE` on or before a date, per class, read with
/// JSONSerialization (another reader than the importer's) from every transactions file of a folder.
func issuedStock(in folder: String, asOf: String) throws -> [String: Decimal] {
    var totals: [String: Decimal] = [:]
    for name in try FileManager.default.contentsOfDirectory(atPath: folder) where name.hasSuffix(".json") {
        let data = try Data(contentsOf: URL(fileURLWithPath: folder + "/" + name))
        guard let document = try JSONSerialization.jsonObject(with: data) as? [String: Any],
            document["file_type"] as? String == "OCF_TRANSACTIONS_FILE", let items = document["items"] as? [[String: Any]]
        else { continue }
        for item in items where item["object_type"] as? String == "TX_STOCK_ISSUANCE" {
            guard let date = item["date"] as? String, date <= asOf, let quantity = item["quantity"] as? String,
                let stockClass = item["stock_class_id"] as? String, let value = Decimal(string: quantity)
            else { continue }
            totals[stockClass, default: 0] += value
        }
    }
    return totals
}
