import DilutionSampling

/// Several scenarios on common random numbers: on each path every scenario starts from the same
/// draws (the generator's state, or the quasi-random point), so that the differences of a variant
/// from the base are measured path by path and their standard error is that of the paired
/// differences, usually far smaller than that of two independent runs.
///
/// Metrics: each scenario's metrics (`S/metric`), then for each scenario after the first the
/// difference from the first of every metric both have (`S/metric-delta`). The first scenario
/// consumes the draws exactly as it does alone, so its columns equal a simulation of it alone.
package struct PairedModel: PathModel {
    package struct Workspace {
        var workspaces: [ScenarioPathModel.Workspace]
        var metrics: [[Double]]
        /// The generator's state at the start of the path, and after the first scenario's path.
        var start: RandomGenerator?
        var afterFirst: RandomGenerator?
    }

    let models: [ScenarioPathModel]
    let names: [String]
    /// For each scenario after the first, pairs of (its metric index, the first's metric index).
    let shared: [[(Int, Int)]]
    package let metricNames: [String]
    package let dimension: Int

    /// `models[0]` is the base; `names` label the columns.
    package init(models: [ScenarioPathModel], names: [String]) {
        precondition(models.count == names.count && !models.isEmpty, "Each scenario needs a name.")
        self.models = models
        self.names = names
        var metricNames: [String] = []
        for (model, name) in zip(models, names) { metricNames += model.metricNames.map { "\(name)/\($0)" } }
        var shared: [[(Int, Int)]] = []
        let base = models[0].metricNames
        for (model, name) in zip(models, names).dropFirst() {
            var pairs: [(Int, Int)] = []
            for (index, metric) in model.metricNames.enumerated() {
                guard let other = base.firstIndex(of: metric) else { continue }
                pairs.append((index, other))
                metricNames.append("\(name)/\(metric)-delta")
            }
            shared.append(pairs)
        }
        self.shared = shared
        self.metricNames = metricNames
        self.dimension = models.map(\.dimension).max() ?? 0
    }

    package func makeWorkspace() throws -> Workspace {
        Workspace(
            workspaces: try models.map { try $0.makeWorkspace() },
            metrics: models.map { [Double](repeating: .nan, count: $0.metricNames.count) }, start: nil,
            afterFirst: nil)
    }

    package func evaluate(_ draws: inout Draws, workspace: inout Workspace, metrics: inout [Double]) throws {
        let cursor = draws.cursor
        if let generator = draws.generator {
            if workspace.start?.kind != generator.kind {
                workspace.start = try generator.copy()
                workspace.afterFirst = try generator.copy()
            }
            workspace.start!.copyState(from: generator)
        }
        var afterCursor = cursor
        for (index, model) in models.enumerated() {
            if index > 0 {
                if let generator = draws.generator { generator.copyState(from: workspace.start!) }
                draws.cursor = cursor
            }
            for m in workspace.metrics[index].indices { workspace.metrics[index][m] = .nan }
            try model.evaluate(&draws, workspace: &workspace.workspaces[index], metrics: &workspace.metrics[index])
            if index == 0 {
                afterCursor = draws.cursor
                if let generator = draws.generator { workspace.afterFirst!.copyState(from: generator) }
            }
        }
        // The next path draws on from where the first scenario left the draws.
        if let generator = draws.generator, models.count > 1 { generator.copyState(from: workspace.afterFirst!) }
        draws.cursor = afterCursor
        var k = 0
        for values in workspace.metrics {
            for value in values {
                metrics[k] = value
                k += 1
            }
        }
        for (index, pairs) in shared.enumerated() {
            for (mine, first) in pairs {
                let a = workspace.metrics[index + 1][mine]
                let b = workspace.metrics[0][first]
                metrics[k] = a.isNaN || b.isNaN ? .nan : a - b
                k += 1
            }
        }
    }
}
