import Foundation
internal import DilutionExact
internal import DilutionModel

/// Reads holder lists (`holders: [{name, shares}, …]`) and `transfer` events.
enum HolderDecoding {
    /// The keys of one holder.
    static let holderKeys = ["name", "shares"]
    /// The keys of a `transfer` event besides the common ones.
    static let transferKeys = ["class", "from", "shares", "to", "price", "becomes", "triggers"]

    /// A list of `{name, shares}` with distinct names; `of` names what they hold in messages.
    static func list(_ list: Value, of owner: String, allowZero: Bool = false) throws(ScenarioError) -> [Holder] {
        var holders: [Holder] = []
        let items = try list.sequence()
        if items.isEmpty { throw list.error("the list of holders of \(owner) is empty; give at least one holder") }
        for entry in items {
            var map = try entry.mapping(context: "holder of \(owner)")
            try map.rejectUnknownKeys(allowing: holderKeys)
            let nameValue = try map.required("name")
            let name = try nameValue.string()
            if name.trimmingCharacters(in: .whitespaces).isEmpty {
                throw nameValue.error("a holder of \(owner) has an empty name")
            }
            if holders.contains(where: { $0.name == name }) {
                throw nameValue.error("the holder '\(name)' is listed twice among the holders of \(owner)")
            }
            let shares = try map.required("shares").shares(in: "holder '\(name)' of \(owner)", allowZero: allowZero)
            try map.finish(allowing: holderKeys)
            holders.append(Holder(name: name, shares: shares))
        }
        return holders
    }

    /// The holders' shares in all, or an error at `list` when the sum does not fit.
    static func total(_ holders: [Holder], at list: Value) throws(ScenarioError) -> Shares {
        var total = Shares.zero
        for holder in holders {
            do { total = try total + holder.shares } catch { throw list.error("\(error)") }
        }
        return total
    }

    /// Checks that the holders of an instrument add up to its shares.
    static func check(_ holders: [Holder], at list: Value, add shares: Shares, of owner: String, noun: String)
        throws(ScenarioError)
    {
        let total = try total(holders, at: list)
        if total != shares {
            throw list.error("the holders of \(owner) hold \(total.fullText()) shares in all, but the \(noun) has "
                + "\(shares.fullText())")
        }
    }
}

extension Holder {
    /// A holder with no shares yet (a name a buyer list resolves later).
    static func named(_ name: String) -> Holder { Holder(name: name, shares: .zero) }
}

extension EventDecoding {
    /// Records the holders of new instruments (their listed holders, or the instrument's name for its
    /// implicit holder) as names a transfer may name.
    mutating func registerHolders(of instruments: [Instrument]) {
        for instrument in instruments {
            if case .convertible(let terms) = instrument.kind, let holder = terms.holder {
                // A SAFE's or note's `holder` holds it, and the series it converts into.
                addHolder(holder)
            } else if instrument.holders.isEmpty {
                addHolder(instrument.name)
            } else {
                for holder in instrument.holders { addHolder(holder.name) }
            }
        }
    }

    mutating func addHolder(_ name: String) {
        if knownHolders.insert(name).inserted { holderOrder.append(name) }
    }

    /// A holder's name that some earlier part of the file defined, or an error with a suggestion.
    func knownHolder(_ value: Value, in context: String) throws(ScenarioError) -> String {
        let name = try value.string()
        guard knownHolders.contains(name) else {
            var message = "unknown holder '\(name)' in \(context)"
            if let close = Suggestions.closest(to: name, among: holderOrder) {
                message += "; did you mean '\(close)'?"
            } else if !holderOrder.isEmpty {
                message += "; the holders named so far are \(Suggestions.quotedList(holderOrder, "and"))"
            }
            throw value.error(message)
        }
        return name
    }

    /// `from:` or `to:` as a list of `{name, shares}`, the sellers' names checked against the known holders.
    func parties(_ value: Value, sellers: Bool, context: String) throws(ScenarioError) -> [Holder] {
        let role = sellers ? "the sellers of \(context)" : "the buyers of \(context)"
        let listed = try HolderDecoding.list(value, of: role)
        if sellers {
            for item in try value.sequence() {
                var map = try item.mapping(context: role)
                _ = try knownHolder(try map.required("name"), in: context)
            }
        }
        return listed
    }

    /// A `transfer` event: shares move from holders to holders at a price.
    mutating func transfer(_ map: inout MappingReader, context: String, eventID: String) throws(ScenarioError)
        -> EventAction
    {
        let classValue = try map.required("class")
        let instrument = try classValue.identifier()
        if instrument != Transfer.common, available[instrument] == nil {
            var message = "unknown class '\(instrument)' in \(context): 'class' is 'common' or the id of an instrument"
            let candidates = [Transfer.common] + available.keys.sorted()
            if let close = Suggestions.closest(to: instrument, among: candidates) {
                message += "; did you mean '\(close)'?"
            } else {
                message += " (\(Suggestions.quotedList(candidates, "or")))"
            }
            throw classValue.error(message)
        }
        var becomes: String? = nil
        if let value = map.optional("becomes") {
            let id = try value.identifier()
            if id == instrument {
                throw value.error("'becomes' in \(context) names the class sold, '\(id)'; leave it out to keep the class")
            }
            if id != Transfer.common {
                guard let kind = available[id] else {
                    var message = "unknown class '\(id)' in 'becomes' of \(context)"
                    let candidates = [Transfer.common] + available.filter { $0.value.isPreferredKind }.keys.sorted()
                    if let close = Suggestions.closest(to: id, among: candidates) { message += "; did you mean '\(close)'?" }
                    throw value.error(message)
                }
                if !kind.isPreferredKind {
                    throw value.error("'becomes' in \(context) names '\(id)', \(kind.nounWithArticle); shares can "
                        + "become common or a preferred series only")
                }
            }
            if instrument != Transfer.common, let kind = available[instrument], !kind.isPreferredKind {
                throw value.error("'becomes' changes common or a preferred series into another class, share for "
                    + "share, but '\(instrument)' is \(kind.nounWithArticle)")
            }
            becomes = id
        }
        // The price may be a distribution or a sweep axis (path `EVENT.price`).
        let price = try centralPrice(try map.required("price"), field: .sharePrice, context: context, eventID: eventID)
        let fromValue = try map.required("from")
        let sharesValue = map.optional("shares")
        let sellers: Transfer.Sellers
        let total: Shares
        if fromValue.isSequence {
            let listed = try parties(fromValue, sellers: true, context: context)
            total = try HolderDecoding.total(listed, at: fromValue)
            if let sharesValue {
                let written = try sharesValue.shares(in: context)
                if written != total {
                    throw sharesValue.error("'shares' in \(context) is \(written.fullText()), but the sellers listed "
                        + "in 'from' sell \(total.fullText()) in all")
                }
            }
            sellers = .listed(listed)
        } else {
            let text = try fromValue.string()
            guard let sharesValue else {
                throw fromValue.error("with 'from: \(text)', \(context) needs 'shares': how many shares are sold")
            }
            total = try sharesValue.shares(in: context)
            if text == "pro-rata" {
                sellers = .proRata(total)
            } else {
                sellers = .listed([Holder(name: try knownHolder(fromValue, in: context), shares: total)])
            }
        }
        let toValue = try map.required("to")
        let buyers: [Holder]
        if toValue.isSequence {
            buyers = try parties(toValue, sellers: false, context: context)
            let bought = try HolderDecoding.total(buyers, at: toValue)
            if bought != total {
                throw toValue.error("the buyers in \(context) receive \(bought.fullText()) shares in all, but "
                    + "\(total.fullText()) are sold")
            }
        } else {
            let name = try toValue.string()
            if name.trimmingCharacters(in: .whitespaces).isEmpty { throw toValue.error("'to' in \(context) is empty") }
            if name == "pro-rata" { throw toValue.error("'pro-rata' applies to 'from' only; 'to' names the buyers") }
            buyers = [Holder(name: name, shares: total)]
        }
        if case .listed(let listed) = sellers, let both = listed.first(where: { s in buyers.contains { $0.name == s.name } }) {
            throw toValue.error("'\(both.name)' is both a seller and a buyer in \(context)")
        }
        for buyer in buyers { addHolder(buyer.name) }
        let triggers = try map.optional("triggers")?.bool() ?? false
        return .transfer(
            Transfer(instrument: instrument, sellers: sellers, buyers: buyers, price: price, becomes: becomes,
                triggers: triggers))
    }
}

extension InstrumentKind {
    var isPreferredKind: Bool {
        if case .preferred = self { return true }
        return false
    }
}
