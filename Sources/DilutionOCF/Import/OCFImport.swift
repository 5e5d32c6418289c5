/// What `dilution import` produces: the scenario text and what the reader should know about it.
public struct OCFImport: Sendable {
    /// The scenario file's text (format version 1).
    public var scenario: String
    /// Problems that did not stop the import: wrong manifest paths or digests, dangling holders, ….
    public var warnings: [String]
    /// Transactions skipped because they refer to what the package does not hold (with `skipDangling`).
    public var skipped: [String]
    /// Instruments the scenario format cannot express, left out (warrants without a quantity, …).
    public var leftOut: [String]
    /// Choices the importer made (an original issue price among several, a 1:1 conversion assumed, …).
    public var notes: [String]
}
