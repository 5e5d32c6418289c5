import DilutionScenario
import Foundation
import Testing

/// Files that are not UTF-8 text, or not files: each gets a sentence that says what is wrong and where.
@Suite("Reading scenario files")
struct ScenarioFileTests {
    static let text = """
        version: 1
        name: Tiny
        capitalization:
          common: 1000
        events: []

        """

    /// Writes `bytes` to a fresh temporary file and returns its path.
    static func file(_ bytes: [UInt8]) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("dilution-\(UUID().uuidString).yaml").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    static func utf16(bigEndian: Bool) -> [UInt8] {
        var bytes: [UInt8] = bigEndian ? [0xFE, 0xFF] : [0xFF, 0xFE]
        for unit in text.utf16 {
            let (high, low) = (UInt8(unit >> 8), UInt8(unit & 0xFF))
            bytes += bigEndian ? [high, low] : [low, high]
        }
        return bytes
    }

    @Test(arguments: [false, true])
    func utf16WithAByteOrderMarkIsRead(bigEndian: Bool) throws {
        let path = try Self.file(Self.utf16(bigEndian: bigEndian))
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(try ScenarioLoader.load(path: path).scenario.name == "Tiny")
    }

    @Test func aByteThatIsNotUTF8IsNamedByItsOffsetAndLine() throws {
        var bytes = Array(Self.text.utf8)
        bytes.insert(0xFF, at: 30)  // on line 3
        let path = try Self.file(bytes)
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(
            throws: ScenarioError(
                "\(path) is not UTF-8 text: the byte 0xFF at byte offset 30 (line 3) cannot be read as UTF-8; save the "
                    + "file as UTF-8", at: nil)
        ) { try ScenarioLoader.load(path: path) }
    }

    @Test func aBinaryFileIsNotText() throws {
        let path = try Self.file(Array("version: 1\n".utf8) + [0, 1, 2])
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(
            throws: ScenarioError("\(path) is not a text file: it has a NUL byte at byte offset 11 (line 2)", at: nil)
        ) { try ScenarioLoader.load(path: path) }
    }

    @Test func twoByteOrderMarksAreAnError() throws {
        let path = try Self.file([0xEF, 0xBB, 0xBF, 0xEF, 0xBB, 0xBF] + Array(Self.text.utf8))
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(throws: ScenarioError("\(path) starts with two byte-order marks; remove one", at: nil)) {
            try ScenarioLoader.load(path: path)
        }
        let one = try Self.file([0xEF, 0xBB, 0xBF] + Array(Self.text.utf8))
        defer { try? FileManager.default.removeItem(atPath: one) }
        #expect(try ScenarioLoader.load(path: one).scenario.name == "Tiny")
    }

    @Test func aDeviceIsRefusedRatherThanReadForever() {
        #expect(throws: ScenarioError("/dev/zero is a device, not a scenario file", at: nil)) {
            try ScenarioLoader.load(path: "/dev/zero")
        }
    }
}
