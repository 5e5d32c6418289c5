public import DilutionExact

/// An exit value at which a class's payout changes slope.
public struct Breakpoint: Sendable, Hashable {
    /// What happens there.
    public enum Event: String, Sendable, Hashable {
        /// A rank's preferences (SAFEs' and notes' cash-outs among them) are paid in full: above, the next
        /// rank (or the residual) is paid. Also where a converting SAFE's or note's fixed claim (no cap) is paid in full.
        case preferencePaid = "preference-paid"
        /// A participating class reaches its cap.
        case capReached = "cap-reached"
        /// Warrants, options or other securities come strictly into the money.
        case inTheMoney = "in-the-money"
        /// A preferred class, SAFE or note starts converting (its election changes).
        case converts
        /// A preferred class, SAFE or note stops converting and takes its preference (cash-out) again.
        case holds
    }

    /// The exit value (with the terms' debt, costs and carve-out), to 10⁻⁸ dollar: the smallest
    /// value at or above the point.
    public var exitValue: Money
    /// The net proceeds there.
    public var netProceeds: Money
    /// The class concerned.
    public var classID: String
    public var event: Event
}

extension Waterfall {
    /// Every breakpoint from an exit value of zero up to `limit`, with the deductions of `terms`.
    ///
    /// For a fixed set of elections, payouts are piecewise linear in the net proceeds: the slope
    /// changes where a rank's preferences are paid in full and where the price per common share
    /// passes an exercise price or a participation cap. Those points are computed exactly (rounded
    /// up to 10⁻⁸ dollar). Where the elections change, the point is found by bisection to 10⁻⁸
    /// dollar between values where the elections are computed, at every analytic point and at 64
    /// equally spaced values: an election that changes and changes back between two of those is
    /// not seen.
    public func breakpoints(upTo limit: Money, terms: ExitTerms) throws(WaterfallError) -> [Breakpoint] {
        let (top, topCarve) = try deductions(terms.at(limit))
        let maxNet = top.units - topCarve
        guard maxNet > 0 else { return [] }
        var found: [(net: Int128, id: String, event: Breakpoint.Event)] = []
        var samples = Set<Int128>((0...64).map { maxNet * Int128($0) / 64 })
        var visited = Set<[Bool]>()
        // Analytic points for every election met, until no new one appears.
        // The elections at each net amount, computed once (each costs 2^n distributions).
        var memo: [Int128: (converts: [Bool], method: ElectionMethod)] = [:]
        func profile(_ net: Int128) throws(WaterfallError) -> (converts: [Bool], method: ElectionMethod) {
            if let known = memo[net] { return known }
            let computed = try elections(net: net)
            memo[net] = computed
            return computed
        }
        var pending = [try profile(0).converts, try profile(maxNet).converts]
        do {
            while let converts = pending.popLast() {
                guard visited.insert(converts).inserted else { continue }
                for point in try analyticPoints(converts: converts) where point.net > 0 && point.net <= maxNet {
                    // A point counts where these elections are the ones made; the cheap test (is it an
                    // equilibrium there at all?) rules most others out before the full one.
                    guard try isEquilibrium(converts, net: point.net), try profile(point.net).converts == converts
                    else { continue }
                    samples.insert(point.net)
                    found.append(point)
                }
                for net in samples.sorted() {
                    let seen = try profile(net).converts
                    if !visited.contains(seen) { pending.append(seen) }
                }
            }
            // Election changes between consecutive samples, by bisection.
            let sorted = samples.sorted()
            var previous = try profile(sorted[0]).converts
            for (low, high) in zip(sorted, sorted.dropFirst()) {
                let next = try profile(high).converts
                if next != previous {
                    var (lo, hi) = (low, high)
                    // Where the earlier elections stop being an equilibrium (n + 1 distributions a step)…
                    if try !isEquilibrium(previous, net: high) {
                        while hi - lo > 1 {
                            let mid = lo + (hi - lo) / 2
                            if try isEquilibrium(previous, net: mid) { lo = mid } else { hi = mid }
                        }
                    }
                    // …unless they are still chosen just below it, or the choice among equilibria changed:
                    // then by the full election (2^n distributions a step).
                    if try hi == high || profile(lo).converts != previous {
                        (lo, hi) = (low, high)
                        while hi - lo > 1 {
                            let mid = lo + (hi - lo) / 2
                            if try profile(mid).converts == previous { lo = mid } else { hi = mid }
                        }
                    }
                    let after = try profile(hi).converts
                    for i in classes.indices where after[i] != previous[i] {
                        found.append((hi, classes[i].id, after[i] ? .converts : .holds))
                    }
                }
                previous = next
            }
        } catch let error as WaterfallError {
            throw error
        } catch let error as ArithmeticError {
            throw .arithmetic(error)
        } catch {
            preconditionFailure("unexpected error \(error)")
        }
        var seen = Set<String>()
        var result: [Breakpoint] = []
        for point in found.sorted(by: { $0.net != $1.net ? $0.net < $1.net : $0.id < $1.id }) {
            let key = "\(point.net) \(point.id) \(point.event.rawValue)"
            guard seen.insert(key).inserted else { continue }
            result.append(
                Breakpoint(
                    exitValue: try exitValue(forNet: point.net, terms: terms),
                    netProceeds: Money(units: point.net),
                    classID: point.id,
                    event: point.event
                )
            )
        }
        return result
    }

    /// Whether `converts` is an equilibrium at `net`: no electing class gains by switching.
    func isEquilibrium(_ converts: [Bool], net: Int128) throws(ArithmeticError) -> Bool {
        let base = try allocate(net: net, converts: converts).pay
        for i in electing {
            var flipped = converts
            flipped[i].toggle()
            let other = try allocate(net: net, converts: flipped).pay[i]
            if converts[i] ? base[i] <= other : base[i] < other { return false }
        }
        return true
    }

    /// The smallest exit value (10⁻⁸ dollar) whose net proceeds reach `net`.
    func exitValue(forNet net: Int128, terms: ExitTerms) throws(WaterfallError) -> Money {
        let scale = Wide.pow10(Ratio.decimals)
        let keep = scale - terms.carveOut.units
        guard keep > 0 else { throw .arithmetic(.divisionByZero("the exit value behind a 100 % carve-out")) }
        do {
            var d = try Wide.divide(try Wide.multiply(net, scale, "an exit value"), keep, .up, "an exit value")
            func netOf(_ d: Int128) throws(ArithmeticError) -> Int128 {
                d
                    - (try Wide.divide(
                        try Wide.multiply(d, terms.carveOut.units, "a carve-out"),
                        scale,
                        .down,
                        "a carve-out"
                    ))
            }
            while d > 0, try netOf(d - 1) >= net { d -= 1 }
            while try netOf(d) < net { d += 1 }
            return Money(units: d + terms.debt.units + terms.costs.units)
        } catch {
            throw .arithmetic(error)
        }
    }

    /// The slope changes for fixed elections, as net proceeds (rounded up to 10⁻⁸ dollar).
    func analyticPoints(
        converts: [Bool]
    ) throws(ArithmeticError) -> [(net: Int128, id: String, event: Breakpoint.Event)] {
        var points: [(net: Int128, id: String, event: Breakpoint.Event)] = []
        // Preferences by rank, as `allocate` pays them.
        var cumulative: Int128 = 0
        var index = 0
        var paidPreference = [Int128](repeating: 0, count: classes.count)
        while index < classes.count {
            guard let rank = classes[index].preferenceRank else {
                index += 1
                continue
            }
            var members: [Int] = []
            while index < classes.count, classes[index].preferenceRank == rank {
                if !converts[index], classes[index].preference.isPositive { members.append(index) }
                index += 1
            }
            guard !members.isEmpty else { continue }
            for m in members {
                cumulative += classes[m].preference.units
                paidPreference[m] = classes[m].preference.units
            }
            for m in members { points.append((cumulative, classes[m].id, .preferencePaid)) }
        }
        // Converting SAFEs and notes without a cap: their fixed claims come next, all paid at once.
        let conversion = try conversions(converts: converts)
        if !conversion.fixed.isEmpty {
            for (_, claim) in conversion.fixed { cumulative += claim }
            // A capped post-money SAFE's part of the uncapped conversions is no cash-out: no point of its own.
            for i in conversion.fixed.keys.sorted() where conversion.shares[i] == nil {
                points.append((cumulative, classes[i].id, .preferencePaid))
            }
        }
        // Residual thresholds t = a / b (10⁻⁸ dollar per 10⁻⁶ share) and the residual f(t) there.
        enum Role {
            case plain
            case capped(room: Int128)
            case exercisable(cost: Int128)
        }
        var roles: [(index: Int, shares: Int128, role: Role)] = []
        for (i, c) in classes.enumerated() {
            if c.kind == .convertible, let s = conversion.shares[i], s > 0 { roles.append((i, s, .plain)) }
            guard c.commonEquivalent.isPositive else { continue }
            let s = c.commonEquivalent.units
            switch c.kind {
            case .common: roles.append((i, s, .plain))
            case .preferred:
                guard let terms = c.terms, !converts[i] else {
                    roles.append((i, s, .plain))
                    continue
                }
                switch terms.participation {
                case .none: continue
                case .full: roles.append((i, s, .plain))
                case .capped: roles.append((i, s, .capped(room: max(0, (c.cap?.units ?? 0) - paidPreference[i]))))
                }
            case .warrant, .option, .other: roles.append((i, s, .exercisable(cost: c.exerciseCost.units)))
            case .convertible: break
            }
        }
        for entry in roles {
            let (a, b): (Int128, Int128)
            let event: Breakpoint.Event
            switch entry.role {
            case .plain: continue
            case .capped(let room): (a, b, event) = (room, entry.shares, .capReached)
            case .exercisable(let cost): (a, b, event) = (cost, entry.shares, .inTheMoney)
            }
            guard a > 0 else { continue }
            var total: Int128 = 0
            for other in roles {
                let value = try Wide.multiply(other.shares, a, "a breakpoint")
                switch other.role {
                case .plain: total += value
                case .capped(let room): total += min(value, try Wide.multiply(room, b, "a breakpoint"))
                case .exercisable(let cost): total += max(0, value - (try Wide.multiply(cost, b, "a breakpoint")))
                }
            }
            let residual = try Wide.divide(total, b, .up, "a breakpoint")
            points.append((cumulative + residual, classes[entry.index].id, event))
        }
        return points
    }
}
