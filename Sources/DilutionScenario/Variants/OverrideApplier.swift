/// Applies overrides and event removals to a parsed scenario before it is decoded.
///
/// Works on the `YAMLNode` tree, so that any key can be changed and the decoder then checks the result
/// exactly as if it had been written in the file.
enum OverrideApplier {
    /// One step from a node to a child.
    enum Step {
        case key(String)
        case index(Int)
    }

    /// `root` with the events whose ids are in `variant.removedEvents` removed, then its overrides applied.
    static func apply(_ variant: ScenarioVariant, to root: YAMLNode) throws(ScenarioError) -> YAMLNode {
        var root = root
        for (id, location) in zip(variant.removedEvents, variant.removedLocations) {
            let ids = eventIDs(root)
            guard let index = ids.firstIndex(of: id) else {
                throw ScenarioError(
                    "variant '\(variant.name)' removes the event '\(id)', which the scenario does not have"
                        + suggestion(for: id, among: ids, noun: "events"),
                    at: location)
            }
            try root.update(route: [.key("events")][...]) { (events: inout YAMLNode) throws(ScenarioError) in
                if case .sequence(var items) = events.content {
                    items.remove(at: index)
                    events.content = .sequence(items)
                }
            }
        }
        return try apply(variant.overrides, to: root)
    }

    /// `root` with each override applied in turn.
    static func apply(_ overrides: [Override], to root: YAMLNode) throws(ScenarioError) -> YAMLNode {
        var root = root
        for override in overrides {
            try apply(override, to: &root)
        }
        return root
    }

    /// Sets the value at `override.path`, inserting the last key when absent.
    static func apply(_ override: Override, to root: inout YAMLNode) throws(ScenarioError) {
        let segments = override.path.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        try Override.checkPath(override.path, argument: override.argument, at: override.location)
        var (route, rest, context) = try target(of: segments, in: root, override: override)
        guard !rest.isEmpty else {
            throw override.error("the path names \(context), not one of its keys; write '\(override.path).KEY'")
        }
        // Walk into nested mappings for all but the last segment.
        var node = try root.node(at: route[...])
        for segment in rest.dropLast() {
            guard case .mapping(let entries) = node.content else {
                throw override.error("\(context) is \(node.kindDescription), not a mapping with a key '\(segment)'")
            }
            guard let entry = entries.first(where: { $0.key == segment }) else {
                let keys = entries.map(\.key)
                throw override.error(
                    "\(context) has no key '\(segment)'" + suggestion(for: segment, among: keys, noun: "keys"))
            }
            route.append(.key(segment))
            context = "'\(segment)' in \(context)"
            node = entry.value
        }
        guard case .mapping = node.content else {
            throw override.error("\(context) is \(node.kindDescription), not a mapping with a key '\(rest.last!)'")
        }
        let key = rest.last!
        let keyLocation = override.location ?? override.value.location
        try root.update(route: route[...]) { (mapping: inout YAMLNode) throws(ScenarioError) in
            guard case .mapping(var entries) = mapping.content else { return }
            if let index = entries.firstIndex(where: { $0.key == key }) {
                entries[index].value = override.value
            } else {
                entries.append(YAMLNode.Entry(key: key, keyLocation: keyLocation, value: override.value))
            }
            mapping.content = .mapping(entries)
        }
    }

    /// The route to the mapping a path's head names, the key segments left, and that mapping in words.
    static func target(of segments: [String], in root: YAMLNode, override: Override) throws(ScenarioError)
        -> (route: [Step], rest: [String], context: String)
    {
        let head = segments[0]
        let events = root.child("events")?.items ?? []
        let capitalization = root.child("capitalization")
        if head == "capitalization" {
            return ([.key("capitalization")], Array(segments.dropFirst()), "the capitalization")
        }
        let ids = eventIDs(root)
        if let index = ids.firstIndex(of: head) {
            if segments.count > 2, let (listKey, item) = instrument(segments[1], in: events[index]) {
                return (
                    [.key("events"), .index(index), .key(listKey), .index(item)], Array(segments.dropFirst(2)),
                    "instrument '\(segments[1])' of event '\(head)'"
                )
            }
            return ([.key("events"), .index(index)], Array(segments.dropFirst()), "event '\(head)'")
        }
        if let capitalization, let (listKey, item) = instrument(head, in: capitalization) {
            return (
                [.key("capitalization"), .key(listKey), .index(item)], Array(segments.dropFirst()),
                "instrument '\(head)'"
            )
        }
        let topKeys = ["name", "cascade", "cascade-order", "max-rounds"]
        if segments.count == 1, topKeys.contains(head) {
            return ([], segments, "the scenario")
        }
        let instruments = (capitalization.map(instrumentIDs) ?? []).sorted()
        let created = events.flatMap(instrumentIDs).sorted()
        var message = "no event or instrument '\(head)'"
        let candidates = ids + instruments + ["capitalization"]
        if let close = Suggestions.closest(to: head, among: candidates) {
            message += "; did you mean '\(close)'?"
        } else if let owner = events.indices.first(where: { instrumentIDs(events[$0]).contains(head) }) {
            message += " at the top; it is created by event '\(ids[owner])', so write '\(ids[owner]).\(head).…'"
        } else {
            message += "; a path starts with an event id (\(list(ids))), an instrument id in the capitalization "
                + "(\(list(instruments))) or 'capitalization'"
            if !created.isEmpty { message += "; instruments created by events are written EVENT-ID.INSTRUMENT-ID.KEY" }
        }
        throw override.error(message)
    }

    /// The id of each event in order: its `id`, or `event-N` when it has none.
    static func eventIDs(_ root: YAMLNode) -> [String] {
        (root.child("events")?.items ?? []).enumerated().map { position, item in
            item.child("id")?.text ?? "event-\(position + 1)"
        }
    }

    /// The list key and index of the instrument with id `id` among `node`'s instrument lists.
    static func instrument(_ id: String, in node: YAMLNode) -> (String, Int)? {
        for listKey in InstrumentDecoding.listKeys + ["investors"] {
            if let index = node.child(listKey)?.items?.firstIndex(where: { $0.child("id")?.text == id }) {
                return (listKey, index)
            }
        }
        return nil
    }

    /// The ids of the instruments listed in `node` (the capitalization or an event).
    static func instrumentIDs(_ node: YAMLNode) -> [String] {
        InstrumentDecoding.listKeys.flatMap { node.child($0)?.items ?? [] }.compactMap { $0.child("id")?.text }
    }

    static func suggestion(for word: String, among candidates: [String], noun: String) -> String {
        if let close = Suggestions.closest(to: word, among: candidates) { return "; did you mean '\(close)'?" }
        return candidates.isEmpty ? "" : "; the \(noun) are \(list(candidates))"
    }

    static func list(_ items: [String]) -> String {
        items.isEmpty ? "none" : Suggestions.quotedList(items, "and")
    }
}

extension YAMLNode {
    /// The value of `key` when this is a mapping that has it.
    func child(_ key: String) -> YAMLNode? {
        guard case .mapping(let entries) = content else { return nil }
        return entries.first { $0.key == key }?.value
    }

    /// The items when this is a list.
    var items: [YAMLNode]? {
        guard case .sequence(let items) = content else { return nil }
        return items
    }

    /// The text when this is a scalar.
    var text: String? {
        guard case .scalar(let text, _) = content else { return nil }
        return text
    }

    /// The node at `route`, which must exist.
    func node(at route: ArraySlice<OverrideApplier.Step>) throws(ScenarioError) -> YAMLNode {
        var node = self
        for step in route {
            switch (step, node.content) {
            case (.key(let key), .mapping(let entries)):
                guard let entry = entries.first(where: { $0.key == key }) else {
                    throw ScenarioError("missing key '\(key)'", at: node.location)
                }
                node = entry.value
            case (.index(let index), .sequence(let items)) where items.indices.contains(index):
                node = items[index]
            default:
                throw ScenarioError("expected a mapping or a list, found \(node.kindDescription)", at: node.location)
            }
        }
        return node
    }

    /// Changes the node at `route` with `body`.
    mutating func update(
        route: ArraySlice<OverrideApplier.Step>, _ body: (inout YAMLNode) throws(ScenarioError) -> Void
    ) throws(ScenarioError) {
        guard let step = route.first else {
            try body(&self)
            return
        }
        switch (step, content) {
        case (.key(let key), .mapping(var entries)):
            guard let index = entries.firstIndex(where: { $0.key == key }) else {
                throw ScenarioError("missing key '\(key)'", at: location)
            }
            try entries[index].value.update(route: route.dropFirst(), body)
            content = .mapping(entries)
        case (.index(let index), .sequence(var items)) where items.indices.contains(index):
            try items[index].update(route: route.dropFirst(), body)
            content = .sequence(items)
        default:
            throw ScenarioError("expected a mapping or a list, found \(kindDescription)", at: location)
        }
    }
}
