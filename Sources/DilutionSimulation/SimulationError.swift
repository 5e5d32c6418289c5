import DilutionSampling

/// Why a simulation could not run or stopped.
package enum SimulationError: Error, CustomStringConvertible {
    /// An option is out of range; `name` says which.
    case invalidOption(name: String, message: String)
    /// The model cannot be simulated as declared (no metrics, too many dimensions for the sequence, …).
    case invalidModel(message: String)
    /// The model threw while evaluating path `path` (numbered from 0).
    case pathFailed(path: Int, underlying: any Error)
    /// The model could not create a worker's workspace.
    case workspaceFailed(underlying: any Error)
    /// In quasi-random mode, path `path` drew more numbers than the model's dimension.
    case tooManyDraws(path: Int, dimension: Int, drawn: Int)
    /// Path `path` left the metrics array with the wrong number of values.
    case wrongMetricCount(path: Int, expected: Int, actual: Int)
    /// A generator or a sequence could not be created.
    case sampling(SamplingError)

    /// The path the error belongs to (numbered from 0), if any.
    package var path: Int? {
        switch self {
        case .pathFailed(let path, _), .tooManyDraws(let path, _, _), .wrongMetricCount(let path, _, _): path
        case .invalidOption, .invalidModel, .workspaceFailed, .sampling: nil
        }
    }

    /// The error as a full sentence, for the user.
    package var description: String {
        switch self {
        case .invalidOption(_, let message), .invalidModel(let message):
            return message
        case .pathFailed(let path, let underlying):
            return "Simulation path \(path) failed: \(String(describing: underlying))"
        case .workspaceFailed(let underlying):
            return "The simulation could not prepare a worker: \(String(describing: underlying))"
        case .tooManyDraws(let path, let dimension, let drawn):
            return "Simulation path \(path) drew \(drawn) random numbers, but the model declares only \(dimension) "
                + "quasi-random dimensions."
        case .wrongMetricCount(let path, let expected, let actual):
            return "Simulation path \(path) produced \(actual) metric values instead of \(expected)."
        case .sampling(let error):
            return error.description
        }
    }
}
