internal import DilutionExact
package import DilutionModel
import DilutionSampling
package import DilutionScenario

/// Where a path's numbers come from: the generator or quasi-random point of a Monte Carlo path, or
/// the central values of a sweep point.
package protocol DrawSource {
    /// A value of the distribution of input `input` (its position in `PathSampler.distributions`).
    mutating func sample(_ distribution: Distribution, input: Int) -> Double
    /// A uniform number in (0, 1) that decides whether an event happens.
    mutating func uniform() -> Double
}

extension Draws: DrawSource {
    @inline(__always)
    package mutating func sample(_ distribution: Distribution, input: Int) -> Double { sample(distribution) }
}

/// The central path: every distribution at its median (unless a sweep sets the input), and an
/// event happens when its probability is at least one half.
package struct CentralDraws: DrawSource {
    let medians: [Double]
    /// The value of each input a sweep point sets, by input position.
    package var overrides: [Double?]

    package init(_ sampler: PathSampler) {
        medians = sampler.distributions.map(\.median)
        overrides = Array(repeating: nil, count: sampler.distributions.count)
    }

    package mutating func sample(_ distribution: Distribution, input: Int) -> Double {
        overrides[input] ?? medians[input]
    }

    package mutating func uniform() -> Double { 0.5.nextDown }
}

/// Turns a path's draws into the bindings of a plan's events, exactly as `StochasticScenario.realize`
/// describes them: the same draws in the same order (every one made whether or not its event
/// happens, so that paths stay aligned), sampled prices and amounts rounded as the scenario says.
package struct PathSampler: Sendable {
    /// One event with uncertain inputs.
    struct Recipe: Sendable {
        var op = 0
        /// 0 none, 1 fixed (`fixedProbability`), 2 drawn from `distributions[probabilityInput]`.
        var probabilityMode: UInt8 = 0
        var fixedProbability = 1.0
        var probabilityInput = -1
        var inputStart = 0
        var inputCount = 0
        var lapses = false
        var lapseReadjusts = false
        var priced = false
        /// Position of the priced series among the new instruments, or -1 for common.
        var pricedNew = -1
        var pricedRounding = RoundingRule.exact
        var pricedStep: StepRounding? = nil
        var fixedPrice: Int128 = 0
        var fixedAmount: Int128 = 0
        /// Where the event's new instruments start in `PlanState.terms`.
        var termsStart = 0
    }

    /// What a drawn input sets.
    let fields: [InputField]
    /// Every distribution drawn on a path, in draw order (random probabilities included).
    package let distributions: [Distribution]
    let recipes: [Recipe]
    let scenario: StochasticScenario
    /// For each recipe of the scenario, its probability input (or -1) and its first input.
    package let recipeInputs: [(probability: Int, start: Int)]

    package init(_ scenario: StochasticScenario, plan: Plan) throws {
        var fields: [InputField] = []
        var distributions: [Distribution] = []
        var recipes: [Recipe] = []
        var recipeInputs: [(Int, Int)] = []
        for recipe in scenario.recipes {
            var compiled = Recipe()
            compiled.op = recipe.eventIndex
            switch recipe.probability {
            case .fixed(let p)?:
                compiled.probabilityMode = 1
                compiled.fixedProbability = recipe.fixedProbability ?? Double("\(p)") ?? 1
            case .random(let distribution)?:
                compiled.probabilityMode = 2
                compiled.probabilityInput = distributions.count
                distributions.append(distribution)
                fields.append(.fraction)
            case nil:
                break
            }
            compiled.inputStart = distributions.count
            compiled.inputCount = recipe.inputs.count
            recipeInputs.append((compiled.probabilityInput, compiled.inputStart))
            for input in recipe.inputs {
                distributions.append(input.distribution)
                fields.append(input.field)
            }
            if recipe.otherwiseExpire, case .exercise = scenario.allEvents[recipe.eventIndex].action {
                compiled.lapses = true
                compiled.lapseReadjusts = recipe.readjustOnExpiry
            }
            if let priced = recipe.priced {
                compiled.priced = true
                compiled.pricedNew = priced.instrumentPosition ?? -1
                compiled.pricedRounding = priced.sharesRounding
                compiled.pricedStep = try? StepRounding(priced.sharesRounding, decimals: Shares.decimals)
                compiled.fixedPrice = recipe.fixedPrice?.units ?? 0
                compiled.fixedAmount = recipe.fixedAmount?.units ?? 0
            }
            compiled.termsStart = plan.termsStart(event: recipe.eventIndex)
            recipes.append(compiled)
        }
        self.fields = fields
        self.distributions = distributions
        self.recipes = recipes
        self.scenario = scenario
        self.recipeInputs = recipeInputs
        self.priceStep = try? StepRounding(scenario.priceRounding, decimals: Price.decimals)
        self.smallestPrice =
            try? Price(units: 1).rounded(RoundingRule(step: scenario.priceRounding.step, direction: .up)).units
        self.amountStep = try? StepRounding(scenario.amountRounding, decimals: Money.decimals)
    }

    /// The exact value a drawn number becomes in the engine (raw units of its quantity).
    func realized(_ value: Double, field: InputField) throws -> Int128 {
        switch field {
        case .cash, .amount, .valuation, .investorAmount, .exitValue, .debt, .costs: return try money(value)
        case .poolTarget: return try Ratio(sampled: min(max(value, 0), 0.999_999_999_999)).units
        case .price, .fairValue, .sharePrice: return try price(value)
        case .common, .shares: return try wholeShares(value)
        case .fraction, .carveOut: return try Ratio(sampled: min(max(value, 0), 1)).units
        case .instrument(_, let term):
            switch term {
            case .shares: return try wholeShares(value)
            case .price: return try price(value)
            case .statedValue, .cap: return try money(value)
            case .discount: return try StochasticScenario.discount(value).units
            case .interestRate: return try StochasticScenario.rate(value).units
            }
        }
    }

    /// Whole shares, rounded down.
    static let wholeDown = try! StepRounding(.to("1", .down), decimals: Shares.decimals)
    /// The scenario's roundings of sampled prices and amounts, resolved (`nil`: the step is finer than
    /// the resolution, and `StochasticScenario.price` and `money` fail as they should).
    let priceStep: StepRounding?
    let smallestPrice: Int128?
    let amountStep: StepRounding?

    /// A sampled share count, whole shares rounded down.
    @inline(__always)
    func wholeShares(_ value: Double) throws -> Int128 {
        try Self.wholeDown.round(units: Shares(sampled: max(value, 0)).units, what: "rounding")
    }

    /// `StochasticScenario.price(_:)`: rounded to the scenario's step, never zero.
    @inline(__always)
    func price(_ value: Double) throws -> Int128 {
        guard let priceStep, let smallestPrice else { return try scenario.price(value).units }
        let price = try priceStep.round(units: Price(sampled: max(value, 0)).units, what: "rounding")
        return price > 0 ? price : smallestPrice
    }

    /// `StochasticScenario.money(_:)`: rounded to the scenario's step.
    @inline(__always)
    func money(_ value: Double) throws -> Int128 {
        guard let amountStep else { return try scenario.money(value).units }
        return try amountStep.round(units: Money(sampled: max(value, 0)).units, what: "rounding")
    }

    /// Draws every recipe's probability and inputs and writes the bindings of their events (the
    /// other events keep their written bindings).
    @inline(__always)
    package func bind<Source: DrawSource>(
        _ state: inout PlanState, plan: Plan, from source: inout Source,
        recording values: UnsafeMutablePointer<Int128>? = nil
    ) throws {
        for recipe in recipes {
            var happens = true
            switch recipe.probabilityMode {
            case 1:
                happens = source.uniform() < recipe.fixedProbability
            case 2:
                let p = source.sample(distributions[recipe.probabilityInput], input: recipe.probabilityInput)
                // A quasi-random point mapped through an inverse that failed: an error, never a silent "no".
                if p.isNaN {
                    throw PathEventError(
                        eventIndex: recipe.op, field: "probability",
                        message: "\(SamplingError.notRepresentable(value: p, type: "Probability"))")
                }
                happens = source.uniform() < p
            default:
                break
            }
            var binding = plan.writtenBinding(recipe.op)
            let newCount = plan.newCount(event: recipe.op)
            for t in 0..<newCount { state.terms[recipe.termsStart + t] = plan.writtenTerms(recipe.termsStart + t) }
            do {
                var drawnPrice: Int128? = nil
                var drawnAmount: Int128? = nil
                for input in recipe.inputStart..<(recipe.inputStart + recipe.inputCount) {
                    let value = source.sample(distributions[input], input: input)
                    if let values {
                        values[input] = try realized(value, field: fields[input])
                    }
                    switch fields[input] {
                    case .cash: binding.cash = try money(value)
                    case .common: binding.common = try wholeShares(value)
                    case .price: drawnPrice = try price(value)
                    case .amount: drawnAmount = try money(value)
                    case .valuation: binding.valuation = try money(value)
                    case .investorAmount(let position):
                        state.roundInputs[plan.roundInput(event: recipe.op, position)] = try money(value)
                    case .poolTarget:
                        state.roundInputs[plan.roundInput(event: recipe.op, nil)] =
                            try Ratio(sampled: min(max(value, 0), 0.999_999_999_999)).units
                    case .shares:
                        binding.quantityMode = 1
                        binding.quantity = try wholeShares(value)
                    case .fraction:
                        binding.quantityMode = 2
                        binding.quantity = try Ratio(sampled: min(max(value, 0), 1)).units
                    case .fairValue:
                        binding.net = true
                        binding.fairValue = try price(value)
                    case .sharePrice:
                        binding.hasSharePrice = true
                        binding.sharePrice = try price(value)
                    case .exitValue: binding.exitValue = try money(value)
                    case .debt: binding.exitDebt = try money(value)
                    case .costs: binding.exitCosts = try money(value)
                    case .carveOut: binding.exitCarveOut = try Ratio(sampled: min(max(value, 0), 1)).units
                    case .instrument(let position, .cap):
                        state.roundInputs[plan.convertibleInput(event: recipe.op, position: position, .cap)] =
                            try money(value)
                    case .instrument(let position, .discount):
                        state.roundInputs[plan.convertibleInput(event: recipe.op, position: position, .discount)] =
                            try StochasticScenario.discount(value).units
                    case .instrument(let position, .interestRate):
                        state.roundInputs[plan.convertibleInput(event: recipe.op, position: position, .rate)] =
                            try StochasticScenario.rate(value).units
                    case .instrument(let position, let term):
                        let terms = state.terms + recipe.termsStart + position
                        terms.pointee.varies = true
                        switch term {
                        case .shares: terms.pointee.shares = try wholeShares(value)
                        case .price:
                            terms.pointee.price = try price(value)
                            terms.pointee.hasPrice = true
                        case .statedValue: terms.pointee.stated = try money(value)
                        case .cap, .discount, .interestRate: break
                        }
                    }
                }
                if recipe.priced {
                    let p = Price(units: drawnPrice ?? recipe.fixedPrice)
                    let a = Money(units: drawnAmount ?? recipe.fixedAmount)
                    let shares =
                        try recipe.pricedStep.map { try Exact.shares(buyableWith: a, at: p, step: $0) }
                        ?? Exact.shares(buyableWith: a, at: p, rounding: recipe.pricedRounding)
                    binding.cash = a.units
                    if recipe.pricedNew >= 0 {
                        let terms = state.terms + recipe.termsStart + recipe.pricedNew
                        terms.pointee.varies = true
                        terms.pointee.shares = shares.units
                        terms.pointee.price = p.units
                        terms.pointee.hasPrice = true
                        // The price's digits beyond the 8th place dropped (the stated value is money).
                        terms.pointee.stated = p.units / 10_000
                    } else {
                        binding.common = shares.units
                    }
                }
            } catch let error as PathEventError {
                throw error
            } catch {
                // A sampled value the engine cannot take: said at the event it belongs to.
                throw PathEventError(eventIndex: recipe.op, message: "\(error)")
            }
            if !happens {
                if recipe.lapses {
                    binding.lapse = true
                    binding.lapseReadjusts = recipe.lapseReadjusts
                } else {
                    binding.happens = false
                }
            }
            state.bindings[recipe.op] = binding
        }
    }
}

/// A path's draws with some inputs fixed (a sweep point's values): a fixed input is drawn as
/// `Distribution.fixed`, so it consumes what a fixed distribution consumes (nothing from a
/// generator, one coordinate of a quasi-random point) and the other inputs keep their draws.
struct OverridingDraws: DrawSource {
    var draws: Draws
    let fixed: [Double?]

    @inline(__always)
    mutating func sample(_ distribution: Distribution, input: Int) -> Double {
        if let value = fixed[input] { return draws.sample(.fixed(value)) }
        return draws.sample(distribution)
    }

    @inline(__always)
    mutating func uniform() -> Double { draws.uniform() }
}

/// The scenario's paths with some inputs fixed at given values, on the scenario's own plan: what
/// a Monte Carlo sweep point runs (the same paths as the scenario with those inputs made fixed).
package struct FixedInputsModel: PathModel {
    package typealias Workspace = ScenarioPathModel.Workspace
    let base: ScenarioPathModel
    let fixed: [Double?]
    package var metricNames: [String] { base.metricNames }
    package var dimension: Int { base.dimension }

    /// `fixed[i]`, when set, replaces input `i` of `base.sampler`.
    package init(_ base: ScenarioPathModel, fixed: [Double?]) {
        self.base = base
        self.fixed = fixed
    }

    package func makeWorkspace() throws -> Workspace { try base.makeWorkspace() }

    package func evaluate(_ draws: inout Draws, workspace: inout Workspace, metrics: inout [Double]) throws {
        var source = OverridingDraws(draws: draws, fixed: fixed)
        defer { draws = source.draws }
        try base.apply(&source, state: &workspace.state)
        try base.record(&workspace.state, rates: &workspace.rates, into: &metrics)
    }
}
