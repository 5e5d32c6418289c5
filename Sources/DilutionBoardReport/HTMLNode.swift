/// A piece of HTML: an element, escaped text, or markup this module wrote itself (the SVG charts).
///
/// Hand-written rather than JohnSundell/Plot: Plot's text escaping keeps anything that looks like an entity
/// (`&lt;`, `&amp;`, `&#60;`) as it is, so a scenario name containing `A&lt;B` would be shown as `A<B`, and attribute
/// values are not escaped; here every `&`, `<`, `>`, `"` and `'` of scenario text is escaped, always.
public indirect enum HTMLNode: Sendable, Hashable {
    case element(String, attributes: [(String, String)] = [], children: [HTMLNode] = [])
    case text(String)
    /// Markup produced by this module (inline SVG); never scenario text.
    case trusted(String)

    public static func == (lhs: HTMLNode, rhs: HTMLNode) -> Bool { lhs.rendered == rhs.rendered }
    public func hash(into hasher: inout Hasher) { hasher.combine(rendered) }

    /// An element with text content.
    public static func el(_ name: String, _ attributes: [(String, String)] = [], _ text: String) -> HTMLNode {
        .element(name, attributes: attributes, children: [.text(text)])
    }

    /// An element with text content and no attributes.
    public static func el(_ name: String, _ text: String) -> HTMLNode {
        .element(name, attributes: [], children: [.text(text)])
    }

    /// An element with children.
    public static func el(_ name: String, _ attributes: [(String, String)] = [], children: [HTMLNode]) -> HTMLNode {
        .element(name, attributes: attributes, children: children)
    }

    static let voidElements: Set<String> = ["meta", "br", "hr", "img", "link"]

    /// The HTML text.
    public var rendered: String {
        var out = ""
        render(into: &out)
        return out
    }

    func render(into out: inout String) {
        switch self {
        case .text(let text): out += HTMLEscaping.escape(text)
        case .trusted(let markup): out += markup
        case .element(let name, let attributes, let children):
            out += "<" + name
            for (key, value) in attributes { out += " \(key)=\"\(HTMLEscaping.escape(value))\"" }
            out += ">"
            if Self.voidElements.contains(name) { return }
            for child in children { child.render(into: &out) }
            out += "</\(name)>"
            if ["p", "tr", "table", "section", "div", "h1", "h2", "h3", "figure", "li", "ul", "thead", "tbody"]
                .contains(name)
            {
                out += "\n"
            }
        }
    }
}

/// Escapes text for HTML and SVG, in content and in quoted attribute values alike.
public enum HTMLEscaping {
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for c in text.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }
}
