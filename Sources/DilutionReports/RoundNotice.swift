internal import DilutionExact
public import DilutionModel

/// The notice of a round priced from a valuation: the valuation, the fully diluted count term by
/// term, the price, each converting SAFE's and note's price and which branch won, the top-up, and
/// the investors' shares. The adjustments the round causes follow as their own notices.
public enum RoundNotice {
    public static func render(_ solution: RoundSolution, step: Step) -> String {
        let event = step.event
        guard case .issue(let issuance) = event.action, let pricing = issuance.round,
            let series = issuance.instruments.first
        else { return "" }
        var out = "# Notice of the round `\(event.id)`: \(series.name)\n\n"
        out += "Effective \(event.date)"
        if let description = event.description { out += " — \(description)" }
        out += ".\n\n"
        let valuation = solution.valuation
        out += "The price per share is the \(valuation.name) valuation of **\(Format.dollars(valuation.amount))** "
            + "divided by the \(valuation.name) fully diluted count, "
            + "\(Format.rounding(pricing.priceRounding, unit: .dollars)):\n\n"
        out += "| Counted | Shares |\n|---|---:|\n"
        for term in solution.count {
            out += "| \(describe(term.term)) | \(Format.shares(term.shares)) |\n"
        }
        out += "| **Fully diluted count** | **\(Format.shares(solution.countTotal))** |\n\n"
        out += "Price per share: \(Format.dollars(valuation.amount)) ÷ \(Format.shares(solution.countTotal)) = "
            + "**\(Format.dollars(solution.price))**.\n\n"
        if let target = solution.poolTarget, let pool = pricing.pool {
            out += "Option pool: the ungranted pool is topped up to \(target.percent(places: 2)) % of the "
                + "\(pool.ofPostMoney ? "post-money" : "pre-money") count (\(Format.shares(solution.poolBase)) shares), "
                + "counted in the \(pool.inPreMoney ? "pre-money (the existing holders bear it)" : "post-money"): "
            if solution.topUp.isZero {
                out += "the pool of \(Format.shares(solution.poolBefore)) shares already meets the target, so nothing "
                    + "is added.\n\n"
            } else {
                out += "\(Format.shares(solution.poolBefore)) + **\(Format.shares(solution.topUp))** new shares "
                    + "(\(Format.rounding(pool.rounding, unit: .shares))). The top-up is reserved after the round's "
                    + "clauses are applied and triggers none.\n\n"
            }
        }
        if !solution.conversions.isEmpty {
            out += "Converting SAFEs and notes (\(Format.rounding(pricing.shareRounding, unit: .shares))):\n\n"
            out += "| Instrument | Converting | Cap price | Discount price | Price used | Shares |\n"
            out += "|---|---:|---:|---:|---:|---:|\n"
            for c in solution.conversions {
                let capText = c.capPrice.map { price in
                    "\(Format.dollars(price)) (\(Format.dollars(c.cap ?? .zero)) ÷ \(Format.shares(c.capCount ?? .zero)))"
                } ?? "—"
                let discountText = c.discountPrice.map { price in
                    "\(Format.dollars(price)) (\((c.discount ?? .zero).percent(places: 2)) % off)"
                } ?? "—"
                let branch: String
                if let cap = c.capPrice, cap == c.price, cap < solution.price {
                    branch = "cap"
                } else if let discounted = c.discountPrice, discounted == c.price, discounted < solution.price {
                    branch = "discount"
                } else {
                    branch = "round price"
                }
                out += "| \(c.name) (\(c.form == .note ? "note" : "\(c.form.rawValue) SAFE")) | "
                    + "\(Format.dollars(c.amount)) | \(capText) | \(discountText) | \(Format.dollars(c.price)) (\(branch)) "
                    + "| \(Format.shares(c.shares)) |\n"
            }
            out += "\n"
            out += pricing.convertingInClauses
                ? "The converting shares and amounts count in the earlier series' B and C.\n\n"
                : "The converting shares do not count in the earlier series' B and C; only the new money does.\n\n"
        }
        out += "Investors (\(Format.rounding(pricing.shareRounding, unit: .shares))):\n\n"
        out += "| Investor | Amount | Shares |\n|---|---:|---:|\n"
        for investor in solution.investors {
            out += "| \(investor.name) | \(Format.dollars(investor.amount)) | \(Format.shares(investor.shares)) |\n"
        }
        out += "\n"
        out += "\(series.name): \(Format.shares(solution.newMoneyShares)) shares for new money"
        if !solution.convertingShares.isZero {
            out += " and \(Format.shares(solution.convertingShares)) on conversion"
        }
        out += ", at \(Format.dollars(solution.price)) per share.\n\n"
        out += "Solved in \(solution.iterations) iteration\(solution.iterations == 1 ? "" : "s"): the price, the "
            + "top-up, the converting shares and the round's own adjustments of earlier series were recomputed until "
            + "none moved. \(step.adjustments.isEmpty ? "The round adjusted no earlier price." : "The adjustments it caused follow.")\n"
        return out
    }

    static func describe(_ term: String) -> String {
        switch term {
        case "common": return "Common outstanding"
        case "preferred": return "Preferred, as converted"
        case "options": return "Options outstanding"
        case "pool": return "Ungranted pool before the round"
        case "warrants": return "Warrants"
        case "other": return "Other securities"
        case "top-up": return "Pool top-up"
        case "converting": return "Converting SAFEs and notes"
        case "new-money": return "The round's new shares"
        default: return term
        }
    }
}

/// The notice of an IPO ratchet: the guarantee, the value at the IPO price, the extra common.
public enum RatchetNotice {
    public static func render(_ r: RatchetResult, step: Step) -> String {
        var out = "# Notice of the IPO ratchet of \(r.instrumentName)\n\n"
        out += "Event: `\(step.event.id)`, effective \(step.event.date)"
        if let description = step.event.description { out += " — \(description)" }
        out += ".\n\n"
        out += "Guaranteed value: \(Format.shares(r.preferredShares)) preferred shares × the original issue price × "
            + "\(Format.ratio(r.multiple)) = **\(Format.dollars(r.guaranteed))**.\n\n"
        out += "IPO price per common share: **\(Format.dollars(r.ipoPrice))**; the series converts into "
            + "\(Format.shares(r.asConverted)) common, worth \(Format.dollars((try? Exact.value(of: r.asConverted, at: r.ipoPrice)) ?? .zero)) "
            + "at that price.\n\n"
        if r.extraShares.isZero {
            out += "The value at the IPO price meets the guarantee: no extra common is issued.\n"
        } else {
            out += "Extra common: \(Format.dollars(r.guaranteed)) ÷ \(Format.dollars(r.ipoPrice)) − "
                + "\(Format.shares(r.asConverted)), rounded down to a whole share = **\(Format.shares(r.extraShares))**"
                + (r.capped ? " (the ratchet's cap)" : "") + ".\n"
        }
        return out
    }
}
