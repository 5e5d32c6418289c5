/// Reads the keys of one mapping, remembering which were read so that `finish()` can reject the others.
///
/// ```swift
/// var event = try value.mapping(context: "event")
/// let id = try event.required("id").identifier()
/// event.context = "event '\(id)'"
/// let price = try event.required("price").decimal()
/// let note = try event.optional("note")?.string()
/// try event.finish()
/// ```
package struct MappingReader: Sendable {
    /// A key of the mapping with its value.
    package struct Entry: Sendable {
        /// The key's text.
        package var key: String
        /// Where the key itself is written.
        package var keyLocation: SourceLocation
        /// The value, with path `parent.key`.
        package var value: Value
    }

    /// The mapping as a value.
    package let value: Value
    /// A noun phrase naming the mapping in messages: "event 'next-raise'", "preferred series 'series-2a'".
    package var context: String
    private let entries: [Entry]
    private var consumed: Set<String> = []
    // Keys asked for, present or not, in the order asked: the candidates for suggestions.
    private var known: [String] = []

    /// Reads `value`'s `entries`.
    init(_ value: Value, entries: [YAMLNode.Entry], context: String) {
        self.value = value
        self.context = context
        self.entries = entries.map { entry in
            let path = value.path.isEmpty ? entry.key : "\(value.path).\(entry.key)"
            return Entry(key: entry.key, keyLocation: entry.keyLocation, value: Value(entry.value, path: path))
        }
    }

    /// Where the mapping starts (its first key, for a block mapping).
    package var location: SourceLocation { value.location }
    /// The mapping's path.
    package var path: String { value.path }
    /// The keys present, in file order.
    package var keys: [String] { entries.map(\.key) }

    /// Whether `key` is present; it becomes a known key for suggestions but is not consumed.
    package mutating func has(_ key: String) -> Bool {
        remember(key)
        return entries.contains { $0.key == key }
    }

    /// The value of `key` if present, which consumes it.
    package mutating func optional(_ key: String) -> Value? {
        remember(key)
        guard let entry = entries.first(where: { $0.key == key }) else { return nil }
        consumed.insert(key)
        return entry.value
    }

    /// The value of `key`; "missing key '<key>' in <context>" at the mapping's location if absent.
    ///
    /// When an unread key is a near miss of the missing one, the error is that key's "unknown key …; did you
    /// mean '<key>'?" at its location instead, since the typo is the real problem.
    package mutating func required(_ key: String) throws(ScenarioError) -> Value {
        guard let value = optional(key) else {
            let known = Set(known)
            if let typo = entries.first(where: { entry in
                !consumed.contains(entry.key) && !known.contains(entry.key)
                    && Suggestions.closest(to: entry.key, among: [key]) != nil
            }) {
                throw ScenarioError(
                    "unknown key '\(typo.key)' in \(context); did you mean '\(key)'?", at: typo.keyLocation)
            }
            throw ScenarioError("missing key '\(key)' in \(context)", at: location)
        }
        return value
    }

    /// Every entry, in file order, all consumed: for mappings whose keys are names, like `variants`.
    package mutating func entriesConsumingAll() -> [Entry] {
        for entry in entries { consumed.insert(entry.key) }
        return entries
    }

    /// Where `key` is written, if present.
    package func location(ofKey key: String) -> SourceLocation? {
        entries.first { $0.key == key }?.keyLocation
    }

    /// An error at the mapping's location.
    package func error(_ message: String) -> ScenarioError {
        ScenarioError(message, at: location)
    }

    /// One error per key neither read nor in `allowing`, in file order, each at the key.
    ///
    /// "unknown key 'convertion-price' in preferred series; did you mean 'conversion-price'?" when a key read
    /// or allowed (and absent) is close, otherwise "...; the keys allowed here are 'a', 'b' and 'c'".
    package func unknownKeyErrors(allowing allowed: [String] = []) -> [ScenarioError] {
        // The usual case, every key known, without building sets or suggestions (a file may have thousands of maps).
        if entries.allSatisfy({ consumed.contains($0.key) || known.contains($0.key) || allowed.contains($0.key) }) {
            return []
        }
        let accepted = Set(known).union(allowed)
        let present = Set(keys)
        let candidates = accepted.subtracting(present).sorted()
        return entries.filter { !consumed.contains($0.key) && !accepted.contains($0.key) }.map { entry in
            var message = "unknown key '\(entry.key)' in \(context)"
            if let suggestion = Suggestions.closest(to: entry.key, among: candidates) {
                message += "; did you mean '\(suggestion)'?"
            } else if accepted.count == 1 {
                message += "; the only key allowed here is '\(accepted.first!)'"
            } else if !accepted.isEmpty {
                message += "; the keys allowed here are \(Suggestions.quotedList(accepted.sorted(), "and"))"
            }
            return ScenarioError(message, at: entry.keyLocation)
        }
    }

    /// Throws, before the keys are read, the first key that is not in `allowed` (nor already read), with a suggestion:
    /// a misspelt key is then named even when another rule would fire first ("missing key 'ratio'" for `rato:`).
    package func rejectUnknownKeys(allowing allowed: [String]) throws(ScenarioError) { try finish(allowing: allowed) }

    /// Throws the first unknown key (see `unknownKeyErrors(allowing:)`); keys in `allowing` are accepted unread.
    package func finish(allowing allowed: [String] = []) throws(ScenarioError) {
        if let first = unknownKeyErrors(allowing: allowed).first { throw first }
    }

    private mutating func remember(_ key: String) {
        if !known.contains(key) { known.append(key) }
    }
}
