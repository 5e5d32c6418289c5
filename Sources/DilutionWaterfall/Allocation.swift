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

    /// Nothing allocated yet: what `allocate(net:converts:into:scratch:tiers:)` fills in.
    static var empty: Allocation {
        Allocation(
            pay: [], preferencePaid: [], capped: [], exercised: [], tiers: [], residual: 0, priceNumerator: 0,
            priceDenominator: 0)
    }
}

/// Splits `total` in proportion to `weights`, exactly: each gets the floor of its share, and the
/// units left over go one each to the largest remainders, ties to the earlier position.
func apportion(_ total: Int128, _ weights: [Int128]) throws(ArithmeticError) -> [Int128] {
    var shares: [Int128] = []
    var remainders: [Int128] = []
    try apportion(total, weights, into: &shares, remainders: &remainders)
    return shares
}

/// `apportion(total, weights)` into `shares`, with `remainders` as working memory (both replaced; their storage is
/// reused, so that a waterfall trying every election allocates nothing here).
func apportion(_ total: Int128, _ weights: [Int128], into shares: inout [Int128], remainders: inout [Int128])
    throws(ArithmeticError)
{
    shares.removeAll(keepingCapacity: true)
    remainders.removeAll(keepingCapacity: true)
    var sum: Int128 = 0
    for w in weights { sum = try Wide.add(sum, w, "a sum of weights") }
    guard sum > 0 else {
        shares.append(contentsOf: repeatElement(0, count: weights.count))
        return
    }
    var given: Int128 = 0
    for w in weights {
        let product = try Wide.multiply(total, w, "an apportionment of \(total) units")
        let (q, r) = product.quotientAndRemainder(dividingBy: sum)
        shares.append(q)
        remainders.append(r)
        given += q
    }
    var left = total - given
    guard left > 0 else { return }
    if remainders.allSatisfy({ $0 >= 0 }) {
        // The largest remainder left, ties to the earlier position, one unit at a time (fewer units are left than
        // there are positive remainders, so a remainder set to −1 once served is never chosen again): the order
        // of the sort below, without sorting.
        while left > 0 {
            var best = 0
            for index in remainders.indices where remainders[index] > remainders[best] { best = index }
            shares[best] += 1
            remainders[best] = -1
            left -= 1
        }
        return
    }
    let order = weights.indices.sorted {
        remainders[$0] != remainders[$1] ? remainders[$0] > remainders[$1] : $0 < $1
    }
    for index in order where left > 0 {
        shares[index] += 1
        left -= 1
    }
}

/// The working memory of `Waterfall.allocate`, kept across the elections a waterfall tries.
struct AllocationScratch {
    var members: [Int] = []
    var roles: [(index: Int, shares: Int128, role: ResidualRole)] = []
    var active: [Bool] = []
    var crossing: [(k: Int, a: Int128, b: Int128)] = []
    var takers: [Int] = []
    var weights: [Int128] = []
    var parts: [Int128] = []
    var remainders: [Int128] = []
}

/// How a class takes part in the residual.
enum ResidualRole {
    case plain
    case capped(room: Int128)
    case exercisable(cost: Int128)
}

/// `array` replaced by `count` copies of `value`, in its own storage.
@inline(__always)
func reset<T>(_ array: inout [T], _ count: Int, _ value: T) {
    array.removeAll(keepingCapacity: true)
    array.append(contentsOf: repeatElement(value, count: count))
}

extension Waterfall {
    /// Distributes `net` (10⁻⁸ dollar) with the electing classes whose flag is set converting.
    func allocate(net: Int128, converts: [Bool]) throws(ArithmeticError) -> Allocation {
        var allocation = Allocation.empty
        var scratch = AllocationScratch()
        try allocate(net: net, converts: converts, into: &allocation, scratch: &scratch, tiers: true)
        return allocation
    }

    /// `allocate(net:converts:)` into `allocation`, reusing its storage and `scratch`'s; the tiers only with `tiers`.
    func allocate(
        net: Int128, converts: [Bool], into allocation: inout Allocation, scratch: inout AllocationScratch, tiers record: Bool
    ) throws(ArithmeticError) {
        let count = classes.count
        reset(&allocation.pay, count, 0)
        reset(&allocation.preferencePaid, count, 0)
        allocation.tiers.removeAll(keepingCapacity: true)
        var remaining = net
        // Preferences, rank by rank (classes are in canonical order, so ranks come sorted).
        var index = 0
        while index < count {
            guard let rank = facts[index].rank else {
                index += 1
                continue
            }
            scratch.members.removeAll(keepingCapacity: true)
            var end = index
            while end < count, facts[end].rank == rank {
                if !converts[end], facts[end].preference > 0 { scratch.members.append(end) }
                end += 1
            }
            index = end
            guard !scratch.members.isEmpty else { continue }
            let owed = scratch.members.reduce(Int128(0)) { $0 + facts[$1].preference }
            let paid = min(owed, remaining)
            if paid == owed {
                for member in scratch.members {
                    allocation.pay[member] = facts[member].preference
                    allocation.preferencePaid[member] = facts[member].preference
                }
            } else {
                scratch.weights.removeAll(keepingCapacity: true)
                for member in scratch.members { scratch.weights.append(facts[member].preference) }
                try apportion(paid, scratch.weights, into: &scratch.parts, remainders: &scratch.remainders)
                for (member, part) in zip(scratch.members, scratch.parts) {
                    allocation.pay[member] = part
                    allocation.preferencePaid[member] = part
                }
            }
            remaining -= paid
            if record { allocation.tiers.append((rank, scratch.members, owed, paid)) }
        }
        // Converting SAFEs and notes: those with a cap take part in the residual with the shares they
        // convert into; those without take their fixed claim (amount ÷ (1 − discount)) first.
        let conversion = try conversions(converts: converts)
        if !conversion.fixed.isEmpty {
            let claims = conversion.fixed.keys.sorted()
            let owed = claims.reduce(Int128(0)) { $0 + conversion.fixed[$1]! }
            let paid = min(owed, remaining)
            let parts = try paid == owed ? claims.map { conversion.fixed[$0]! } : apportion(paid, claims.map { conversion.fixed[$0]! })
            for (i, part) in zip(claims, parts) { allocation.pay[i] += part }
            remaining -= paid
        }
        // The residual: price per common share p with
        //   Σ plain s·p + Σ capped min(s·p, room) + Σ exercised (s·p − cost) = residual.
        scratch.roles.removeAll(keepingCapacity: true)
        for i in 0..<count {
            let c = facts[i]
            if c.kind == .convertible {
                if let s = conversion.shares[i], s > 0 { scratch.roles.append((i, s, .plain)) }
                continue
            }
            let s = c.commonEquivalent
            guard s > 0 else { continue }
            switch c.kind {
            case .common:
                scratch.roles.append((i, s, .plain))
            case .preferred:
                guard let participation = c.participation, !converts[i] else {
                    scratch.roles.append((i, s, .plain))
                    continue
                }
                switch participation {
                case .none: continue
                case .full: scratch.roles.append((i, s, .plain))
                case .capped:
                    let room = max(0, c.cap - allocation.pay[i])
                    scratch.roles.append((i, s, .capped(room: room)))
                }
            case .warrant, .option, .other:
                scratch.roles.append((i, s, .exercisable(cost: c.exerciseCost)))
            case .convertible:
                break
            }
        }
        let roles = scratch.roles
        reset(&scratch.active, roles.count, false)  // cap bound, or exercised
        for (k, entry) in roles.enumerated() {
            if case .capped(let room) = entry.role, room == 0 { scratch.active[k] = true }
        }
        var num: Int128 = 0
        var den: Int128 = 0
        while true {
            num = remaining
            den = 0
            for (k, entry) in roles.enumerated() {
                switch entry.role {
                case .plain: den += entry.shares
                case .capped(let room): if scratch.active[k] { num -= room } else { den += entry.shares }
                case .exercisable(let cost):
                    if scratch.active[k] {
                        num += cost
                        den += entry.shares
                    }
                }
            }
            // The thresholds p has passed (a/b each): exercise prices below p, caps below p.
            scratch.crossing.removeAll(keepingCapacity: true)
            for (k, entry) in roles.enumerated() where !scratch.active[k] {
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
                if crosses { scratch.crossing.append((k, a, entry.shares)) }
            }
            let crossing = scratch.crossing
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
                scratch.active[candidate.k] = true
            }
        }
        reset(&allocation.capped, count, false)
        reset(&allocation.exercised, count, false)
        scratch.takers.removeAll(keepingCapacity: true)
        scratch.weights.removeAll(keepingCapacity: true)
        for (k, entry) in roles.enumerated() {
            switch entry.role {
            case .plain:
                scratch.takers.append(k)
                scratch.weights.append(entry.shares)
            case .capped(let room):
                if scratch.active[k] {
                    allocation.capped[entry.index] = true
                    allocation.pay[entry.index] += room
                } else {
                    scratch.takers.append(k)
                    scratch.weights.append(entry.shares)
                }
            case .exercisable:
                if scratch.active[k] {
                    allocation.exercised[entry.index] = true
                    scratch.takers.append(k)
                    scratch.weights.append(entry.shares)
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
                for (k, part) in zip(over, parts) { allocation.pay[roles[k].index] += part }
            } else {
                let holders = (0..<count).filter { allocation.preferencePaid[$0] > 0 }
                let parts = try apportion(num, holders.map { facts[$0].preference })
                for (i, part) in zip(holders, parts) { allocation.pay[i] += part }
            }
        } else if !scratch.takers.isEmpty {
            try apportion(num, scratch.weights, into: &scratch.parts, remainders: &scratch.remainders)
            for (k, part) in zip(scratch.takers, scratch.parts) {
                let entry = roles[k]
                if case .exercisable(let cost) = entry.role {
                    allocation.pay[entry.index] += part - cost
                } else {
                    allocation.pay[entry.index] += part
                }
            }
        }
        allocation.residual = remaining
        allocation.priceNumerator = num
        allocation.priceDenominator = den
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
    /// The conversions of the SAFEs and notes that convert under `converts`.
    ///
    /// A pre-money SAFE or a note with a cap converts its amount at cap ÷ C (C: `base`).
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
