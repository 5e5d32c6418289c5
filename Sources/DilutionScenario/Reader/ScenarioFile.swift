import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a scenario file's bytes and decodes them as text, saying in a sentence why it cannot.
///
/// UTF-8 (with or without a byte-order mark) and UTF-16 with a byte-order mark are read; anything else is an error
/// naming the first byte that is not UTF-8 by its offset and line. Devices (`/dev/zero`) are refused, and a file is
/// read only up to `maximumBytes`, so that neither an endless stream nor a huge file exhausts memory.
enum ScenarioFile {
    /// Far above any scenario (the bundled ones are a few kilobytes), below what would strain memory.
    static let maximumBytes = 256 << 20

    static func read(_ path: String) throws(ScenarioError) -> String {
        try decode(try bytes(path), path: path)
    }

    static func bytes(_ path: String) throws(ScenarioError) -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        if descriptor < 0 {
            let code = errno
            switch code {
            case ENOENT: throw ScenarioError("cannot read \(path): no such file", at: nil)
            case EACCES, EPERM: throw ScenarioError("cannot read \(path): permission denied", at: nil)
            default: throw ScenarioError("cannot read \(path): \(String(cString: strerror(code)).lowercased())", at: nil)
            }
        }
        defer { close(descriptor) }
        var info = stat()
        if fstat(descriptor, &info) == 0 {
            switch info.st_mode & S_IFMT {
            case S_IFDIR: throw ScenarioError("\(path) is a folder, not a scenario file", at: nil)
            case S_IFCHR, S_IFBLK: throw ScenarioError("\(path) is a device, not a scenario file", at: nil)
            default: break
            }
        }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = buffer.withUnsafeMutableBytes { Foundation.read(descriptor, $0.baseAddress!, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                let code = errno
                if code == EISDIR { throw ScenarioError("\(path) is a folder, not a scenario file", at: nil) }
                throw ScenarioError("cannot read \(path): \(String(cString: strerror(code)).lowercased())", at: nil)
            }
            if count == 0 { break }
            bytes += buffer[0..<count]
            if bytes.count > maximumBytes {
                throw ScenarioError(
                    "\(path) is larger than \(maximumBytes >> 20) MB; a scenario file is text of a few kilobytes",
                    at: nil)
            }
        }
        return bytes
    }

    static func decode(_ bytes: [UInt8], path: String) throws(ScenarioError) -> String {
        if bytes.count >= 2, (bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF) {
            let bigEndian = bytes[0] == 0xFE
            guard bytes.count % 2 == 0 else {
                throw ScenarioError("\(path) starts with a UTF-16 byte-order mark but has an odd number of bytes", at: nil)
            }
            var units: [UInt16] = []
            units.reserveCapacity(bytes.count / 2 - 1)
            for index in stride(from: 2, to: bytes.count, by: 2) {
                let (a, b) = (UInt16(bytes[index]), UInt16(bytes[index + 1]))
                units.append(bigEndian ? a << 8 | b : b << 8 | a)
            }
            var text = "\u{FEFF}"  // kept for `checked(_:path:)`, which drops it
            var iterator = units.makeIterator()
            var decoder = UTF16()
            var offset = 2
            loop: while true {
                switch decoder.decode(&iterator) {
                case .scalarValue(let scalar):
                    text.unicodeScalars.append(scalar)
                    offset += 2 * UTF16.width(scalar)
                case .emptyInput:
                    break loop
                case .error:
                    throw ScenarioError(
                        "\(path) is UTF-16 text (it starts with a byte-order mark) but is not valid UTF-16 at byte "
                            + "offset \(offset)", at: nil)
                }
            }
            return try checked(text, path: path)
        }
        func line(at offset: Int) -> Int { 1 + bytes[..<offset].count(where: { $0 == 0x0A }) }
        if let text = String(validating: bytes, as: UTF8.self) {
            if let nul = bytes.firstIndex(of: 0) {
                throw ScenarioError(
                    "\(path) is not a text file: it has a NUL byte at byte offset \(nul) (line \(line(at: nul)))",
                    at: nil)
            }
            return try checked(text, path: path)
        }
        // Not UTF-8: find the first byte that is not, to name it.
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        var offset = 0
        loop: while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar):
                offset += UTF8.width(scalar)
            case .emptyInput:
                break loop
            case .error:
                let byte = String(bytes[offset], radix: 16, uppercase: true)
                throw ScenarioError(
                    "\(path) is not UTF-8 text: the byte 0x\(byte.count == 1 ? "0" : "")\(byte) at byte offset "
                        + "\(offset) (line \(line(at: offset))) cannot be read as UTF-8; save the file as UTF-8", at: nil)
            }
        }
        throw ScenarioError("\(path) is not UTF-8 text", at: nil)
    }

    /// Drops a leading byte-order mark (as Foundation's UTF-8 decoding did), refusing a second one after it.
    private static func checked(_ text: String, path: String) throws(ScenarioError) -> String {
        var scalars = Substring(text).unicodeScalars
        guard scalars.first == "\u{FEFF}" else { return text }
        scalars.removeFirst()
        if scalars.first == "\u{FEFF}" {
            throw ScenarioError("\(path) starts with two byte-order marks; remove one", at: nil)
        }
        return String(scalars)
    }
}
