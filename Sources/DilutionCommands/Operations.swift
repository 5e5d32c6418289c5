import DilutionModel
import DilutionReports
import DilutionScenario
import Foundation

/// What a command prints and writes; computed in full before anything is printed or written.
public struct Outcome: Sendable {
    public var stdout = ""
    public var stderr = ""
    public var files = OutputFiles()
    /// The scenario's name, which titles the charts `--plot` draws from `files` (`nil`: the files' stem).
    public var title: String? = nil
    public init() {}
}

/// The work behind each command, free of argument parsing so that tests can call it directly.
public enum Operations {
    /// Reads the scenario at `file`, as the variant named `variant` if any, with the `--set PATH=VALUE`
    /// arguments in `set` applied last.
    ///
    /// Every other variant of the file is read too, so that an error in any of them (an unknown path, a bad value,
    /// dates out of order) is reported by every command, not only by `validate` and `compare`.
    public static func load(
        file: String, set: [String] = [], variant: String? = nil, checkingVariants: Bool = true
    ) throws -> LoadedScenario {
        var overrides: [Override] = []
        for argument in set { overrides.append(try Override(argument: argument)) }
        let loaded = try ScenarioLoader.load(path: file, overrides: overrides, variant: variant)
        if checkingVariants { try checkVariants(of: loaded, file: file, overrides: overrides, except: variant) }
        return loaded
    }

    /// Reads each variant of `loaded` but `except`, throwing the first error, prefixed with the variant's name.
    static func checkVariants(
        of loaded: LoadedScenario, file: String, overrides: [Override] = [], except: String? = nil
    ) throws {
        for other in loaded.variants where other.name != except {
            do {
                _ = try ScenarioLoader.load(path: file, overrides: overrides, variant: other.name)
            } catch {
                throw ScenarioError.inVariant(other.name, error)
            }
        }
    }

    /// `dilution run`: the timeline and cap-table CSVs, and the summary.
    public static func run(
        file: String, outDirectory: String, quiet: Bool, set: [String] = [], variant: String? = nil
    ) throws -> Outcome {
        let loaded = try load(file: file, set: set, variant: variant)
        let timeline = try loaded.run()
        var outcome = Outcome()
        outcome.title = loaded.scenario.name
        let stem = URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
        let timelinePath = (outDirectory as NSString).appendingPathComponent("\(stem).timeline.csv")
        let capTablePath = (outDirectory as NSString).appendingPathComponent("\(stem).captable.csv")
        outcome.files.add(timelinePath, try TimelineReport.timeline(timeline).text)
        outcome.files.add(capTablePath, try TimelineReport.capTables(timeline).text)
        if !quiet { outcome.stdout = try Summary.render(timeline) }
        outcome.stderr = "wrote \(timelinePath)\nwrote \(capTablePath)\n"
        if let holders = try TimelineReport.holders(timeline) {
            let holdersPath = (outDirectory as NSString).appendingPathComponent("\(stem).holders.csv")
            outcome.files.add(holdersPath, holders.text)
            outcome.stderr += "wrote \(holdersPath)\n"
        }
        if let (event, result) = try exitAtEvent(loaded, timeline) {
            // The scenario's exit event: its waterfall, as `dilution exit` writes it.
            let exitPath = (outDirectory as NSString).appendingPathComponent("\(stem).exit.csv")
            outcome.files.add(exitPath, ExitReport.csv([result]).text)
            outcome.stderr += "wrote \(exitPath)\n"
            if let holders = ExitReport.holdersCSV([result], invested: HolderInvestment.known(in: timeline.scenario)) {
                let holdersPath = (outDirectory as NSString).appendingPathComponent("\(stem).exit-holders.csv")
                outcome.files.add(holdersPath, holders.text)
                outcome.stderr += "wrote \(holdersPath)\n"
            }
            if !quiet { outcome.stdout += "\n" + ExitReport.table([result], title: "Exit event '\(event.id)', \(event.date)") + "\n" }
        }
        return outcome
    }

    /// `dilution explain`: the notices of adjustment, in Markdown.
    public static func explain(file: String, event: String?, set: [String] = [], variant: String? = nil) throws
        -> Outcome
    {
        let loaded = try load(file: file, set: set, variant: variant)
        let stochastic = loaded.stochastic
        let choices = stochastic.isDeterministic ? [] : stochastic.centralChoices
        if let event, !loaded.scenario.events.contains(where: { $0.id == event }) {
            if let choice = choices.first(where: { $0.eventID == event }) {
                // An event of the file that the central path leaves out: say so, and why.
                var outcome = Outcome()
                outcome.stdout = "Event '\(event)' (\(choice.date)) is left out of the central path, the "
                    + "hypothetical path that `explain` and `run` apply: \(choice.sentence). So it has no notice here; "
                    + "`dilution simulate` samples it, and `dilution simulate --seed S --path K --scenario-out F.yaml` "
                    + "writes a path on which it happens, for `explain` to read.\n"
                return outcome
            }
            let ids = stochastic.allEvents.map(\.id).joined(separator: ", ")
            throw CommandError("The scenario has no event '\(event)'; its events are: \(ids).")
        }
        let timeline = try loaded.run()
        var outcome = Outcome()
        var hypothetical: HypotheticalPath? = nil
        if !choices.isEmpty {
            var preface = "**Hypothetical central path.** This scenario has uncertain inputs; these notices are for "
                + "its central path, chosen by one rule: \(stochastic.centralRule). Every notice of an event below "
                + "is labelled with what the rule took for it"
                + (event == nil || choices.contains { $0.eventID == event } ? ":\n" : ".\n")
            for choice in choices where event == nil || choice.eventID == event {
                preface += "\n- `\(choice.eventID)` (\(choice.date)): \(choice.sentence)."
            }
            hypothetical = HypotheticalPath(
                preface: preface,
                events: Dictionary(choices.map { ($0.eventID, "on the central path, \($0.sentence).") }) { a, _ in a })
        }
        outcome.stdout = Notice.render(timeline, event: event, hypothetical: hypothetical)
        if let (sale, result) = try exitAtEvent(loaded, timeline), event == nil || event == sale.id {
            outcome.stdout += "\n" + ExitReport.explain(result, title: "Exit event '\(sale.id)', \(sale.date)")
        }
        return outcome
    }

    /// `dilution validate`: reads the scenario and applies its events without writing anything; then, unless a
    /// variant is named, does the same for every variant of the file.
    public static func validate(file: String, set: [String] = [], variant: String? = nil) throws -> Outcome {
        let loaded = try load(file: file, set: set, variant: variant)
        let adjustments = try loaded.check()
        try checkExit(loaded)
        let scenario = loaded.scenario
        var outcome = Outcome()
        outcome.stdout = "\(file): valid — \(scenario.instruments.count) instruments, \(scenario.events.count) events, "
            + "\(adjustments) adjustments.\n"
        for id in loaded.preferredSeriesWithoutClause {
            outcome.stderr += "warning: the preferred series '\(id)' has no 'clause', so no issuance adjusts its "
                + "conversion price; write its clause, or 'clause: {type: none}' if it has none.\n"
        }
        if variant == nil, !loaded.variants.isEmpty {
            for other in loaded.variants {
                do {
                    // The others were read already, by the first load: only this one is run.
                    let variant = try load(file: file, set: set, variant: other.name, checkingVariants: false)
                    _ = try variant.check()
                    try checkExit(variant)
                } catch let error as ScenarioError {
                    throw ScenarioError.inVariant(other.name, error)
                }
            }
            let names = loaded.variants.map(\.name).joined(separator: ", ")
            let count = loaded.variants.count
            outcome.stdout += "\(count) variant\(count == 1 ? "" : "s") valid: \(names).\n"
        }
        return outcome
    }
}

extension ScenarioError {
    /// `error`, met while reading the variant `name`, said so.
    static func inVariant(_ name: String, _ error: ScenarioError) -> ScenarioError {
        if error.message.hasPrefix("in variant '") { return error }
        return ScenarioError("in variant '\(name)': \(error.message)", at: error.location)
    }
}
