import Foundation

/// Files a command produces, written only once every one of them has been computed, all or none: each goes to a
/// temporary file beside its target, and only when every temporary is complete are they renamed into place. If a
/// rename fails, the ones already made are undone (a file they replaced is put back), the temporaries are removed,
/// and so are the folders made for them.
public struct OutputFiles: Sendable {
    public struct File: Sendable, Equatable {
        public var path: String
        public var contents: String
    }

    /// Files whose contents are in memory.
    public private(set) var files: [File] = []
    /// Files already written to a temporary (streamed samples), committed with the others.
    private(set) var staged: [(path: String, temporary: String)] = []
    /// Folders made for the staged files, removed again if the files do not land.
    private(set) var stagedFolders: [String] = []

    public init() {}

    public mutating func add(_ path: String, _ contents: String) {
        files.append(File(path: path, contents: contents))
    }

    /// Adds a file already complete in `temporary` (registered with `Staging`), to be renamed to `path` with the rest.
    mutating func add(_ path: String, stagedAt temporary: String, folders: [String]) {
        staged.append((path, temporary))
        stagedFolders += folders
    }

    /// Removes the staged temporaries and their folders: the command failed before writing.
    func discard() {
        Staging.shared.discard(temporaries: staged.map(\.temporary), folders: stagedFolders)
    }

    /// Every path this writes, in order.
    public var paths: [String] { files.map(\.path) + staged.map(\.path) }

    /// Writes every file atomically, all or none; refuses to overwrite any of `protected` (the inputs).
    public func write(protecting protected: [String]) throws {
        let staging = Staging.shared
        let inputs = Set(protected.map { URL(fileURLWithPath: $0).standardizedFileURL.path })
        for path in paths where inputs.contains(URL(fileURLWithPath: path).standardizedFileURL.path) {
            throw CommandError("Refusing to write \(path): it is an input of this run.")
        }
        // Check every target before writing anything, so that a folder in the way stops the run at once.
        for path in paths {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
                throw CommandError("Could not write \(path): a folder of that name is in the way.")
            }
        }
        var entries = staged.map { (temporary: $0.temporary, target: $0.path) }
        var folders = stagedFolders
        do {
            for file in files {
                let directory = URL(fileURLWithPath: file.path).deletingLastPathComponent()
                folders += try Self.makeFolder(directory)
                let temporary = Self.temporaryPath(for: file.path)
                staging.register(temporary: temporary)
                entries.append((temporary, file.path))
                let descriptor = try POSIXFile.create(temporary)
                do {
                    try POSIXFile.write(descriptor, Data(file.contents.utf8), path: file.path)
                } catch {
                    _ = close(descriptor)
                    throw error
                }
                try POSIXFile.close(descriptor, path: file.path)
            }
            try staging.committing(temporaries: entries.map(\.temporary), folders: folders) {
                try Self.commit(entries)
            }
        } catch {
            staging.discard(temporaries: entries.map(\.temporary), folders: folders)
            throw error
        }
    }

    /// Renames every temporary onto its target; on a failure, undoes the renames already made.
    private static func commit(_ entries: [(temporary: String, target: String)]) throws {
        // A target that exists is first moved aside, so that a failure can put it back.
        var done: [(target: String, backup: String?)] = []
        func undo() {
            for entry in done.reversed() {
                if let backup = entry.backup { rename(backup, entry.target) } else { unlink(entry.target) }
            }
        }
        for entry in entries {
            var backup: String? = nil
            if access(entry.target, F_OK) == 0 {
                let aside = entry.temporary + ".old"
                if rename(entry.target, aside) != 0 {
                    let reason = POSIXFile.reason(errno)
                    undo()
                    throw CommandError("Could not write \(entry.target): \(reason).")
                }
                backup = aside
            }
            // rename(2) replaces the target atomically: readers see the old file or the new one.
            if rename(entry.temporary, entry.target) != 0 {
                let reason = POSIXFile.reason(errno)
                if let backup { rename(backup, entry.target) }
                undo()
                throw CommandError("Could not write \(entry.target): \(reason).")
            }
            done.append((entry.target, backup))
        }
        for entry in done { if let backup = entry.backup { unlink(backup) } }
    }

    /// `.NAME.PID.tmp` beside `path`.
    static func temporaryPath(for path: String) -> String {
        let url = URL(fileURLWithPath: path)
        return url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).tmp").path
    }
}

extension OutputFiles {
    /// Creates an output folder (and its parents), or says in a sentence why it cannot. Each folder it makes is
    /// registered with `Staging` (so that a signal removes it again) and returned, outermost first.
    @discardableResult
    static func makeFolder(_ directory: URL) throws -> [String] {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory) {
            if isDirectory.boolValue { return [] }
            throw CommandError("Cannot write into \(directory.path): it is a file, not a folder.")
        }
        var made: [String] = []
        let parent = directory.deletingLastPathComponent()
        if parent.path != directory.path { made = try makeFolder(parent) }
        if mkdir(directory.path, 0o777) != 0 {
            if errno == EEXIST { return made }
            let reason = POSIXFile.reason(errno)
            Staging.shared.discard(temporaries: [], folders: made)
            throw CommandError("Cannot create the folder \(directory.path): \(reason).")
        }
        Staging.shared.register(folder: directory.path)
        return made + [directory.path]
    }
}

/// A command-line failure with a full-sentence message.
public struct CommandError: Error, CustomStringConvertible, Equatable {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
