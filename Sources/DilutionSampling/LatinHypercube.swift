/// Latin hypercube sampling of `paths` points in `dimension` coordinates: in each coordinate the
/// interval (0, 1) is cut into `paths` equal strata and every stratum holds exactly one point,
/// at a uniform position within it.
///
/// The stratum of path *k* in coordinate *j* is a keyed pseudo-random bijection of 0..<paths (a
/// few invertible rounds on the smallest power of two above `paths`, with cycle-walking), so no
/// permutation is stored: memory does not grow with the paths, and any path's point can be made
/// on its own, which keeps a chunked, multi-threaded run identical whatever the thread count. The
/// position within the stratum is the caller's uniform draw.
public struct LatinHypercube: Sendable {
    public let paths: Int
    public let dimension: Int
    private let mask: UInt64
    private let shift: UInt64
    private let keys: [UInt64]

    /// A design of `paths` points (at least 1) in `dimension` coordinates, keyed by `seed`.
    public init(paths: Int, dimension: Int, seed: UInt64) {
        precondition(paths >= 1 && dimension >= 0, "A Latin hypercube needs at least one point.")
        self.paths = paths
        self.dimension = dimension
        var bits: UInt64 = 1
        while (UInt64(1) << bits) < UInt64(paths) { bits += 1 }
        mask = bits >= 64 ? .max : (UInt64(1) << bits) - 1
        shift = max(1, (bits + 1) / 2)
        var state = seed ^ 0x6C61_7469_6E68_7963  // "latinhyc"
        var keys: [UInt64] = []
        for _ in 0..<(dimension * 8) { keys.append(Self.splitMix(&state)) }
        self.keys = keys
    }

    private static func splitMix(_ state: inout UInt64) -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// One round trip of the keyed bijection of [0, 2^bits).
    @inline(__always)
    private func scramble(_ value: UInt64, _ coordinate: Int) -> UInt64 {
        var x = value
        let base = coordinate * 8
        for round in 0..<4 {
            x = (x &* (keys[base + 2 * round] | 1)) & mask  // multiplication by an odd number: invertible
            x ^= x >> shift  // invertible for a shift of at least one
            x = (x &+ keys[base + 2 * round + 1]) & mask
        }
        return x
    }

    /// The stratum (0..<paths) of path `path` in coordinate `coordinate`: every stratum once per coordinate.
    @inline(__always)
    public func stratum(of path: Int, coordinate: Int) -> Int {
        var x = scramble(UInt64(path), coordinate)
        while x >= UInt64(paths) { x = scramble(x, coordinate) }  // cycle-walking stays a bijection of 0..<paths
        return Int(x)
    }

    /// Path `path`'s point: coordinate j is (stratum + u) / paths, each u a uniform draw of `jitter` in (0, 1).
    public func point(of path: Int, into point: inout [Double], jitter: RandomGenerator) {
        let scale = 1 / Double(paths)
        for j in 0..<dimension {
            point[j] = (Double(stratum(of: path, coordinate: j)) + jitter.uniform()) * scale
        }
    }
}
