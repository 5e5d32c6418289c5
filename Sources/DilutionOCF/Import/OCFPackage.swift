import Foundation

/// The files of an OCF package, read and checked against its manifest.
package struct OCFPackage: Sendable {
    /// The manifest's path as given or found.
    package var manifestPath: String
    /// `ocf_version` as the manifest writes it.
    package var version: String
    /// The manifest's `as_of` date, when it has one.
    package var asOf: OCFDate?
    package var issuerName: String
    package var issuerID: String
    /// Objects of each kind, in file order then item order.
    package var stakeholders: [JSONNode] = []
    package var stockClasses: [JSONNode] = []
    package var stockPlans: [JSONNode] = []
    package var transactions: [JSONNode] = []
    /// Problems that do not stop the import (wrong md5, wrong path with a file found instead, …).
    package var warnings: [String] = []

    /// The manifest keys this importer reads, with the `file_type` each listed file must have.
    static let categories: [(key: String, fileType: String)] = [
        ("stakeholders_files", "OCF_STAKEHOLDERS_FILE"),
        ("stock_classes_files", "OCF_STOCK_CLASSES_FILE"),
        ("stock_plans_files", "OCF_STOCK_PLANS_FILE"),
        ("transactions_files", "OCF_TRANSACTIONS_FILE"),
    ]

    /// Reads the package at `path`: a manifest file, a folder holding one, or a zipped package (`.zip`).
    package static func read(_ path: String) throws(OCFError) -> OCFPackage {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw OCFError(file: path, path: "", message: "there is no such file or folder")
        }
        if isDirectory.boolValue { return try read(manifest: try findManifest(in: path, display: path)) }
        if path.lowercased().hasSuffix(".zip") { return try readZip(path) }
        return try read(manifest: path)
    }

    /// The manifest in a folder: `Manifest.ocf.json`, else the one JSON file whose `file_type` says manifest.
    static func findManifest(in folder: String, display: String) throws(OCFError) -> String {
        let standard = (folder as NSString).appendingPathComponent("Manifest.ocf.json")
        if FileManager.default.fileExists(atPath: standard) { return standard }
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted()
        var found: [String] = []
        for name in names where name.lowercased().hasSuffix(".json") {
            let file = (folder as NSString).appendingPathComponent(name)
            if fileType(of: file) == "OCF_MANIFEST_FILE" { found.append(file) }
        }
        // A zipped package may hold its files in one folder.
        if found.isEmpty {
            for name in names {
                let sub = (folder as NSString).appendingPathComponent(name)
                var isDirectory: ObjCBool = false
                if FileManager.default.fileExists(atPath: sub, isDirectory: &isDirectory), isDirectory.boolValue,
                    let manifest = try? findManifest(in: sub, display: display)
                {
                    found.append(manifest)
                }
            }
        }
        guard let first = found.first else {
            throw OCFError(
                file: display, path: "",
                message: "holds no OCF manifest (a Manifest.ocf.json, or a JSON file whose file_type is "
                    + "OCF_MANIFEST_FILE)")
        }
        if found.count > 1 {
            let list = found.map { ($0 as NSString).lastPathComponent }.joined(separator: ", ")
            throw OCFError(file: display, path: "", message: "holds several OCF manifests (\(list)); name one of them")
        }
        return first
    }

    /// A JSON file's `file_type`, `nil` when it is not readable JSON with one.
    static func fileType(of file: String) -> String? {
        guard let data = FileManager.default.contents(atPath: file),
            let value = try? JSONValue.parse(data, file: file),
            case .object(let members) = value, case .string(let type)? = members["file_type"]
        else { return nil }
        return type
    }

    /// Extracts a zipped package with `unzip` into a temporary folder and reads it from there.
    static func readZip(_ path: String) throws(OCFError) -> OCFPackage {
        let temporary = FileManager.default.temporaryDirectory
            .appendingPathComponent("dilution-ocf-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: temporary) }
        let unzip = ["/usr/bin/unzip", "/bin/unzip"].first { FileManager.default.isExecutableFile(atPath: $0) }
        guard let unzip else {
            throw OCFError(
                file: path, path: "",
                message: "is a zipped package, and reading one needs the unzip program (apt-get install unzip); "
                    + "or extract it and import the folder")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: unzip)
        process.arguments = ["-q", "-o", path, "-d", temporary]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do {
            try process.run()
            process.waitUntilExit()
        } catch {
            throw OCFError(file: path, path: "", message: "could not be extracted: \(error.localizedDescription)")
        }
        guard process.terminationStatus == 0 else {
            throw OCFError(
                file: path, path: "", message: "is not a readable zip file (unzip exited with \(process.terminationStatus))")
        }
        let manifest = try findManifest(in: temporary, display: path)
        var package = try read(manifest: manifest)
        let inside = String(manifest.dropFirst(temporary.count + 1))
        package.manifestPath = "\(path) (\(inside))"
        return package
    }

    /// Reads a manifest and the files it lists.
    static func read(manifest path: String) throws(OCFError) -> OCFPackage {
        let name = (path as NSString).lastPathComponent
        let root = try load(path, display: name)
        let type = try root.string("file_type")
        guard type == "OCF_MANIFEST_FILE" else {
            throw OCFError(
                file: name, path: "file_type",
                message: "is '\(type ?? "missing")', not OCF_MANIFEST_FILE: give the package's manifest, or its folder")
        }
        let issuer = try root.required("issuer")
        var package = OCFPackage(
            manifestPath: path, version: try root.string("ocf_version") ?? "", asOf: try root.optional("as_of")?.date(),
            issuerName: try issuer.string("legal_name") ?? "", issuerID: try issuer.string("id") ?? "")
        package.checkVersion()

        let folder = (path as NSString).deletingLastPathComponent
        var listed: Set<String> = []
        for (key, _) in categories {
            for entry in try root.list(key) {
                if let file = try entry.string("filepath") { listed.insert(standardized(file, in: folder)) }
            }
        }
        for (key, fileType) in categories {
            var entries = try root.list(key)
            if entries.isEmpty, let unlisted = package.substitute(for: fileType, in: folder, excluding: listed) {
                // Older zipped packages list a category empty and still ship its file.
                let unlistedName = (unlisted as NSString).lastPathComponent
                package.warnings.append(
                    "\(name): \(key): the manifest lists no file; read '\(unlistedName)', the folder's unlisted file of "
                        + "type \(fileType).")
                listed.insert(unlisted)
                let entry = JSONValue.object(["filepath": .string("./" + unlistedName)])
                entries = [JSONNode(entry, file: name, path: key)]
            }
            for entry in entries {
                let given = try entry.required("filepath").string()
                var file = standardized(given, in: folder)
                var display = (given as NSString).lastPathComponent
                if !FileManager.default.fileExists(atPath: file) {
                    guard let replacement = package.substitute(for: fileType, in: folder, excluding: listed) else {
                        package.warnings.append(
                            "\(name): \(entry.path).filepath: '\(given)' does not exist and the folder has no other "
                                + "file of type \(fileType); nothing of that kind was read.")
                        continue
                    }
                    let replacementName = (replacement as NSString).lastPathComponent
                    package.warnings.append(
                        "\(name): \(entry.path).filepath: '\(given)' does not exist; read '\(replacementName)', the "
                            + "folder's file of type \(fileType), instead.")
                    listed.insert(replacement)
                    file = replacement
                    display = replacementName
                } else if let md5 = try entry.string("md5"), let data = FileManager.default.contents(atPath: file) {
                    let actual = MD5.hex(data)
                    if actual != md5.lowercased() {
                        package.warnings.append(
                            "\(name): \(entry.path).md5: '\(given)' has the MD5 \(actual), not \(md5) as listed; "
                                + "read it anyway.")
                    }
                }
                let document = try load(file, display: display)
                let actualType = try document.string("file_type")
                guard actualType == fileType else {
                    throw OCFError(
                        file: display, path: "file_type",
                        message: "is '\(actualType ?? "missing")', but the manifest lists the file in '\(key)', "
                            + "which holds \(fileType) files")
                }
                let items = try document.required("items").elements()
                switch fileType {
                case "OCF_STAKEHOLDERS_FILE": package.stakeholders += items
                case "OCF_STOCK_CLASSES_FILE": package.stockClasses += items
                case "OCF_STOCK_PLANS_FILE": package.stockPlans += items
                default: package.transactions += items
                }
            }
        }
        return package
    }

    /// The folder's one file of `fileType` that the manifest does not list, if there is exactly one.
    func substitute(for fileType: String, in folder: String, excluding listed: Set<String>) -> String? {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted()
        let candidates = names.filter { $0.lowercased().hasSuffix(".json") }
            .map { Self.standardized($0, in: folder) }
            .filter { !listed.contains($0) && Self.fileType(of: $0) == fileType }
        return candidates.count == 1 ? candidates[0] : nil
    }

    static func standardized(_ file: String, in folder: String) -> String {
        let joined = file.hasPrefix("/") ? file : (folder as NSString).appendingPathComponent(file)
        return (joined as NSString).standardizingPath
    }

    static func load(_ file: String, display: String) throws(OCFError) -> JSONNode {
        guard let data = FileManager.default.contents(atPath: file) else {
            throw OCFError(file: display, path: "", message: "cannot be read")
        }
        return JSONNode(try JSONValue.parse(data, file: display), file: display)
    }

    /// Versions 1.0.0-b1 to 1.2.x are read; anything else is read as if it were 1.2, with a warning.
    mutating func checkVersion() {
        let known = version.hasPrefix("1.0.") || version.hasPrefix("1.1.") || version.hasPrefix("1.2.")
        if !known {
            warnings.append(
                "\((manifestPath as NSString).lastPathComponent): ocf_version: '\(version)' is not an OCF version "
                    + "from 1.0.0 to 1.2.x; read as 1.2.")
        }
    }
}
