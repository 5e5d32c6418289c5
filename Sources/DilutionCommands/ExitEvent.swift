import DilutionModel
import DilutionReports
import DilutionScenario
import DilutionSimulation
import DilutionWaterfall
import Foundation

/// The scenario's own exit event (`type: exit`) in `run`, `explain`, `validate` and `compare`.
extension Operations {
    /// The exit event of a timeline (its last step) and its waterfall, exact; `nil` when the scenario
    /// has no exit or the central path leaves it out. A waterfall error is placed at the event's value.
    static func exitAtEvent(_ loaded: LoadedScenario, _ timeline: Timeline) throws -> (event: Event, result: WaterfallResult)? {
        // The first exit of the timeline is the one that happened (only exits follow an exit).
        guard let step = timeline.steps.first(where: { if case .exit = $0.event.action { true } else { false } }),
            case .exit(let sale) = step.event.action
        else { return nil }
        do {
            return (step.event, try Waterfall(step.after, on: step.event.date).distribute(sale))
        } catch {
            throw locateExit(loaded, error, event: step.eventIndex)
        }
    }

    /// Computes the waterfall of the scenario's exit event, if the central path has one (`validate`).
    static func checkExit(_ loaded: LoadedScenario) throws {
        guard loaded.scenario.events.contains(where: { if case .exit = $0.action { true } else { false } }) else {
            return
        }
        _ = try exitAtEvent(loaded, try loaded.run())
    }

    /// The exit metrics of the central path (`compare`), with a waterfall error placed in the file.
    static func recordExit(
        _ loaded: LoadedScenario, model: ScenarioPathModel, timeline: Timeline, into metrics: inout [Double]
    ) throws {
        do {
            try model.recordExit(timeline, into: &metrics)
        } catch let error as WaterfallError {
            throw locateExit(loaded, error)
        }
    }

    /// A waterfall error at the exit event's `value`: the central scenario's event `event`, or its last.
    static func locateExit(_ loaded: LoadedScenario, _ error: WaterfallError, event: Int? = nil) -> ScenarioError {
        let index = event.flatMap { loaded.sites.indices.contains($0) ? $0 : nil }
        guard let site = index.map({ loaded.sites[$0] }) ?? loaded.sites.last else {
            return ScenarioError(error.description, at: loaded.capitalizationLocation)
        }
        return ScenarioError(error.description, at: site.fields["value"] ?? site.location)
    }
}
