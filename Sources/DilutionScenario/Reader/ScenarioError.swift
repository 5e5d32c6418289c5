/// A problem in a scenario file, with where it is and a full sentence saying what it is.
public struct ScenarioError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Where the problem is, or `nil` for a problem with the file as a whole.
    public var location: SourceLocation?
    /// A full sentence, without the location, for example "missing key 'date' in event 'next-raise'".
    public var message: String

    /// Creates an error with `message` at `location`.
    public init(_ message: String, at location: SourceLocation?) {
        self.message = message
        self.location = location
    }

    /// `file:line:column: message`, or the message alone when there is no location.
    public var description: String {
        guard let location else { return message }
        return "\(location): \(message)"
    }

    /// The offending line of `source` with a caret under the column, or `nil` without a location.
    ///
    /// For terminal output below `description`; not part of `description`, which stays one line.
    public func snippet(in source: String) -> String? {
        guard let location else { return nil }
        return SourceText(source).snippet(line: location.line, column: location.column)
    }

    /// The description followed, when there is a location, by the snippet of `source`.
    public func rendered(source: String) -> String {
        guard let snippet = snippet(in: source) else { return description }
        return description + "\n" + snippet
    }
}
