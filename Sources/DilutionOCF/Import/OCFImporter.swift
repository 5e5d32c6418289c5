import Foundation

/// Imports an Open Cap Table Format package as a scenario.
public enum OCFImporter {
    /// Reads the package at `path` (a manifest, a folder holding one, or a zipped package), replays its transactions
    /// up to and including `asOf`, and writes the capitalization on that date as a scenario.
    ///
    /// With `skipDangling`, a transaction that names a security, class, plan or stakeholder the package does not
    /// hold is skipped and reported instead of stopping the import (OCF's catalogue samples are made of those).
    public static func importPackage(path: String, asOf: OCFDate, skipDangling: Bool = false) throws(OCFError)
        -> OCFImport
    {
        let package = try OCFPackage.read(path)
        var replay = CapTableReplay(package: package, asOf: asOf, skipDangling: skipDangling)
        let table = try replay.run()
        var writer = ScenarioWriter(table: table, package: package, source: package.manifestPath)
        let text = try writer.write()
        return OCFImport(
            scenario: text, warnings: package.warnings + table.warnings, skipped: table.skipped,
            leftOut: writer.leftOut, notes: writer.notes)
    }
}
