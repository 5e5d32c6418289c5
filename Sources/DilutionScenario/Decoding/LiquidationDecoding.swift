internal import DilutionExact
internal import DilutionModel

/// Reads the `liquidation:` mapping of a preferred series.
///
/// ```yaml
/// liquidation:
///   preference: 1x            # multiple of the original issue price
///   participation: capped     # none (default), full or capped
///   cap: 3x                   # with capped: total received, preference included
///   seniority: 1              # 1 is paid first; equal ranks are pari passu
///   issue-price: 2.00         # default: the series' stated value (original issue price)
/// ```
enum LiquidationDecoding {
    static let keys = ["preference", "participation", "cap", "seniority", "issue-price", "dividends"]

    static func decode(_ value: Value, owner: String) throws(ScenarioError) -> LiquidationTerms {
        let context = "the liquidation terms of \(owner)"
        var map = try value.mapping(context: context)
        var terms = LiquidationTerms()
        if let v = map.optional("preference") { terms.multiple = try multiple(v, in: context, allowZero: true) }
        let participation =
            try map.optional("participation")?.enumeration(allowed: ["none", "full", "capped"]) ?? "none"
        let capValue = map.optional("cap")
        switch participation {
        case "full":
            terms.participation = .full
        case "capped":
            guard let capValue else {
                throw map.error(
                    "missing key 'cap' in \(context): 'participation: capped' needs the cap, as a multiple "
                        + "of the original issue price (for example 'cap: 3x')"
                )
            }
            let cap = try multiple(capValue, in: context, allowZero: false)
            if cap < terms.multiple {
                throw capValue.error(
                    "the cap in \(context) (\(cap)x) is below the preference (\(terms.multiple)x); "
                        + "a cap counts the preference, so it must be at least the preference"
                )
            }
            terms.participation = .capped(multiple: cap)
        default:
            terms.participation = .none
        }
        if participation != "capped", let capValue {
            throw capValue.error(
                "'cap' in \(context) applies only with 'participation: capped', not '\(participation)'"
            )
        }
        if let v = map.optional("seniority") {
            let rank = try v.integer()
            if rank < 1 {
                throw v.error("'seniority' in \(context) must be a whole number from 1 (paid first), not \(rank)")
            }
            terms.seniority = rank
        }
        if let v = map.optional("issue-price") { terms.issuePrice = try v.money(in: context, allowZero: false) }
        if let v = map.optional("dividends") { terms.dividends = try dividends(v, owner: owner) }
        try map.finish()
        return terms
    }

    /// `{rate: 8%, from: 2024-06-01, compounding: simple, cumulative: true}`.
    static func dividends(_ value: Value, owner: String) throws(ScenarioError) -> Dividends {
        let context = "the dividends of \(owner)"
        var map = try value.mapping(context: context)
        let rateValue = try map.required("rate")
        let rate = try rateValue.decimal()
        if rate.isNegative {
            throw rateValue.error("'rate' in \(context) must be zero or more, not \(rate)")
        }
        guard let ratio = try? Ratio(exactly: rate) else {
            throw rateValue.error(
                "'rate' in \(context) has more decimal places than a rate carries (\(Ratio.decimals)): \(rate)"
            )
        }
        let from = try map.required("from").date()
        var compounding = Dividends.Compounding.simple
        if let v = map.optional("compounding") { compounding = try v.enumeration(Dividends.Compounding.self) }
        let cumulative = try map.optional("cumulative")?.bool() ?? true
        try map.finish()
        return Dividends(rate: ratio, compounding: compounding, from: from, cumulative: cumulative)
    }

    /// `1x`, `1.5x`, `2×` or a plain number: a multiple, exact to 10⁻¹².
    static func multiple(_ value: Value, in context: String, allowZero: Bool) throws(ScenarioError) -> Ratio {
        let text = try value.scalar(expected: "a multiple such as 1x or 1.5x")
        var body = text
        if body.hasSuffix("x") || body.hasSuffix("X") || body.hasSuffix("×") { body.removeLast() }
        let decimal: DecimalNumber
        do {
            decimal = try DecimalNumber(parsing: body)
        } catch {
            throw value.error(
                "invalid multiple '\(text)' \(value.subject): expected a number followed by 'x', such as "
                    + "1x or 1.5x"
            )
        }
        if decimal.isNegative || (!allowZero && decimal.isZero) {
            throw value.error(
                "'\(value.keyName)' in \(context) must be \(allowZero ? "zero or more" : "more than zero"), "
                    + "not \(text)"
            )
        }
        do {
            return try Ratio(exactly: decimal)
        } catch {
            throw value.error(
                "'\(value.keyName)' in \(context) has more decimal places than a multiple carries "
                    + "(\(Ratio.decimals)): \(text)"
            )
        }
    }
}
