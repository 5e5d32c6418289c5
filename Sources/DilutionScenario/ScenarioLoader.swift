public import DilutionModel
import Foundation
internal import DilutionExact

/// A scenario read from a file, with what is needed to point at its lines when the engine
/// finds a problem.
public struct LoadedScenario: Sendable {
    /// The scenario, ready for the engine: every uncertain input at its central value.
    public var scenario: Scenario
    /// The scenario with its uncertain inputs, for Monte Carlo.
    public var stochastic: StochasticScenario
    /// The file name used in messages.
    public var file: String
    /// The file's text (for caret snippets).
    public var source: String
    /// Where each event is, in event order.
    public var sites: [EventSite]
    /// Where the capitalization is.
    public var capitalizationLocation: SourceLocation
    /// The named variants of the `variants` section, in file order.
    public var variants: [ScenarioVariant] = []
    /// The variant this scenario is (`nil` for the scenario as written, overrides aside).
    public var variant: String? = nil
    /// The document the scenario was decoded from, with the variant and overrides applied.
    package var document: YAMLNode? = nil
    /// The preferred series written without a `clause` key, in file order (`validate` warns about them).
    public var preferredSeriesWithoutClause: [String] = []

    /// Where every event is, the ones the central scenario leaves out included (`stochastic.allEvents` order).
    package var allSites: [EventSite] = []

    /// A Monte Carlo path's error placed at the event (and field) it concerns.
    package func locate(_ error: PathEventError) -> ScenarioError {
        guard error.eventIndex < allSites.count else { return ScenarioError(error.message, at: capitalizationLocation) }
        let site = allSites[error.eventIndex]
        return ScenarioError(error.message, at: error.field.flatMap { site.fields[$0] } ?? site.location)
    }

    /// The engine's error placed at the event (and field) it concerns.
    public func locate(_ error: EngineError) -> ScenarioError {
        guard let index = error.eventIndex, index < sites.count else {
            return ScenarioError(error.message, at: capitalizationLocation)
        }
        let site = sites[index]
        let location = error.field.flatMap { site.fields[$0] } ?? site.location
        return ScenarioError(error.message, at: location)
    }

    /// Applies every event without a history; the number of adjustments made. Engine errors come
    /// back located in the file.
    public func check() throws(ScenarioError) -> Int {
        do {
            return try Engine(scenario).apply().adjustments
        } catch {
            throw locate(error)
        }
    }

    /// Applies every event; engine errors come back located in the file.
    public func run() throws(ScenarioError) -> Timeline {
        do {
            return try Engine(scenario).run()
        } catch {
            throw locate(error)
        }
    }
}

/// Reads scenario files (`version: 1`).
public enum ScenarioLoader {
    static let topKeys = [
        "version", "name", "cascade", "cascade-order", "max-rounds", "capitalization", "events", "variants",
    ]
    static let capitalizationKeys = ["common", "option-pool"] + InstrumentDecoding.listKeys

    /// Reads and checks the scenario file at `path`. Inputs whose paths are in `variable` are
    /// drawn per path like distributions (fixed at their value), so that a sweep can set them.
    ///
    /// `variant` names one of the file's `variants`, applied first; `overrides` (from `--set`) are applied
    /// after it. Both change the parsed document before it is decoded.
    public static func load(
        path: String, variable: Set<String> = [], overrides: [Override] = [], variant: String? = nil
    ) throws(ScenarioError) -> LoadedScenario {
        let text = try ScenarioFile.read(path)
        return try load(text: text, file: path, variable: variable, overrides: overrides, variant: variant)
    }

    /// `loaded` decoded again from its document (variant and overrides applied) with the inputs at `variable`
    /// settable, as `load(path:variable:overrides:variant:)` would give them; without a document, `loaded` itself.
    package static func reload(_ loaded: LoadedScenario, variable: Set<String>) throws(ScenarioError) -> LoadedScenario {
        guard let node = loaded.document, !variable.isEmpty else { return loaded }
        do {
            var withoutClause: [String] = []
            var reloaded = try decode(
                Value(node, path: ""), text: loaded.source, file: loaded.file, variable: variable,
                withoutClause: &withoutClause)
            reloaded.preferredSeriesWithoutClause = loaded.preferredSeriesWithoutClause
            reloaded.variants = loaded.variants
            reloaded.variant = loaded.variant
            reloaded.document = node
            return reloaded
        } catch {
            throw error.relocatingArguments()
        }
    }

    /// Reads and checks scenario text; `file` names it in messages. See `load(path:variable:overrides:variant:)`.
    public static func load(
        text: String, file: String, variable: Set<String> = [], overrides: [Override] = [], variant: String? = nil
    ) throws(ScenarioError) -> LoadedScenario {
        let document = try YAMLDocument.parse(text: text, file: file)
        let variants = try VariantDecoding.decode(document.root.node)
        var node = document.root.node
        if let variant {
            guard let chosen = variants.first(where: { $0.name == variant }) else {
                let names = variants.map(\.name)
                var message = "the scenario has no variant '\(variant)'"
                if let close = Suggestions.closest(to: variant, among: names) {
                    message += "; did you mean '\(close)'?"
                } else {
                    message += names.isEmpty ? "; it has no 'variants' section" : "; its variants are "
                        + Suggestions.quotedList(names, "and")
                }
                throw ScenarioError(message, at: nil)
            }
            node = try OverrideApplier.apply(chosen, to: node)
        }
        node = try OverrideApplier.apply(overrides, to: node)
        do {
            var withoutClause: [String] = []
            var loaded = try decode(
                Value(node, path: ""), text: text, file: file, variable: variable, withoutClause: &withoutClause)
            loaded.preferredSeriesWithoutClause = withoutClause
            loaded.variants = variants
            loaded.variant = variant
            loaded.document = node
            return loaded
        } catch {
            throw error.relocatingArguments()
        }
    }

    /// The ids of the preferred series the scenario text, as written, gives no `clause` key (in the capitalization
    /// or in an event), in file order: `validate` warns about them.
    public static func preferredSeriesWithoutClause(text: String, file: String) throws(ScenarioError) -> [String] {
        let document = try YAMLDocument.parse(text: text, file: file)
        var withoutClause: [String] = []
        let root = Value(document.root.node, path: "")
        _ = try decode(root, text: text, file: file, variable: [], withoutClause: &withoutClause)
        return withoutClause
    }

    /// Decodes a parsed (and possibly overridden) document.
    static func decode(_ document: Value, text: String, file: String, variable: Set<String>) throws(ScenarioError)
        -> LoadedScenario
    {
        var withoutClause: [String] = []
        return try decode(document, text: text, file: file, variable: variable, withoutClause: &withoutClause)
    }

    /// Decodes a document, also reporting the preferred series written without a clause.
    static func decode(
        _ document: Value, text: String, file: String, variable: Set<String>, withoutClause: inout [String]
    ) throws(ScenarioError) -> LoadedScenario {
        var root = try document.mapping(context: "the scenario")
        let versionValue = try root.required("version")
        let version = try versionValue.integer()
        if version != 1 {
            throw versionValue.error("this version of dilution reads scenario format version 1, not \(version)")
        }
        let name =
            try root.optional("name")?.string()
            ?? URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent

        var capitalization = try root.required("capitalization").mapping(context: "the capitalization")
        let commonValue = try capitalization.required("common")
        var commonHolders: [Holder] = []
        let common: Shares
        if commonValue.isMapping {
            // common: {holders: [{name, shares}, …]}
            var map = try commonValue.mapping(context: "the common of the capitalization")
            try map.rejectUnknownKeys(allowing: ["holders"])
            let list = try map.required("holders")
            commonHolders = try HolderDecoding.list(list, of: "common", allowZero: true)
            common = try HolderDecoding.total(commonHolders, at: list)
            try map.finish(allowing: ["holders"])
        } else {
            common = try commonValue.shares(in: "the capitalization", allowZero: true)
        }
        let pool = try capitalization.optional("option-pool")?.shares(in: "the capitalization", allowZero: true) ?? .zero
        var instruments = InstrumentDecoding()
        let initial = try instruments.lists(in: &capitalization)
        try capitalization.finish(allowing: capitalizationKeys)

        var events = EventDecoding(
            instruments: instruments,
            available: Dictionary(initial.map { ($0.id, $0.kind) }, uniquingKeysWith: { a, _ in a }))
        events.variable = variable
        if commonHolders.isEmpty { events.addHolder(Scenario.commonHolderName) }
        for holder in commonHolders { events.addHolder(holder.name) }
        events.registerHolders(of: initial)
        let eventList = try root.required("events").sequence()
        events.reserve(eventList.count)
        for (position, item) in eventList.enumerated() {
            try events.decode(item, position: position)
        }
        instruments = events.instruments
        // A SAFE or note names a round priced from a valuation that comes after it.
        for (id, round, value, position) in instruments.conversionTargets {
            guard let roundPosition = events.roundEvents[round] else {
                var message = "the \(instruments.definitions[id]?.kind.noun ?? "instrument") '\(id)' converts in '\(round)', "
                    + "which is not a round priced from a valuation ('pre-money' or 'post-money')"
                let rounds = events.roundEvents.keys.sorted()
                if let close = Suggestions.closest(to: round, among: rounds) {
                    message += "; did you mean '\(close)'?"
                } else if !rounds.isEmpty {
                    message += "; the rounds are \(Suggestions.quotedList(rounds, "and"))"
                }
                throw value.error(message)
            }
            if roundPosition <= position {
                throw value.error("'\(id)' converts in '\(round)', but that round comes before the event that issues it")
            }
        }
        // An event and an instrument of the capitalization with the same id would make a path such as 'ID.KEY' (for
        // --set, variants and sweeps) ambiguous. (An instrument an event issues is reached as 'EVENT.ID.KEY'.)
        let initialIDs = Set(initial.map(\.id))
        for (id, location) in events.eventIDs.sorted(by: { $0.value < $1.value }) {
            if initialIDs.contains(id), let instrument = instruments.definitions[id] {
                throw ScenarioError(
                    "the event id '\(id)' is also the id of \(instrument.kind.nounWithArticle) in the capitalization "
                        + "(line \(instrument.location.line), column \(instrument.location.column)); a path '\(id).KEY' "
                        + "would name both, so give one of them another id",
                    at: location)
            }
        }

        // Clause bases may name instruments issued by later events.
        for (id, value) in instruments.baseReferences {
            guard let definition = instruments.definitions[id] else {
                var message = "unknown instrument '\(id)' in a clause base"
                if let close = Suggestions.closest(to: id, among: instruments.definitions.keys.sorted()) {
                    message += "; did you mean '\(close)'?"
                }
                throw value.error(message)
            }
            // A term of the wrong kind would count nothing: 'preferred:ID' matches preferred series only.
            let text = value.scalarText ?? ""
            let head = text.split(separator: ":", maxSplits: 1).first.map(String.init) ?? ""
            let wanted: InstrumentKind =
                head == "preferred" ? .preferred(statedValue: .zero) : head == "other" ? .other : .warrant
            if definition.kind.label != wanted.label {
                let term: String =
                    switch definition.kind {
                    case .preferred: "'preferred:\(id)'"
                    case .warrant: "'warrant:\(id)'"
                    case .other: "'other:\(id)'"
                    case .option: "'options' (every option grant)"
                    case .convertible: "'converting' in a round's count (a SAFE or note has no shares before it converts)"
                    }
                throw value.error("the base term '\(text)' names \(definition.kind.nounWithArticle), not "
                    + "\(wanted.nounWithArticle); use \(term)")
            }
        }

        var cascade = CascadeMode.simultaneous
        let modeValue = root.optional("cascade")
        let mode = try modeValue?.enumeration(allowed: ["simultaneous", "sequential", "fixed-point"]) ?? "simultaneous"
        let orderValue = root.optional("cascade-order")
        let roundsValue = root.optional("max-rounds")
        switch mode {
        case "sequential":
            var order: [String] = []
            if let orderValue {
                for item in try orderValue.sequence() {
                    let id = try item.identifier()
                    if instruments.definitions[id] == nil {
                        var message = "unknown instrument '\(id)' in 'cascade-order'"
                        if let close = Suggestions.closest(to: id, among: instruments.definitions.keys.sorted()) {
                            message += "; did you mean '\(close)'?"
                        }
                        throw item.error(message)
                    }
                    if order.contains(id) {
                        throw item.error("the instrument '\(id)' is listed twice in 'cascade-order'")
                    }
                    order.append(id)
                }
            }
            cascade = .sequential(order)
        case "fixed-point":
            let rounds = try roundsValue?.integer() ?? 50
            if rounds < 1, let roundsValue {
                throw roundsValue.error("'max-rounds' must be at least 1, not \(rounds)")
            }
            cascade = .fixedPoint(maxIterations: rounds)
        default:
            break
        }
        if mode != "sequential", let orderValue {
            throw orderValue.error("'cascade-order' applies only to 'cascade: sequential'")
        }
        if mode != "fixed-point", let roundsValue {
            throw roundsValue.error("'max-rounds' applies only to 'cascade: fixed-point'")
        }
        try root.finish(allowing: topKeys)

        let included = events.central
        let scenario = Scenario(
            name: name, common: common, pool: pool, instruments: initial,
            events: zip(events.events, included).compactMap { $1 ? $0 : nil }, cascade: cascade,
            commonHolders: commonHolders)
        let stochastic = StochasticScenario(
            central: scenario, allEvents: events.allEvents, recipes: events.recipes, inputs: events.inputs,
            parameterPaths: events.parameterPaths)
        withoutClause = instruments.withoutClause
        return LoadedScenario(
            scenario: scenario, stochastic: stochastic, file: file, source: text,
            sites: zip(events.sites, included).compactMap { $1 ? $0 : nil },
            capitalizationLocation: capitalization.location, allSites: events.sites)
    }
}

/// An error on one Monte Carlo path, at an event of the scenario as written (`StochasticScenario.allEvents` order),
/// so that `LoadedScenario.locate(_:)` can point at its line.
package struct PathEventError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The event's position among all the scenario's events.
    package var eventIndex: Int
    /// The key of the event's field at fault, if known.
    package var field: String?
    /// A full sentence.
    package var message: String

    package init(eventIndex: Int, field: String? = nil, message: String) {
        self.eventIndex = eventIndex
        self.field = field
        self.message = message
    }

    package var description: String { message }

    /// `error`, which the engine numbered within `scenario`'s events, renumbered among `allEvents` by event id.
    package static func renumbering(
        _ error: EngineError, in scenario: Scenario, among allEvents: [Event]
    ) -> (any Error) {
        guard let index = error.eventIndex, index < scenario.events.count,
            let all = allEvents.firstIndex(where: { $0.id == scenario.events[index].id })
        else { return error }
        return PathEventError(eventIndex: all, field: error.field, message: error.message)
    }
}
