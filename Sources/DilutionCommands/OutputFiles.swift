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

    /// Writes every file atomically; refuses to overwrite any of `protected` (the inputs).
    public func write(protecting protected: [String]) throws {
        let manager = FileManager.default
        let inputs = Set(protected.map { URL(fileURLWithPath: $0).standardizedFileURL.path })
        for file in files {
            let url = URL(fileURLWithPath: file.path).standardizedFileURL
            if inputs.contains(url.path) {
                throw CommandError("Refusing to write \(file.path): it is an input of this run.")
            }
        }
        for file in files {
            let url = URL(fileURLWithPath: file.path)
            let directory = url.deletingLastPathComponent()
            try manager.createDirectory(at: directory, withIntermediateDirectories: true)
            let temporary = directory.appendingPathComponent(".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).tmp")
            do {
                try Data(file.contents.utf8).write(to: temporary)
                // rename(2) replaces the target atomically: readers see the old file or the new one.
                if rename(temporary.path, url.path) != 0 {
                    throw CommandError(String(cString: strerror(errno)))
                }
            } catch {
                try? manager.removeItem(at: temporary)
                throw CommandError("Could not write \(file.path): \(error.localizedDescription)")
            }
        }
    }
}

/// A command-line failure with a full-sentence message.
public struct CommandError: Error, CustomStringConvertible, Equatable {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
