import DilutionModel
import DilutionReports
import DilutionScenario
import Foundation

/// What a command prints and writes; computed in full before anything is printed or written.
public struct Outcome: Sendable {
    public var stdout = ""
    public var stderr = ""
    public var files = OutputFiles()
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
        return outcome
    }

    /// `dilution explain`: the notices of adjustment, in Markdown.
    public static func explain(file: String, event: String?, set: [String] = [], variant: String? = nil) throws
        -> Outcome
    {
        let loaded = try load(file: file, set: set, variant: variant)
        if let event, !loaded.scenario.events.contains(where: { $0.id == event }) {
            let ids = loaded.scenario.events.map(\.id).joined(separator: ", ")
            throw CommandError("The scenario has no event '\(event)'; its events are: \(ids).")
        }
        let timeline = try loaded.run()
        var outcome = Outcome()
        outcome.stdout = Notice.render(timeline, event: event)
        return outcome
    }

    /// `dilution validate`: reads the scenario and applies its events without writing anything; then, unless a
    /// variant is named, does the same for every variant of the file.
    public static func validate(file: String, set: [String] = [], variant: String? = nil) throws -> Outcome {
        let loaded = try load(file: file, set: set, variant: variant)
        let adjustments = try loaded.check()
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
                    _ = try load(file: file, set: set, variant: other.name, checkingVariants: false).check()
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
