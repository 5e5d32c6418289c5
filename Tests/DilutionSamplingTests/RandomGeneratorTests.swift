import Testing

@testable import DilutionSampling

struct RandomGeneratorTests {
    private func draws(_ rng: RandomGenerator, _ count: Int = 1000) -> [Double] {
        (0..<count).map { _ in rng.uniform() }
    }

    @Test func seedGoesStraightToGSL() throws {
        // The first output of GSL's mt19937 seeded with 42 (`GSL_RNG_SEED=42`), 1791095845 / 2³².
        let rng = try RandomGenerator(kind: .mt19937, seed: 42)
        #expect(rng.gslSeed == 42)
        #expect(rng.uniform() == 0.37454011430963874)
    }

    @Test(arguments: [GeneratorKind.mt19937, .taus2, .ranlxd2])
    func sameSeedAndStreamGiveTheSameNumbers(kind: GeneratorKind) throws {
        let first = try RandomGenerator(kind: kind, seed: 2005, stream: 17)
        let second = try RandomGenerator(kind: kind, seed: 2005, stream: 17)
        #expect(first.gslSeed == second.gslSeed)
        #expect(draws(first) == draws(second))
    }

    @Test func differentStreamsAndSeedsDiffer() throws {
        let base = draws(try RandomGenerator(seed: 2005, stream: 0))
        #expect(base != draws(try RandomGenerator(seed: 2005, stream: 1)))
        #expect(base != draws(try RandomGenerator(seed: 2006, stream: 0)))
        // Stream seeds are distinct in the low 32 bits that most GSL algorithms keep.
        let low = Set((0..<10_000).map { UInt32(truncatingIfNeeded: RandomGenerator.derivedSeed(seed: 1, stream: $0)) })
        #expect(low.count == 10_000)
    }

    @Test func derivedSeedIsPinned() {
        // SplitMix64(0) is the well-known first output of SplitMix64 seeded with 0.
        #expect(RandomGenerator.splitMix64(0) == 0xE220_A839_7B1D_CDAF)
        #expect(RandomGenerator.derivedSeed(seed: 0, stream: 0) == RandomGenerator.splitMix64(0xE220_A839_7B1D_CDAF))
    }

    @Test func copyContinuesFromTheSameState() throws {
        let rng = try RandomGenerator(kind: .taus2, seed: 9)
        _ = draws(rng, 10)
        let copy = try rng.copy()
        #expect(draws(rng) == draws(copy))
    }

    @Test func standardNormalHasUnitMoments() throws {
        let rng = try RandomGenerator(seed: 3)
        var statistics = Samples()
        for _ in 0..<100_000 { statistics.add(rng.standardNormal()) }
        #expect(abs(statistics.mean) < 4 / 100_000.0.squareRoot())
        #expect(abs(statistics.variance - 1) < 4 * 2.0.squareRoot() / 100_000.0.squareRoot())
    }
}
