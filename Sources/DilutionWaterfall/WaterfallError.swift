public import DilutionExact

/// Why a waterfall could not be computed, in a full sentence.
public enum WaterfallError: Error, Sendable, Equatable, CustomStringConvertible {
    case arithmetic(ArithmeticError)
    /// An amount finer than a cent where whole cents are required.
    case notWholeCents(what: String, value: Money)
    /// Debt, costs and carve-out take more than the exit value.
    case deductionsExceedValue(value: Money, deductions: Money)
    /// No election of the classes is an equilibrium.
    case noEquilibrium(classes: [String])
    /// Best responses did not settle (more than 16 electing classes).
    case bestResponseDidNotSettle(classes: Int, passes: Int)
    /// A return target names no class of the capitalization.
    case unknownClass(String, [String])
    /// A return target for a class without money invested.
    case noInvestment(String)
    /// Cumulative dividends accrue to the exit date, which was not given.
    case needsDate(String)
    /// A note's interest accrues to the exit date, which was not given.
    case noteNeedsDate(String)

    public var description: String {
        switch self {
        case .arithmetic(let error):
            return "The waterfall could not be computed exactly: \(error)."
        case .notWholeCents(let what, let value):
            return "The \(what) must be a whole number of cents, not $\(value.fullText(minimumPlaces: 2))."
        case .deductionsExceedValue(let value, let deductions):
            return "Debt and costs ($\(deductions.fullText(minimumPlaces: 2))) exceed the exit value "
                + "($\(value.fullText(minimumPlaces: 2))), so nothing is left for the shareholders."
        case .noEquilibrium(let classes):
            return "No choice of conversions by \(classes.joined(separator: ", ")) is an equilibrium: whatever they "
                + "elect, some class would do strictly better by changing its election."
        case .bestResponseDidNotSettle(let classes, let passes):
            return "The conversion elections of the \(classes) preferred classes did not settle after \(passes) rounds "
                + "of best responses from either all holding or all converting."
        case .unknownClass(let id, let ids):
            return "There is no class '\(id)' at the exit; the classes are \(ids.joined(separator: ", "))."
        case .needsDate(let id):
            return "The preferred series '\(id)' has cumulative dividends, which accrue to the day of the exit: give "
                + "that day (--date YYYY-MM-DD)."
        case .noteNeedsDate(let id):
            return "The note '\(id)' accrues interest to the day of the exit, where it is repaid or converts: give "
                + "that day (--date YYYY-MM-DD)."
        case .noInvestment(let id):
            return "A return target needs the money invested, which only a preferred series, a SAFE or a note has; '\(id)' is none of them."
        }
    }
}
