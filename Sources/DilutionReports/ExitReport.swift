public import DilutionExact
public import DilutionWaterfall

/// Tables, CSV files and the step-by-step account of liquidation waterfalls.
public enum ExitReport {
    /// Price per share shown to four places; multiples to two.
    static func perShare(_ price: Price?) -> String {
        guard let price else { return "" }
        return "$" + price.formatted(places: 4)
    }

    static func multiple(_ ratio: Ratio?) -> String {
        guard let ratio else { return "" }
        return ratio.formatted(places: 2) + "x"
    }

    static func cents(_ money: Money) -> String { "$" + money.formatted(places: 2) }

    /// A readable table per exit value.
    public static func table(_ results: [WaterfallResult], title: String) -> String {
        var out = "\(title)\nLiquidation waterfall after the last event\n"
        for result in results {
            out += "\nExit at \(cents(result.terms.value))"
            var deductions: [String] = []
            if result.terms.debt.isPositive { deductions.append("debt \(cents(result.terms.debt))") }
            if result.terms.costs.isPositive { deductions.append("costs \(cents(result.terms.costs))") }
            if result.carveOut.isPositive { deductions.append("carve-out \(cents(result.carveOut))") }
            if !deductions.isEmpty { out += " − " + deductions.joined(separator: ", ") }
            out += ": net proceeds \(cents(result.netProceeds))"
            if result.residual.isPositive, let price = result.pricePerCommonShare {
                out += ", \(perShare(price)) per common share"
            }
            out += "\n\n"
            var table = TextTable(
                header: ["Class", "Election", "Shares", "Proceeds", "Per share", "Multiple"],
                alignments: [.left, .left, .right, .right, .right, .right]
            )
            for payout in result.payouts {
                table.rows.append([
                    payout.holder.name, payout.election.rawValue, Format.shares(payout.holder.shares),
                    cents(payout.proceeds), perShare(payout.pricePerShare), multiple(payout.multiple),
                ])
            }
            out += table.text
        }
        return out
    }

    /// `NAME.exit.csv`: one row per exit value and class (and the carve-out, when there is one).
    public static func csv(_ results: [WaterfallResult]) -> CSVTable {
        var table = CSVTable(header: [
            "exit_value", "class", "name", "kind", "election", "shares", "common_equivalent", "proceeds",
            "price_per_share", "multiple", "preference_paid", "net_proceeds",
        ])
        for result in results {
            let value = Format.plain(result.terms.value)
            let net = Format.plain(result.netProceeds)
            if result.terms.carveOut.isPositive {
                table.rows.append([
                    value, "carve-out", "Management carve-out", "carve-out", "", "", "", Format.plain(result.carveOut),
                    "",
                    "", "", net,
                ])
            }
            for payout in result.payouts {
                table.rows.append([
                    value, payout.holder.id, payout.holder.name, payout.holder.kind.rawValue, payout.election.rawValue,
                    Format.plain(payout.holder.shares), Format.plain(payout.conversionShares ?? payout.holder.commonEquivalent),
                    Format.plain(payout.proceeds), payout.pricePerShare.map(Format.plain) ?? "",
                    payout.multiple.map(Format.plain) ?? "", Format.plain(payout.preferencePaid), net,
                ])
            }
        }
        return table
    }

    /// One line of the holders' results: a holder's part of a class, or (`payout` nil) their total.
    struct HolderLine {
        var exitValue: Money
        /// The class; `nil` for the holder's total across classes.
        var payout: ClassPayout?
        var name: String
        /// What they hold of the class (zero for a total).
        var shares: Shares
        var proceeds: Money
        /// Their money invested in it, when known.
        var invested: Money?
        var multiple: Ratio? { invested.flatMap { $0.isPositive ? try? Exact.ratio(proceeds, $0) : nil } }
    }

    /// Per exit value, each named holder's part of each class (`ClassPayout.holderParts`), then the total of each
    /// holder with parts in several classes: the money invested is the sum of the parts' when each is known.
    static func holderLines(_ results: [WaterfallResult], invested: [String: [String: Money]]) -> [HolderLine] {
        var lines: [HolderLine] = []
        for result in results {
            var order: [String] = []
            var totals: [String: (count: Int, proceeds: Int128, invested: Int128?)] = [:]
            for payout in result.payouts {
                for (holder, proceeds) in payout.holderParts {
                    let paid = invested[payout.holder.id]?[holder.name].flatMap { $0.isPositive ? $0 : nil }
                    lines.append(HolderLine(
                        exitValue: result.terms.value, payout: payout, name: holder.name, shares: holder.shares,
                        proceeds: proceeds, invested: paid))
                    if let total = totals[holder.name] {
                        totals[holder.name] = (
                            total.count + 1, total.proceeds + proceeds.units,
                            total.invested.flatMap { a in paid.map { a + $0.units } })
                    } else {
                        order.append(holder.name)
                        totals[holder.name] = (1, proceeds.units, paid?.units)
                    }
                }
            }
            for name in order {
                guard let total = totals[name], total.count > 1 else { continue }
                lines.append(HolderLine(
                    exitValue: result.terms.value, payout: nil, name: name, shares: .zero,
                    proceeds: Money(units: total.proceeds), invested: total.invested.map { Money(units: $0) }))
            }
        }
        return lines
    }

    /// `NAME.exit-holders.csv`: per exit value, each named holder's part of its class's proceeds; `nil`
    /// when no class has named holders. Then a `total` line for each holder with parts in several classes.
    /// `invested`: class id → holder → money invested, where known (`HolderInvestment`); those holders get
    /// `invested` and `multiple` (proceeds ÷ invested, to 10⁻¹²), the others empty cells.
    public static func holdersCSV(
        _ results: [WaterfallResult], invested: [String: [String: Money]] = [:]
    ) -> CSVTable? {
        var table = CSVTable(header: ["exit_value", "class", "holder", "shares", "proceeds", "invested", "multiple"])
        for line in holderLines(results, invested: invested) {
            // A SAFE or note holds no shares until it converts; a total has none of its own.
            let shares = line.payout.map { $0.holder.kind == .convertible ? "" : Format.plain(line.shares) } ?? ""
            table.rows.append([
                Format.plain(line.exitValue), line.payout?.holder.id ?? Self.totalClass, line.name, shares,
                Format.plain(line.proceeds), line.invested.map(Format.plain) ?? "", line.multiple.map(Format.plain) ?? "",
            ])
        }
        return table.rows.isEmpty ? nil : table
    }

    /// The class column of a holder's total line in `NAME.exit-holders.csv`.
    public static let totalClass = "total"

    /// Each holder with parts in several classes at this exit value, with the sum of their parts (each in whole
    /// cents), in the order they first appear.
    public static func holderTotals(_ result: WaterfallResult) -> [(name: String, proceeds: Money)] {
        holderLines([result], invested: [:]).filter { $0.payout == nil }.map { ($0.name, $0.proceeds) }
    }

    /// `NAME.exit-breakpoints.csv`.
    public static func breakpointsCSV(_ points: [Breakpoint]) -> CSVTable {
        var table = CSVTable(header: ["exit_value", "net_proceeds", "class", "event"])
        for point in points {
            table.rows.append([
                Format.plain(point.exitValue), Format.plain(point.netProceeds), point.classID, point.event.rawValue,
            ])
        }
        return table
    }

    /// `NAME.exit-targets.csv`: per return target, the exit value at which it is reached (empty when not).
    public static func targetsCSV(_ targets: [ReturnTarget]) -> CSVTable {
        var table = CSVTable(header: ["class", "multiple", "target_proceeds", "exit_value", "searched_up_to"])
        for target in targets {
            table.rows.append([
                target.classID, Format.plain(target.multiple), Format.plain(target.proceeds),
                target.exitValue.map(Format.plain) ?? "", Format.plain(target.limit),
            ])
        }
        return table
    }

    /// Each named holder's proceeds at each exit value, with their money invested and multiple where known, and
    /// their total when they hold several classes (the rows of `NAME.exit-holders.csv`, by name).
    public static func holdersTable(
        _ results: [WaterfallResult], invested: [String: [String: Money]] = [:]
    ) -> String {
        var table = TextTable(
            header: ["Exit value", "Holder", "Class", "Proceeds", "Invested", "Multiple"],
            alignments: [.right, .left, .left, .right, .right, .right]
        )
        for line in holderLines(results, invested: invested) {
            table.rows.append([
                cents(line.exitValue), line.name, line.payout?.holder.name ?? "in all", cents(line.proceeds),
                line.invested.map(cents) ?? "", line.invested == nil ? "" : multiple(line.multiple),
            ])
        }
        return table.text
    }

    /// The return targets as a readable list.
    public static func targetsTable(_ targets: [ReturnTarget], names: [String: String]) -> String {
        var table = TextTable(
            header: ["Class", "Multiple", "Proceeds", "Exit value"],
            alignments: [.left, .right, .right, .right]
        )
        for target in targets {
            table.rows.append([
                names[target.classID] ?? target.classID, multiple(target.multiple), Format.dollars(target.proceeds),
                target.exitValue.map(cents) ?? "not below \(cents(target.limit))",
            ])
        }
        return table.text
    }

    /// The breakpoints as a readable list.
    /// `cashOuts`: the ids of the SAFEs and notes outstanding, whose events speak of a cash-out, not a preference.
    public static func breakpointsTable(
        _ points: [Breakpoint], names: [String: String], cashOuts: Set<String> = []
    ) -> String {
        var table = TextTable(header: ["Exit value", "Class", "Event"], alignments: [.right, .left, .left])
        for point in points {
            table.rows.append([
                Format.dollars(point.exitValue), names[point.classID] ?? point.classID,
                point.event.words(cashOut: cashOuts.contains(point.classID)),
            ])
        }
        return table.text
    }

    /// The waterfall in words, step by step, in Markdown.
    public static func explain(_ result: WaterfallResult, title: String) -> String {
        var out =
            "# Liquidation waterfall at an exit of \(cents(result.terms.value))\n\n\(title), capitalization after the last event.\n\n"
        var step = 0
        func line(_ text: String) {
            step += 1
            out += "\(step). \(text)\n"
        }
        let names = Dictionary(uniqueKeysWithValues: result.payouts.map { ($0.holder.id, $0.holder.name) })
        var opening = "Exit value \(cents(result.terms.value))"
        if result.terms.debt.isPositive { opening += ", less \(cents(result.terms.debt)) of debt repaid" }
        if result.terms.costs.isPositive { opening += ", less \(cents(result.terms.costs)) of transaction costs" }
        opening += ": \(cents(result.distributable)) for the shareholders"
        if result.terms.carveOut.isPositive {
            opening +=
                "; the management carve-out of \(Format.ratio(Ratio(units: result.terms.carveOut.units * 100), places: 0)) % "
                + "takes \(cents(result.carveOut)) first"
        }
        line(opening + ". Net proceeds: **\(cents(result.netProceeds))**.")
        if result.forfeitedPool.isPositive {
            line(
                "The \(Format.shares(result.forfeitedPool)) ungranted options of the pool are forfeited: they receive nothing."
            )
        }
        // Elections first, since they decide who takes a preference.
        for payout in result.payouts where payout.holder.elects {
            guard let alternative = payout.alternative else { continue }
            let name = payout.holder.name
            if payout.holder.kind == .convertible {
                let rank = payout.holder.cashOutRank
                let withPreferred = result.payouts.contains {
                    $0.holder.kind == .preferred && $0.holder.terms?.seniority == rank
                }
                line(convertibleWords(payout, alternative: alternative, rankHasPreferred: withPreferred))
                continue
            }
            if payout.election == .converts {
                line(
                    "\(name) **converts** to \(Format.shares(payout.holder.commonEquivalent)) common: that pays "
                        + "\(Format.dollars(payout.exact)), strictly more than the \(Format.dollars(alternative)) it would receive "
                        + "by taking its preference, the other classes' elections unchanged."
                )
            } else {
                let reason =
                    payout.exact == alternative
                    ? "exactly what converting would pay (a tie is not a reason to convert)"
                    : "more than the \(Format.dollars(alternative)) converting would pay"
                line(
                    "\(name) **does not convert**: its preference\(participationWords(payout.holder)) pays "
                        + "\(Format.dollars(payout.exact)), \(reason)."
                )
            }
        }
        switch result.method {
        case .enumeration(let count) where count > 1:
            line(
                "\(count) sets of elections are equilibria; the one chosen has the fewest conversions, then the most "
                    + "senior converting classes."
            )
        case .bestResponse(let passes, let fromAll):
            line(
                "The elections are best responses, iterated from all \(fromAll ? "converting" : "holding") until no class "
                    + "wanted to change (\(passes) rounds)."
            )
        default: break
        }
        for tier in result.tiers {
            for id in tier.members {
                guard let holder = result.payout(id)?.holder, holder.accruedDividends.isPositive else { continue }
                line(
                    "\(holder.name)'s preference of \(Format.dollars(holder.preference)) includes "
                        + "\(Format.dollars(holder.accruedDividends)) of accrued cumulative dividends."
                )
            }
            let members = tier.members.map { names[$0] ?? $0 }
            let who = members.count == 1 ? members[0] : members.joined(separator: " and ") + " (pari passu)"
            // A SAFE or note outstanding is owed its cash-out, not a liquidation preference.
            let cashOuts = tier.members.filter { result.payout($0)?.holder.kind == .convertible }.count
            let owed =
                cashOuts == 0
                ? (members.count == 1 ? "preference" : "preferences")
                : cashOuts == members.count
                    ? (members.count == 1 ? "cash-out" : "cash-outs") : "preferences and cash-outs"
            if tier.fullyPaid {
                line(
                    "Rank \(tier.rank): \(who) \(members.count == 1 ? "is" : "are") paid \(members.count == 1 ? "its" : "their") "
                        + "\(owed) in full, \(cents(tier.owed))."
                )
            } else {
                line(
                    "Rank \(tier.rank): \(who) \(members.count == 1 ? "is" : "are") owed \(cents(tier.owed)) but only "
                        + "\(Format.dollars(tier.paid)) is left\(members.count > 1 ? ", shared in proportion to what each is owed" : ""); "
                        + "nothing remains for the ranks below or for common."
                )
            }
        }
        if result.residual.isPositive {
            var text = "What is left, \(Format.dollars(result.residual)), is shared per common share"
            if let price = result.pricePerCommonShare { text += " at \(Format.dollars(price))" }
            let sharing = result.payouts.filter { payout in
                switch payout.election {
                case .converts, .common, .exercised:
                    return payout.holder.commonEquivalent.isPositive || (payout.conversionShares?.isPositive ?? false)
                case .holds:
                    switch payout.holder.terms?.participation {
                    case .some(.full), .some(.capped): return !payout.capReached
                    default: return false
                    }
                case .notExercised: return false
                }
            }.map(\.holder.name)
            if !sharing.isEmpty { text += " by " + sharing.joined(separator: ", ") }
            line(text + ".")
        }
        for payout in result.payouts where payout.capReached {
            line(
                "\(payout.holder.name) reaches its participation cap of \(cents(payout.holder.cap ?? .zero)): it takes no more, "
                    + "and the rest goes to the others."
            )
        }
        for payout in result.payouts where payout.holder.exercisePrice != nil || payout.holder.kind == .other {
            if payout.holder.exercisePrice == nil, !payout.holder.exerciseCost.isPositive {
                line(
                    "\(payout.holder.name) (\(Format.shares(payout.holder.shares)) common underlying) share as common, "
                        + "nothing being payable to obtain that common: \(Format.dollars(payout.exact))."
                )
                continue
            }
            let strike =
                payout.holder.exercisePrice.map { "the exercise price of \(Format.dollars($0))" }
                ?? "the payment of \(Format.dollars(payout.holder.exerciseCost))"
            if payout.election == .exercised, !payout.holderProceeds.isEmpty {
                let parts = zip(payout.holder.holders, payout.holderProceeds).map { holder, proceeds in
                    "\(holder.name) \(cents(proceeds)) for \(Format.shares(holder.shares))"
                }
                line("The \(cents(payout.proceeds)) of \(payout.holder.name) go to the holders in proportion to their shares: "
                    + parts.joined(separator: ", ") + ".")
            }
            if payout.election == .exercised {
                line(
                    "\(payout.holder.name) (\(Format.shares(payout.holder.shares)) shares) are exercised, since the price "
                        + "per common share is above \(strike): they receive \(Format.dollars(payout.exact)) net of it."
                )
            } else {
                line(
                    "\(payout.holder.name) (\(Format.shares(payout.holder.shares)) shares) are not exercised: the price per "
                        + "common share is not above \(strike)."
                )
            }
        }
        for payout in result.payouts where payout.election != .exercised && !payout.holderProceeds.isEmpty {
            let parts = payout.holderParts
            if payout.holder.kind == .convertible, let holder = parts.first?.0 {
                line("The \(cents(payout.proceeds)) of \(payout.holder.name) go to its holder, \(holder.name).")
                continue
            }
            let held = payout.holder.kind == .common ? "the common they hold" : "their shares"
            line(
                "The \(cents(payout.proceeds)) of \(payout.holder.name) go to its holders in proportion to \(held): "
                    + parts.map { "\($0.0.name) \(cents($0.1)) for \(Format.shares($0.0.shares))" }.joined(separator: ", ")
                    + ".")
        }
        let totals = holderTotals(result)
        if !totals.isEmpty {
            line(
                "Holders in more than one class receive in all: "
                    + totals.map { "\($0.name) \(cents($0.proceeds))" }.joined(separator: ", ") + ".")
        }
        let bumped = result.payouts.filter(\.receivedRoundingCent).map(\.holder.name)
        line(
            "Every amount is rounded down to the cent and the cents left over go to the largest remainders"
                + (bumped.isEmpty ? " (none were left over)." : ": one each to \(bumped.joined(separator: ", ")).")
                + " The classes total \(cents(result.netProceeds))."
        )
        out += "\n"
        var table = TextTable(
            header: ["Class", "Election", "Proceeds", "Per share", "Multiple"],
            alignments: [.left, .left, .right, .right, .right]
        )
        for payout in result.payouts {
            table.rows.append([
                payout.holder.name, payout.election.rawValue, cents(payout.proceeds), perShare(payout.pricePerShare),
                multiple(payout.multiple),
            ])
        }
        out += "```\n" + table.text + "```\n"
        return out
    }

    /// Why a SAFE or note outstanding at the exit converts or takes its cash-out.
    /// `rankHasPreferred`: whether preferred series with terms are paid at the rank of its cash-out.
    static func convertibleWords(_ payout: ClassPayout, alternative: Money, rankHasPreferred: Bool) -> String {
        let holder = payout.holder
        guard let terms = holder.convertible else { return "" }
        let owed = terms.form == .note ? "principal and interest" : "purchase amount"
        var conversion: String
        if let cap = terms.cap {
            let shares = payout.conversionShares.map { "\(Format.shares($0)) common" } ?? "common"
            if terms.form == .postMoneySafe, let capitalization = payout.liquidityCapitalization {
                conversion =
                    "\(shares) at its cap of \(cents(cap)) ÷ the liquidity capitalization of "
                    + "\(Format.shares(capitalization)) (its own conversion and every other converting SAFE's and note's included)"
            } else {
                conversion = "\(shares) at its cap of \(cents(cap)) ÷ the capitalization"
            }
        } else if let discount = terms.discount {
            let percent = Format.ratio(Ratio(units: discount.units * 100), places: 0)
            conversion =
                "common at the price per common share less its \(percent) % discount (worth \(cents(holder.preference)) ÷ "
                + "(1 − \(percent) %) whatever that price: a claim paid before the rest is shared per common share)"
        } else {
            conversion = "common at the price per common share"
        }
        if payout.election == .converts {
            return "\(holder.name) (\(terms.noun)) **converts** into \(conversion): that pays \(Format.dollars(payout.exact)), "
                + "strictly more than its cash-out of \(Format.dollars(alternative)) (its \(owed))."
        }
        let reason =
            payout.exact == alternative
            ? "exactly what converting would pay (a tie is not a reason to convert)"
            : "more than the \(Format.dollars(alternative)) converting into \(conversion) would pay"
        return "\(holder.name) (\(terms.noun)) **takes its cash-out**, its \(owed) of \(Format.dollars(holder.preference)), "
            + (rankHasPreferred
                ? "pari passu with the rank \(holder.cashOutRank) preferences"
                : "at rank \(holder.cashOutRank), senior to the common") + ": \(reason)."
    }

    static func participationWords(_ holder: WaterfallClass) -> String {
        switch holder.terms?.participation {
        case .full: return " (with full participation)"
        case .capped: return " (with participation up to its cap)"
        default: return ""
        }
    }
}

extension Breakpoint.Event {
    /// The event in words; `cashOut` for a SAFE or note outstanding, which is owed a cash-out, not a preference.
    public func words(cashOut: Bool = false) -> String {
        let owed = cashOut ? "cash-out" : "preference"
        switch self {
        case .preferencePaid: return "\(owed) paid in full"
        case .capReached: return "participation cap reached"
        case .inTheMoney: return "in the money: exercised above this value"
        case .converts: return "converts to common from this value"
        case .holds: return "stops converting, takes its \(owed)"
        }
    }
}
