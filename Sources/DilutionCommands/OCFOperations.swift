import DilutionModel
import DilutionOCF
import DilutionScenario
import Foundation

extension Operations {
    /// `dilution import`: an OCF package replayed to a date, written as a scenario that `validate` accepts.
    public static func importOCF(package: String, asOf: String, out: String?, skipDangling: Bool) throws -> Outcome {
        guard asOf.count == 10, let date = OCFDate(asOf) else {
            throw CommandError("--as-of must be a date written YYYY-MM-DD, not '\(asOf)'.")
        }
        if let out {
            // Never write into the package being read: a scenario there could replace one of its files.
            var isFolder: ObjCBool = false
            let packageURL = URL(fileURLWithPath: package).standardizedFileURL
            let exists = FileManager.default.fileExists(atPath: packageURL.path, isDirectory: &isFolder)
            let folder = isFolder.boolValue || !exists ? packageURL : packageURL.deletingLastPathComponent()
            let target = URL(fileURLWithPath: out).standardizedFileURL
            let targetFolder = target.deletingLastPathComponent().path
            let inside = targetFolder == folder.path || targetFolder.hasPrefix(folder.path + "/")
            if target.path == packageURL.path || (inside && !package.lowercased().hasSuffix(".zip")) {
                throw CommandError("Refusing to write \(out): it is inside the OCF package \(package), which is an input.")
            }
        }
        let result = try OCFImporter.importPackage(path: package, asOf: date, skipDangling: skipDangling)
        // What is written must read back as a scenario and run; anything else is a bug here, not in the package.
        let name = out ?? "the imported scenario"
        let loaded: LoadedScenario
        do {
            loaded = try ScenarioLoader.load(text: result.scenario, file: name)
            _ = try loaded.run()
        } catch {
            throw CommandError("The scenario imported from \(package) does not read back (a bug in dilution import): "
                + "\(describe(error))")
        }
        var outcome = Outcome()
        var report = ""
        for (title, items) in [
            ("warning", result.warnings), ("skipped", result.skipped), ("left out", result.leftOut),
            ("note", result.notes),
        ] {
            for item in items { report += "\(title): \(item)\n" }
        }
        let preferred = loaded.scenario.instruments.filter(\.isPreferred).count
        let others = loaded.scenario.instruments.count - preferred
        let summary = "\(preferred) preferred series, \(others) other instruments, common \(loaded.scenario.common), "
            + "pool \(loaded.scenario.pool) on \(date)"
        if let out {
            outcome.files.add(out, result.scenario)
            report += "wrote \(out): \(summary)\n"
        } else {
            outcome.stdout = result.scenario
            report += "\(summary)\n"
        }
        outcome.stderr = report
        return outcome
    }

    /// `dilution export-ocf`: the conversion price adjustments a scenario computes, as OCF transactions.
    public static func exportOCF(
        file: String, outDirectory: String, currency: String, set: [String] = [], variant: String? = nil
    ) throws -> Outcome {
        let loaded = try load(file: file, set: set, variant: variant)
        let timeline = try loaded.run()
        let export = try OCFExporter.export(
            timeline, scenarioFile: file, ocfIDs: OCFExporter.ocfIDs(inScenarioText: loaded.source),
            currency: currency)
        let stem = URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
        let path = (outDirectory as NSString).appendingPathComponent("\(stem).transactions.ocf.json")
        var outcome = Outcome()
        outcome.files.add(path, export.json)
        outcome.stderr = export.notes.map { "note: \($0)\n" }.joined()
            + "wrote \(path): \(export.count) conversion ratio adjustment\(export.count == 1 ? "" : "s")"
            + (export.issuances == 0
                ? "" : ", \(export.issuances) issuance and exercise transaction\(export.issuances == 1 ? "" : "s")")
            + "\n"
        for (suffix, json) in [("stock-classes", export.stockClassesJSON), ("stakeholders", export.stakeholdersJSON)] {
            guard let json else { continue }
            let extra = (outDirectory as NSString).appendingPathComponent("\(stem).\(suffix).ocf.json")
            outcome.files.add(extra, json)
            outcome.stderr += "wrote \(extra)\n"
        }
        return outcome
    }
}
