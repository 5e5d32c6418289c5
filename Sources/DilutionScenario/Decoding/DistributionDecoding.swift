internal import DilutionExact
internal import DilutionDistributions

/// Reads `{distribution: NAME, …parameters}` mappings.
enum DistributionDecoding {
    static let parameters: [String: [String]] = [
        "fixed": ["value"], "bernoulli": ["p"], "uniform": ["low", "high"], "triangular": ["low", "mode", "high"],
        "normal": ["mean", "sd"], "lognormal": ["median", "sigma"], "beta": ["a", "b"],
        "discrete": ["values", "weights"], "gbm": ["initial", "drift", "volatility", "years"],
    ]
    static let names = ["fixed", "bernoulli", "uniform", "triangular", "normal", "lognormal", "beta", "discrete", "gbm"]

    static func decode(_ value: Value, context: String) throws(ScenarioError) -> Distribution {
        var map = try value.mapping(context: "the distribution of '\(value.keyName)' in \(context)")
        let name = try map.required("distribution").enumeration(allowed: names)
        let keys = parameters[name]!
        try map.rejectUnknownKeys(allowing: ["distribution"] + keys)
        func number(_ key: String) throws(ScenarioError) -> Double {
            let decimal = try map.required(key).decimal()
            return Double("\(decimal)")!
        }
        func list(_ key: String) throws(ScenarioError) -> [Double] {
            var numbers: [Double] = []
            for item in try map.required(key).sequence() { numbers.append(Double("\(try item.decimal())")!) }
            return numbers
        }
        let distribution: Distribution
        switch name {
        case "fixed": distribution = .fixed(try number("value"))
        case "bernoulli": distribution = .bernoulli(p: try number("p"))
        case "uniform": distribution = .uniform(low: try number("low"), high: try number("high"))
        case "triangular":
            distribution = .triangular(low: try number("low"), mode: try number("mode"), high: try number("high"))
        case "normal": distribution = .normal(mean: try number("mean"), sd: try number("sd"))
        case "lognormal": distribution = .lognormal(median: try number("median"), sigma: try number("sigma"))
        case "beta": distribution = .beta(a: try number("a"), b: try number("b"))
        case "discrete":
            let values = try list("values")
            let weights = try list("weights")
            if values.count != weights.count || values.isEmpty {
                throw map.error("a discrete distribution needs as many weights as values (\(values.count) values, "
                    + "\(weights.count) weights), and at least one")
            }
            distribution = .discrete(values: values, weights: weights)
        default:  // gbm: the share price after `years` under geometric Brownian motion
            let years = try number("years")
            if years < 0 { throw map.error("'years' of a gbm distribution must be zero or more, not \(years)") }
            do {
                let motion = try GeometricBrownianMotion(
                    initial: try number("initial"), drift: try number("drift"), volatility: try number("volatility"))
                distribution = motion.terminalDistribution(years: years)
            } catch let error as ScenarioError {
                throw error
            } catch {
                throw map.error("\(error)")
            }
        }
        do {
            try distribution.validate()
        } catch {
            if case .invalidParameter(let parameter, _) = error, let location = map.location(ofKey: parameter) {
                throw ScenarioError("\(error) (\(name) distribution in \(context))", at: location)
            }
            throw map.error("\(error) (\(name) distribution in \(context))")
        }
        try map.finish(allowing: ["distribution"] + keys)
        return distribution
    }
}

extension Value {
    /// Whether this value is a distribution rather than a number.
    var isDistribution: Bool { isMapping }
}
