package import DilutionExact

/// A JSON value with the file and path it was found at, so that every problem can be reported where it is.
package struct JSONNode: Sendable {
    package var value: JSONValue
    package var file: String
    /// `items[3].quantity`; empty for the document itself.
    package var path: String

    package init(_ value: JSONValue, file: String, path: String = "") {
        self.value = value
        self.file = file
        self.path = path
    }

    /// An error located at this node.
    package func error(_ message: String) -> OCFError {
        OCFError(file: file, path: path, message: message)
    }

    private func childPath(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    /// The member `key`, `nil` when it is absent or null.
    package func optional(_ key: String) throws(OCFError) -> JSONNode? {
        guard case .object(let members) = value else { throw error("is \(value.kindName), not an object") }
        guard let member = members[key], member != .null else { return nil }
        return JSONNode(member, file: file, path: childPath(key))
    }

    /// The member `key`, which must be present.
    package func required(_ key: String) throws(OCFError) -> JSONNode {
        guard let node = try optional(key) else {
            throw OCFError(file: file, path: path, message: "the required key '\(key)' is missing")
        }
        return node
    }

    /// Whether this is an object with the member `key`.
    package func has(_ key: String) -> Bool {
        if case .object(let members) = value, let member = members[key], member != .null { return true }
        return false
    }

    /// The elements of a list.
    package func elements() throws(OCFError) -> [JSONNode] {
        guard case .array(let items) = value else { throw error("is \(value.kindName), not a list") }
        return items.enumerated().map { JSONNode($1, file: file, path: "\(path)[\($0)]") }
    }

    /// The elements of the list `key`, or none when it is absent.
    package func list(_ key: String) throws(OCFError) -> [JSONNode] {
        try optional(key)?.elements() ?? []
    }

    /// A string value.
    package func string() throws(OCFError) -> String {
        guard case .string(let text) = value else { throw error("is \(value.kindName), not a string") }
        return text
    }

    /// The string member `key`, `nil` when absent.
    package func string(_ key: String) throws(OCFError) -> String? {
        try optional(key)?.string()
    }

    /// A number: OCF's `Numeric` string (`"1000"`, `"+10000000.00"`, `"-0.5"`), or a JSON number (older
    /// packages write ratios so), as an exact decimal.
    package func decimal() throws(OCFError) -> DecimalNumber {
        let text: String
        switch value {
        case .string(let string): text = string
        case .number(let number): text = number
        default: throw error("is \(value.kindName), not a number")
        }
        guard Self.isNumeric(text) else {
            throw error("'\(text)' is not a number (OCF numbers are written like \"1000\" or \"0.25\")")
        }
        do {
            return try DecimalNumber(parsing: text)
        } catch {
            throw self.error("\(error.description.dropLast())")
        }
    }

    /// The number member `key`, `nil` when absent.
    package func decimal(_ key: String) throws(OCFError) -> DecimalNumber? {
        try optional(key)?.decimal()
    }

    /// An OCF `Monetary` object's amount (`{"amount": "1.00", "currency": "USD"}`).
    package func amount() throws(OCFError) -> (amount: DecimalNumber, currency: String) {
        let amount = try required("amount").decimal()
        let currency = try string("currency") ?? ""
        return (amount, currency)
    }

    /// A date (`YYYY-MM-DD`; a timestamp's date part is accepted).
    package func date() throws(OCFError) -> OCFDate {
        let text = try string()
        guard let date = OCFDate(text) else { throw error("'\(text)' is not a date (YYYY-MM-DD)") }
        return date
    }

    /// Sign, digits and at most one decimal point: no exponent, no separators, no currency sign.
    static func isNumeric(_ text: String) -> Bool {
        var body = Substring(text)
        if body.first == "+" || body.first == "-" { body = body.dropFirst() }
        let parts = body.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 1 || parts.count == 2 else { return false }
        return parts.allSatisfy { !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } }
    }
}
