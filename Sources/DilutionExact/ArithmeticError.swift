/// An exact computation that cannot produce a correct result.
public enum ArithmeticError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A result does not fit in the 128-bit integers the engine computes with.
    case overflow(String)
    /// A division by zero, named by what was being computed.
    case divisionByZero(String)
    /// A value finer than the quantity it must become can carry.
    case precision(String)
    /// A conversion or exercise price of zero, for which no conversion rate exists; the stated value is given.
    case zeroPrice(stated: String)

    public var description: String {
        switch self {
        case .overflow(let what):
            return "Arithmetic overflow while computing \(what): the numbers exceed what the engine can represent exactly."
        case .divisionByZero(let what):
            return "Division by zero while computing \(what)."
        case .precision(let what):
            return "Not representable exactly: \(what)."
        case .zeroPrice(let stated):
            return "The conversion price was adjusted or rounded down to $0, which leaves no conversion rate for the "
                + "stated value of $\(stated); give the clause a 'floor', or a finer 'round-price'."
        }
    }
}
