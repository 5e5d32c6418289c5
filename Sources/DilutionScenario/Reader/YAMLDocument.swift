internal import Yams

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
        let composed: Node?
        do {
            // Scalars are read as text, so no tag needs resolving: the basic resolver skips the regular
            // expressions the default one runs on every scalar (most of the parsing time of a long file).
            composed = try Yams.compose(yaml: text, .basic)
        } catch {
            throw YAMLDocument.translate(error, text: text, file: file)
        }
        let start = SourceLocation(file: file, line: 1, column: 1)
        guard let composed else { throw ScenarioError("the file is empty", at: start) }
        var builder = Builder(file: file, text: text)
        let root = try builder.build(composed, fallback: start)
        if root.isNull, case .scalar(let text, _) = root.content, text.isEmpty {
            throw ScenarioError("the file is empty", at: start)
        }
        return YAMLDocument(file: file, text: text, root: Value(root, path: ""))
    }

    /// The root as a mapping, which a scenario file must be.
    package func rootMapping(context: String = "the scenario") throws(ScenarioError) -> MappingReader {
        try root.mapping(context: context)
    }

    /// Turns Yams' nodes into `YAMLNode`s, checking keys as it goes.
    private struct Builder {
        let file: String
        let text: String
        var count = 0
        /// The text in lines, made only when an alias has to be placed.
        var source: SourceText? = nil

        /// Where the alias (`*name`) written after the key at `key` is: Yams places an alias's value at its anchor.
        mutating func aliasLocation(after key: SourceLocation) -> SourceLocation {
            if source == nil { source = SourceText(text) }
            var column = key.column
            while let scalar = source?.scalar(line: key.line, column: column) {
                if scalar == "*" { return SourceLocation(file: file, line: key.line, column: column) }
                column += 1
            }
            return key
        }

        mutating func build(_ node: Node, fallback: SourceLocation) throws(ScenarioError) -> YAMLNode {
            count += 1
            let location = node.mark.map { SourceLocation(file: file, line: $0.line, column: $0.column) } ?? fallback
            if count > YAMLDocument.nodeBudget {
                throw ScenarioError(
                    "the document expands to more than \(YAMLDocument.nodeBudget) values; check its aliases",
                    at: location)
            }
            switch node {
            case .scalar(let scalar):
                let style: YAMLNode.ScalarStyle =
                    switch scalar.style {
                    case .singleQuoted, .doubleQuoted: .quoted
                    case .literal, .folded: .block
                    case .any, .plain: .plain
                    }
                return YAMLNode(.scalar(scalar.string, style), at: location)
            case .sequence(let sequence):
                var items: [YAMLNode] = []
                for item in sequence {
                    items.append(try build(item, fallback: location))
                }
                return YAMLNode(.sequence(items), at: location)
            case .mapping(let mapping):
                var entries: [YAMLNode.Entry] = []
                var seen: [String: SourceLocation] = [:]
                for (keyNode, valueNode) in mapping {
                    let key = try build(keyNode, fallback: location)
                    guard case .scalar(let name, _) = key.content else {
                        throw ScenarioError("a key must be text, found \(key.kindDescription)", at: key.location)
                    }
                    // Yams catches most duplicates itself; this catches keys equal as text but not as YAML
                    // values, like `1` and `"1"`.
                    if let first = seen[name] {
                        throw YAMLDocument.duplicateKeyError(name, first: first, second: key.location)
                    }
                    seen[name] = key.location
                    var value = try build(valueNode, fallback: location)
                    // A scalar placed before its own key is an alias to an earlier anchor: point at the alias, where
                    // the value is used, rather than at the anchor.
                    if case .scalar = value.content, value.location < key.location {
                        value.location = aliasLocation(after: key.location)
                    }
                    entries.append(YAMLNode.Entry(key: name, keyLocation: key.location, value: value))
                }
                return YAMLNode(.mapping(entries), at: location)
            case .alias:
                // Yams' composer resolves aliases to the anchored node, so this does not occur.
                throw ScenarioError("an alias could not be resolved", at: location)
            }
        }
    }

    static func duplicateKeyError(_ key: String, first: SourceLocation, second: SourceLocation) -> ScenarioError {
        ScenarioError(
            "duplicate key '\(key)'; it is already given at line \(first.line), column \(first.column)"
                + (first.line == second.line ? digitGroupHint(key) : ""),
            at: second)
    }

    /// For a key such as '000': the remains of `{low: 1,000,000}`, where the commas split the number into entries.
    static func digitGroupHint(_ key: String) -> String {
        guard key.count == 3, key.allSatisfy(\.isNumber) else { return "" }
        return " (inside {…} or […] a comma separates entries: write 1000000, or quote \"1,000,000\")"
    }

    /// Converts an error from Yams into a `ScenarioError` at the position Yams reports.
    static func translate(_ error: any Error, text: String, file: String) -> ScenarioError {
        func location(_ mark: Mark) -> SourceLocation {
            SourceLocation(file: file, line: mark.line, column: mark.column)
        }
        func syntax(_ context: YamlError.Context?, _ problem: String, _ mark: Mark) -> ScenarioError {
            if problem == "but found another document" {
                return ScenarioError("the file holds more than one YAML document", at: location(mark))
            }
            if problem == "found character that cannot start any token",
                SourceText(text).scalar(line: mark.line, column: mark.column) == "\t"
            {
                return ScenarioError("invalid YAML: tabs are not allowed here; indent with spaces", at: location(mark))
            }
            var message = "invalid YAML: \(problem)"
            if let context, context.mark.line != mark.line || context.mark.column != mark.column {
                message += " (\(context.text) that starts at line \(context.mark.line), column \(context.mark.column))"
            }
            // A second ': ' on the line, as in `name: Vsource: the outlook` (not a key indented too far).
            if problem == "mapping values are not allowed in this context",
                let line = SourceText(text).line(mark.line), line.prefix(max(0, mark.column - 1)).contains(": ")
            {
                message += "; a colon followed by a space starts a key, so quote text that holds one: "
                    + "name: \"Vsource: the outlook\""
            }
            return ScenarioError(message, at: location(mark))
        }
        guard let error = error as? YamlError else {
            return ScenarioError("invalid YAML: \(error)", at: nil)
        }
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            return syntax(context, problem, mark)
        case .reader(let problem, let offset, _, _):
            guard let offset else { return ScenarioError("invalid YAML: \(problem)", at: nil) }
            let (line, column) = SourceText.position(ofCharacterOffset: offset, in: text)
            return ScenarioError(
                "invalid YAML: \(problem)", at: SourceLocation(file: file, line: line, column: column))
        case .duplicatedKeysInMapping(let duplicates, let context):
            let first = location(context.mark)
            let key = duplicates.first ?? ""
            if let second = DuplicateKeyLocator.secondOccurrence(of: key, firstAt: context.mark, in: text) {
                return duplicateKeyError(key, first: first, second: location(second))
            }
            return ScenarioError("duplicate key '\(key)'; it is given again later in the same mapping", at: first)
        default:
            return ScenarioError("invalid YAML: \(error)", at: nil)
        }
    }
}
