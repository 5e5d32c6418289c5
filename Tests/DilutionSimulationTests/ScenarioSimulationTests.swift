import DilutionModel
import DilutionSampling
import DilutionScenario
import DilutionSimulation
import Foundation
import Testing

/// Monte Carlo over scenario files, checked against the deterministic engine and analytic values.
/// Seeds are fixed; tolerances are four standard errors.
@Suite("Simulating scenarios")
struct ScenarioSimulationTests {
    /// common 1,000,000; Series A 100,000 at $1.00 (full ratchet); warrants 200,000 at $0.50.
    static func yaml(raise: String, exercise: String) -> String {
        """
        version: 1
        capitalization:
          common: 1000000
          preferred:
            - id: series-a
              shares: 100000
              stated-value: 1.00
              conversion-price: 1.00
              clause: {type: full-ratchet}
          warrants:
            - id: warrants
              shares: 200000
              exercise-price: 0.50
        events:
          - id: raise
            type: issue
            date: 2024-01-01
        \(raise)
          - id: warrant-exercise
            type: exercise
            date: 2025-01-01
            instrument: warrants
        \(exercise)

        """
    }

    static func model(_ text: String) throws -> ScenarioPathModel {
        try ScenarioPathModel(try ScenarioLoader.load(text: text, file: "test.yaml").stochastic)
    }

    static func run(_ model: ScenarioPathModel, paths: Int, seed: UInt64 = 2024, threads: Int = 2) throws
        -> SimulationResult
    {
        try Simulator.run(model: model, options: SimulationOptions(paths: paths, seed: seed, threads: threads))
    }

    static func summary(_ result: SimulationResult, _ metric: String) throws -> StatisticsSummary {
        let index = try #require(result.metricNames.firstIndex(of: metric), "no metric \(metric)")
        return result.summaries[index]
    }

    @Test func degenerateDistributionsReproduceTheDeterministicEngine() throws {
        let random = Self.yaml(
            raise: """
                    probability: 1
                    price: {distribution: fixed, value: 0.40}
                    amount: {distribution: uniform, low: 80000, high: 80000}
                """,
            exercise: """
                    probability: {distribution: bernoulli, p: 1}
                    otherwise: expire
                """)
        let fixed = Self.yaml(raise: "    price: 0.40\n    amount: 80000", exercise: "")
        let result = try Self.run(try Self.model(random), paths: 2_000)
        let deterministic = try ScenarioLoader.load(text: fixed, file: "fixed.yaml").run().final
        // The deterministic engine: 200,000 common at $0.40; Series A ratchets to $0.40 (250,000 as
        // converted); the warrants (no clause) are exercised for cash at $0.50.
        func double(_ value: some CustomStringConvertible) -> Double { Double(value.description)! }
        let seriesA = try #require(deterministic.instrument("series-a"))
        let total = double(try deterministic.fullyDiluted())
        let expectations: [(String, Double)] = [
            ("series-a.price", double(seriesA.price!)), ("warrants.price", 0.50), ("series-a.rate", 2.5),
            ("series-a.ownership", double(try seriesA.commonAsConverted()) / total), ("fd_shares", total),
            ("cash_raised", double(deterministic.cashRaised)), ("adjustments", 1),
        ]
        #expect(seriesA.price == .init("0.40"))
        for (metric, value) in expectations {
            let s = try Self.summary(result, metric)
            #expect(s.count == 2_000)
            #expect(s.minimum == value, "\(metric)")
            #expect(s.maximum == value, "\(metric)")
            #expect(s.standardDeviation == 0, "\(metric)")
        }
    }

    @Test func bernoulliExerciseGivesTheAnalyticMeanOwnership() throws {
        // The warrants are exercised with p = 0.4, else they lapse (no raise: the raise is at $2).
        // Exercised: holders own 200,000 of 1,300,000; lapsed: nothing. Mean = 0.4 × 2/13.
        let text = Self.yaml(
            raise: "    price: 2.00\n    amount: 2000000",
            exercise: "    probability: 0.4\n    otherwise: expire\n    readjust: false")
        let paths = 40_000
        let result = try Self.run(try Self.model(text), paths: paths)
        let s = try Self.summary(result, "warrants.ownership")
        let share = 200_000.0 / 2_300_000.0
        let p = 0.4
        let analytic = p * share
        let standardError = share * (p * (1 - p) / Double(paths)).squareRoot()
        #expect(abs(s.mean - analytic) < 4 * standardError, "mean \(s.mean) vs \(analytic) ± \(standardError)")
    }

    @Test func lognormalRaisePriceTriggersTheRatchetWithTheAnalyticProbability() throws {
        // The warrants' full ratchet at $0.50 fires when the raise price is below $0.50:
        // P(exp(N(ln 0.40, 0.5²)) < 0.50) = Φ(ln(1.25) / 0.5).
        var text = Self.yaml(
            raise: """
                    price: {distribution: lognormal, median: 0.40, sigma: 0.5}
                    amount: 100000
                """,
            exercise: "    shares: 1")
        text = text.replacingOccurrences(
            of: "      exercise-price: 0.50\n", with: "      exercise-price: 0.50\n      clause: {type: full-ratchet}\n")
        text = text.replacingOccurrences(of: "      clause: {type: full-ratchet}\n  warrants", with: "  warrants")
        let paths = 40_000
        let result = try Self.run(try Self.model(text), paths: paths)
        let s = try Self.summary(result, "warrants.price")
        // Each path adjusts once (the ratchet fires) or not at all.
        let x = log(1.25) / 0.5
        let analytic = 0.5 * erfc(-x / 2.0.squareRoot())
        let adjustments = try Self.summary(result, "adjustments")
        let standardError = (analytic * (1 - analytic) / Double(paths)).squareRoot()
        #expect(abs(adjustments.mean - analytic) < 4 * standardError, "\(adjustments.mean) vs \(analytic)")
        #expect(s.maximum == 0.5)
    }

    @Test func threadCountAndRepetitionDoNotChangeTheBytes() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let loaded = try ScenarioLoader.load(path: root.appendingPathComponent("scenarios/vsource-2005-outlook.yaml").path)
        let model = try ScenarioPathModel(loaded.stochastic)
        let one = try Self.run(model, paths: 30_000, seed: 11, threads: 1)
        let two = try Self.run(model, paths: 30_000, seed: 11, threads: 2)
        let again = try Self.run(model, paths: 30_000, seed: 11, threads: 2)
        #expect(one.summaryCSV == two.summaryCSV)
        #expect(two.summaryCSV == again.summaryCSV)
        #expect(one.histogramCSV == two.histogramCSV)
        let other = try Self.run(model, paths: 30_000, seed: 12, threads: 2)
        #expect(other.summaryCSV != two.summaryCSV)
    }

    @Test func termsOfNewInstrumentsMayBeUncertain() throws {
        let text = """
            version: 1
            capitalization:
              common: 1000000
            events:
              - id: raise
                type: issue
                date: 2024-01-01
                cash: 0
                warrants:
                  - id: w
                    shares: {distribution: uniform, low: 1000, high: 3000}
                    exercise-price: {distribution: uniform, low: 0.40, high: 0.60}

            """
        let loaded = try ScenarioLoader.load(text: text, file: "test.yaml")
        #expect(loaded.stochastic.inputs.map(\.path) == ["raise.w.shares", "raise.w.exercise-price"])
        // The central scenario takes the medians.
        #expect(loaded.scenario.events.count == 1)
        let model = try ScenarioPathModel(loaded.stochastic)
        let paths = 20_000
        let result = try Self.run(model, paths: paths)
        let price = try Self.summary(result, "w.price")
        let shares = try Self.summary(result, "w.shares")
        // Uniform on [a, b]: mean (a + b) / 2, standard deviation (b − a) / √12.
        let priceError = 0.2 / 12.0.squareRoot() / Double(paths).squareRoot()
        let sharesError = 2000 / 12.0.squareRoot() / Double(paths).squareRoot()
        #expect(abs(price.mean - 0.50) < 4 * priceError + 0.00005, "\(price.mean)")
        #expect(abs(shares.mean - 2000) < 4 * sharesError + 0.5, "\(shares.mean)")
        #expect(price.minimum >= 0.40 && price.maximum <= 0.60)
    }

    @Test func aGeometricBrownianSharePriceDrivesExercise() throws {
        // Exercised at expiry when S_T > $0.50, S_T lognormal from GBM with S0 = 0.50, μ = 0,
        // σ = 0.5, T = 1: P = Φ((ln(S0/K) + (μ − σ²/2)T) / (σ√T)) = Φ(−0.25).
        let text = Self.yaml(
            raise: "    price: 2.00\n    amount: 2000000",
            exercise: """
                    share-price: {distribution: gbm, initial: 0.50, drift: 0, volatility: 0.5, years: 1}
                    otherwise: expire
                    readjust: false
                """)
        let paths = 40_000
        let result = try Self.run(try Self.model(text), paths: paths)
        let exercised = try Self.summary(result, "warrants.exercised")
        let p = 0.5 * erfc(0.25 / 2.0.squareRoot())
        let standardError = 200_000 * (p * (1 - p) / Double(paths)).squareRoot()
        #expect(abs(exercised.mean - 200_000 * p) < 4 * standardError, "\(exercised.mean) vs \(200_000 * p)")
    }
}
