/// Several problems in a scenario file, reported together so that one run shows them all.
public struct ScenarioErrors: Error, Sendable, Equatable, CustomStringConvertible {
    /// The problems, in the order they were found.
    public var errors: [ScenarioError]

    /// Creates a list of `errors`.
    public init(_ errors: [ScenarioError] = []) {
        self.errors = errors
    }

    /// A list of one error.
    public init(_ error: ScenarioError) {
        self.errors = [error]
    }

    /// One `file:line:column: message` line per error.
    public var description: String {
        errors.map(\.description).joined(separator: "\n")
    }

    /// Whether no problem was found.
    public var isEmpty: Bool { errors.isEmpty }

    /// Each error followed by its snippet of `source`, for a terminal.
    public func rendered(source: String) -> String {
        errors.map { $0.rendered(source: source) }.joined(separator: "\n")
    }

    /// Adds `error` to the list.
    package mutating func append(_ error: ScenarioError) {
        errors.append(error)
    }

    /// Runs `body`, keeping its error (if any) in the list instead of stopping: `nil` means it failed.
    package mutating func collect<T>(_ body: () throws(ScenarioError) -> T) -> T? {
        do {
            return try body()
        } catch {
            errors.append(error)
            return nil
        }
    }

    /// Throws the list if it holds any error.
    package func throwIfAny() throws(ScenarioErrors) {
        if !errors.isEmpty { throw self }
    }

    /// The errors ordered by location, errors without a location first.
    package func sorted() -> ScenarioErrors {
        // A stable sort keeps the discovery order of errors at the same place.
        let ordered = errors.enumerated().sorted { a, b in
            switch (a.element.location, b.element.location) {
            case (nil, nil): return a.offset < b.offset
            case (nil, _): return true
            case (_, nil): return false
            case (let x?, let y?): return x == y ? a.offset < b.offset : x < y
            }
        }
        return ScenarioErrors(ordered.map(\.element))
    }
}
