public import DilutionExact

/// The exit value at which a class reaches a multiple of the money it invested.
public struct ReturnTarget: Sendable, Hashable {
    public var classID: String
    public var multiple: Ratio
    /// Multiple × money invested, to 10⁻⁸ dollar (nearest).
    public var proceeds: Money
    /// The smallest exit value, in whole cents, at which the class receives at least `proceeds`
    /// (before the cents are allocated); `nil` when it does not up to the search limit.
    public var exitValue: Money?
    /// The largest exit value searched.
    public var limit: Money
}

extension Waterfall {
    /// The smallest whole-cent exit value at which class `id` receives `multiple` × its money invested,
    /// with the deductions of `terms`, searched up to `limit`.
    ///
    /// Bisection on whole cents over a payout that is non-decreasing in the exit value (the property the
    /// tests check); the value found is confirmed by the cent below it falling short.
    public func target(
        _ id: String,
        multiple: Ratio,
        terms: ExitTerms,
        upTo limit: Money
    ) throws(WaterfallError)
        -> ReturnTarget
    {
        guard let holder = classes.first(where: { $0.id == id }) else { throw .unknownClass(id, classes.map(\.id)) }
        guard let invested = holder.invested, invested.isPositive else { throw .noInvestment(id) }
        return try search(id, invested: invested, multiple: multiple, terms: terms, upTo: limit) { result in
            result.payout(id)?.exact ?? .zero
        }
    }

    /// The smallest whole-cent exit value at which the holder `name` receives `multiple` × `invested` (their money
    /// invested in the classes they hold) from all their parts in whole cents (`NAME.exit-holders.csv`'s total);
    /// `classID` of the result is `holder[NAME]`.
    public func target(
        holder name: String,
        invested: Money,
        multiple: Ratio,
        terms: ExitTerms,
        upTo limit: Money
    ) throws(WaterfallError) -> ReturnTarget {
        guard invested.isPositive else { throw .noInvestment("holder[\(name)]") }
        return try search("holder[\(name)]", invested: invested, multiple: multiple, terms: terms, upTo: limit) { result in
            var cents: Int128 = 0
            for payout in result.payouts {
                for part in payout.holderParts where part.holder.name == name { cents += part.proceeds.units }
            }
            return Money(units: cents)
        }
    }

    /// Bisection on whole cents for the smallest exit value at which `amount` of the distribution reaches
    /// `multiple` × `invested`.
    func search(
        _ id: String, invested: Money, multiple: Ratio, terms: ExitTerms, upTo limit: Money,
        amount: (WaterfallResult) -> Money
    ) throws(WaterfallError) -> ReturnTarget {
        let goal: Money
        do {
            goal = Money(
                units: try Wide.divide(
                    try Wide.multiply(invested.units, multiple.units, "a return target"),
                    Wide.pow10(Ratio.decimals),
                    .nearest,
                    "a return target"
                )
            )
        } catch {
            throw .arithmetic(error)
        }
        let cent: Int128 = 1_000_000
        let floor = terms.debt.units + terms.costs.units
        func reaches(_ value: Int128) throws(WaterfallError) -> Bool {
            amount(try distribute(terms.at(Money(units: value)))) >= goal
        }
        var result = ReturnTarget(classID: id, multiple: multiple, proceeds: goal, exitValue: nil, limit: limit)
        let top = limit.units / cent * cent
        guard top >= floor, try reaches(top) else { return result }
        var (lo, hi) = (floor / cent * cent, top)
        if try reaches(lo) {
            result.exitValue = Money(units: lo)
            return result
        }
        while hi - lo > cent {
            let mid = lo + (hi - lo) / (2 * cent) * cent
            if try reaches(mid) { hi = mid } else { lo = mid }
        }
        result.exitValue = Money(units: hi)
        return result
    }
}
