import Foundation

/// What a worker produced for one chunk.
typealias ChunkOutcome = Result<ChunkResult, SimulationError>

/// The statistics (and optionally the samples) of one chunk of paths.
struct ChunkResult: Sendable {
    var statistics: [MetricStatistics]
    var samples: SampleChunk?
    var pathCount: Int
}

/// The hand-over point between the worker threads and the thread that called `Simulator.run`.
///
/// Workers take chunk indices in increasing order and deliver their outcomes; the caller's thread takes outcomes
/// back strictly in chunk order. One lock guards everything, taken twice per chunk and never per path. A worker
/// does not start a chunk more than `window` chunks ahead of the next one the caller needs, so at most `window`
/// finished chunks wait in memory, whatever the number of paths.
final class ChunkQueue: @unchecked Sendable {
    private let condition = NSCondition()
    private let chunkCount: Int
    private let window: Int

    // Guarded by `condition`.
    private var nextChunk = 0
    private var nextToCollect = 0
    private var lastChunkToStart = Int.max
    private var abandoned = false
    private var runningWorkers = 0
    private var finished: [Int: ChunkOutcome] = [:]
    private var completedPaths = 0

    init(chunkCount: Int, window: Int) {
        self.chunkCount = chunkCount
        self.window = window
    }

    /// Registers a worker before its thread starts.
    func workerStarting() {
        condition.lock()
        runningWorkers += 1
        condition.unlock()
    }

    /// Called by a worker when it stops taking chunks.
    func workerExited() {
        condition.lock()
        runningWorkers -= 1
        condition.broadcast()
        condition.unlock()
    }

    /// The next chunk for a worker to run, or `nil` when there is none left (or the run stopped).
    func take() -> Int? {
        condition.lock()
        defer { condition.unlock() }
        while true {
            if abandoned || nextChunk >= chunkCount || nextChunk > lastChunkToStart { return nil }
            if nextChunk < nextToCollect + window {
                defer { nextChunk += 1 }
                return nextChunk
            }
            condition.wait()
        }
    }

    /// Hands a chunk's outcome over. After a failure no later chunk starts, but earlier ones still run, so that the
    /// error reported is always the first in path order.
    func deliver(_ chunk: Int, _ outcome: ChunkOutcome) {
        condition.lock()
        finished[chunk] = outcome
        switch outcome {
        case .success(let result): completedPaths += result.pathCount
        case .failure: lastChunkToStart = min(lastChunkToStart, chunk)
        }
        condition.broadcast()
        condition.unlock()
    }

    /// Waits for the outcome of the next chunk in order, then removes and returns it with the number of paths
    /// completed so far in any chunk.
    func collect() -> (outcome: ChunkOutcome, completedPaths: Int) {
        condition.lock()
        defer { condition.unlock() }
        while finished[nextToCollect] == nil { condition.wait() }
        let outcome = finished.removeValue(forKey: nextToCollect)!
        nextToCollect += 1
        condition.broadcast()
        return (outcome, completedPaths)
    }

    /// Stops the workers after their current chunk and waits until every one has exited.
    func finish(abandon: Bool) {
        condition.lock()
        if abandon { abandoned = true }
        condition.broadcast()
        while runningWorkers > 0 { condition.wait() }
        finished.removeAll()
        condition.unlock()
    }
}
