public import DilutionExact

/// A sale of the company: the price paid and what comes off it before the shareholders are paid.
public struct ExitTerms: Sendable, Hashable {
    /// The price paid for the company (enterprise value at closing), in whole cents.
    public var value: Money
    /// Debt repaid at closing, in whole cents.
    public var debt: Money
    /// Transaction costs, in whole cents.
    public var costs: Money
    /// The management carve-out: this fraction of value − debt − costs, paid before any
    /// preference (rounded down to 10⁻⁸ dollar).
    public var carveOut: Ratio

    public init(value: Money, debt: Money = .zero, costs: Money = .zero, carveOut: Ratio = .zero) {
        self.value = value
        self.debt = debt
        self.costs = costs
        self.carveOut = carveOut
    }

    /// The same terms at another exit value.
    public func at(_ value: Money) -> ExitTerms {
        var copy = self
        copy.value = value
        return copy
    }
}
