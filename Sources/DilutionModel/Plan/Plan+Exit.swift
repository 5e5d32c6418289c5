internal import DilutionExact

/// The exit events of a plan: sales that change no capitalization, whose terms (written, or bound by a
/// Monte Carlo path or a sweep point) are read with the state after them. They come last (only an exit may
/// follow an exit), so the capitalization is the same at each; on a path the first that happens is the sale.
extension Plan {
    /// The indices of the scenario's exit events, in order: the trailing events of kind exit.
    package var exitEvents: [Int] {
        var index = ops.count - 1
        var indices: [Int] = []
        while index >= 0, ops[index].kind == .exit {
            indices.append(index)
            index -= 1
        }
        return indices.reversed()
    }

    /// The index of the scenario's first exit event, if it has one.
    package var exitEvent: Int? { exitEvents.first }

    /// The exit that happens on this state's path: the first of the exit events that does.
    package func saleEvent(in state: PlanState) -> Int? {
        exitEvents.first { state.bindings[$0].happens }
    }

    /// The sale's terms on this state's bindings, or `nil` when the scenario has no exit or none of its exits
    /// happened on the path.
    package func sale(in state: PlanState) -> ExitSale? {
        guard let index = saleEvent(in: state) else { return nil }
        let binding = state.bindings[index]
        return ExitSale(
            value: Money(units: binding.exitValue), debt: Money(units: binding.exitDebt),
            costs: Money(units: binding.exitCosts), carveOut: Ratio(units: binding.exitCarveOut))
    }

    /// The date of the first exit event (to which cumulative dividends accrue when it is the sale).
    package var exitDate: CalendarDate? { exitEvent.map { scenario.events[$0].date } }

    /// The date of the exit that happens on this state's path.
    package func saleDate(in state: PlanState) -> CalendarDate? {
        saleEvent(in: state).map { scenario.events[$0].date }
    }
}
