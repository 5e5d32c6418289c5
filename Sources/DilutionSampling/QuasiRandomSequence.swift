internal import CGSL

/// A GSL quasi-random sequence of points in the unit cube: the single owner of a `gsl_qrng *`.
///
/// Each coordinate of a point feeds one random input through `Distribution.quantile(_:)`. Points are numbered from 0
/// in the order GSL produces them. GSL cannot jump ahead, so `skip(to:)` draws and discards points; it costs about as
/// much as drawing them (a few nanoseconds per coordinate). For a chunked parallel run, give each worker its own
/// sequence and let it process its chunks in increasing order, calling `skip(to: chunk.firstPath)` before each:
/// each worker then walks the sequence once, and point *k* always goes to path *k* whatever the thread count.
///
/// Not `Sendable`: a sequence is mutable state owned by one task at a time.
public final class QuasiRandomSequence {
    /// The sequence algorithm.
    public let kind: QuasiRandomKind
    /// The number of coordinates of each point.
    public let dimension: Int
    /// The index of the point the next call to `next(into:)` returns.
    public private(set) var index: Int = 0
    /// The owned GSL handle.
    private let pointer: UnsafeMutablePointer<gsl_qrng>
    /// Reused destination for discarded points.
    private var scratch: [Double]

    /// Creates a sequence of `dimension`-dimensional points, positioned at point `start` (0, the first, by default).
    public init(kind: QuasiRandomKind = .default, dimension: Int, start: Int = 0) throws(SamplingError) {
        let maximum = kind.maximumDimension
        guard (1...maximum).contains(dimension) else {
            throw .dimensionOutOfRange(sequence: kind.rawValue, dimension: dimension, maximum: maximum)
        }
        guard start >= 0 else {
            throw .invalidParameter(parameter: "start", message: "start must be zero or positive, not \(start).")
        }
        GSL.prepare()
        guard let pointer = gsl_qrng_alloc(kind.gslType, UInt32(dimension)) else {
            throw .allocationFailed("a \(dimension)-dimensional \(kind) sequence")
        }
        self.kind = kind
        self.dimension = dimension
        self.pointer = pointer
        self.scratch = Array(repeating: 0, count: dimension)
        skip(to: start)
    }

    deinit {
        gsl_qrng_free(pointer)
    }

    /// Writes the next point into `point` (resized to `dimension` if needed) and advances `index`.
    ///
    /// Coordinates lie in [0, 1); some sequences (Niederreiter's) start at the origin, which
    /// `Distribution.quantile(_:)` accepts.
    public func next(into point: inout [Double]) {
        if point.count != dimension { point = Array(repeating: 0, count: dimension) }
        let status = point.withUnsafeMutableBufferPointer { gsl_qrng_get(pointer, $0.baseAddress!) }
        Self.require(status, index)
        index += 1
    }

    /// The next point, as a new array.
    public func next() -> [Double] {
        var point = [Double]()
        next(into: &point)
        return point
    }

    /// Positions the sequence at point `target`, drawing and discarding the points in between (restarting from the
    /// first point if `target` is behind the current position).
    public func skip(to target: Int) {
        precondition(target >= 0, "A quasi-random point index must be zero or positive, not \(target).")
        if target < index {
            gsl_qrng_init(pointer)
            index = 0
        }
        scratch.withUnsafeMutableBufferPointer { buffer in
            while index < target {
                Self.require(gsl_qrng_get(pointer, buffer.baseAddress!), index)
                index += 1
            }
        }
    }

    /// GSL fails to produce a point only if the dimension is out of range, which `init` rules out.
    private static func require(_ status: Int32, _ index: Int) {
        do {
            try GSL.check(status, "drawing quasi-random point \(index)")
        } catch {
            preconditionFailure(error.description)
        }
    }
}

/// A sequence is mutable state owned by one task at a time.
@available(*, unavailable)
extension QuasiRandomSequence: Sendable {}
