internal import DilutionExact

/// One distribution of net proceeds for a fixed set of conversion elections, in raw units of
/// 10⁻⁸ dollar (money) and 10⁻⁶ share: preferences by rank, then the residual shared by price
/// per common share with participation caps and exercises solved together.
struct Allocation: Sendable {
    /// Per class (canonical order): what it receives, 10⁻⁸ dollar.
    var pay: [Int128]
    /// Per class: the preference paid (included in `pay`).
    var preferencePaid: [Int128]
    /// Per class: whether a participation cap bound.
    var capped: [Bool]
    /// Per class: whether its warrants, options or other securities were exercised.
    var exercised: [Bool]
    /// Each rank of preferences in the order paid.
    var tiers: [(rank: Int, members: [Int], owed: Int128, paid: Int128)]
    /// What was left after the preferences.
    var residual: Int128
    /// The price per common share as num ÷ den (10⁻⁸ dollar per 10⁻⁶ share); den is 0 when no
    /// common-equivalent share takes part.
    var priceNumerator: Int128
    var priceDenominator: Int128
}

/// Splits `total` in proportion to `weights`, exactly: each gets the floor of its share, and the
/// units left over go one each to the largest remainders, ties to the earlier position.
func apportion(_ total: Int128, _ weights: [Int128]) throws(ArithmeticError) -> [Int128] {
    var sum: Int128 = 0
    for w in weights { sum = try Wide.add(sum, w, "a sum of weights") }
    guard sum > 0 else { return weights.map { _ in 0 } }
    var shares: [Int128] = []
    var remainders: [Int128] = []
    var given: Int128 = 0
    for w in weights {
        let product = try Wide.multiply(total, w, "an apportionment of \(total) units")
        let (q, r) = product.quotientAndRemainder(dividingBy: sum)
        shares.append(q)
        remainders.append(r)
        given += q
    }
    var left = total - given
    if left > 0 {
        let order = weights.indices.sorted {
            remainders[$0] != remainders[$1] ? remainders[$0] > remainders[$1] : $0 < $1
        }
        for index in order where left > 0 {
            shares[index] += 1
            left -= 1
        }
    }
    return shares
}

extension Waterfall {
    /// Distributes `net` (10⁻⁸ dollar) with the electing classes whose flag is set converting.
    func allocate(net: Int128, converts: [Bool]) throws(ArithmeticError) -> Allocation {
        let count = classes.count
        var pay = [Int128](repeating: 0, count: count)
        var preferencePaid = pay
        var remaining = net
        var tiers: [(rank: Int, members: [Int], owed: Int128, paid: Int128)] = []
        // Preferences, rank by rank (classes are in canonical order, so ranks come sorted).
        var index = 0
        while index < count {
            guard let rank = facts[index].rank else {
                index += 1
                continue
            }
            var members: [Int] = []
            var end = index
            while end < count, facts[end].rank == rank {
                if !converts[end], facts[end].preference > 0 { members.append(end) }
                end += 1
            }
            index = end
            guard !members.isEmpty else { continue }
            let owed = members.reduce(Int128(0)) { $0 + facts[$1].preference }
            let paid = min(owed, remaining)
            let parts =
                try paid == owed
                ? members.map { facts[$0].preference }
                : apportion(paid, members.map { facts[$0].preference })
            for (member, part) in zip(members, parts) {
                pay[member] = part
                preferencePaid[member] = part
            }
            remaining -= paid
            tiers.append((rank, members, owed, paid))
        }
        // Converting SAFEs and notes: those with a cap take part in the residual with the shares they
        // convert into; those without take their fixed claim (amount ÷ (1 − discount)) first.
        let conversion = try conversions(converts: converts)
        if !conversion.fixed.isEmpty {
            let claims = conversion.fixed.keys.sorted()
            let owed = claims.reduce(Int128(0)) { $0 + conversion.fixed[$1]! }
            let paid = min(owed, remaining)
            let parts = try paid == owed ? claims.map { conversion.fixed[$0]! } : apportion(paid, claims.map { conversion.fixed[$0]! })
            for (i, part) in zip(claims, parts) { pay[i] += part }
            remaining -= paid
        }
        // The residual: price per common share p with
        //   Σ plain s·p + Σ capped min(s·p, room) + Σ exercised (s·p − cost) = residual.
        enum Role {
            case plain
            case capped(room: Int128)
            case exercisable(cost: Int128)
        }
        var roles: [(index: Int, shares: Int128, role: Role)] = []
        for i in 0..<count {
            let c = facts[i]
            if c.kind == .convertible {
                if let s = conversion.shares[i], s > 0 { roles.append((i, s, .plain)) }
                continue
            }
            let s = c.commonEquivalent
            guard s > 0 else { continue }
            switch c.kind {
            case .common:
                roles.append((i, s, .plain))
            case .preferred:
                guard let participation = c.participation, !converts[i] else {
                    roles.append((i, s, .plain))
                    continue
                }
                switch participation {
                case .none: continue
                case .full: roles.append((i, s, .plain))
                case .capped:
                    let room = max(0, c.cap - pay[i])
                    roles.append((i, s, .capped(room: room)))
                }
            case .warrant, .option, .other:
                roles.append((i, s, .exercisable(cost: c.exerciseCost)))
            case .convertible:
                break
            }
        }
        var active = [Bool](repeating: false, count: roles.count)  // cap bound, or exercised
        for (k, entry) in roles.enumerated() {
            if case .capped(let room) = entry.role, room == 0 { active[k] = true }
        }
        var num: Int128 = 0
        var den: Int128 = 0
        while true {
            num = remaining
            den = 0
            for (k, entry) in roles.enumerated() {
                switch entry.role {
                case .plain: den += entry.shares
                case .capped(let room): if active[k] { num -= room } else { den += entry.shares }
                case .exercisable(let cost):
                    if active[k] {
                        num += cost
                        den += entry.shares
                    }
                }
            }
            // The thresholds p has passed (a/b each): exercise prices below p, caps below p.
            var crossing: [(k: Int, a: Int128, b: Int128)] = []
            for (k, entry) in roles.enumerated() where !active[k] {
                let a: Int128
                switch entry.role {
                case .plain: continue
                case .capped(let room): a = room
                case .exercisable(let cost): a = cost
                }
                let crosses: Bool
                if den == 0 {
                    crosses = num > 0
                } else {
                    let left = try Wide.multiply(num, entry.shares, "the price per common share")
                    let right = try Wide.multiply(a, den, "the price per common share")
                    crosses = left > right
                }
                if crosses { crossing.append((k, a, entry.shares)) }
            }
            guard !crossing.isEmpty else { break }
            // Only the lowest threshold is certainly passed: add it (and any equal to it), then solve again.
            var lowest = crossing[0]
            for candidate in crossing.dropFirst() {
                if try Wide.multiply(candidate.a, lowest.b, "a threshold")
                    < Wide.multiply(lowest.a, candidate.b, "a threshold")
                {
                    lowest = candidate
                }
            }
            for candidate in crossing
            where try Wide.multiply(candidate.a, lowest.b, "a threshold")
                == Wide.multiply(lowest.a, candidate.b, "a threshold")
            {
                active[candidate.k] = true
            }
        }
        var capped = [Bool](repeating: false, count: count)
        var exercised = [Bool](repeating: false, count: count)
        var takers: [Int] = []
        var weights: [Int128] = []
        for (k, entry) in roles.enumerated() {
            switch entry.role {
            case .plain:
                takers.append(k)
                weights.append(entry.shares)
            case .capped(let room):
                if active[k] {
                    capped[entry.index] = true
                    pay[entry.index] += room
                } else {
                    takers.append(k)
                    weights.append(entry.shares)
                }
            case .exercisable:
                if active[k] {
                    exercised[entry.index] = true
                    takers.append(k)
                    weights.append(entry.shares)
                }
            }
        }
        if den == 0 && num > 0 {
            // Nobody can take the rest within the terms: the capped classes take it beyond their caps
            // (a cap binds only while someone else can take the rest), else the classes holding preferences.
            let over = roles.indices.filter { k in if case .capped = roles[k].role { return true } else { return false }
            }
            if !over.isEmpty {
                let parts = try apportion(num, over.map { roles[$0].shares })
                for (k, part) in zip(over, parts) { pay[roles[k].index] += part }
            } else {
                let holders = (0..<count).filter { preferencePaid[$0] > 0 }
                let parts = try apportion(num, holders.map { facts[$0].preference })
                for (i, part) in zip(holders, parts) { pay[i] += part }
            }
        } else if !takers.isEmpty {
            let parts = try apportion(num, weights)
            for (k, part) in zip(takers, parts) {
                let entry = roles[k]
                if case .exercisable(let cost) = entry.role {
                    pay[entry.index] += part - cost
                } else {
                    pay[entry.index] += part
                }
            }
        }
        return Allocation(
            pay: pay,
            preferencePaid: preferencePaid,
            capped: capped,
            exercised: exercised,
            tiers: tiers,
            residual: remaining,
            priceNumerator: num,
            priceDenominator: den
        )
    }
}

/// What the converting SAFEs and notes convert into, for one set of elections.
struct Conversions: Sendable {
    /// Class index → common received (10⁻⁶ share, rounded down), for those with a cap.
    var shares: [Int: Int128] = [:]
    /// Class index → fixed claim on the residual: for those without a cap, amount ÷ (1 − discount) rounded down
    /// to the cent; for a converting post-money SAFE with a cap while uncapped ones convert too, the part of
    /// its conversion that their common (in the liquidity capitalization) gives it, to 10⁻⁸ dollar (down).
    var fixed: [Int: Int128] = [:]
    /// The liquidity capitalization (10⁻⁶ share) the post-money caps divide, when one converts, without the
    /// common of the converting SAFEs and notes without a cap (which depends on the price per common share).
    var liquidityCapitalization: Int128? = nil
    /// With post-money SAFEs with a cap converting: the value, 10⁻⁸ dollar, of the part of the liquidity
    /// capitalization the uncapped conversions add (their claims ÷ (1 − Σ amount ÷ cap)); that part in shares is
    /// this value ÷ the price per common share.
    var uncappedValue: Int128 = 0
}

extension Waterfall {
    /// The common count the caps divide: every class's common equivalent (the common, every preferred
    /// series as converted, the warrants, options and other securities outstanding; not the ungranted pool).
    func baseCapitalization() -> Int128 { base }

    /// The conversions of the SAFEs and notes that convert under `converts`.
    ///
    /// A pre-money SAFE or a note with a cap converts its amount at cap ÷ C (C: `baseCapitalization()`).
    /// A post-money SAFE with a cap converts at cap ÷ L, L the liquidity capitalization: C, the common
    /// of the converting pre-money SAFEs and notes, and the common of the converting post-money SAFEs
    /// themselves. Each of those takes amount ÷ cap of L, so L = C′ ÷ (1 − Σ amount ÷ cap), the linear
    /// fixed point solved exactly (in rationals); each count is then rounded down to 10⁻⁶ share.
    /// Without a cap, an instrument converts at the price per common share times (1 − discount): its
    /// shares times that price are amount ÷ (1 − discount) whatever the price, a fixed claim on the residual.
    ///
    /// The YC post-money SAFE's Liquidity Capitalization includes every converting security (all but those
    /// taking their cash-out), so the uncapped ones' common, K ÷ p (K their claims, p the price per common
    /// share), is in L too: L = (C′ + K ÷ p) ÷ (1 − F), F = Σ amount ÷ cap. A capped SAFE's common
    /// amount ÷ cap × L is then worth, at p, amount ÷ cap × C′ ÷ (1 − F) shares at p plus the constant
    /// K × amount ÷ cap ÷ (1 − F): the shares stay as they were and the constant is one more fixed claim,
    /// so the price stays the solution of a linear problem (no search over p).
    func conversions(converts: [Bool]) throws(ArithmeticError) -> Conversions {
        var result = Conversions()
        // Most elections tried convert no SAFE or note (most capitalizations have none).
        guard electing.contains(where: { converts[$0] && facts[$0].kind == .convertible }) else { return result }
        var post: [(index: Int, amount: Int128, cap: Int128)] = []
        let base = baseCapitalization()
        var counted = base
        for i in classes.indices where converts[i] && classes[i].kind == .convertible {
            guard let terms = classes[i].convertible else { continue }
            let amount = classes[i].preference.units
            if let cap = terms.cap, cap.isPositive {
                if terms.form == .postMoneySafe {
                    post.append((i, amount, cap.units))
                } else {
                    let s = try Wide.divide(
                        try Wide.multiply(amount, base, "a SAFE's conversion"), cap.units, .down, "a SAFE's conversion")
                    result.shares[i] = s
                    counted = try Wide.add(counted, s, "the liquidity capitalization")
                }
            } else {
                let keep = Wide.pow10(Ratio.decimals) - (terms.discount?.units ?? 0)
                guard keep > 0 else { throw .divisionByZero("the conversion of '\(classes[i].id)' at a 100 % discount") }
                // Rounded down to the cent: a constant claim of whole cents never gains or loses the last cent
                // from one exit value to the next (the payout stays non-decreasing in the exit value).
                let claim = try Wide.divide(
                    try Wide.multiply(amount, Wide.pow10(Ratio.decimals), "a SAFE's conversion"), keep, .down,
                    "a SAFE's conversion")
                result.fixed[i] = claim / 1_000_000 * 1_000_000
            }
        }
        guard !post.isEmpty else { return result }
        // F = n ÷ d = Σ amount ÷ cap, reduced at every step.
        func gcd(_ a: Int128, _ b: Int128) -> Int128 {
            var (x, y) = (a.magnitude, b.magnitude)
            while y != 0 { (x, y) = (y, x % y) }
            return Int128(x)
        }
        var (n, d): (Int128, Int128) = (0, 1)
        for entry in post {
            let g = gcd(entry.amount, entry.cap)
            let (a, c) = (entry.amount / g, entry.cap / g)
            let num = try Wide.add(
                try Wide.multiply(n, c, "the liquidity capitalization"), try Wide.multiply(a, d, "the liquidity capitalization"),
                "the liquidity capitalization")
            let den = try Wide.multiply(d, c, "the liquidity capitalization")
            let h = gcd(num, den)
            (n, d) = (num / h, den / h)
        }
        guard n < d else {
            throw .divisionByZero(
                "the liquidity capitalization: the converting post-money SAFEs' amounts add up to their caps or more")
        }
        // L = counted × d ÷ (d − n); each post-money SAFE takes amount × L ÷ cap.
        let left = d - n
        let whole = try Wide.multiply(counted, d, "the liquidity capitalization")
        var total = counted
        for entry in post {
            let g = gcd(entry.amount, entry.cap)
            let (a, c) = (entry.amount / g, entry.cap / g)
            let s = try Wide.divide(
                try Wide.multiply(whole, a, "a SAFE's conversion"), try Wide.multiply(c, left, "a SAFE's conversion"), .down,
                "a SAFE's conversion")
            result.shares[entry.index] = s
            total += s
        }
        result.liquidityCapitalization = total
        // The uncapped conversions' common in L: each capped SAFE's part of it, a fixed claim K × a ÷ c × d ÷ (d − n).
        let uncapped = result.fixed.values.reduce(Int128(0), +)
        if uncapped > 0 {
            result.uncappedValue = try Wide.divide(
                try Wide.multiply(uncapped, d, "the liquidity capitalization"), left, .down, "the liquidity capitalization")
            for entry in post {
                let g = gcd(entry.amount, entry.cap)
                let (a, c) = (entry.amount / g, entry.cap / g)
                let claim = try Wide.divide(
                    try Wide.multiply(try Wide.multiply(uncapped, d, "a SAFE's conversion"), a, "a SAFE's conversion"),
                    try Wide.multiply(c, left, "a SAFE's conversion"), .down, "a SAFE's conversion")
                result.fixed[entry.index] = claim
            }
        }
        return result
    }
}
