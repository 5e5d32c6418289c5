public import DilutionExact

/// The money each named holder of a preferred series invested in it, where the scenario records it exactly:
/// the multiples of holders at an exit (`NAME.exit-holders.csv`).
///
/// The rule. A series issued by a round priced from a valuation (`pre-money` or `post-money`) has its money
/// recorded per holder: each investor's `amount`, and for each SAFE or note that converted in the round, its
/// purchase amount or principal (interest is not money invested) to its holder. A later `transfer` of shares
/// that become or stay the series adds price × shares bought to each buyer, and a later `closing` each of its
/// investors' `amount`. The money is unknown, and the holder left out, for a holder who sold shares of the
/// series (what is left of its money is not recorded), and for every holder of a series partly converted
/// (`convert` with `shares`: which money the converted shares carried away is not recorded). Series of other issuances (a `cash` or a `price` and `amount` with listed holders, the
/// capitalization's) are left out too: the scenario does not say what each holder paid. Splits and stock
/// dividends change no one's money. A SAFE or note still outstanding counts its purchase amount or principal to its
/// holder, and common bought in transfers its price × shares to buyers who hold no other common.
///
/// The interpreter keeps this money on every path (`PlanState.invested`, `commonPaid`, `commonBought`), so that
/// Monte Carlo's holders' multiples and the exit's tables follow the one rule.
public enum HolderInvestment {
    /// Class id (a series, a SAFE or note, `Transfer.common`) → holder → money invested, for the classes
    /// outstanding after the scenario's events (its written values: the central path's, or any path's); empty when
    /// the events cannot be applied.
    public static func known(in scenario: Scenario) -> [String: [String: Money]] {
        let plan = Plan(scenario)
        var state = plan.makeState()
        guard (try? plan.apply(&state, to: plan.eventCount)) != nil else { return [:] }
        return plan.investedMoney(state)
    }
}
