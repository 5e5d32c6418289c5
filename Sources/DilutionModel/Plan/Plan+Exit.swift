internal import DilutionExact

/// The exit event of a plan: a sale that changes no capitalization, whose terms (written, or
/// bound by a Monte Carlo path or a sweep point) are read with the state after it.
extension Plan {
    /// The index of the scenario's exit event (always its last), if it has one.
    package var exitEvent: Int? {
        let last = ops.count - 1
        return last >= 0 && ops[last].kind == .exit ? last : nil
    }

    /// The sale's terms on this state's bindings, or `nil` when the scenario has no exit or the
    /// path's exit did not happen.
    package func sale(in state: PlanState) -> ExitSale? {
        guard let index = exitEvent, state.bindings[index].happens else { return nil }
        let binding = state.bindings[index]
        return ExitSale(
            value: Money(units: binding.exitValue), debt: Money(units: binding.exitDebt),
            costs: Money(units: binding.exitCosts), carveOut: Ratio(units: binding.exitCarveOut))
    }

    /// The date of the exit event (to which cumulative dividends accrue).
    package var exitDate: CalendarDate? { exitEvent.map { scenario.events[$0].date } }
}
