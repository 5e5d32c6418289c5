public import DilutionExact
public import DilutionModel
public import DilutionDistributions

/// A number in a scenario: fixed, or drawn from a distribution on each Monte Carlo path.
public enum NumberInput: Sendable, Hashable {
    case fixed(DecimalNumber)
    case random(Distribution)
}

/// One uncertain input, addressable by path (`next-raise.price`).
public struct UncertainInput: Sendable, Hashable {
    /// `EVENT-ID.KEY`.
    public var path: String
    public var distribution: Distribution
    /// Where it is written in the file.
    public var location: SourceLocation
}

/// What a sampled number replaces in an event.
package enum InputField: Sendable, Hashable {
    case cash, common, price, amount, shares, fraction, fairValue, sharePrice
    /// A round's pre-money or post-money valuation.
    case valuation
    /// A round's investor's amount (by position) and its pool target.
    case investorAmount(Int)
    case poolTarget
    /// An exit's value, debt repaid, transaction costs and carve-out.
    case exitValue, debt, costs, carveOut
    /// A term of the instrument at this position among those the issuance creates.
    case instrument(Int, InstrumentField)
}

/// A term of a new instrument that may be uncertain.
package enum InstrumentField: Sendable, Hashable {
    /// Shares outstanding (preferred) or common issuable (warrants, options, other).
    case shares
    /// Conversion or exercise price.
    case price
    /// Stated value of a preferred share.
    case statedValue
    /// A SAFE's or note's valuation cap, its discount, and a note's yearly interest rate.
    case cap, discount, interestRate
}

/// How to rebuild one event from sampled values.
package struct EventRecipe: Sendable {
    package var eventIndex: Int
    /// Probability that the event happens: fixed or drawn per path (then a second draw decides).
    package var probability: NumberInput?
    /// The fixed probability as a double, converted once.
    package var fixedProbability: Double?
    /// Inputs drawn per path, in a fixed order.
    package var inputs: [(field: InputField, distribution: Distribution)]
    /// A priced issuance: shares = amount ÷ price (rounded down), stated value and conversion
    /// price = price for the new series (or common when none).
    package var priced: PricedIssue?
    /// Fixed values of price and amount when only one of them is random.
    package var fixedPrice: Price?
    package var fixedAmount: Money?
    /// An exercise that lapses when it does not happen.
    package var otherwiseExpire: Bool
    package var readjustOnExpiry: Bool
}

/// An issuance whose size follows from a price per share and an amount.
package struct PricedIssue: Sendable, Hashable {
    /// Position of the new preferred series in the issuance, or `nil` for common.
    package var instrumentPosition: Int?
    package var sharesRounding: RoundingRule
}

/// A scenario some of whose inputs are distributions. `central` is the deterministic scenario
/// `run` and `explain` use: every distribution at its median, and every event whose probability
/// is at least one half.
public struct StochasticScenario: Sendable {
    /// The scenario with every input at its central value.
    public var central: Scenario
    /// Every event, including those the central scenario leaves out, at central values.
    package var allEvents: [Event]
    package var recipes: [EventRecipe]
    /// The uncertain inputs, in the order they are drawn.
    public var inputs: [UncertainInput]
    /// Every numeric input of the events, fixed or uncertain, by path (`next-raise.price`): what a
    /// sweep may vary (load with `variable:` to make fixed ones settable).
    public var parameterPaths: [String]
    /// Rounding of sampled prices and amounts before they enter the engine.
    public var priceRounding: RoundingRule = .to("0.0001")
    public var amountRounding: RoundingRule = .to("1")

    /// How many events at the start are certain and fixed: a simulation applies them once.
    public var certainPrefix: Int { recipes.map(\.eventIndex).min() ?? allEvents.count }

    /// Whether nothing is random.
    public var isDeterministic: Bool { recipes.isEmpty }

    /// How many uniform draws one path takes (the dimension of a quasi-random point).
    public var dimension: Int {
        recipes.reduce(0) { total, recipe in
            var count = recipe.inputs.count
            switch recipe.probability {
            case .random?: count += 2
            case .fixed?: count += 1
            case nil: break
            }
            return total + count
        }
    }

    /// Every instrument id the scenario can create, in order of appearance.
    public var instrumentIDs: [String] {
        var ids = central.instruments.map(\.id)
        for event in allEvents {
            if case .issue(let issuance) = event.action {
                ids += issuance.instruments.map(\.id).filter { !ids.contains($0) }
            }
        }
        return ids
    }

    /// An input's path (`EVENT.FIELD` or `EVENT.INSTRUMENT.FIELD`, as `--set`, `--vary` and the tornado name it) as a
    /// person reads it: the event's description, or the instrument's name, then the field. `next-raise.price` is
    /// "hypothetical Series 6-A round: price", `seed-safes.safe-lead.cap` "Lead SAFE: cap"; an event without a
    /// description keeps its id ("bridge: amount"); a path that names no event is returned as it is.
    public func inputName(_ path: String) -> String {
        let parts = path.split(separator: ".", maxSplits: 1).map(String.init)
        guard parts.count == 2, let event = allEvents.first(where: { $0.id == parts[0] }) else { return path }
        let rest = parts[1].split(separator: ".", maxSplits: 1).map(String.init)
        if rest.count == 2, let name = instrumentNames[rest[0]] { return "\(name): \(rest[1])" }
        return "\(event.description ?? event.id): \(parts[1])"
    }

    /// Every instrument's name, by id, those events create included (the first written wins).
    public var instrumentNames: [String: String] {
        var names: [String: String] = [:]
        for instrument in central.instruments where names[instrument.id] == nil { names[instrument.id] = instrument.name }
        for event in allEvents {
            if case .issue(let issuance) = event.action {
                for instrument in issuance.instruments where names[instrument.id] == nil {
                    names[instrument.id] = instrument.name
                }
            }
        }
        return names
    }

    /// The kind of an instrument created by an event, by id.
    public func kind(of id: String) -> InstrumentKind? {
        for event in allEvents {
            if case .issue(let issuance) = event.action, let found = issuance.instruments.first(where: { $0.id == id }) {
                return found.kind
            }
        }
        return central.instruments.first { $0.id == id }?.kind
    }

    /// Whether some event grants options out of the pool.
    public var grantsOptions: Bool {
        allEvents.contains { event in
            if case .issue(let issuance) = event.action { return issuance.fromPool.isPositive }
            return false
        }
    }

    /// The scenario of one path. `draw` maps each input's distribution to a sample (in the order
    /// of `recipes`, every draw made whether or not its event happens, so that paths stay aligned);
    /// `uniform` decides whether an event happens.
    public func realize(draw: (Distribution) -> Double, uniform: () -> Double) throws -> Scenario {
        var events = allEvents
        var keep = [Bool](repeating: true, count: events.count)
        for recipe in recipes {
            var happens = true
            switch recipe.probability {
            case .fixed(let p)?:
                happens = uniform() < (recipe.fixedProbability ?? Double("\(p)")!)
            case .random(let distribution)?:
                let p = draw(distribution)
                happens = uniform() < p
            case nil:
                break
            }
            var values: [InputField: Double] = [:]
            for input in recipe.inputs { values[input.field] = draw(input.distribution) }
            var event = events[recipe.eventIndex]
            do {
                try apply(values, recipe: recipe, to: &event)
            } catch {
                throw PathEventError(eventIndex: recipe.eventIndex, message: "\(error)")
            }
            if !happens {
                if recipe.otherwiseExpire, case .exercise(let exercise) = event.action {
                    event.action = .expire(instrument: exercise.instrument, shares: nil, readjust: recipe.readjustOnExpiry)
                } else {
                    keep[recipe.eventIndex] = false
                }
            }
            events[recipe.eventIndex] = event
        }
        var scenario = central
        scenario.events = zip(events, keep).compactMap { $1 ? $0 : nil }
        return scenario
    }

    @inlinable
    package func price(_ value: Double) throws -> Price {
        let price = try Price(sampled: max(value, 0)).rounded(priceRounding)
        return price.isPositive ? price : try Price(units: 1).rounded(RoundingRule(step: priceRounding.step, direction: .up))
    }

    /// A sampled discount, kept below 100 %.
    @inlinable
    package static func discount(_ value: Double) throws -> Ratio {
        try Ratio(sampled: min(max(value, 0), 0.999_999_999_999))
    }

    /// A sampled yearly interest rate, never below zero.
    @inlinable
    package static func rate(_ value: Double) throws -> Ratio {
        try Ratio(sampled: max(value, 0))
    }

    @inlinable
    package func money(_ value: Double) throws -> Money {
        try Money(sampled: max(value, 0)).rounded(amountRounding)
    }

    func apply(_ values: [InputField: Double], recipe: EventRecipe, to event: inout Event) throws {
        if values.isEmpty && recipe.priced == nil { return }
        switch event.action {
        case .issue(var issuance):
            if let v = values[.cash] { issuance.cash = try money(v) }
            if let v = values[.common] { issuance.common = try Shares(sampled: max(v, 0)).rounded(.to("1", .down)) }
            for (field, v) in values {
                guard case .instrument(let position, let term) = field else { continue }
                switch term {
                case .shares:
                    issuance.instruments[position].shares = try Shares(sampled: max(v, 0)).rounded(.to("1", .down))
                case .price:
                    issuance.instruments[position].price = try price(v)
                case .statedValue:
                    issuance.instruments[position].kind = .preferred(statedValue: try money(v))
                case .cap, .discount, .interestRate:
                    guard var convertible = issuance.instruments[position].convertible else { continue }
                    switch term {
                    case .cap: convertible.cap = try money(v)
                    case .discount: convertible.discount = try Self.discount(v)
                    default: convertible.interest?.rate = try Self.rate(v)
                    }
                    issuance.instruments[position].kind = .convertible(convertible)
                }
            }
            if var round = issuance.round {
                if let v = values[.valuation] {
                    let value = try money(v)
                    round.valuation = round.valuation.isPostMoney ? .postMoney(value) : .preMoney(value)
                }
                for j in round.investors.indices {
                    if let v = values[.investorAmount(j)] { round.investors[j].amount = try money(v) }
                }
                if let v = values[.poolTarget], round.pool != nil {
                    round.pool!.target = try Ratio(sampled: min(max(v, 0), 0.999_999_999_999))
                }
                issuance.cash = try round.investors.reduce(Money.zero) { try $0 + $1.amount }
                issuance.round = round
            }
            if let priced = recipe.priced {
                let price = try values[.price].map(self.price) ?? recipe.fixedPrice!
                let amount = try values[.amount].map(money) ?? recipe.fixedAmount!
                let shares = try Exact.shares(buyableWith: amount, at: price, rounding: priced.sharesRounding)
                issuance.cash = amount
                if let position = priced.instrumentPosition {
                    issuance.instruments[position].shares = shares
                    issuance.instruments[position].price = price
                    issuance.instruments[position].kind = .preferred(statedValue: try Money(exactly: price.decimal.rounded(toScale: 8)))
                } else {
                    issuance.common = shares
                }
            }
            event.action = .issue(issuance)
        case .exercise(var exercise):
            if let v = values[.shares] { exercise.quantity = .shares(try Shares(sampled: max(v, 0)).rounded(.to("1", .down))) }
            if let v = values[.fraction] {
                exercise.quantity = .fraction(try Ratio(sampled: min(max(v, 0), 1)))
            }
            if let v = values[.fairValue] { exercise.method = .net(fairValue: try price(v)) }
            if let v = values[.sharePrice] { exercise.sharePrice = try price(v) }
            event.action = .exercise(exercise)
        case .expire(let id, _, let readjust):
            if let v = values[.shares] {
                event.action = .expire(instrument: id, shares: try Shares(sampled: max(v, 0)).rounded(.to("1", .down)), readjust: readjust)
            }
        case .convert(let id, _, let rounding):
            if let v = values[.shares] {
                event.action = .convert(instrument: id, shares: try Shares(sampled: max(v, 0)).rounded(.to("1", .down)), rounding: rounding)
            }
        case .ipo(var offering):
            if let v = values[.sharePrice] { offering.price = try price(v) }
            if let v = values[.common] { offering.shares = try Shares(sampled: max(v, 0)).rounded(.to("1", .down)) }
            event.action = .ipo(offering)
        case .transfer(var transfer):
            if let v = values[.sharePrice] { transfer.price = try price(v) }
            event.action = .transfer(transfer)
        case .split, .closing:
            break
        case .exit(var sale):
            if let v = values[.exitValue] { sale.value = try money(v) }
            if let v = values[.debt] { sale.debt = try money(v) }
            if let v = values[.costs] { sale.costs = try money(v) }
            if let v = values[.carveOut] { sale.carveOut = try Ratio(sampled: min(max(v, 0), 1)) }
            event.action = .exit(sale)
        }
    }
}

extension DecimalNumber {
    /// The value with at most `scale` decimals (exact when it has no more).
    func rounded(toScale target: Int) -> DecimalNumber {
        guard scale > target else { return self }
        var s = significand
        for _ in target..<scale { s /= 10 }
        return DecimalNumber(significand: s, scale: target)
    }
}
