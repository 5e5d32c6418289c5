package import DilutionExact

/// A value in a scenario file with where it is and its path (`events[2].price`) for messages.
///
/// The typed readers (`decimal()`, `date()`, …) throw a `ScenarioError` at the value's location.
package struct Value: Sendable {
    /// The node as parsed.
    package var node: YAMLNode
    /// Dotted path from the top of the file, with 0-based list indices: `events[2].price`; `""` for the root.
    package var path: String

    /// Wraps `node` found at `path`.
    package init(_ node: YAMLNode, path: String) {
        self.node = node
        self.path = path
    }

    /// Where the value starts.
    package var location: SourceLocation { node.location }

    /// Whether the value is a mapping (for example a distribution where a number may also be written).
    package var isMapping: Bool {
        if case .mapping = node.content { return true }
        return false
    }

    /// Whether the value is a list.
    package var isSequence: Bool {
        if case .sequence = node.content { return true }
        return false
    }

    /// Whether the value is a scalar (text, a number, a date…), including an empty value.
    package var isScalar: Bool {
        if case .scalar = node.content { return true }
        return false
    }

    /// Whether the value is empty, `~` or `null`, unquoted.
    package var isNull: Bool { node.isNull }

    /// The scalar's text as written (without quotes), or `nil` for a mapping or a list.
    package var scalarText: String? {
        if case .scalar(let text, _) = node.content { return text }
        return nil
    }

    /// "for 'events[2].price'", or "at the top level" for the root.
    package var subject: String {
        path.isEmpty ? "at the top level" : "for '\(path)'"
    }

    /// An error at this value's location.
    package func error(_ message: String) -> ScenarioError {
        ScenarioError(message, at: location)
    }

    /// "expected <what> for '<path>', found <kind>".
    package func typeMismatch(expected what: String) -> ScenarioError {
        error("expected \(what) \(subject), found \(node.kindDescription)")
    }

    /// The text of a non-empty scalar, or a type-mismatch error naming `what` was expected.
    package func scalar(expected what: @autoclosure () -> String) throws(ScenarioError) -> String {
        guard case .scalar(let text, _) = node.content, !isNull else { throw typeMismatch(expected: what()) }
        return text
    }

    // MARK: Typed readers

    /// An exact decimal read from the text: `14.20`, `"1,478,000"`, `1_478_000`, `$0.50`, `12.5%` (0.125).
    ///
    /// Never goes through `Double`: `14.20` keeps significand 1420 and scale 2.
    package func decimal() throws(ScenarioError) -> DecimalNumber {
        let text = try scalar(expected: "a number")
        do {
            return try DecimalNumber(parsing: text)
        } catch {
            throw self.error("invalid number '\(text)' \(subject): \(error.reason)")
        }
    }

    /// An exact amount of money read by `MoneyText`: what `decimal()` reads, and `350K`, `700M`, `1.2B`, as on the
    /// command line (`--at 1.2B`); a percentage is an error.
    package func moneyDecimal() throws(ScenarioError) -> DecimalNumber {
        let text = try scalar(expected: "an amount of money")
        do {
            return try MoneyText.decimal(parsing: text)
        } catch {
            throw self.error("invalid amount of money '\(text)' \(subject): \(error.reason); write it as 43000000, "
                + "43,000,000, 700M or 1.2B")
        }
    }

    /// A whole number: `1_478_000` or `100.0`, but not `100.5`.
    package func integer() throws(ScenarioError) -> Int {
        let text = try scalar(expected: "a whole number")
        let number: DecimalNumber
        do {
            number = try DecimalNumber(parsing: text)
        } catch {
            throw self.error("invalid number '\(text)' \(subject): \(error.reason)")
        }
        var significand = number.significand
        for _ in 0..<max(0, number.scale) {
            guard significand % 10 == 0 else { throw typeMismatch(expected: "a whole number") }
            significand /= 10
        }
        guard let whole = Int(exactly: significand) else {
            throw self.error("the number '\(text)' \(subject) is too large")
        }
        return whole
    }

    /// Text: any non-empty scalar, as written.
    package func string() throws(ScenarioError) -> String {
        try scalar(expected: "text")
    }

    /// `true`/`yes` or `false`/`no`, in any case.
    package func bool() throws(ScenarioError) -> Bool {
        let text = try scalar(expected: "true or false")
        switch text.lowercased() {
        case "true", "yes": return true
        case "false", "no": return false
        default: throw typeMismatch(expected: "true or false")
        }
    }

    /// A name for an event, an instrument or a variant: a letter, then letters, digits, `-` or `_`.
    ///
    /// No dots or spaces, so that it can head a path like `next-raise.price`.
    package func identifier() throws(ScenarioError) -> String {
        let text = try scalar(expected: "a name")
        func isLetter(_ scalar: Unicode.Scalar) -> Bool { ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) }
        func isNamePart(_ scalar: Unicode.Scalar) -> Bool {
            isLetter(scalar) || ("0"..."9").contains(scalar) || scalar == "-" || scalar == "_"
        }
        guard let first = text.unicodeScalars.first, isLetter(first), text.unicodeScalars.allSatisfy(isNamePart)
        else {
            throw error(
                "invalid name '\(text)' \(subject); a name is a letter followed by letters, digits, '-' or '_'")
        }
        return text
    }

    /// One of `allowed`, exactly as written; the message lists them otherwise.
    package func enumeration(allowed: [String]) throws(ScenarioError) -> String {
        // The list is written only into a message (a file may have thousands of values to read).
        func expectation() -> String { "one of \(Suggestions.quotedList(allowed, "or"))" }
        let text = try scalar(expected: expectation())
        guard allowed.contains(text) else {
            throw error("invalid value '\(text)' \(subject); expected \(expectation())")
        }
        return text
    }

    /// The case of `type` whose raw value is written, listing the cases otherwise.
    package func enumeration<Choice>(_ type: Choice.Type) throws(ScenarioError) -> Choice
    where Choice: RawRepresentable & CaseIterable, Choice.RawValue == String {
        let text = try enumeration(allowed: Choice.allCases.map(\.rawValue))
        return Choice(rawValue: text)!
    }

    /// The items of a list, with paths `path[0]`, `path[1]`…
    package func sequence() throws(ScenarioError) -> [Value] {
        guard case .sequence(let items) = node.content else { throw typeMismatch(expected: "a list") }
        return items.enumerated().map { index, item in Value(item, path: "\(path)[\(index)]") }
    }

    /// A reader for a mapping; `context` names it in messages ("event 'next-raise'"), by default its path.
    package func mapping(context: String? = nil) throws(ScenarioError) -> MappingReader {
        guard case .mapping(let entries) = node.content else { throw typeMismatch(expected: "a mapping") }
        return MappingReader(self, entries: entries, context: context ?? (path.isEmpty ? "the file" : "'\(path)'"))
    }
}
