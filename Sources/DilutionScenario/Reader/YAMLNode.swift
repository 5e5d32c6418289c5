/// A node of a parsed YAML document with its position, aliases expanded (`YAMLComposer` builds the tree).
package struct YAMLNode: Sendable {
    /// What the node holds.
    package enum Content: Sendable {
        /// Text as written (quotes and escapes removed) and how it was written.
        case scalar(String, ScalarStyle)
        /// Keys and values in file order; keys are unique.
        case mapping([Entry])
        /// Items in file order.
        case sequence([YAMLNode])
    }

    /// How a scalar was written, which decides whether an empty or `null` scalar means "nothing".
    package enum ScalarStyle: Sendable {
        /// Unquoted, like `14.20` or `next-raise`.
        case plain
        /// In single or double quotes.
        case quoted
        /// A `|` or `>` block.
        case block
    }

    /// One key of a mapping with its value.
    package struct Entry: Sendable {
        /// The key's text.
        package var key: String
        /// Where the key itself is written.
        package var keyLocation: SourceLocation
        /// The key's value.
        package var value: YAMLNode
    }

    /// What the node holds.
    package var content: Content
    /// Where the node starts: its first character, or just after the colon for an empty value.
    package var location: SourceLocation

    /// Creates a node.
    package init(_ content: Content, at location: SourceLocation) {
        self.content = content
        self.location = location
    }

    /// Whether the node is an empty value, `~` or `null` written without quotes.
    package var isNull: Bool {
        guard case .scalar(let text, .plain) = content else { return false }
        return ["", "~", "null", "Null", "NULL"].contains(text)
    }

    /// What the node is, for "found …" in messages: "a mapping", "a list", "nothing" or the quoted text.
    package var kindDescription: String {
        switch content {
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .scalar(let text, _):
            if isNull { return "nothing" }
            if text.contains(where: \.isNewline) || text.count > 60 { return "a block of text" }
            return "'\(text)'"
        }
    }
}
