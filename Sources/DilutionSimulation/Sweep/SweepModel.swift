internal import DilutionExact
package import DilutionModel
import DilutionSampling
package import DilutionScenario
import Foundation

/// A scenario prepared for sweeping some of its numeric inputs: each evaluation sets those inputs to given values
/// and applies the central path (every other distribution at its median, every event whose probability is at least
/// one half, see "The central path" in docs/scenario-format.md), or runs a Monte Carlo with them fixed.
package struct SweepModel: Sendable {
    /// The scenario, loaded with the swept inputs settable.
    package let stochastic: StochasticScenario
    /// The swept paths, in the order values are given.
    package let paths: [String]
    /// The metric names, as `dilution simulate` reports them.
    package var metricNames: [String] { base.metricNames }
    /// The generic path model of the scenario (checkpoint, instrument ids and kinds, metric recording).
    let base: ScenarioPathModel
    /// Where each swept path is drawn: recipe index and input slot.
    let slots: [Slot]
    /// The adjustments made before the checkpoint, so that `adjustments` counts the whole path.
    let prefixAdjustments: Int
    /// Each swept path's input position in the sampler.
    let inputs: [Int]

    enum Slot: Sendable {
        case probability(recipe: Int)
        case input(recipe: Int, position: Int)
    }

    /// Checks `paths` against the scenario's numeric inputs (see `SweepModel.check`) and prepares the model.
    package init(loaded: LoadedScenario, varying paths: [String]) throws {
        for path in paths { try Self.check(path, in: loaded.stochastic) }
        if Set(paths).count != paths.count {
            throw SweepError("The same input is varied twice: \(paths.joined(separator: ", ")).")
        }
        let stochastic = loaded.stochastic
        // Match each uncertain input to its draw: per recipe, the probability (if random), then the inputs.
        var located: [String: Slot] = [:]
        var next = 0
        for (r, recipe) in stochastic.recipes.enumerated() {
            if case .random? = recipe.probability {
                located[stochastic.inputs[next].path] = .probability(recipe: r)
                next += 1
            }
            for position in recipe.inputs.indices {
                located[stochastic.inputs[next].path] = .input(recipe: r, position: position)
                next += 1
            }
        }
        self.slots = try paths.map { path in
            guard let slot = located[path] else {
                throw SweepError("\(path) is a numeric input of the scenario but could not be made variable; load "
                    + "the scenario with it in 'variable'.")
            }
            return slot
        }
        self.stochastic = stochastic
        self.paths = paths
        let base = try ScenarioPathModel(stochastic)
        self.base = base
        self.prefixAdjustments = base.prefixAdjustments
        self.inputs = self.slots.map { slot in
            switch slot {
            case .probability(let r): return base.sampler.recipeInputs[r].probability
            case .input(let r, let position): return base.sampler.recipeInputs[r].start + position
            }
        }
    }

    /// Loads `file` with `paths` settable and prepares the model.
    package static func load(
        file: String, varying paths: [String], overrides: [Override] = [], variant: String? = nil
    ) throws -> SweepModel {
        let plain = try ScenarioLoader.load(path: file, overrides: overrides, variant: variant)
        for path in paths { try check(path, in: plain.stochastic) }
        return try SweepModel(
            loaded: try ScenarioLoader.load(path: file, variable: Set(paths), overrides: overrides, variant: variant),
            varying: paths)
    }

    /// Loads scenario text with `paths` settable and prepares the model.
    package static func load(text: String, file: String, varying paths: [String]) throws -> SweepModel {
        let plain = try ScenarioLoader.load(text: text, file: file)
        for path in paths { try check(path, in: plain.stochastic) }
        return try SweepModel(
            loaded: try ScenarioLoader.load(text: text, file: file, variable: Set(paths)), varying: paths)
    }

    /// Throws a message listing the valid paths near `path` when it is not a numeric input of the scenario.
    package static func check(_ path: String, in scenario: StochasticScenario) throws(SweepError) {
        let valid = scenario.parameterPaths
        if valid.contains(path) { return }
        let event = path.split(separator: ".").first.map(String.init) ?? path
        let ofEvent = valid.filter { $0.hasPrefix(event + ".") }
        if !ofEvent.isEmpty {
            var message = "'\(path)' is not a numeric input of event '\(event)' that a sweep can vary"
            let key = path.split(separator: ".").last.map(String.init) ?? ""
            if ["date", "id", "type", "description", "units", "unit-price", "ratio", "method", "otherwise", "readjust",
                "exempt", "waived-by", "round-shares", "instrument", "name", "clause", "expires", "holders", "holder", "class",
                "from", "to", "becomes", "triggers"]
                .contains(key)
            {
                message += " ('\(key)' is not a number that can vary)"
            } else if let close = closest(to: path, among: ofEvent) {
                message += "; did you mean '\(close)'"
            }
            throw SweepError(message + ". Its numeric inputs are: \(ofEvent.joined(separator: ", ")).")
        }
        let events = scenario.allEvents.map(\.id)
        if let found = scenario.allEvents.first(where: { $0.id == event }), case .transfer = found.action {
            throw SweepError("'\(path)' cannot be varied: the inputs of a transfer ('\(event)') are fixed; change them "
                + "with --set or a variant instead.")
        }
        var message = "The scenario has no event '\(event)' (in '\(path)')"
        if let close = closest(to: path, among: valid) {
            message += "; did you mean '\(close)'"
        } else if let close = closest(to: event, among: events) {
            message += "; did you mean event '\(close)'"
        }
        let list = valid.isEmpty ? "none" : valid.joined(separator: ", ")
        throw SweepError(message + ". The numeric inputs it has are: \(list).")
    }

    /// The closest candidate by edit distance, when close enough to be a typo.
    static func closest(to name: String, among candidates: [String]) -> String? {
        NameSuggestion.closest(to: name, among: candidates, tolerance: .name)
    }

    /// The metrics (in `metricNames` order) of the central path with the swept inputs at `values`.
    package func evaluate(
        _ values: [Double], metrics: inout [Double], workspace: inout Workspace, around event: Int? = nil,
        observe: (Plan, PlanState, ScenarioPathModel.Moment) -> Void = { _, _, _ in }
    ) throws {
        for (input, value) in zip(inputs, values) { workspace.source.overrides[input] = value }
        try base.apply(&workspace.source, state: &workspace.state, around: event, observe: observe)
        workspace.state.adjustments += prefixAdjustments
        try base.record(&workspace.state, rates: &workspace.rates, into: &metrics)
    }

    /// A thread's scratch space for `evaluate`.
    package struct Workspace {
        var source: CentralDraws
        var state: PlanState
        var rates: [RateCache]
    }

    /// A fresh workspace for one thread.
    package func makeWorkspace() throws -> Workspace {
        let model = try base.makeWorkspace()
        return Workspace(source: CentralDraws(base.sampler), state: model.state, rates: model.rates)
    }

    /// The metrics of a whole timeline, in `metricNames` order (for checks against `dilution run`).
    package func metrics(of timeline: Timeline) throws -> [Double] {
        var metrics = [Double](repeating: .nan, count: metricNames.count)
        try ScenarioPathModel.record(
            timeline.final, adjustments: timeline.steps.reduce(0) { $0 + $1.adjustments.count },
            ids: base.instrumentIDs, kinds: base.kinds, pool: base.tracksPool, holders: base.holderNames,
            into: &metrics)
        try base.recordExit(timeline, into: &metrics)
        return metrics
    }

    /// The means of a Monte Carlo simulation with the swept inputs fixed at `values` and every other input drawn as usual
    /// (`Simulator.means`).
    package func means(_ values: [Double], options: SimulationOptions) throws -> [Double] {
        try Simulator.means(model: fixedInputs(values), options: options)
    }

    /// The model with the swept inputs fixed at `values`.
    private func fixedInputs(_ values: [Double]) -> FixedInputsModel {
        var fixed = [Double?](repeating: nil, count: base.sampler.distributions.count)
        for (input, value) in zip(inputs, values) { fixed[input] = value }
        return FixedInputsModel(base, fixed: fixed)
    }

    /// The instruments whose clause can fire: preferred series and warrants with an active clause, in order.
    package var protectedInstruments: [(id: String, trigger: Trigger)] {
        var found: [(String, Trigger)] = []
        var all = stochastic.central.instruments
        for event in stochastic.allEvents {
            if case .issue(let issuance) = event.action { all += issuance.instruments }
        }
        for instrument in all where instrument.clause.isActive && !found.contains(where: { $0.0 == instrument.id }) {
            switch instrument.kind {
            case .preferred, .warrant: found.append((instrument.id, instrument.clause.trigger))
            case .option, .other, .convertible: break
            }
        }
        return found
    }
}
