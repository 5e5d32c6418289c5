/// A Monte Carlo model: how one simulated path turns random inputs into output metrics.
///
/// The scenario layer implements it; `Simulator.run(model:options:progress:sampleSink:)` calls `evaluate` once per
/// path, on several threads at once, each thread with its own `Workspace`.
///
/// A path's metrics must depend only on the numbers it draws from `Draws`: never on the workspace's history, the
/// thread, or the order in which paths run. That is what makes a run's output identical whatever the thread count.
package protocol PathModel: Sendable {
    /// Per-thread scratch state (buffers, a reusable engine), created once per worker thread.
    associatedtype Workspace

    /// The names of the output metrics, in the order `evaluate` writes them.
    var metricNames: [String] { get }

    /// The number of random inputs of one path: the dimension of the quasi-random points.
    ///
    /// In quasi-random mode each path may call `Draws` at most this many times, always in the same order, so that
    /// coordinate *i* of a point always feeds input *i*. Pseudo-random mode does not limit the number of draws.
    var dimension: Int { get }

    /// Creates the scratch state of one worker thread.
    func makeWorkspace() throws -> Workspace

    /// Evaluates one path: draws its inputs from `draws` and writes `metricNames.count` values into `metrics`.
    ///
    /// `metrics` arrives with `metricNames.count` elements, all NaN; a metric left NaN (or set to an infinity) is
    /// counted as non-finite and left out of the statistics. Do not resize it. A thrown error stops the run and is
    /// reported with the path's index.
    func evaluate(_ draws: inout Draws, workspace: inout Workspace, metrics: inout [Double]) throws
}
