internal import CGSL

/// A GSL quasi-random (low-discrepancy) sequence, for quasi-Monte Carlo sampling through inverse distribution
/// functions.
public enum QuasiRandomKind: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// Sobol's sequence (Antonov–Saleev variant), up to 40 dimensions; its first point is (0.5, …, 0.5). The default.
    case sobol
    /// Niederreiter's base-2 sequence, up to 12 dimensions; its first point is the origin.
    case niederreiter2 = "niederreiter-2"
    /// Halton's sequence, up to 1,229 dimensions.
    case halton
    /// Vandewoestyne and Cools's reverse Halton sequence, up to 1,229 dimensions.
    case reverseHalton = "reverse-halton"

    /// The sequence used when none is chosen: `sobol`.
    public static let `default`: QuasiRandomKind = .sobol

    /// Every valid name, for help texts and error messages.
    public static var allNames: [String] { allCases.map(\.rawValue) }

    /// Looks a sequence up by name; throws an error listing the valid names if there is none.
    public init(named name: String) throws(SamplingError) {
        guard let kind = QuasiRandomKind(rawValue: name) else {
            throw .unknownSequence(name: name, validNames: Self.allNames)
        }
        self = kind
    }

    /// The name used on the command line, such as `sobol`.
    public var description: String { rawValue }

    /// The largest dimension GSL supports for this sequence (40 for Sobol).
    public var maximumDimension: Int { Int(gslType.pointee.max_dimension) }

    /// GSL's type descriptor for this sequence.
    var gslType: UnsafePointer<gsl_qrng_type> {
        switch self {
        case .sobol: cgsl_qrng_sobol()
        case .niederreiter2: cgsl_qrng_niederreiter_2()
        case .halton: cgsl_qrng_halton()
        case .reverseHalton: cgsl_qrng_reversehalton()
        }
    }
}
