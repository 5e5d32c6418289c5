package import DilutionExact
package import DilutionScenario
import Foundation

/// Why a sweep cannot run: a full sentence for the user.
package struct SweepError: Error, CustomStringConvertible, Equatable, Sendable {
    package var message: String
    /// The event at fault, when the error is the engine's at one (to be placed at its line).
    package var event: PathEventError?
    package init(_ message: String, event: PathEventError? = nil) {
        self.message = message
        self.event = event
    }
    package var description: String { message }
}

/// How a swept input enters the engine, which fixes the resolution of its grid values.
///
/// Values enter like sampled values (see "Uncertain inputs" in docs/scenario-format.md): prices at $0.0001,
/// amounts of money and share counts whole, fractions and probabilities as given.
package enum SweepInputKind: Sendable, Equatable {
    case price, money, shares, fraction, probability
    /// A yearly interest rate: a fraction that may exceed 1.
    case rate

    /// The kind of the input at `path`, from its last component (`next-raise.price` is a price).
    package init(path: String) {
        let key = path.split(separator: ".").last.map(String.init) ?? path
        switch key {
        case "cash", "amount", "stated-value", "original-issue-price": self = .money
        case "value", "debt", "costs": self = .money  // an exit's
        case "cap": self = .money  // a SAFE's or note's
        case "discount": self = .fraction
        case "rate": self = .rate  // a note's interest
        case "shares", "common": self = .shares
        case "fraction", "carve-out": self = .fraction
        case "probability": self = .probability
        default: self = .price
        }
    }

    /// The most decimals a grid value may have; log-spaced values are rounded to this many.
    package var decimals: Int {
        switch self {
        case .price: 4
        case .money, .shares: 0
        case .fraction, .probability, .rate: 6
        }
    }

    /// What the resolution means, for messages.
    var resolution: String {
        switch self {
        case .price: "prices enter the engine to $0.0001 (4 decimals)"
        case .money: "amounts of money enter the engine in whole dollars"
        case .shares: "share counts enter the engine in whole shares"
        case .fraction, .probability: "fractions and probabilities are swept to at most 6 decimals"
        case .rate: "rates are swept to at most 6 decimals"
        }
    }
}

/// One swept input and the exact decimal values it takes, in order.
///
/// Syntax of `--vary PATH=SPEC`:
/// - `LO:HI:STEP` — LO, LO + STEP, LO + 2·STEP, … up to HI (included when it falls on the grid); every value is
///   computed exactly as LO + k·STEP in decimal, never by adding steps in floating point;
/// - `a,b,c` — exactly these values, in this order (no thousands separators in a list);
/// - `LO:HI:*N` — N log-spaced values from LO to HI (both included, LO > 0): LO·(HI/LO)^(k/(N−1)) computed in
///   `Double` and rounded to the input's resolution (`SweepInputKind.decimals`); values that round to the same
///   number appear once.
package struct SweepAxis: Sendable, Equatable {
    /// The input's path, `EVENT-ID.KEY` or `EVENT-ID.INSTRUMENT-ID.KEY`.
    package var path: String
    /// The grid values, exact.
    package var values: [DecimalNumber]

    /// The most values one axis may have.
    package static let maximumCount = 100_000

    package init(path: String, values: [DecimalNumber]) {
        self.path = path
        self.values = values
    }

    /// Parses `PATH=SPEC` (see the type's documentation) and checks the values against the input's kind.
    package static func parse(_ argument: String) throws(SweepError) -> SweepAxis {
        guard let equals = argument.firstIndex(of: "=") else {
            throw SweepError(
                "'--vary \(argument)' needs the form PATH=LO:HI:STEP, PATH=a,b,c or PATH=LO:HI:*N "
                    + "(for example next-raise.price=0.50:1.50:0.25).")
        }
        let path = String(argument[..<equals]).trimmingCharacters(in: .whitespaces)
        let spec = String(argument[argument.index(after: equals)...]).trimmingCharacters(in: .whitespaces)
        guard !path.isEmpty else { throw SweepError("'--vary \(argument)' names no input before '='.") }
        guard !spec.isEmpty else { throw SweepError("'--vary \(argument)' gives no values after '='.") }
        let kind = SweepInputKind(path: path)
        var values: [DecimalNumber]
        if spec.contains(":") {
            let parts = spec.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
            guard parts.count == 3 else {
                throw SweepError("The range '\(spec)' for \(path) must be LO:HI:STEP or LO:HI:*N.")
            }
            let low = try number(parts[0], path: path, kind: kind)
            let high = try number(parts[1], path: path, kind: kind)
            guard low <= high else {
                throw SweepError("The range '\(spec)' for \(path) runs from \(low) down to \(high); put the lower "
                    + "value first.")
            }
            if parts[2].hasPrefix("*") {
                guard let count = Int(parts[2].dropFirst()), count >= 2, count <= maximumCount else {
                    throw SweepError("The number of log-spaced points in '\(spec)' for \(path) must be a whole "
                        + "number from 2 to \(maximumCount), not '\(parts[2].dropFirst())'.")
                }
                guard low.significand > 0 else {
                    throw SweepError("Log-spaced values for \(path) need a positive lower end, not \(low).")
                }
                values = try logSpaced(from: low, to: high, count: count, decimals: kind.decimals, path: path)
            } else {
                let step = try number(parts[2], path: path, kind: kind)
                guard step.significand > 0 else {
                    throw SweepError("The step in '\(spec)' for \(path) must be positive, not \(step).")
                }
                values = try linear(from: low, to: high, step: step, path: path)
            }
        } else {
            values = try spec.split(separator: ",", omittingEmptySubsequences: false).map {
                (text) throws(SweepError) -> DecimalNumber in try number(String(text), path: path, kind: kind)
            }
        }
        for value in values { try check(value, kind: kind, path: path) }
        return SweepAxis(path: path, values: values)
    }

    /// A value of the grid of `path`; an amount of money may carry the K/M/B suffixes of a scenario file and of
    /// `dilution exit --at` (`sale.value=20M:2B:20M`), read by the same reader (`MoneyText`), exactly.
    static func number(_ text: String, path: String, kind: SweepInputKind) throws(SweepError) -> DecimalNumber {
        if kind == .money {
            do {
                return try MoneyText.decimal(parsing: text).normalized
            } catch {
                throw SweepError("'\(text.trimmingCharacters(in: .whitespaces))' in the values for \(path) is not an "
                    + "amount of money: \(error.reason).")
            }
        }
        do {
            return try DecimalNumber(parsing: text).normalized
        } catch {
            throw SweepError("'\(text.trimmingCharacters(in: .whitespaces))' in the values for \(path) is not a "
                + "decimal number.")
        }
    }

    static func check(_ value: DecimalNumber, kind: SweepInputKind, path: String) throws(SweepError) {
        if value.isNegative { throw SweepError("The value \(value) for \(path) is negative.") }
        if value.normalized.scale > kind.decimals {
            throw SweepError("The value \(value) for \(path) has too many decimals: \(kind.resolution).")
        }
        switch kind {
        case .price where value.isZero:
            throw SweepError("The value 0 for \(path) is not a price; prices must be positive.")
        case .fraction, .probability:
            if value > DecimalNumber(1) { throw SweepError("The value \(value) for \(path) is above 1.") }
        default:
            break
        }
    }

    /// LO + k·STEP for k = 0, 1, … while the value is at most HI, in exact decimal arithmetic.
    static func linear(from low: DecimalNumber, to high: DecimalNumber, step: DecimalNumber, path: String)
        throws(SweepError) -> [DecimalNumber]
    {
        let scale = max(low.scale, high.scale, step.scale)
        guard let lo = low.significand(atScale: scale), let hi = high.significand(atScale: scale),
            let st = step.significand(atScale: scale)
        else { throw SweepError("The range for \(path) has numbers too large to sweep exactly.") }
        let count = (hi - lo) / st + 1
        guard count <= Int128(maximumCount) else {
            throw SweepError("The range for \(path) has \(count) values; at most \(maximumCount) are allowed.")
        }
        return (0..<Int(count)).map { k in DecimalNumber(significand: lo + Int128(k) * st, scale: scale).normalized }
    }

    /// N log-spaced values, computed in `Double` and rounded half away from zero to `decimals` decimals.
    static func logSpaced(from low: DecimalNumber, to high: DecimalNumber, count: Int, decimals: Int, path: String)
        throws(SweepError) -> [DecimalNumber]
    {
        let lo = Double("\(low)")!
        let hi = Double("\(high)")!
        var values: [DecimalNumber] = []
        for k in 0..<count {
            let value: DecimalNumber
            if k == 0 {
                value = low
            } else if k == count - 1 {
                value = high
            } else {
                let x = lo * pow(hi / lo, Double(k) / Double(count - 1))
                let scaled = (x * pow(10, Double(decimals))).rounded(.toNearestOrAwayFromZero)
                guard scaled.isFinite, abs(scaled) < 1e30 else {
                    throw SweepError("The log-spaced values for \(path) are too large.")
                }
                value = DecimalNumber(significand: Int128(scaled), scale: decimals).normalized
            }
            if values.last != value { values.append(value) }
        }
        return values
    }
}

extension DecimalNumber {
    /// The same number without trailing zero decimals (`1.500` → `1.5`).
    package var normalized: DecimalNumber {
        var s = significand
        var k = scale
        while k > 0, s % 10 == 0 {
            s /= 10
            k -= 1
        }
        return DecimalNumber(significand: s, scale: k)
    }

    /// The significand at a larger scale (`nil` on overflow).
    func significand(atScale target: Int) -> Int128? {
        guard target >= scale else { return nil }
        var s = significand
        for _ in scale..<target {
            let (product, overflow) = s.multipliedReportingOverflow(by: 10)
            if overflow { return nil }
            s = product
        }
        return s
    }

    /// The value as a double (nearest), for the sampled-input interface.
    var doubleValue: Double { Double("\(self)")! }
}
