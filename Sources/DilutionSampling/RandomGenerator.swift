internal import CGSL

/// One GSL pseudo-random generator: the single owner of a `gsl_rng *`, freed when the generator goes away.
///
/// A generator is mutable state and not `Sendable`: give each task or chunk its own. For a parallel simulation,
/// create one per chunk with `init(kind:seed:stream:)` and the chunk's index as the stream, so that chunk *i*
/// draws the same numbers whatever the number of threads and whichever thread runs it.
public final class RandomGenerator {
    /// The algorithm.
    public let kind: GeneratorKind
    /// The seed actually given to `gsl_rng_set` (the user's seed, or the one derived from it and a stream).
    public let gslSeed: UInt64
    /// The owned GSL handle.
    let pointer: UnsafeMutablePointer<gsl_rng>

    /// Creates a generator seeded with `seed` exactly as `gsl_rng_set` seeds it (so the numbers match GSL's own
    /// `GSL_RNG_SEED`; as in GSL, seed 0 selects the algorithm's default seed).
    public init(kind: GeneratorKind = .default, seed: UInt64) throws(SamplingError) {
        GSL.prepare()
        guard let pointer = gsl_rng_alloc(kind.gslType) else {
            throw .allocationFailed("a \(kind) random generator")
        }
        self.kind = kind
        self.gslSeed = seed
        self.pointer = pointer
        gsl_rng_set(pointer, UInt(truncatingIfNeeded: seed))
    }

    /// Creates the generator for one independent stream (a chunk of a parallel run) of the run seeded with `seed`.
    ///
    /// The GSL seed is `derivedSeed(seed:stream:)`: distinct streams of one seed always get distinct 64-bit seeds.
    /// Most GSL algorithms use only the low 32 bits of a seed, so two of *k* streams collide with probability about
    /// k²/2³³ (about 10⁻⁴ for 1,000 chunks); use few, large chunks rather than many small ones.
    public convenience init(kind: GeneratorKind = .default, seed: UInt64, stream: UInt64) throws(SamplingError) {
        try self.init(kind: kind, seed: Self.derivedSeed(seed: seed, stream: stream))
    }

    deinit {
        gsl_rng_free(pointer)
    }

    /// The GSL seed of stream `stream` of a run seeded with `seed`: SplitMix64 applied twice, so that the result is
    /// well mixed in every bit (including the low 32 bits most GSL algorithms keep) and, for a fixed `seed`, a
    /// bijection of `stream`.
    public static func derivedSeed(seed: UInt64, stream: UInt64) -> UInt64 {
        splitMix64(splitMix64(seed) ^ stream)
    }

    /// Steele, Lea and Flood's SplitMix64 step (the output function of Java's `SplittableRandom`); a bijection.
    static func splitMix64(_ value: UInt64) -> UInt64 {
        var z = value &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// GSL's name for the algorithm, as `gsl_rng_name` reports it.
    public var gslName: String { String(cString: gsl_rng_name(pointer)) }

    /// A uniform number in the open interval (0, 1) (`gsl_rng_uniform_pos`): never exactly 0 or 1.
    public func uniform() -> Double {
        gsl_rng_uniform_pos(pointer)
    }

    /// A standard normal number, N(0, 1), by Marsaglia and Tsang's ziggurat (`gsl_ran_gaussian_ziggurat`).
    public func standardNormal() -> Double {
        gsl_ran_gaussian_ziggurat(pointer, 1)
    }

    /// Puts this generator in `other`'s state (`gsl_rng_memcpy`; both must be of the same kind).
    public func copyState(from other: RandomGenerator) {
        precondition(kind == other.kind, "A generator's state can only be copied from one of the same kind.")
        gsl_rng_memcpy(pointer, other.pointer)
    }

    /// An independent copy in the same state (`gsl_rng_clone`): both then draw the same numbers.
    public func copy() throws(SamplingError) -> RandomGenerator {
        guard let clone = gsl_rng_clone(pointer) else {
            throw .allocationFailed("a copy of a \(kind) random generator")
        }
        return RandomGenerator(kind: kind, gslSeed: gslSeed, pointer: clone)
    }

    private init(kind: GeneratorKind, gslSeed: UInt64, pointer: UnsafeMutablePointer<gsl_rng>) {
        self.kind = kind
        self.gslSeed = gslSeed
        self.pointer = pointer
    }
}

/// A generator is mutable state owned by one task at a time.
@available(*, unavailable)
extension RandomGenerator: Sendable {}
