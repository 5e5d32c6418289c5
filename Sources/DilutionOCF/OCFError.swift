/// A problem with an OCF package: the file, the JSON path within it, and what is wrong.
public struct OCFError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file's name as the package names it (`Transactions.ocf.json`), or the package path.
    public var file: String
    /// The JSON path (`items[12].quantity`), empty for the whole file.
    public var path: String
    /// What is wrong, without a final period.
    public var message: String

    public init(file: String, path: String, message: String) {
        self.file = file
        self.path = path
        self.message = message
    }

    /// `Transactions.ocf.json: items[12].quantity: message.`
    public var description: String {
        let place = path.isEmpty ? file : "\(file): \(path)"
        let text = message.hasSuffix(".") ? message : message + "."
        return "\(place): \(text)"
    }
}
