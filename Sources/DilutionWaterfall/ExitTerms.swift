public import DilutionExact
public import DilutionModel

/// A sale of the company: the price paid and what comes off it before the shareholders are paid
/// (value, debt and costs in whole cents; the carve-out a fraction of value − debt − costs, paid
/// before any preference, rounded down to 10⁻⁸ dollar). The same terms as a scenario's `exit` event.
public typealias ExitTerms = ExitSale

extension ExitSale {
    /// The same terms at another exit value.
    public func at(_ value: Money) -> ExitSale {
        var copy = self
        copy.value = value
        return copy
    }
}
