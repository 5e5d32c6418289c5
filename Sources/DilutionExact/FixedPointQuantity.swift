/// A non-floating, exact quantity stored as an integer count of `10^-decimals` units.
///
/// Money, prices, share counts and ratios are distinct types conforming to this protocol, so
/// that the compiler keeps a price from being added to a share count; conversions between them
/// go through the explicit, rounding-aware operations in `Exact`.
public protocol FixedPointQuantity: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Decimal places carried: the type's resolution is `10^-decimals`.
    static var decimals: Int { get }
    /// The quantity in units of `10^-decimals`.
    var units: Int128 { get }
    init(units: Int128)
}

extension FixedPointQuantity {
    public static var zero: Self { Self(units: 0) }

    /// One unit of the quantity (one dollar, one share).
    public static var one: Self { Self(units: Wide.pow10(decimals)) }

    /// A whole number of the quantity.
    public init(_ integer: Int) {
        self.init(units: Int128(integer) * Wide.pow10(Self.decimals))
    }

    /// Converts an exact decimal; fails if it has more decimal places than the type carries.
    public init(exactly decimal: DecimalNumber) throws(ArithmeticError) {
        self.init(units: try decimal.units(atDecimals: Self.decimals, what: "\(decimal)"))
    }

    /// Parses a decimal string (never through `Double`); traps on malformed input, so use it for
    /// constants only. Scenario input goes through `DecimalNumber(parsing:)` and reports errors.
    public init(_ literal: String) {
        self.init(units: try! DecimalNumber(parsing: literal).units(atDecimals: Self.decimals, what: literal))
    }

    /// The exact value as a decimal.
    public var decimal: DecimalNumber { DecimalNumber(significand: units, scale: Self.decimals) }

    public var isZero: Bool { units == 0 }
    public var isNegative: Bool { units < 0 }
    public var isPositive: Bool { units > 0 }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.units < rhs.units }

    /// Checked sum.
    @inlinable
    public static func + (lhs: Self, rhs: Self) throws(ArithmeticError) -> Self {
        Self(units: try Wide.add(lhs.units, rhs.units, "a sum of \(Self.self) values"))
    }

    /// Checked difference.
    @inlinable
    public static func - (lhs: Self, rhs: Self) throws(ArithmeticError) -> Self {
        Self(units: try Wide.subtract(lhs.units, rhs.units, "a difference of \(Self.self) values"))
    }

    /// Checked product by a whole number.
    @inlinable
    public func times(_ factor: Int128) throws(ArithmeticError) -> Self {
        Self(units: try Wide.multiply(units, factor, "a multiple of \(Self.self)"))
    }

    /// Rounds to a rule's step.
    @inlinable
    public func rounded(_ rule: RoundingRule) throws(ArithmeticError) -> Self {
        Self(units: try rule.round(units: units, decimals: Self.decimals, what: "rounding \(self)"))
    }

    /// The value rounded to whole units of the quantity, as an integer.
    public func wholeUnits(_ direction: RoundingDirection = .down) -> Int128 {
        // Division by a positive power of ten cannot fail.
        try! Wide.divide(units, Wide.pow10(Self.decimals), direction, "")
    }

    /// Fixed places, grouped with commas: `formatted(places: 2)` gives `1,921,400.00`.
    /// Rounds to nearest at the last place shown.
    public func formatted(places: Int, grouped: Bool = true) -> String {
        let shown: Int128
        if places < Self.decimals {
            shown = try! Wide.divide(units, Wide.pow10(Self.decimals - places), .nearest, "")
        } else {
            shown = units
        }
        let decimals = min(places, Self.decimals)
        return DecimalFormatting.format(
            units: shown, decimals: decimals, minimumFractionDigits: places, grouped: grouped)
    }

    public var description: String { DecimalFormatting.plain(units: units, decimals: Self.decimals) }

    /// Every digit, grouped, with at least `minimumPlaces` decimals: `$`-free text for messages.
    public func fullText(minimumPlaces: Int = 0) -> String {
        DecimalFormatting.format(units: units, decimals: Self.decimals, minimumFractionDigits: minimumPlaces, grouped: true)
    }
}

/// An amount of money in dollars, exact to 10⁻⁸ dollar.
public struct Money: FixedPointQuantity {
    public static let decimals = 8
    public var units: Int128
    public init(units: Int128) { self.units = units }
}

/// A price per share in dollars, exact to 10⁻¹² dollar.
public struct Price: FixedPointQuantity {
    public static let decimals = 12
    public var units: Int128
    public init(units: Int128) { self.units = units }
}

/// A number of shares, exact to 10⁻⁶ share (share counts are usually whole; splits and
/// as-converted counts need fractions until a clause or an output rounds them).
public struct Shares: FixedPointQuantity {
    public static let decimals = 6
    public var units: Int128
    public init(units: Int128) { self.units = units }
}

/// A dimensionless ratio (a conversion rate, an ownership fraction), exact to 10⁻¹².
public struct Ratio: FixedPointQuantity {
    public static let decimals = 12
    public var units: Int128
    public init(units: Int128) { self.units = units }

    /// The ratio as a percentage with `places` decimals, for output.
    public func percent(places: Int) -> String {
        let (scaled, overflow) = units.multipliedReportingOverflow(by: 100)
        return overflow ? "overflow" : Ratio(units: scaled).formatted(places: places, grouped: false)
    }
}
