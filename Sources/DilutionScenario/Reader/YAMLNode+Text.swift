internal import DilutionExact
/// Writing a node back as YAML text (block style), so that an edited scenario can be saved and read
/// again with the same values: plain scalars stay plain (they were plain in the file), quoted and
/// block scalars are written double-quoted. Comments are not kept.
extension YAMLNode {
    /// The node as a YAML document.
    package var yamlText: String {
        var out = ""
        write(into: &out, indent: 0, inline: false)
        return out
    }

    /// A plain scalar node.
    package static func scalar(_ text: String) -> YAMLNode {
        YAMLNode(.scalar(text, .plain), at: SourceLocation(file: "", line: 0, column: 0))
    }

    private func write(into out: inout String, indent: Int, inline: Bool) {
        let pad = String(repeating: " ", count: indent)
        switch content {
        case .scalar:
            out += scalarText + "\n"
        case .mapping(let entries):
            if entries.isEmpty {
                out += "{}\n"
                return
            }
            if inline { out += "\n" }
            for entry in entries {
                out += pad + Self.key(entry.key) + ":"
                entry.value.writeValue(into: &out, indent: indent + 2)
            }
        case .sequence(let items):
            if items.isEmpty {
                out += "[]\n"
                return
            }
            if inline { out += "\n" }
            for item in items {
                out += pad + "-"
                switch item.content {
                case .mapping(let entries) where !entries.isEmpty:
                    // The first key on the dash's line, the others aligned under it.
                    var first = true
                    for entry in entries {
                        out += (first ? " " : pad + "  ") + Self.key(entry.key) + ":"
                        entry.value.writeValue(into: &out, indent: indent + 4)
                        first = false
                    }
                default:
                    item.writeValue(into: &out, indent: indent + 2)
                }
            }
        }
    }

    /// After "key:" or "-": a scalar on the same line, a collection on the next lines.
    private func writeValue(into out: inout String, indent: Int) {
        switch content {
        case .scalar:
            let text = scalarText
            out += text.isEmpty ? "\n" : " " + text + "\n"
        case .mapping(let entries) where entries.isEmpty:
            out += " {}\n"
        case .sequence(let items) where items.isEmpty:
            out += " []\n"
        default:
            write(into: &out, indent: indent, inline: true)
        }
    }

    private var scalarText: String {
        guard case .scalar(let text, let style) = content else { return "" }
        if style == .plain, !text.contains("\n") { return text }
        return Self.quoted(text)
    }

    private static func key(_ text: String) -> String {
        let plain = !text.isEmpty && text.allSatisfy { $0.isLetter || $0.isNumber || "-_.".contains($0) }
        return plain ? text : quoted(text)
    }

    /// A double-quoted YAML scalar (JSON escapes).
    private static func quoted(_ text: String) -> String { TextQuoting.doubleQuoted(text) }
}

extension YAMLNode {
    /// The value of `key` in a mapping.
    package func value(of key: String) -> YAMLNode? {
        guard case .mapping(let entries) = content else { return nil }
        return entries.first { $0.key == key }?.value
    }

    /// Sets (or adds) `key` in a mapping; `nil` removes it.
    package mutating func set(_ key: String, to value: YAMLNode?) {
        guard case .mapping(var entries) = content else { return }
        if let position = entries.firstIndex(where: { $0.key == key }) {
            if let value { entries[position].value = value } else { entries.remove(at: position) }
        } else if let value {
            entries.append(Entry(key: key, keyLocation: value.location, value: value))
        }
        content = .mapping(entries)
    }


    /// The items of a sequence (empty for anything else).
    package var sequenceItems: [YAMLNode] {
        if case .sequence(let items) = content { return items }
        return []
    }
}
