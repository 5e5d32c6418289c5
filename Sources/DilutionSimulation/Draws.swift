import DilutionSampling

/// The source of one path's random inputs: a pseudo-random generator, or the path's quasi-random point.
///
/// - Pseudo-random mode: numbers come from the chunk's `RandomGenerator`; `sample(_:)` uses GSL's sampler for the
///   distribution (`Distribution.sample(_:)`), which may consume one or more numbers.
/// - Quasi-random mode: each call consumes the next coordinate of the path's point, in order; `sample(_:)` maps it
///   through the inverse distribution function (`Distribution.quantile(_:)`). A path may make at most
///   `PathModel.dimension` calls, in a fixed order; the runner reports a path that makes more as an error.
///
/// Not `Sendable`: a value is used by one worker thread at a time.
package struct Draws {
    /// The chunk's generator in pseudo-random mode, kept alive here; `nil` in quasi-random mode.
    @usableFromInline let generator: RandomGenerator?
    /// The same generator, used without retaining and releasing it on every draw (two atomic operations, about a
    /// third of the cost of a uniform draw); safe because `generator` keeps it alive as long as `self`.
    @usableFromInline let unretained: Unmanaged<RandomGenerator>?
    /// The current quasi-random point (empty in pseudo-random mode).
    @usableFromInline var point: [Double]
    /// The number of coordinates of `point` consumed so far, including any calls beyond its end.
    @usableFromInline var cursor: Int = 0

    /// The index of the path being evaluated, numbered from 0 across the whole run.
    ///
    /// For diagnostics and tests: a path's metrics should depend on its draws, not on its number.
    package internal(set) var path: Int = 0

    /// Draws from a pseudo-random generator.
    package init(generator: RandomGenerator) {
        self.generator = generator
        self.unretained = Unmanaged.passUnretained(generator)
        self.point = []
    }

    /// Draws the coordinates of a quasi-random point (or any fixed numbers in [0, 1)), in order.
    package init(point: [Double]) {
        self.generator = nil
        self.unretained = nil
        self.point = point
    }

    /// Whether the numbers are the coordinates of a quasi-random point.
    package var isQuasiRandom: Bool { generator == nil }

    /// A uniform number in the open interval (0, 1).
    ///
    /// In quasi-random mode a coordinate of exactly 0 (the origin of a Niederreiter sequence) becomes the smallest
    /// positive normal double, so that the result is never 0.
    @inlinable
    package mutating func uniform() -> Double {
        if let unretained { return unretained._withUnsafeGuaranteedRef { $0.uniform() } }
        return nextCoordinate()
    }

    /// One value of `distribution`: GSL's sampler in pseudo-random mode, the inverse distribution function of the
    /// next coordinate in quasi-random mode.
    @inlinable
    package mutating func sample(_ distribution: Distribution) -> Double {
        if let unretained { return unretained._withUnsafeGuaranteedRef { distribution.sample($0) } }
        return distribution.quantile(nextCoordinate())
    }

    /// A standard normal number: the ziggurat in pseudo-random mode, the normal quantile of the next coordinate in
    /// quasi-random mode.
    @inlinable
    package mutating func standardNormal() -> Double {
        if let unretained { return unretained._withUnsafeGuaranteedRef { $0.standardNormal() } }
        return Distribution.normal(mean: 0, sd: 1).quantile(nextCoordinate())
    }

    /// The next coordinate of the point, in (0, 1); 0.5 past the end (the runner then reports the path).
    @inlinable
    mutating func nextCoordinate() -> Double {
        let index = cursor
        cursor += 1
        guard index < point.count else { return 0.5 }
        let u = point[index]
        return u > 0 ? u : .leastNormalMagnitude
    }
}
