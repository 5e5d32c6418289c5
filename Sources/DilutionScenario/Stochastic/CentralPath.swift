internal import DilutionExact
public import DilutionModel
internal import DilutionDistributions
import Foundation

/// How the central path of a stochastic scenario treats one uncertain event, in words.
public struct CentralChoice: Sendable, Hashable {
    public var eventID: String
    public var date: CalendarDate
    /// Whether the central path applies the event as written (a lapse taken instead counts as not).
    public var kept: Bool
    /// What the central path took for this event and the rule that chose it.
    public var sentence: String
}

extension StochasticScenario {
    /// The rule by which `run` and `explain` choose the central path, in one sentence.
    public var centralRule: String {
        "every uncertain input at its median (prices then rounded to \(Self.dollars(priceRounding)), amounts to "
            + "\(amountRounding.step == DecimalNumber(1) ? "whole dollars" : Self.dollars(amountRounding))), and "
            + "every uncertain event happens when its probability (or, when that probability is itself drawn, its "
            + "median) is at least one half"
    }

    /// Every uncertain event of the scenario with what the central path took for it, in event order.
    public var centralChoices: [CentralChoice] {
        recipes.compactMap { recipe in
            let event = allEvents[recipe.eventIndex]
            var parts: [String] = []
            var kept = true
            switch recipe.probability {
            case .fixed(let p)?:
                kept = p >= DecimalNumber(significand: 5, scale: 1)
                parts.append(
                    "it happens with probability \(p), so the central path "
                        + (kept ? "keeps it (at least one half)" : "leaves it out (below one half)"))
            case .random(let distribution)?:
                let median = distribution.median
                kept = median >= 0.5
                parts.append(
                    "its probability is drawn from a \(distribution.name) distribution whose median is about "
                        + String(format: "%.4g", median) + ", so the central path "
                        + (kept ? "keeps it (at least one half)" : "leaves it out (below one half)"))
            case nil:
                break
            }
            if !kept, recipe.otherwiseExpire {
                parts[parts.count - 1] += " and lets the instrument lapse instead"
            }
            let prefix = "\(event.id)."
            let uncertain = inputs.filter { $0.path.hasPrefix(prefix) && $0.path != "\(event.id).probability" }
            if !uncertain.isEmpty {
                let listed = uncertain.map { "`\($0.path)` (\($0.distribution.name))" }.joined(separator: ", ")
                parts.append("\(listed) \(uncertain.count == 1 ? "is" : "are") taken at \(uncertain.count == 1 ? "its" : "their") median")
            }
            // A recipe with nothing uncertain (a priced issuance at a fixed price and amount) chooses nothing.
            guard !parts.isEmpty else { return nil }
            return CentralChoice(eventID: event.id, date: event.date, kept: kept, sentence: parts.joined(separator: "; "))
        }
    }

    /// A rounding step as dollars: `$0.0001`.
    static func dollars(_ rule: RoundingRule) -> String {
        guard let step = rule.step else { return "the engine's resolution" }
        return "$\(step)"
    }
}
