internal import CGSL

/// A GSL pseudo-random generator algorithm, named as GSL names it (`mt19937`, `taus2`, `ranlxd2`, …).
///
/// Only the well-known generators of good statistical quality (plus `rand48` for comparison with other tools) are
/// offered; see "Random Number Generator Algorithms" in the GSL manual for each one's period and speed.
public enum GeneratorKind: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// The Mersenne Twister MT19937 (Matsumoto and Nishimura, 1998 seeding); fast, period 2¹⁹⁹³⁷ − 1. The default.
    case mt19937
    /// L'Ecuyer's maximally equidistributed combined Tausworthe generator (1996).
    case taus
    /// `taus` with the improved seeding procedure of L'Ecuyer (1999); one of the fastest good generators.
    case taus2
    /// L'Ecuyer's four-component Tausworthe generator with period 2¹¹³.
    case taus113
    /// The four-tap lagged-fibonacci generator of Ziff (1998).
    case gfsr4
    /// Lüscher's RANLUX, single precision, luxury level 0.
    case ranlxs0
    /// Lüscher's RANLUX, single precision, luxury level 1.
    case ranlxs1
    /// Lüscher's RANLUX, single precision, luxury level 2 (strongest decorrelation of the single-precision ones).
    case ranlxs2
    /// Lüscher's RANLUX, double precision, luxury level 1.
    case ranlxd1
    /// Lüscher's RANLUX, double precision, luxury level 2: the most thoroughly decorrelated generator GSL has.
    case ranlxd2
    /// The original RANLUX of Lüscher and James, luxury level 3.
    case ranlux
    /// The original RANLUX at luxury level 4 (decorrelation to 389 steps).
    case ranlux389
    /// L'Ecuyer's combined multiple recursive generator (1996).
    case cmrg
    /// L'Ecuyer, Blouin and Coutre's fifth-order multiple recursive generator (1993).
    case mrg
    /// Marsaglia, Zaman and Tsang's RANMAR lagged-fibonacci generator.
    case ranmar
    /// Ziff's lagged-fibonacci ZUFALL generator.
    case zuf
    /// Kirkpatrick and Stoll's R250 shift-register generator.
    case r250
    /// Matsumoto and Kurita's TT800 twisted GFSR, a predecessor of MT19937.
    case tt800
    /// Knuth's 2002 lagged-fibonacci generator from "The Art of Computer Programming", volume 2, 3rd edition.
    case knuthran2002
    /// The Unix `rand48` linear congruential generator, for comparison with other tools; of poor quality.
    case rand48

    /// The generator used when none is chosen: `mt19937`.
    public static let `default`: GeneratorKind = .mt19937

    /// Every valid name, in the order of the cases, for help texts and error messages.
    public static var allNames: [String] { allCases.map(\.rawValue) }

    /// Looks a generator up by its GSL name; throws an error listing the valid names if there is none.
    public init(named name: String) throws(SamplingError) {
        guard let kind = GeneratorKind(rawValue: name) else {
            throw .unknownGenerator(name: name, validNames: Self.allNames)
        }
        self = kind
    }

    /// The GSL name, such as `mt19937`.
    public var description: String { rawValue }

    /// GSL's type descriptor for this generator.
    var gslType: UnsafePointer<gsl_rng_type> {
        switch self {
        case .mt19937: cgsl_rng_mt19937()
        case .taus: cgsl_rng_taus()
        case .taus2: cgsl_rng_taus2()
        case .taus113: cgsl_rng_taus113()
        case .gfsr4: cgsl_rng_gfsr4()
        case .ranlxs0: cgsl_rng_ranlxs0()
        case .ranlxs1: cgsl_rng_ranlxs1()
        case .ranlxs2: cgsl_rng_ranlxs2()
        case .ranlxd1: cgsl_rng_ranlxd1()
        case .ranlxd2: cgsl_rng_ranlxd2()
        case .ranlux: cgsl_rng_ranlux()
        case .ranlux389: cgsl_rng_ranlux389()
        case .cmrg: cgsl_rng_cmrg()
        case .mrg: cgsl_rng_mrg()
        case .ranmar: cgsl_rng_ranmar()
        case .zuf: cgsl_rng_zuf()
        case .r250: cgsl_rng_r250()
        case .tt800: cgsl_rng_tt800()
        case .knuthran2002: cgsl_rng_knuthran2002()
        case .rand48: cgsl_rng_rand48()
        }
    }
}
