import Foundation
import DilutionScenario
import Testing

@Suite("Distributions in scenario files")
struct DistributionErrorTests {
    static func scenario(_ event: String) -> String {
        """
        version: 1
        capitalization:
          common: 1000
        events:
          - id: raise
            type: issue
            date: 2024-01-01
        \(event)

        """
    }

    static let cases: [(String, String)] = [
        (
            "    price: {distribution: lognormal, median: 0.40, sigma: -1}\n    amount: 1000",
            "test.yaml:8:52: sigma must be zero or positive, not -1. (lognormal distribution in event 'raise')"
        ),
        (
            "    probability: 1.5\n    common: 10",
            "test.yaml:8:18: 'probability' in event 'raise' must be between 0 and 1, not 1.5"
        ),
        (
            "    probability: {distribution: beta, a: 0, b: 3}\n    common: 10",
            "test.yaml:8:39: a must be positive, not 0. (beta distribution in event 'raise')"
        ),
        (
            "    common: {distribution: uniform, low: 5, high: 3}",
            "test.yaml:8:37: low must not exceed high, but low is 5 and high is 3. (uniform distribution in event 'raise')"
        ),
        (
            "    common: {distribution: poisson, mean: 3}",
            "test.yaml:8:28: invalid value 'poisson' for 'events[0].common.distribution'; expected one of 'fixed', "
                + "'bernoulli', 'uniform', 'triangular', 'normal', 'lognormal', 'beta', 'discrete' or 'gbm'"
        ),
        (
            "    common: {distribution: normal, mean: 3, sigma: 1}",
            "test.yaml:8:45: unknown key 'sigma' in the distribution of 'common' in event 'raise'; the keys allowed "
                + "here are 'distribution', 'mean' and 'sd'"
        ),
    ]

    @Test("Bad parameters are named with line and column", arguments: cases)
    func badParameters(event: String, expected: String) {
        #expect {
            try ScenarioLoader.load(text: Self.scenario(event), file: "test.yaml")
        } throws: { error in
            let text = String(describing: error)
            if text != expected { Issue.record("got: \(text)") }
            return text == expected
        }
    }

    @Test func uncertainInputsAreListedByPath() throws {
        let loaded = try ScenarioLoader.load(
            text: Self.scenario(
                "    probability: 0.7\n    price: {distribution: lognormal, median: 0.40, sigma: 0.5}\n    amount: 1000"),
            file: "test.yaml")
        #expect(loaded.stochastic.inputs.map(\.path) == ["raise.price"])
        // One draw decides the event, one draws the price.
        #expect(loaded.stochastic.dimension == 2)
        // The central scenario includes the event (p ≥ 0.5) at the median price: 1000 / 0.40 = 2,500.
        #expect(loaded.scenario.events.count == 1)
    }

    /// An input's path as a person reads it: the event's description (else its id) or the instrument's name, then
    /// the field; a path naming no event as it is.
    @Test func inputsAreNamedByTheirEventOrInstrument() throws {
        let loaded = try ScenarioLoader.load(
            text: Self.scenario("    price: {distribution: lognormal, median: 0.40, sigma: 0.5}\n    amount: 1000"),
            file: "test.yaml")
        #expect(loaded.stochastic.inputName("raise.price") == "raise: price")
        #expect(loaded.stochastic.inputName("nothing.price") == "nothing.price")
        let acme = try ScenarioLoader.load(
            path: URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
                "../../scenarios/hypothetical-acme-rounds.yaml").standardized.path)
        #expect(acme.stochastic.inputName("seed-safes.safe-lead.cap") == "Seed SAFE (lead angel): cap")
        #expect(acme.stochastic.inputName("seed-safes.probability") == "the seed SAFEs: probability")
    }

    @Test func everyNumericInputHasAPathAndFixedOnesCanBeMadeVariable() throws {
        let text = Self.scenario("    probability: 0.7\n    price: 0.40\n    amount: 1000")
        let fixed = try ScenarioLoader.load(text: text, file: "test.yaml")
        #expect(fixed.stochastic.parameterPaths == ["raise.probability", "raise.price", "raise.amount"])
        #expect(fixed.stochastic.inputs.isEmpty)
        let variable = try ScenarioLoader.load(text: text, file: "test.yaml", variable: ["raise.price"])
        #expect(variable.stochastic.inputs.map(\.path) == ["raise.price"])
        // The central scenario is the same either way.
        #expect(variable.scenario == fixed.scenario)
    }
}
