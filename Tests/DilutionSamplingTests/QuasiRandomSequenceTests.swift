import DilutionSampling
import Testing

struct QuasiRandomSequenceTests {
    @Test func sobolStartsWithTheKnownPoints() throws {
        let sobol = try QuasiRandomSequence(kind: .sobol, dimension: 2)
        let points = (0..<5).map { _ in sobol.next() }
        #expect(points == [[0.5, 0.5], [0.75, 0.25], [0.25, 0.75], [0.375, 0.375], [0.875, 0.875]])
        #expect(sobol.index == 5)
    }

    @Test func niederreiterStartsAtTheOrigin() throws {
        let sequence = try QuasiRandomSequence(kind: .niederreiter2, dimension: 2)
        #expect(sequence.next() == [0, 0])
        #expect(sequence.next() == [0.5, 0.5])
    }

    @Test func sobolPointsFillTheUnitCube() throws {
        let sobol = try QuasiRandomSequence(dimension: 40)
        var point = [Double]()
        var sums = Array(repeating: 0.0, count: 40)
        let count = 4096
        for _ in 0..<count {
            sobol.next(into: &point)
            #expect(point.count == 40)
            #expect(point.allSatisfy { $0 >= 0 && $0 < 1 })
            for (i, x) in point.enumerated() { sums[i] += x }
        }
        // Low discrepancy: every coordinate's mean is far closer to 1/2 than Monte Carlo's 0.29/√n.
        #expect(sums.allSatisfy { abs($0 / Double(count) - 0.5) < 0.001 })
    }

    @Test func skippingMatchesDrawing() throws {
        let walked = try QuasiRandomSequence(dimension: 3)
        for _ in 0..<1000 { _ = walked.next() }
        let started = try QuasiRandomSequence(dimension: 3, start: 1000)
        #expect(started.index == 1000)
        let expected = walked.next()
        #expect(started.next() == expected)

        // Skipping backwards restarts from the first point.
        started.skip(to: 0)
        #expect(started.next() == [0.5, 0.5, 0.5])
        started.skip(to: 1000)
        #expect(started.next() == expected)
    }

    @Test(arguments: [(QuasiRandomKind.sobol, 40), (.niederreiter2, 12), (.halton, 1229), (.reverseHalton, 1229)])
    func maximumDimensions(kind: QuasiRandomKind, maximum: Int) throws {
        #expect(kind.maximumDimension == maximum)
        _ = try QuasiRandomSequence(kind: kind, dimension: maximum)
    }

    @Test func dimensionOutOfRangeIsRejected() {
        #expect(throws: SamplingError.dimensionOutOfRange(sequence: "sobol", dimension: 41, maximum: 40)) {
            try QuasiRandomSequence(dimension: 41)
        }
        #expect(
            SamplingError.dimensionOutOfRange(sequence: "sobol", dimension: 0, maximum: 40).description
                == "The sobol sequence supports 1 to 40 dimensions, not 0."
        )
    }

    @Test func unknownSequenceListsNames() {
        #expect(throws: SamplingError.unknownSequence(name: "sobel", validNames: QuasiRandomKind.allNames)) {
            try QuasiRandomKind(named: "sobel")
        }
        #expect(
            SamplingError.unknownSequence(name: "sobel", validNames: QuasiRandomKind.allNames).description
                == "Unknown quasi-random sequence 'sobel'; did you mean 'sobol'? "
                + "Valid names are: sobol, niederreiter-2, halton, reverse-halton."
        )
    }
}
