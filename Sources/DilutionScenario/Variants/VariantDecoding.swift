/// Reads the top-level `variants` section: named sets of overrides and event removals.
///
/// ```yaml
/// variants:
///   exercised-cash:
///     description: the warrants are exercised in full for cash
///     set:
///       warrant-exercise.probability: 1
///   no-bridge:
///     remove: [bridge]
/// ```
enum VariantDecoding {
    static let keys = ["description", "set", "remove"]

    /// The variants of the scenario whose root is `root`, in file order; none when the section is absent
    /// (or the root is not a mapping, which the decoder reports).
    static func decode(_ root: YAMLNode) throws(ScenarioError) -> [ScenarioVariant] {
        guard case .mapping(let top) = root.content, let entry = top.first(where: { $0.key == "variants" }) else {
            return []
        }
        var section = try Value(entry.value, path: "variants").mapping(context: "'variants'")
        let eventIDs = OverrideApplier.eventIDs(root)
        var variants: [ScenarioVariant] = []
        for item in section.entriesConsumingAll() {
            let name = try Value(YAMLNode(.scalar(item.key, .plain), at: item.keyLocation), path: "variants")
                .identifier()
            var map = try item.value.mapping(context: "variant '\(name)'")
            let description = try map.optional("description")?.string()
            var overrides: [Override] = []
            if let set = map.optional("set") {
                var changes = try set.mapping(context: "'set' of variant '\(name)'")
                for change in changes.entriesConsumingAll() {
                    try Override.checkPath(change.key, argument: nil, at: change.keyLocation)
                    overrides.append(Override(path: change.key, value: change.value.node, location: change.keyLocation))
                }
            }
            var removed: [String] = []
            var removedLocations: [SourceLocation] = []
            if let remove = map.optional("remove") {
                let ids = remove.isSequence ? try remove.sequence() : [remove]
                for id in ids {
                    let text = try id.identifier()
                    guard eventIDs.contains(text) else {
                        throw id.error(
                            "variant '\(name)' removes the event '\(text)', which the scenario does not have"
                                + OverrideApplier.suggestion(for: text, among: eventIDs, noun: "events"))
                    }
                    removed.append(text)
                    removedLocations.append(id.location)
                }
            }
            try map.finish(allowing: keys)
            if overrides.isEmpty, removed.isEmpty {
                throw map.error("variant '\(name)' changes nothing; give it 'set' or 'remove'")
            }
            variants.append(
                ScenarioVariant(
                    name: name, description: description, overrides: overrides, removedEvents: removed,
                    location: item.keyLocation, removedLocations: removedLocations))
        }
        return variants
    }
}
