internal import DilutionExact

/// A scenario the engine cannot apply, with the event (and the field in it) at fault so that
/// the scenario layer can point at the line and column.
public struct EngineError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Position of the event in the scenario, `nil` for the capitalization.
    public var eventIndex: Int?
    /// The key of the event's field at fault (`shares`, `instrument`, …), if one is.
    public var field: String?
    /// A full sentence.
    public var message: String

    public init(eventIndex: Int?, field: String? = nil, message: String) {
        self.eventIndex = eventIndex
        self.field = field
        self.message = message
    }

    public var description: String { message }

    /// The message for exercising in full a tranche with nothing left to exercise (both engines say it).
    package static func exhausted(event: String, instrument: String) -> String {
        "Event '\(event)' exercises '\(instrument)', but none of its shares are outstanding: the tranche was "
            + "exercised, lapsed or converted in full before."
    }

    init(_ error: ArithmeticError, eventIndex: Int?) {
        self.init(eventIndex: eventIndex, message: error.description)
    }
}
