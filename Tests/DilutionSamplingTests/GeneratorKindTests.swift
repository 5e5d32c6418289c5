import DilutionSampling
import Testing

struct GeneratorKindTests {
    @Test func defaultIsMersenneTwister() {
        #expect(GeneratorKind.default == .mt19937)
        #expect(GeneratorKind.allNames.first == "mt19937")
    }

    @Test(arguments: GeneratorKind.allCases)
    func everyGeneratorAllocatesUnderItsGSLName(kind: GeneratorKind) throws {
        let rng = try RandomGenerator(kind: kind, seed: 7)
        #expect(rng.gslName == kind.rawValue)
        #expect(try GeneratorKind(named: kind.rawValue) == kind)
        for _ in 0..<1000 {
            let u = rng.uniform()
            #expect(u > 0 && u < 1)
        }
    }

    @Test func unknownNameIsRejectedWithSuggestionAndList() {
        #expect {
            try GeneratorKind(named: "mt1993")
        } throws: { error in
            guard let error = error as? SamplingError else { return false }
            let text = error.description
            return text.hasPrefix("Unknown random generator 'mt1993'; did you mean 'mt19937'? Valid names are: ")
                && GeneratorKind.allNames.allSatisfy { text.contains($0) } && text.hasSuffix("rand48.")
        }
    }

    @Test func farFetchedNameGetsNoSuggestion() {
        let error = SamplingError.unknownGenerator(name: "xoshiro256", validNames: ["mt19937", "taus2"])
        #expect(error.description == "Unknown random generator 'xoshiro256'. Valid names are: mt19937, taus2.")
    }
}
