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
        guard let step = timeline.steps.last, case .exit(let sale) = step.event.action else { return nil }
        do {
            return (step.event, try Waterfall(step.after, on: step.event.date).distribute(sale))
        } catch {
            throw locateExit(loaded, error)
        }
    }

    /// Computes the waterfall of the scenario's exit event, if the central path has one (`validate`).
    static func checkExit(_ loaded: LoadedScenario) throws {
        guard let last = loaded.scenario.events.last, case .exit = last.action else { return }
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

    /// A waterfall error at the exit event's `value` (the central scenario's last event).
    static func locateExit(_ loaded: LoadedScenario, _ error: WaterfallError) -> ScenarioError {
        guard let site = loaded.sites.last else {
            return ScenarioError(error.description, at: loaded.capitalizationLocation)
        }
        return ScenarioError(error.description, at: site.fields["value"] ?? site.location)
    }
}
