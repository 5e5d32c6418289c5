// libyaml's parser, from the Yams package. The tree is built here from its events: going through Yams' own node tree
// costs most of the parsing time of a long scenario file.
internal import CYaml

/// Builds a document's `YAMLNode` tree straight from libyaml's event stream, aliases expanded.
///
/// Errors are found in this order: a syntax error, an undefined alias or a key written twice with the same text and
/// tag is reported where the parser meets it (a repeated key when its mapping ends, the first in text order, at its
/// second occurrence); a key that is not text, a key equal to an earlier one as text only and a document that
/// expands to more than `YAMLDocument.nodeBudget` values are reported after the whole stream has parsed, the first
/// in file order. After such an error the rest of the stream is read without building nodes.
struct YAMLComposer {
    let file: String
    let text: String
    /// libyaml's parser, at an address that never moves: the input it reads from points back at it.
    private let parser: UnsafeMutablePointer<yaml_parser_t>
    /// Nodes built so far, aliases expanded (the budget's count).
    private var count = 0
    /// The first error that waits for the end of the stream.
    private var deferred: ScenarioError? = nil
    /// Anchored nodes, with the number of nodes each expands to (`nil` nodes once building has stopped).
    private var anchors: [String: (node: YAMLNode?, size: Int)] = [:]
    /// The text in lines, made only when an alias has to be placed.
    private var source: SourceText? = nil

    /// One event, copied out of libyaml's.
    private struct Event {
        var type: yaml_event_type_t
        var location: SourceLocation
        var anchor: String?
        /// A scalar's text and style.
        var value = ""
        var style = YAMLNode.ScalarStyle.plain
        /// A scalar's tag when written explicitly (quoted and plain scalars otherwise count as text alike).
        var tag: String? = nil
    }

    /// The document's root, or `nil` when the stream holds no document.
    static func compose(text: String, file: String) throws(ScenarioError) -> YAMLNode? {
        let parser = UnsafeMutablePointer<yaml_parser_t>.allocate(capacity: 1)
        parser.initialize(to: yaml_parser_t())
        defer { parser.deallocate() }
        var composer = YAMLComposer(file: file, text: text, parser: parser)
        var text = text
        // A native string is contiguous UTF-8, read in place; any other is made so first.
        text.makeContiguousUTF8()
        let result: Result<YAMLNode?, ScenarioError> =
            text.utf8.withContiguousStorageIfAvailable { bytes in
                do throws(ScenarioError) {
                    return .success(try composer.run(bytes))
                } catch {
                    return .failure(error)
                }
            } ?? .failure(ScenarioError("invalid YAML: the text could not be read", at: nil))
        return try result.get()
    }

    private mutating func run(_ bytes: UnsafeBufferPointer<UInt8>) throws(ScenarioError) -> YAMLNode? {
        guard yaml_parser_initialize(parser) == 1 else { throw ScenarioError("invalid YAML: memory", at: nil) }
        defer { yaml_parser_delete(parser) }
        yaml_parser_set_encoding(parser, YAML_UTF8_ENCODING)
        yaml_parser_set_input_string(parser, bytes.baseAddress, bytes.count)
        _ = try next()  // the stream's start
        guard try next().type != YAML_STREAM_END_EVENT else { return nil }
        let root = try node(try next())
        _ = try next()  // the document's end
        let after = try next()
        if after.type != YAML_STREAM_END_EVENT {
            throw ScenarioError("the file holds more than one YAML document", at: after.location)
        }
        if let deferred { throw deferred }
        return root
    }

    /// The next event, or the parser's error.
    private mutating func next() throws(ScenarioError) -> Event {
        var event = yaml_event_t()
        guard yaml_parser_parse(parser, &event) == 1 else { throw parserError() }
        defer { yaml_event_delete(&event) }
        var copied = Event(type: event.type, location: location(event.start_mark), anchor: nil)
        switch event.type {
        case YAML_SCALAR_EVENT:
            let scalar = event.data.scalar
            copied.anchor = Self.string(scalar.anchor)
            copied.value = String(
                decoding: UnsafeBufferPointer(start: scalar.value, count: scalar.length),
                as: UTF8.self
            )
            switch scalar.style {
            case YAML_SINGLE_QUOTED_SCALAR_STYLE, YAML_DOUBLE_QUOTED_SCALAR_STYLE: copied.style = .quoted
            case YAML_LITERAL_SCALAR_STYLE, YAML_FOLDED_SCALAR_STYLE: copied.style = .block
            default: copied.style = .plain
            }
            if scalar.quoted_implicit == 0 { copied.tag = Self.string(scalar.tag) }
        case YAML_ALIAS_EVENT:
            copied.anchor = Self.string(event.data.alias.anchor)
        case YAML_SEQUENCE_START_EVENT:
            copied.anchor = Self.string(event.data.sequence_start.anchor)
        case YAML_MAPPING_START_EVENT:
            copied.anchor = Self.string(event.data.mapping_start.anchor)
        default:
            break
        }
        return copied
    }

    /// A libyaml mark (0-based) as a location (1-based).
    private func location(_ mark: yaml_mark_t) -> SourceLocation {
        SourceLocation(file: file, line: Int(mark.line) + 1, column: Int(mark.column) + 1)
    }

    private static func string(_ pointer: UnsafeMutablePointer<UInt8>?) -> String? {
        guard let pointer else { return nil }
        return String(cString: pointer)
    }

    /// Whether nodes are still being built (no deferred error yet).
    private var building: Bool { deferred == nil }

    /// Keeps the first error that waits for the end of the stream.
    private mutating func postpone(_ error: ScenarioError) {
        if deferred == nil { deferred = error }
    }

    /// Counts one node against the budget.
    private mutating func counted(at location: SourceLocation) {
        count += 1
        if building, count > YAMLDocument.nodeBudget { postpone(Self.budgetError(at: location)) }
    }

    private static func budgetError(at location: SourceLocation) -> ScenarioError {
        ScenarioError(
            "the document expands to more than \(YAMLDocument.nodeBudget) values; check its aliases",
            at: location
        )
    }

    /// The node that starts with `event`, read to its end; `nil` once building has stopped.
    private mutating func node(_ event: Event) throws(ScenarioError) -> YAMLNode? {
        switch event.type {
        case YAML_ALIAS_EVENT:
            guard let anchor = event.anchor, let anchored = anchors[anchor] else {
                throw ScenarioError("invalid YAML: found undefined alias", at: event.location)
            }
            guard building, let node = anchored.node else { return nil }
            if count + anchored.size > YAMLDocument.nodeBudget {
                // The node of the expansion at which the count passes the budget.
                var position = YAMLDocument.nodeBudget - count
                postpone(Self.budgetError(at: Self.location(ofNode: &position, in: node) ?? node.location))
                count += anchored.size
                return nil
            }
            count += anchored.size
            return node
        case YAML_SCALAR_EVENT:
            counted(at: event.location)
            let node = YAMLNode(.scalar(event.value, event.style), at: event.location)
            register(event.anchor, building ? node : nil, size: 1)
            return building ? node : nil
        case YAML_SEQUENCE_START_EVENT:
            let start = count
            counted(at: event.location)
            var items: [YAMLNode] = []
            while true {
                let item = try next()
                if item.type == YAML_SEQUENCE_END_EVENT { break }
                let built = try node(item)
                if building, let built { items.append(built) }
            }
            let node = building ? YAMLNode(.sequence(items), at: event.location) : nil
            register(event.anchor, node, size: count - start)
            return node
        default:
            return try mapping(event)
        }
    }

    private mutating func mapping(_ event: Event) throws(ScenarioError) -> YAMLNode? {
        let start = count
        counted(at: event.location)
        var entries: [YAMLNode.Entry] = []
        /// Every scalar key (its text and tag) with where it is written, for the keys written twice.
        var keys: [(text: String, tag: String?, location: SourceLocation)] = []
        var seen: [String: SourceLocation] = [:]
        while true {
            let keyEvent = try next()
            if keyEvent.type == YAML_MAPPING_END_EVENT { break }
            let key = try node(keyEvent)
            if keyEvent.type == YAML_SCALAR_EVENT {
                keys.append((keyEvent.value, keyEvent.tag, keyEvent.location))
            } else if keyEvent.type == YAML_ALIAS_EVENT, let key, case .scalar(let text, _) = key.content {
                keys.append((text, nil, key.location))
            }
            var name: String? = nil
            if building, let key {
                if case .scalar(let text, _) = key.content {
                    if let first = seen[text] {
                        postpone(YAMLDocument.duplicateKeyError(text, first: first, second: key.location))
                    } else {
                        seen[text] = key.location
                        name = text
                    }
                } else {
                    postpone(ScenarioError("a key must be text, found \(key.kindDescription)", at: key.location))
                }
            }
            let value = try node(try next())
            if building, let name, let key, var value {
                // A scalar placed before its own key is an alias to an earlier anchor: point at the alias, where
                // the value is used, rather than at the anchor.
                if case .scalar = value.content, value.location < key.location {
                    value.location = aliasLocation(after: key.location)
                }
                entries.append(YAMLNode.Entry(key: name, keyLocation: key.location, value: value))
            }
        }
        try checkDuplicates(keys)
        let node = building ? YAMLNode(.mapping(entries), at: event.location) : nil
        register(event.anchor, node, size: count - start)
        return node
    }

    /// A key written twice with the same text and tag, reported when its mapping ends: the first such key in
    /// text order, at its second occurrence.
    private func checkDuplicates(_ keys: [(text: String, tag: String?, location: SourceLocation)]) throws(ScenarioError)
    {
        guard keys.count > 1 else { return }
        var first: [String: Int] = [:]
        var duplicate: (key: String, first: SourceLocation, second: SourceLocation)? = nil
        for (index, key) in keys.enumerated() {
            // An untagged or `!!str` scalar, quoted or not, is text.
            let tag = key.tag == "tag:yaml.org,2002:str" || key.tag == "!" ? nil : key.tag
            let identity = (tag ?? "") + "\u{0}" + key.text
            guard let earlier = first[identity] else {
                first[identity] = index
                continue
            }
            // A key's first repeat is its second occurrence; later repeats never compare below it.
            if duplicate == nil || key.text < duplicate!.key {
                duplicate = (key.text, keys[earlier].location, key.location)
            }
        }
        if let duplicate {
            throw YAMLDocument.duplicateKeyError(duplicate.key, first: duplicate.first, second: duplicate.second)
        }
    }

    private mutating func register(_ anchor: String?, _ node: YAMLNode?, size: Int) {
        if let anchor { anchors[anchor] = (node, size) }
    }

    /// Where the alias (`*name`) written after the key at `key` is: an alias's value carries its anchor's place.
    private mutating func aliasLocation(after key: SourceLocation) -> SourceLocation {
        if source == nil { source = SourceText(text) }
        var column = key.column
        while let scalar = source?.scalar(line: key.line, column: column) {
            if scalar == "*" { return SourceLocation(file: file, line: key.line, column: column) }
            column += 1
        }
        return key
    }

    /// The location of the node `position` places after `node` in file order (keys included), counting down.
    private static func location(ofNode position: inout Int, in node: YAMLNode) -> SourceLocation? {
        if position == 0 { return node.location }
        position -= 1
        switch node.content {
        case .scalar:
            return nil
        case .sequence(let items):
            for item in items {
                if let found = location(ofNode: &position, in: item) { return found }
            }
        case .mapping(let entries):
            for entry in entries {
                if position == 0 { return entry.keyLocation }
                position -= 1
                if let found = location(ofNode: &position, in: entry.value) { return found }
            }
        }
        return nil
    }

    /// The parser's error as a `ScenarioError`, in the words the messages use.
    private func parserError() -> ScenarioError {
        let problem = parser.pointee.problem.map { String(cString: $0) } ?? "unknown problem"
        let mark = location(parser.pointee.problem_mark)
        switch parser.pointee.error {
        case YAML_MEMORY_ERROR:
            return ScenarioError("invalid YAML: memory", at: nil)
        case YAML_READER_ERROR:
            let index = text.utf8.index(
                text.utf8.startIndex,
                offsetBy: Int(parser.pointee.problem_offset),
                limitedBy: text.utf8.endIndex
            )
            guard let index = index?.samePosition(in: text) else {
                return ScenarioError("invalid YAML: \(problem)", at: nil)
            }
            let (line, column) = SourceText.position(
                ofCharacterOffset: text.distance(from: text.startIndex, to: index),
                in: text
            )
            return ScenarioError("invalid YAML: \(problem)", at: SourceLocation(file: file, line: line, column: column))
        default:
            var context: (text: String, location: SourceLocation)? = nil
            if let written = parser.pointee.context {
                context = (String(cString: written), location(parser.pointee.context_mark))
            }
            return YAMLDocument.syntaxError(problem, at: mark, context: context, text: text)
        }
    }
}
