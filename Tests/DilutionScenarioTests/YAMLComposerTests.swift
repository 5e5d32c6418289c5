import Foundation
import Testing
import Yams

@testable import DilutionScenario

private let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

/// Yams' node tree as the composer's would read it: the same values, styles and places, except that a scalar
/// value reached through an alias (`key: *name`) is placed at the alias on the key's line, not at its anchor.
private func expected(_ node: Node, text: String, at place: String? = nil) -> String {
    let mark = place ?? node.mark.map { "\($0.line):\($0.column)" } ?? "?"
    switch node {
    case .scalar(let scalar):
        let style: String =
            switch scalar.style {
            case .singleQuoted, .doubleQuoted: "quoted"
            case .literal, .folded: "block"
            case .any, .plain: "plain"
            }
        return "\(mark) \(style) \(scalar.string.debugDescription)"
    case .sequence(let sequence):
        return "\(mark) [" + sequence.map { expected($0, text: text) }.joined(separator: ", ") + "]"
    case .mapping(let mapping):
        return "\(mark) {"
            // A key is kept as its text (how it was written does not matter once it is known to be text).
            + mapping.map { key, value in
                var place: String? = nil
                if case .scalar = value, let v = value.mark, let k = key.mark, (v.line, v.column) < (k.line, k.column) {
                    let line = Array(text.split(separator: "\n", omittingEmptySubsequences: false)[k.line - 1])
                    let star = line.indices.first { $0 >= k.column - 1 && line[$0] == "*" }
                    place = "\(k.line):\(star.map { $0 + 1 } ?? k.column)"
                }
                return
                    "\(key.mark.map { "\($0.line):\($0.column)" } ?? "?") plain \((key.string ?? "?").debugDescription): "
                    + expected(value, text: text, at: place)
            }
            .joined(separator: ", ") + "}"
    case .alias:
        return "alias"
    }
}

private func composed(_ node: YAMLNode) -> String {
    let mark = "\(node.location.line):\(node.location.column)"
    switch node.content {
    case .scalar(let text, let style):
        return "\(mark) \(style) \(text.debugDescription)"
    case .sequence(let items):
        return "\(mark) [" + items.map(composed).joined(separator: ", ") + "]"
    case .mapping(let entries):
        return "\(mark) {"
            + entries.map { entry in
                "\(entry.keyLocation.line):\(entry.keyLocation.column) plain \(entry.key.debugDescription): "
                    + composed(entry.value)
            }.joined(separator: ", ") + "}"
    }
}

@Suite("Composing a document from libyaml's events")
struct YAMLComposerTests {
    /// Every bundled scenario, and constructs the scenarios do not use (anchors, block text, flow collections, a
    /// document marker, comments).
    static var documents: [(name: String, text: String)] {
        let folder = root.appendingPathComponent("scenarios")
        let files = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        var documents = files.filter { $0.hasSuffix(".yaml") }.sorted().compactMap { name in
            (try? String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)).map { (name, $0) }
        }
        documents += [
            ("anchors", "base: &b {price: 1, amount: [1, 2]}\nother: *b\nthird: &t 'x'\nfourth: *t\n"),
            ("block text", "note: |\n  two\n  lines\nfolded: >\n  one\n  line\nquoted: \"a\\tb\"\n"),
            ("flow", "a: [1, {b: c, 'd': \"e\"}, [f]]\n? g\n: h\nempty:\n"),
            ("document marker", "---\n# a comment\nversion: 1 # trailing\n...\n"),
            ("unicode", "name: Société Générale — 株式会社\nemoji: \"\u{1F4C8}\"\n"),
        ]
        return documents
    }

    @Test("gives Yams' values, styles and places for every document", arguments: documents.map(\.name))
    func sameTree(name: String) throws {
        let text = try #require(Self.documents.first { $0.name == name }).text
        let yams = try #require(try Yams.compose(yaml: text, .basic))
        let ours = try YAMLDocument.parse(text: text, file: name).root.node
        #expect(composed(ours) == expected(yams, text: text))
    }

    @Test("stops at the value that passes the budget, in file order")
    func budgetLocation() {
        var text = "a: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for level in 1...8 {
            text += "a\(level): &a\(level) [\(Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", "))]\n"
        }
        let error = #expect(throws: ScenarioError.self) { try YAMLDocument.parse(text: text, file: "s.yaml") }
        // The count passes 10⁶ at the fourth `x` of an expansion of `*a0`, which carries its anchor's place.
        #expect(error?.location == SourceLocation(file: "s.yaml", line: 1, column: 18))
    }

    @Test(
        "reports a syntax error after a key written as text twice (the syntax error comes first, as the parser meets it)"
    )
    func syntaxBeforeDeferred() {
        let error = #expect(throws: ScenarioError.self) {
            try YAMLDocument.parse(text: "1: a\n!x 1: b\nc: [\n", file: "s.yaml")
        }
        #expect(error?.message.hasPrefix("invalid YAML:") == true)
    }

    @Test("refuses a second document, at its start")
    func secondDocument() {
        let error = #expect(throws: ScenarioError.self) {
            try YAMLDocument.parse(text: "a: 1\n---\nb: 2\n", file: "s.yaml")
        }
        #expect(error?.description == "s.yaml:2:1: the file holds more than one YAML document")
    }
}
