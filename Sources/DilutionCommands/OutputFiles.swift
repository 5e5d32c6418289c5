import Foundation

/// Files a command produces, written only once every one of them has been computed, each
/// through a temporary file renamed into place, so that a failed run leaves nothing half-written.
public struct OutputFiles: Sendable {
    public struct File: Sendable, Equatable {
        public var path: String
        public var contents: String
    }

    public private(set) var files: [File] = []

    public init() {}

    public mutating func add(_ path: String, _ contents: String) {
        files.append(File(path: path, contents: contents))
    }

    /// Writes every file atomically, all or none; refuses to overwrite any of `protected` (the inputs).
    public func write(protecting protected: [String]) throws {
        let manager = FileManager.default
        let inputs = Set(protected.map { URL(fileURLWithPath: $0).standardizedFileURL.path })
        for file in files where inputs.contains(URL(fileURLWithPath: file.path).standardizedFileURL.path) {
            throw CommandError("Refusing to write \(file.path): it is an input of this run.")
        }
        // Every file goes to a temporary beside its target first; only when all are written are
        // they renamed into place, so a failure leaves the previous outputs untouched.
        var staged: [(temporary: URL, target: URL)] = []
        func discard() {
            for entry in staged { try? manager.removeItem(at: entry.temporary) }
        }
        for file in files {
            let url = URL(fileURLWithPath: file.path)
            let directory = url.deletingLastPathComponent()
            let temporary = directory.appendingPathComponent(
                ".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).tmp")
            do {
                try Self.makeFolder(directory)
                try Data(file.contents.utf8).write(to: temporary)
                staged.append((temporary, url))
            } catch {
                try? manager.removeItem(at: temporary)
                discard()
                if let error = error as? CommandError { throw error }
                throw CommandError("Could not write \(file.path): \(error.localizedDescription)")
            }
        }
        for entry in staged {
            // rename(2) replaces the target atomically: readers see the old file or the new one.
            if rename(entry.temporary.path, entry.target.path) != 0 {
                let reason = String(cString: strerror(errno))
                discard()
                throw CommandError("Could not write \(entry.target.path): \(reason)")
            }
        }
    }
}

extension OutputFiles {
    /// Creates an output folder (and its parents), or says in a sentence why it cannot.
    static func makeFolder(_ directory: URL) throws {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory) {
            if isDirectory.boolValue { return }
            throw CommandError("Cannot write into \(directory.path): it is a file, not a folder.")
        }
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw CommandError("Cannot create the folder \(directory.path): \(error.localizedDescription)")
        }
    }
}

/// A command-line failure with a full-sentence message.
public struct CommandError: Error, CustomStringConvertible, Equatable {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
