/// A parsed scenario file: its text, for snippets, and its root value, for the decoder.
package struct YAMLDocument: Sendable {
    /// The file's name as given, used in every location.
    package var file: String
    /// The file's text.
    package var text: String
    /// The document's top-level value (path `""`).
    package var root: Value

    /// The most nodes a document may expand to, so that nested aliases cannot exhaust memory.
    static let nodeBudget = 1_000_000

    /// Parses `text` as a single YAML document; `file` names it in locations.
    ///
    /// Syntax errors, duplicate keys (at the second occurrence), keys that are not text and an empty file
    /// ("the file is empty", at 1:1) are errors.
    package static func parse(text: String, file: String) throws(ScenarioError) -> YAMLDocument {
        let start = SourceLocation(file: file, line: 1, column: 1)
        guard let root = try YAMLComposer.compose(text: text, file: file) else {
            throw ScenarioError("the file is empty", at: start)
        }
        if root.isNull, case .scalar(let text, _) = root.content, text.isEmpty {
            throw ScenarioError("the file is empty", at: start)
        }
        return YAMLDocument(file: file, text: text, root: Value(root, path: ""))
    }

    /// The root as a mapping, which a scenario file must be.
    package func rootMapping(context: String = "the scenario") throws(ScenarioError) -> MappingReader {
        try root.mapping(context: context)
    }

    static func duplicateKeyError(_ key: String, first: SourceLocation, second: SourceLocation) -> ScenarioError {
        ScenarioError(
            "duplicate key '\(key)'; it is already given at line \(first.line), column \(first.column)"
                + (first.line == second.line ? digitGroupHint(key) : ""),
            at: second
        )
    }

    /// For a key such as '000': the remains of `{low: 1,000,000}`, where the commas split the number into entries.
    static func digitGroupHint(_ key: String) -> String {
        guard key.count == 3, key.allSatisfy(\.isNumber) else { return "" }
        return " (inside {…} or […] a comma separates entries: write 1000000, or quote \"1,000,000\")"
    }

    /// A syntax error from the parser at `mark`, with the construct it was in when that starts elsewhere.
    static func syntaxError(
        _ problem: String,
        at mark: SourceLocation,
        context: (text: String, location: SourceLocation)?,
        text: String
    ) -> ScenarioError {
        if problem == "found character that cannot start any token",
            SourceText(text).scalar(line: mark.line, column: mark.column) == "\t"
        {
            return ScenarioError("invalid YAML: tabs are not allowed here; indent with spaces", at: mark)
        }
        var message = "invalid YAML: \(problem)"
        if let context, context.location != mark {
            message +=
                " (\(context.text) that starts at line \(context.location.line), column \(context.location.column))"
        }
        // A second ': ' on the line, as in `name: Vsource: the outlook` (not a key indented too far).
        if problem == "mapping values are not allowed in this context",
            let line = SourceText(text).line(mark.line), line.prefix(max(0, mark.column - 1)).contains(": ")
        {
            message +=
                "; a colon followed by a space starts a key, so quote text that holds one: "
                + "name: \"Vsource: the outlook\""
        }
        return ScenarioError(message, at: mark)
    }
}
