/// The mixed-type operations of the engine. Each states its rounding; results finer than the
/// result type's resolution are rounded by the given direction, and only there.
public enum Exact {
    /// shares × price → money.
    public static func value(of shares: Shares, at price: Price, _ direction: RoundingDirection = .nearest)
        throws(ArithmeticError) -> Money
    {
        let product = try Wide.multiply(shares.units, price.units, "the value of \(shares) shares at $\(price)")
        // shares(6) + price(12) = 18 places; money has 8.
        return Money(units: try Wide.divide(product, Wide.pow10(10), direction, "a value in dollars"))
    }

    /// money ÷ price → shares, rounded by `rule` (its step is in shares).
    public static func shares(buyableWith money: Money, at price: Price, rounding rule: RoundingRule)
        throws(ArithmeticError) -> Shares
    {
        let scaled = try Wide.multiply(money.units, Wide.pow10(10), "\(money) dollars at $\(price)")
        // money(8)+10 = 18 places; ÷ price(12) = 6 places (shares).
        let exact = try Wide.divide(scaled, price.units, rule.direction, "the shares $\(money) buys at $\(price)")
        return Shares(units: try rule.round(units: exact, decimals: Shares.decimals, what: "a share count"))
    }

    /// money ÷ shares → price per share.
    public static func price(of money: Money, per shares: Shares, _ direction: RoundingDirection = .nearest)
        throws(ArithmeticError) -> Price
    {
        // money(8) + 10 = 18 places; ÷ shares(6) = 12 places (price).
        let scaled = try Wide.multiply(money.units, Wide.pow10(10), "$\(money) per \(shares) shares")
        return Price(units: try Wide.divide(scaled, shares.units, direction, "the price of $\(money) per \(shares) shares"))
    }

    /// price × (numerator ÷ denominator), rounded by `rule` (its step is in dollars).
    public static func scale(
        _ price: Price, by numerator: Shares, over denominator: Shares, rounding rule: RoundingRule
    ) throws(ArithmeticError) -> Price {
        let product = try Wide.multiply(price.units, numerator.units, "$\(price) × \(numerator)")
        let exact = try Wide.divide(product, denominator.units, rule.direction, "$\(price) × \(numerator) / \(denominator)")
        return Price(units: try rule.round(units: exact, decimals: Price.decimals, what: "a price"))
    }

    /// (price × shares + money) ÷ shares: the weighted average with B left unrounded,
    /// `CP1 × (A + consideration / CP1) / (A + C)`, computed in one exact step.
    public static func weightedAverage(
        price: Price, base: Shares, consideration: Money, over denominator: Shares, rounding rule: RoundingRule
    ) throws(ArithmeticError) -> Price {
        let what = "the weighted average of $\(price) over \(base) + \(consideration) / \(denominator)"
        let priceTimesBase = try Wide.multiply(price.units, base.units, what)  // 18 places
        let money18 = try Wide.multiply(consideration.units, Wide.pow10(10), what)  // 18 places
        let numerator = try Wide.add(priceTimesBase, money18, what)
        let exact = try Wide.divide(numerator, denominator.units, rule.direction, what)  // 12 places
        return Price(units: try rule.round(units: exact, decimals: Price.decimals, what: "a price"))
    }

    /// numerator ÷ denominator as a ratio (a conversion rate, an ownership fraction).
    public static func ratio<N: FixedPointQuantity>(_ numerator: N, _ denominator: N, rounding rule: RoundingRule = .exact)
        throws(ArithmeticError) -> Ratio
    {
        let scaled = try Wide.multiply(numerator.units, Wide.pow10(Ratio.decimals), "\(numerator) / \(denominator)")
        let exact = try Wide.divide(scaled, denominator.units, rule.direction, "\(numerator) / \(denominator)")
        return Ratio(units: try rule.round(units: exact, decimals: Ratio.decimals, what: "a ratio"))
    }

    /// money ÷ price as a ratio: a conversion rate (stated value ÷ conversion price).
    public static func rate(_ value: Money, per price: Price, rounding rule: RoundingRule = .exact)
        throws(ArithmeticError) -> Ratio
    {
        // money(8) + 16 = 24 places; ÷ price(12) = 12 places.
        let scaled = try Wide.multiply(value.units, Wide.pow10(16), "$\(value) / $\(price)")
        let exact = try Wide.divide(scaled, price.units, rule.direction, "$\(value) / $\(price)")
        return Ratio(units: try rule.round(units: exact, decimals: Ratio.decimals, what: "a conversion rate"))
    }

    /// shares × ratio → shares.
    public static func shares(_ shares: Shares, times ratio: Ratio, _ rule: RoundingRule = .exact)
        throws(ArithmeticError) -> Shares
    {
        let product = try Wide.multiply(shares.units, ratio.units, "\(shares) × \(ratio)")
        let exact = try Wide.divide(product, Wide.pow10(Ratio.decimals), rule.direction, "\(shares) × \(ratio)")
        return Shares(units: try rule.round(units: exact, decimals: Shares.decimals, what: "a share count"))
    }

    /// shares × money ÷ price: common issuable on conversion (shares × stated value ÷ conversion price).
    public static func asConverted(_ shares: Shares, statedValue: Money, price: Price, _ rule: RoundingRule = .exact)
        throws(ArithmeticError) -> Shares
    {
        let what = "\(shares) shares × $\(statedValue) / $\(price)"
        // shares(6) × money(8) = 14 places; × 10 → 24 - price(12) = 12... keep 6 places for shares:
        // shares(6) × money(8) × 10^4 = 18; ÷ price(12) = 6.
        let product = try Wide.multiply(try Wide.multiply(shares.units, statedValue.units, what), Wide.pow10(4), what)
        let exact = try Wide.divide(product, price.units, rule.direction, what)
        return Shares(units: try rule.round(units: exact, decimals: Shares.decimals, what: "a share count"))
    }

    /// price × ratio → price (splits, proportional adjustments).
    public static func price(_ price: Price, times numerator: Int128, over denominator: Int128, _ rule: RoundingRule = .exact)
        throws(ArithmeticError) -> Price
    {
        let product = try Wide.multiply(price.units, numerator, "$\(price) × \(numerator)")
        let exact = try Wide.divide(product, denominator, rule.direction, "$\(price) × \(numerator) / \(denominator)")
        return Price(units: try rule.round(units: exact, decimals: Price.decimals, what: "a price"))
    }
}
