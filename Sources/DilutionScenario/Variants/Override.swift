import Foundation

/// One change to a scenario before it is read: the value at a path (`warrant-exercise.probability`) replaced,
/// or inserted when the key is not written yet.
///
/// Paths: `EVENT-ID.KEY` (a key of the event with that id, `event-N` for the N-th event when it has no id),
/// `EVENT-ID.INSTRUMENT-ID.KEY` (a key of an instrument that event creates), `INSTRUMENT-ID.KEY` (a key of an
/// instrument in `capitalization`), `capitalization.KEY`, or a top-level key such as `cascade`. Further
/// segments walk into nested mappings: `next-raise.price.median`. The new value is then decoded like any
/// value written in the file, so a wrong key or value is reported as usual.
public struct Override: Sendable {
    /// The dotted path, as written.
    public var path: String
    /// The new value.
    package var value: YAMLNode
    /// Where the override is written (a variant's `set` key), or `nil` for a `--set` argument.
    public var location: SourceLocation?
    /// The command-line argument it came from (`PATH=VALUE`), for messages; `nil` for a variant's override.
    public var argument: String?

    /// An override of `path` by `value`, written at `location` in the scenario file.
    package init(path: String, value: YAMLNode, location: SourceLocation?, argument: String? = nil) {
        self.path = path
        self.value = value
        self.location = location
        self.argument = argument
    }

    /// The file name given to the nodes of a `--set` value, recognised to report errors without a location.
    static let argumentFilePrefix = "\u{1}--set "

    /// Reads a `--set PATH=VALUE` argument. `VALUE` is YAML: a scalar (`1`, `net`, `0.90`, `"a: b"`), or a flow
    /// mapping or list (`{distribution: fixed, value: 0.5}`); a value that is not valid YAML (`[unclosed`, an alias
    /// bomb) is an error, never silently text.
    public init(argument: String) throws(ScenarioError) {
        guard let equals = argument.firstIndex(of: "=") else {
            throw ScenarioError("invalid --set '\(argument)': expected PATH=VALUE, e.g. next-raise.price=0.45",
                at: nil)
        }
        let path = String(argument[..<equals]).trimmingCharacters(in: .whitespaces)
        let text = String(argument[argument.index(after: equals)...])
        guard !path.isEmpty else {
            throw ScenarioError("invalid --set '\(argument)': the path before '=' is empty", at: nil)
        }
        try Self.checkPath(path, argument: argument)
        let file = Self.argumentFilePrefix + argument
        let start = SourceLocation(file: file, line: 1, column: 1)
        var node = YAMLNode(.scalar(text, .plain), at: start)
        if !text.trimmingCharacters(in: .whitespaces).isEmpty {
            do {
                node = try YAMLDocument.parse(text: text, file: file).root.node
            } catch {
                let prefix = "invalid YAML: "
                let reason =
                    error.message.hasPrefix(prefix) ? String(error.message.dropFirst(prefix.count)) : error.message
                throw ScenarioError(
                    "invalid --set '\(argument)': the value is not valid YAML (\(reason)); to set it as text, quote "
                        + "it: \(path)='\"\(text)\"'",
                    at: nil)
            }
        }
        self.init(path: path, value: node, location: nil, argument: argument)
    }

    /// Rejects paths with empty segments (`a..b`, `.a`, `a.`) or spaces.
    static func checkPath(_ path: String, argument: String?, at location: SourceLocation? = nil)
        throws(ScenarioError)
    {
        let segments = path.split(separator: ".", omittingEmptySubsequences: false)
        if segments.contains(where: { $0.isEmpty || $0.contains(" ") }) {
            let subject = argument.map { "invalid --set '\($0)'" } ?? "invalid override path '\(path)'"
            throw ScenarioError(
                "\(subject): a path is ID.KEY, e.g. next-raise.price or capitalization.common", at: location)
        }
    }

    /// How the override is named in messages: "--set 'a.b=1'" or "the override 'a.b'".
    var subject: String {
        argument.map { "--set '\($0)'" } ?? "the override '\(path)'"
    }

    /// An error about this override, at its location (none for `--set`).
    func error(_ message: String) -> ScenarioError {
        ScenarioError("\(subject): \(message)", at: location)
    }
}

/// A named set of changes to a scenario, from its `variants` section.
public struct ScenarioVariant: Sendable {
    /// The variant's name (its key under `variants`).
    public var name: String
    /// What the variant stands for, if written.
    public var description: String?
    /// The values it changes, in file order.
    public var overrides: [Override]
    /// The ids of the events it removes, in file order.
    public var removedEvents: [String]
    /// Where the variant's name is written.
    public var location: SourceLocation
    /// Where each removed id is written, in `removedEvents` order.
    var removedLocations: [SourceLocation]
}

extension ScenarioError {
    /// The error with a `--set` value's pseudo-location replaced by the argument's name, no location.
    func relocatingArguments() -> ScenarioError {
        guard let location, location.file.hasPrefix(Override.argumentFilePrefix) else { return self }
        let argument = location.file.dropFirst(Override.argumentFilePrefix.count)
        return ScenarioError("in --set '\(argument)': \(message)", at: nil)
    }
}
