internal import DilutionExact
internal import DilutionModel
import DilutionSampling
package import DilutionScenario

/// One Monte Carlo path written out as a plain scenario: every uncertain input replaced by the
/// exact value the path drew (after the scenario's roundings), every uncertain event given
/// probability 1 (it happened: the key is removed) or 0 (it did not, or the exercise lapsed; kept
/// so that the instruments it would create can still be named). `dilution run` and `explain` on
/// the file apply the same events to the same numbers, so they reproduce the path exactly.
package enum CertifiedPath {
    /// The path's scenario text (without a header) and its metrics, as the simulation records them.
    package static func scenario(
        _ loaded: LoadedScenario, model: ScenarioPathModel, options: SimulationOptions, path: Int
    ) throws -> (text: String, metrics: [Double]) {
        guard var document = loaded.document else {
            throw CertifiedPathError("The scenario was not read from a file, so its path cannot be written as one.")
        }
        guard path < options.paths else {
            throw CertifiedPathError("--path \(path) is not a path of a run of \(options.paths) paths (they are numbered "
                + "0 to \(options.paths - 1)).")
        }
        let stochastic = loaded.stochastic
        let inputCount = model.sampler.distributions.count
        var values = [Int128](repeating: 0, count: max(inputCount, 1))
        var metrics = [Double](repeating: .nan, count: model.metricNames.count)
        var bindings: [Binding] = []
        try Simulator.replay(path: path, model: model, options: options) { draws in
            var workspace = try model.makeWorkspace()
            do {
                try values.withUnsafeMutableBufferPointer { buffer in
                    try model.evaluate(&draws, workspace: &workspace, metrics: &metrics, recording: buffer.baseAddress!)
                }
            } catch {
                throw SimulationError.pathFailed(path: path, underlying: error)
            }
            bindings = (0..<model.plan.eventCount).map { workspace.state.bindings[$0] }
        }

        var events = document.value(of: "events")?.sequenceItems ?? []
        for (r, recipe) in stochastic.recipes.enumerated() {
            guard recipe.eventIndex < events.count else { continue }
            var event = events[recipe.eventIndex]
            let binding = bindings[recipe.eventIndex]
            let id = stochastic.allEvents[recipe.eventIndex].id
            let (_, start) = model.sampler.recipeInputs[r]
            for (offset, input) in recipe.inputs.enumerated() {
                let position = start + offset
                let text = Self.text(values[position], field: input.field)
                let inputPath = stochastic.inputs[position].path
                let keys = inputPath.dropFirst(id.count + 1).split(separator: ".").map(String.init)
                Self.set(keys, to: text, in: &event)
            }
            if binding.happens && !binding.lapse {
                event.set("probability", to: Optional<YAMLNode>.none)
            } else {
                event.set("probability", to: YAMLNode.scalar("0"))
            }
            events[recipe.eventIndex] = event
        }
        if !events.isEmpty { document.set("events", to: YAMLNode(.sequence(events), at: document.location)) }
        return (document.yamlText, metrics)
    }

    /// Sets `keys` (a key of the event, an instrument id of the event and its key, or either with
    /// nested keys: `option-pool.target`, `NOTE.interest.rate`) to a number.
    static func set(_ keys: [String], to text: String, in event: inout YAMLNode) {
        if keys.count == 1 {
            event.set(keys[0], to: YAMLNode.scalar(text))
            return
        }
        guard case .mapping(let entries) = event.content else { return }
        // A nested mapping of the event itself.
        if let entry = entries.first(where: { $0.key == keys[0] }), case .mapping = entry.value.content {
            var child = entry.value
            set(Array(keys.dropFirst()), to: text, in: &child)
            event.set(entry.key, to: child)
            return
        }
        for entry in entries {
            var items = entry.value.sequenceItems
            guard let position = items.firstIndex(where: { $0.value(of: "id").map(Self.scalarText) == keys[0] })
            else { continue }
            set(Array(keys.dropFirst()), to: text, in: &items[position])
            event.set(entry.key, to: YAMLNode(.sequence(items), at: entry.value.location))
            return
        }
    }

    static func scalarText(_ node: YAMLNode) -> String? {
        if case .scalar(let text, _) = node.content { return text }
        return nil
    }

    /// The exact decimal of a value in its quantity's units.
    static func text(_ units: Int128, field: InputField) -> String {
        switch field {
        case .cash, .amount, .valuation, .investorAmount, .exitValue, .debt, .costs: return Money(units: units).fullText()
        case .poolTarget: return Ratio(units: units).fullText()
        case .price, .fairValue, .sharePrice: return Price(units: units).fullText()
        case .common, .shares: return Shares(units: units).fullText()
        case .fraction, .carveOut: return Ratio(units: units).fullText()
        case .instrument(_, let term):
            switch term {
            case .shares: return Shares(units: units).fullText()
            case .price: return Price(units: units).fullText()
            case .statedValue, .cap: return Money(units: units).fullText()
            case .discount, .interestRate: return Ratio(units: units).fullText()
            }
        }
    }
}

/// Why a path cannot be written out, in a full sentence.
package struct CertifiedPathError: Error, CustomStringConvertible {
    package var description: String
    init(_ description: String) { self.description = description }
}
