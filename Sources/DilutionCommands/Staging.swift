import Dispatch
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Everything a command has created but not yet committed: temporary files and the output folders made for them.
///
/// A failed command, and one stopped by SIGINT, SIGTERM or SIGHUP, removes all of it, so that nothing of the run
/// remains; a commit (the renames of `OutputFiles.write(protecting:)`) holds the lock, so that a signal arriving
/// during it waits until every output has landed. SIGXFSZ is ignored: a write beyond the file-size limit then fails
/// with EFBIG and becomes an error like any other.
final class Staging: @unchecked Sendable {
    static let shared = Staging()

    private let lock = NSLock()
    private var temporaries: [String] = []
    private var folders: [String] = []
    private var sources: [DispatchSourceSignal] = []

    /// Signals after which the temporaries are removed and the process ends as the signal would have ended it.
    static let stoppingSignals: [Int32] = [SIGINT, SIGTERM, SIGHUP]

    /// Installs the signal handling once; every command calls it before creating any file.
    static func prepare() {
        _ = installed
    }

    private static let installed: Bool = {
        // A parent may start us with these signals blocked (a process spawned from a dispatch thread inherits its
        // mask); blocked, they would stay pending and never stop the run. Dispatch threads keep them blocked, so the
        // thread that takes them is this one (the main thread), and the handler below runs on a queue.
        var unblocked = sigset_t()
        sigemptyset(&unblocked)
        for number in stoppingSignals + [SIGXFSZ] { sigaddset(&unblocked, number) }
        pthread_sigmask(SIG_UNBLOCK, &unblocked, nil)
        signal(SIGXFSZ, SIG_IGN)
        for number in stoppingSignals {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                shared.discardAll()
                // End as the signal would have (the shell sees 130 for SIGINT, 143 for SIGTERM). Sent to the
                // process, not raised: this dispatch thread blocks signals.
                signal(number, SIG_DFL)
                kill(getpid(), number)
            }
            source.resume()
            shared.sources.append(source)
        }
        return true
    }()

    func register(temporary path: String) {
        lock.withLock { temporaries.append(path) }
    }

    func unregister(temporary path: String) {
        lock.withLock { temporaries.removeAll { $0 == path } }
    }

    func register(folder path: String) {
        lock.withLock { folders.append(path) }
    }

    /// Runs `body` (the renames that commit the outputs) with no signal cleanup in between; the temporaries and
    /// folders given are then forgotten: the temporaries have become the outputs, and the folders hold them.
    func committing<T>(temporaries committed: [String], folders made: [String], _ body: () throws -> T) rethrows -> T {
        try lock.withLock {
            let result = try body()
            temporaries.removeAll { committed.contains($0) }
            folders.removeAll { made.contains($0) }
            return result
        }
    }

    /// Removes `temporaries`, then `folders` (deepest first, and only if empty), and forgets them.
    func discard(temporaries discarded: [String], folders made: [String]) {
        lock.withLock {
            for path in discarded { unlink(path) }
            temporaries.removeAll { discarded.contains($0) }
            for path in made.reversed() { rmdir(path) }
            folders.removeAll { made.contains($0) }
        }
    }

    /// Removes every registered temporary, then every registered folder (deepest first, and only if empty): what a
    /// signal leaves to clean.
    func discardAll() {
        lock.withLock {
            for path in temporaries { unlink(path) }
            temporaries.removeAll()
            for path in folders.reversed() { rmdir(path) }
            folders.removeAll()
        }
    }
}

/// Files written through POSIX calls, so that a failure has its `errno` and reads as a sentence.
package enum POSIXFile {
    /// Creates `path`, which must not exist yet, for writing.
    static func create(_ path: String) throws -> Int32 {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
        if descriptor < 0 { throw CommandError("Could not write \(path): \(reason(errno)).") }
        return descriptor
    }

    /// Writes all of `data`, reporting a failure against `path`, the file the user asked for.
    static func write(_ descriptor: Int32, _ data: Data, path: String) throws {
        try data.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) in
            var offset = 0
            while offset < bytes.count {
                let written = Foundation.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    throw CommandError("Could not write \(path): \(reason(errno)).")
                }
                offset += written
            }
        }
    }

    /// Closes a file being written; a late failure (a full disk on NFS, say) is reported against `path`.
    static func close(_ descriptor: Int32, path: String) throws {
        if Foundation.close(descriptor) != 0 { throw CommandError("Could not write \(path): \(reason(errno)).") }
    }

    /// A clause for an `errno` that ends "Could not write PATH: …".
    package static func reason(_ code: Int32) -> String {
        switch code {
        case ENOSPC: return "the disk is full"
        case EDQUOT: return "the disk quota is used up"
        case EFBIG: return "the file would be larger than the file-size limit allows (see ulimit -f)"
        case EROFS: return "the file system is read-only"
        case EACCES, EPERM: return "permission denied"
        case ENOENT: return "its folder does not exist"
        case EISDIR: return "it is a folder"
        case ENOTDIR: return "part of its path is a file, not a folder"
        default: return String(cString: strerror(code)).lowercased()
        }
    }
}
