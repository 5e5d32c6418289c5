/// The mixed-type operations of the engine. Each states its rounding; results finer than the
/// result type's resolution are rounded by the given direction, and only there.
public enum Exact {
    /// shares × price → money.
    @inlinable
    public static func value(of shares: Shares, at price: Price, _ direction: RoundingDirection = .nearest)
        throws(ArithmeticError) -> Money
    {
        let product = try Wide.multiply(shares.units, price.units, "the value of \(shares) shares at $\(price)")
        // shares(6) + price(12) = 18 places; money has 8.
        return Money(units: try Wide.divide(product, Wide.pow10(10), direction, "a value in dollars"))
    }

    /// money ÷ price → shares, rounded by `rule` (its step is in shares).
    @inlinable
    public static func shares(buyableWith money: Money, at price: Price, rounding rule: RoundingRule)
        throws(ArithmeticError) -> Shares
    {
        let scaled = try Wide.multiply(money.units, Wide.pow10(10), "\(money) dollars at $\(price)")
        // money(8)+10 = 18 places; ÷ price(12) = 6 places (shares).
        return Shares(
            units: try rule.divide(scaled, price.units, decimals: Shares.decimals, what: "the shares $\(money) buys at $\(price)"))
    }

    /// money ÷ shares → price per share.
    @inlinable
    public static func price(of money: Money, per shares: Shares, _ direction: RoundingDirection = .nearest)
        throws(ArithmeticError) -> Price
    {
        // money(8) + 10 = 18 places; ÷ shares(6) = 12 places (price).
        let scaled = try Wide.multiply(money.units, Wide.pow10(10), "$\(money) per \(shares) shares")
        return Price(units: try Wide.divide(scaled, shares.units, direction, "the price of $\(money) per \(shares) shares"))
    }

    /// price × (numerator ÷ denominator), rounded by `rule` (its step is in dollars).
    @inlinable
    public static func scale(
        _ price: Price, by numerator: Shares, over denominator: Shares, rounding rule: RoundingRule
    ) throws(ArithmeticError) -> Price {
        let product = try Wide.multiply(price.units, numerator.units, "$\(price) × \(numerator)")
        return Price(
            units: try rule.divide(product, denominator.units, decimals: Price.decimals, what: "$\(price) × \(numerator) / \(denominator)"))
    }

    /// (price × shares + money) ÷ shares: the weighted average with B left unrounded,
    /// `CP1 × (A + consideration / CP1) / (A + C)`, computed in one exact step.
    @inlinable
    public static func weightedAverage(
        price: Price, base: Shares, consideration: Money, over denominator: Shares, rounding rule: RoundingRule
    ) throws(ArithmeticError) -> Price {
        // Described only if something fails: formatting numbers costs more than the arithmetic.
        func what() -> String { "the weighted average of $\(price) over \(base) + \(consideration) / \(denominator)" }
        let priceTimesBase = try Wide.multiply(price.units, base.units, what())  // 18 places
        let money18 = try Wide.multiply(consideration.units, Wide.pow10(10), what())  // 18 places
        let numerator = try Wide.add(priceTimesBase, money18, what())
        return Price(units: try rule.divide(numerator, denominator.units, decimals: Price.decimals, what: what()))
    }

    /// numerator ÷ denominator as a ratio (a conversion rate, an ownership fraction).
    @inlinable
    public static func ratio<N: FixedPointQuantity>(_ numerator: N, _ denominator: N, rounding rule: RoundingRule = .exact)
        throws(ArithmeticError) -> Ratio
    {
        let scaled = try Wide.multiply(numerator.units, Wide.pow10(Ratio.decimals), "\(numerator) / \(denominator)")
        return Ratio(units: try rule.divide(scaled, denominator.units, decimals: Ratio.decimals, what: "\(numerator) / \(denominator)"))
    }

    /// money ÷ price as a ratio: a conversion rate (stated value ÷ conversion price).
    @inlinable
    public static func rate(_ value: Money, per price: Price, rounding rule: RoundingRule = .exact)
        throws(ArithmeticError) -> Ratio
    {
        // money(8) + 16 = 24 places; ÷ price(12) = 12 places.
        let scaled = try Wide.multiply(value.units, Wide.pow10(16), "$\(value) / $\(price)")
        // The exact rule's division of non-negative operands, estimated (a scaled stated value passes 64 bits, where
        // the general division is a long one); `nil` leaves the general division to give the value or the error.
        if rule.step == nil, let fast = Wide.dividePositive(scaled, price.units, .nearest) {
            return Ratio(units: fast)
        }
        do {
            // The description is made only if the division fails (formatting costs more than the arithmetic).
            return Ratio(
                units: try rule.divide(scaled, price.units, decimals: Ratio.decimals, what: "$\(value) / $\(price)"))
        } catch .divisionByZero {
            throw .zeroPrice(stated: "\(value)")
        }
    }

    /// shares × ratio → shares.
    @inlinable
    public static func shares(_ shares: Shares, times ratio: Ratio, _ rule: RoundingRule = .exact)
        throws(ArithmeticError) -> Shares
    {
        let product = try Wide.multiply(shares.units, ratio.units, "\(shares) × \(ratio)")
        return Shares(units: try rule.divide(product, Wide.pow10(Ratio.decimals), decimals: Shares.decimals, what: "\(shares) × \(ratio)"))
    }

    /// shares × money ÷ price: common issuable on conversion (shares × stated value ÷ conversion price).
    @inlinable
    public static func asConverted(_ shares: Shares, statedValue: Money, price: Price, _ rule: RoundingRule = .exact)
        throws(ArithmeticError) -> Shares
    {
        func what() -> String { "\(shares) shares × $\(statedValue) / $\(price)" }
        if rule.step == nil, let fast = asConverted(shares.units, statedValue: statedValue.units, price: price.units) {
            return Shares(units: fast)
        }
        // shares(6) × money(8) × 10^4 = 18 places; ÷ price(12) = 6 (shares).
        let product = try Wide.multiply(try Wide.multiply(shares.units, statedValue.units, what()), Wide.pow10(4), what())
        return Shares(units: try rule.divide(product, price.units, decimals: Shares.decimals, what: what()))
    }

    /// `asConverted(_:statedValue:price:)` with the exact rule, in raw units, without the general division: `nil`
    /// when that division must run (an overflow, a price that is not positive, a quotient of 2⁵³ units or more).
    @inlinable @inline(__always)
    package static func asConverted(_ shares: Int128, statedValue: Int128, price: Int128) -> Int128? {
        // Int128.max / 10⁴ written out: the toolchain computes the quotient at run time, with a call of `__udivti3`.
        let limit: UInt128 = 17_014_118_346_046_923_173_168_730_371_588_410
        // The usual case, three non-negative values below 2⁶³ (a positive price): the estimate from three
        // one-instruction conversions, the check by one 64 × 64-bit multiplication.
        if let s = UInt64(exactly: shares), let v = UInt64(exactly: statedValue), let p = UInt64(exactly: price),
            s | v | p < 1 << 63, p > 0
        {
            let (high, low) = s.multipliedFullWidth(by: v)
            let product = UInt128(high) << 64 | UInt128(low)
            guard product <= limit else { return nil }
            // Within a few units of the quotient (each operation is correctly rounded); `Wide.correct` makes it exact,
            // its products by a divisor below 2⁶⁴ one 64 × 64-bit multiplication each once inlined.
            let estimate = Double(Int64(bitPattern: s)) * Double(Int64(bitPattern: v)) * 1e4
                / Double(Int64(bitPattern: p))
            guard let (q, r) = Wide.correct(estimate, product &* 10_000, UInt128(p)) else { return nil }
            return Wide.rounded(q, r, UInt128(p), .nearest)
        }
        guard let product = Wide.product(shares, statedValue), product.magnitude <= limit else { return nil }
        return Wide.dividePositive(product &* 10_000, price, .nearest)
    }

    /// price × ratio → price (splits, proportional adjustments).
    @inlinable
    public static func price(_ price: Price, times numerator: Int128, over denominator: Int128, _ rule: RoundingRule = .exact)
        throws(ArithmeticError) -> Price
    {
        let product = try Wide.multiply(price.units, numerator, "$\(price) × \(numerator)")
        return Price(units: try rule.divide(product, denominator, decimals: Price.decimals, what: "$\(price) × \(numerator) / \(denominator)"))
    }
}

extension Exact {
    /// shares × (numerator ÷ denominator) for two quantities of the same kind.
    @inlinable
    public static func scaleShares<Q: FixedPointQuantity>(
        _ shares: Shares, by numerator: Q, over denominator: Q, rounding rule: RoundingRule = .exact
    ) throws(ArithmeticError) -> Shares {
        let product = try Wide.multiply(shares.units, numerator.units, "\(shares) × \(numerator)")
        return Shares(
            units: try rule.divide(product, denominator.units, decimals: Shares.decimals, what: "\(shares) × \(numerator) / \(denominator)"))
    }
}
