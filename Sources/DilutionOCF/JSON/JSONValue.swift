import Foundation

/// A JSON document as Foundation's `JSONDecoder` reads it, with every number kept as exact decimal text.
///
/// Numbers are decoded as Foundation's `Decimal`, which `JSONDecoder` builds from the number's own digits (never
/// through `Double`), and kept as that decimal's text; OCF writes most numbers as strings anyway, which stay strings.
package indirect enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case string(String)
    /// The number's exact decimal text (`"10"`, `"0.125"`).
    case number(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// What messages call a value of this kind.
    package var kindName: String {
        switch self {
        case .null: return "null"
        case .bool: return "a boolean"
        case .string: return "a string"
        case .number: return "a number"
        case .array: return "a list"
        case .object: return "an object"
        }
    }

    /// Parses JSON data; `file` names the file in the error.
    package static func parse(_ data: Data, file: String) throws(OCFError) -> JSONValue {
        do {
            return try JSONDecoder().decode(JSONValue.self, from: data)
        } catch let error as DecodingError {
            throw OCFError(file: file, path: "", message: "is not valid JSON: \(Self.explain(error))")
        } catch {
            throw OCFError(file: file, path: "", message: "is not valid JSON: \(error.localizedDescription)")
        }
    }

    private static func explain(_ error: DecodingError) -> String {
        switch error {
        case .dataCorrupted(let context), .typeMismatch(_, let context), .valueNotFound(_, let context),
            .keyNotFound(_, let context):
            var text = context.debugDescription
            if let underlying = context.underlyingError as NSError? {
                text += " (\(underlying.userInfo[NSDebugDescriptionErrorKey] ?? underlying.localizedDescription))"
            }
            return text.hasSuffix(".") ? String(text.dropLast()) : text
        @unknown default:
            return "\(error)"
        }
    }
}

extension JSONValue: Decodable {
    package init(from decoder: any Decoder) throws {
        if var list = try? decoder.unkeyedContainer() {
            var items: [JSONValue] = []
            while !list.isAtEnd { items.append(try list.decode(JSONValue.self)) }
            self = .array(items)
            return
        }
        if let map = try? decoder.container(keyedBy: AnyKey.self) {
            var members: [String: JSONValue] = [:]
            for key in map.allKeys { members[key.stringValue] = try map.decode(JSONValue.self, forKey: key) }
            self = .object(members)
            return
        }
        let single = try decoder.singleValueContainer()
        if single.decodeNil() {
            self = .null
        } else if let value = try? single.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? single.decode(String.self) {
            self = .string(value)
        } else {
            // JSONDecoder reads a Decimal from the number's digits, exactly; its description is plain decimal text.
            let value = try single.decode(Decimal.self)
            self = .number(value.description)
        }
    }

    private struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}
