import DilutionExact

/// A sampling input that cannot be used, or a failure reported by the GNU Scientific Library.
///
/// Every case reads as a full sentence through `description`, ready to be shown to the user after a
/// `file:line:column:` prefix by the scenario layer.
public enum SamplingError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A distribution or process parameter is outside its domain; `parameter` names it as the scenario file does.
    case invalidParameter(parameter: String, message: String)
    /// A pseudo-random generator name that GSL does not provide, with the names that are valid.
    case unknownGenerator(name: String, validNames: [String])
    /// A quasi-random sequence name that GSL does not provide, with the names that are valid.
    case unknownSequence(name: String, validNames: [String])
    /// A quasi-random sequence was asked for more (or fewer) dimensions than it supports.
    case dimensionOutOfRange(sequence: String, dimension: Int, maximum: Int)
    /// GSL could not allocate a generator or a sequence (it returned `NULL`).
    case allocationFailed(String)
    /// A GSL routine returned an error code (`GSL_EDOM`, `GSL_ENOMEM`, …), which GSL words as `message`, while doing
    /// what `context` says.
    case gsl(code: Int32, message: String, context: String)
    /// The inverse distribution function could not be computed (GSL, or the median's own computation, gave NaN).
    case inversionFailed(distribution: String, probability: Double)
    /// A sampled number cannot become an exact quantity (it is not finite, or too large for the type).
    case notRepresentable(value: Double, type: String)

    /// The error as a full sentence, for the user.
    public var description: String {
        switch self {
        case .invalidParameter(_, let message):
            return message
        case .unknownGenerator(let name, let validNames):
            return Self.unknown("random generator", name, validNames)
        case .unknownSequence(let name, let validNames):
            return Self.unknown("quasi-random sequence", name, validNames)
        case .dimensionOutOfRange(let sequence, let dimension, let maximum):
            return "The \(sequence) sequence supports 1 to \(maximum) dimensions, not \(dimension)."
        case .allocationFailed(let what):
            return "GSL could not allocate \(what); the machine may be out of memory."
        case .gsl(_, let message, let context):
            return "GSL failed while \(context): \(message)."
        case .inversionFailed(let distribution, let probability):
            return "The inverse distribution function of \(distribution) cannot be computed at probability "
                + "\(probability.messageText); its computation fails for parameters this extreme."
        case .notRepresentable(let value, let type):
            if !value.isFinite {
                return "A sampled \(type.lowercased()) must be a finite number, not \(value.messageText)."
            }
            return "The sampled value \(value.messageText) is too large to be a \(type.lowercased())."
        }
    }

    private static func unknown(_ what: String, _ name: String, _ validNames: [String]) -> String {
        var text = "Unknown \(what) '\(name)'"
        if let suggestion = NameSuggestion.closest(to: name, among: validNames, tolerance: .name) {
            text += "; did you mean '\(suggestion)'?"
        } else {
            text += "."
        }
        return text + " Valid names are: \(validNames.joined(separator: ", "))."
    }
}

extension Double {
    /// The number as it appears in an error message: `-1` rather than `-1.0`, `1.5`, `nan`, `infinity`.
    package var messageText: String {
        if isNaN { return "nan" }
        if isInfinite { return self < 0 ? "-infinity" : "infinity" }
        if self == rounded(), magnitude < 1e15 { return String(Int64(self)) }
        return description
    }
}
