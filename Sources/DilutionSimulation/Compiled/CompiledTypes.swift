internal import DilutionExact

// Plain-data records of the compiled Monte Carlo path. None holds a reference, a string or an
// array, so that copying or resetting them is a memory copy and a path never retains or releases.

/// What an instrument slot holds (fixed for the whole run).
enum SlotKind: UInt8 {
    case preferred, warrant, option, other
}

/// One instrument's state on a path: the `CapTable` entry, in raw fixed-point units.
struct SlotState {
    /// Preferred: shares outstanding; warrants, options, other: common issuable (`Shares` units).
    var shares: Int128 = 0
    /// Conversion or exercise price (`Price` units), meaningful when `hasPrice`.
    var price: Int128 = 0
    /// The price carried forward below a clause's minimum change, when `hasCarried`.
    var carried: Int128 = 0
    /// Common issued so far on exercise or conversion (`Shares` units).
    var issued: Int128 = 0
    /// Preferred: the stated value per share (`Money` units).
    var stated: Int128 = 0
    /// `Instrument.commonAsConverted()`, kept up to date whenever shares, price or stated value change.
    var asConverted: Int128 = 0
    /// Whether the instrument exists at this point of the path.
    var exists = false
    var hasPrice = false
    var hasCarried = false
}

/// An anti-dilution clause with every parameter resolved, for one protected slot.
struct CompiledClause {
    /// Full ratchet when true, weighted average otherwise.
    var isRatchet = false
    /// At-or-below instead of strictly below.
    var atOrBelow = false
    var priceRounding = RoundingRule.exact
    var considerationRounding = RoundingRule.exact
    /// Whether B is left unrounded (the one-step weighted average).
    var considerationExact = true
    /// Preferred only: the generic engine computes the conversion rate before and after; its error
    /// conditions are checked.
    var checksRate = false
    var rateStepped = false
    /// The prices whose product by the rate's rounding step fits in an `Int128`.
    var rateMaxPrice: Int128 = 0
    var rateMinPrice: Int128 = 0
    var hasFloor = false
    var floor: Int128 = 0
    var hasMinimum = false
    var minimum: Int128 = 0
    var neverUpward = true
    /// Full ratchet, issuance for no consideration: the nominal price after the clause's rounding.
    var noConsiderationPrice: Int128 = 0
    /// A warrant whose share count scales to keep the aggregate exercise price.
    var scales = false
    var shareRounding = RoundingRule.exact
    /// A: how many times common and the pool are counted, and the slots counted (with multiplicity)
    /// at `baseStart..<baseStart + baseCount` of `CompiledScenario.baseSlots`.
    var baseCommon = 0
    var basePool = 0
    var baseStart = 0
    var baseCount = 0
}

/// An instrument created by an issuance, with what it adds to the issuance's summary.
struct NewInstrument {
    var slot = 0
    var shares: Int128 = 0
    var price: Int128 = 0
    var hasPrice = false
    var stated: Int128 = 0
    /// Common as converted (unused for the priced series, computed per path).
    var asConverted: Int128 = 0
    /// Whether this is the priced issuance's series, whose size and price are drawn per path.
    var priced = false
}

/// One event's inputs on one path, after the sampled values have replaced the written ones.
struct Realized {
    /// Whether the event is applied at all on this path.
    var happens = true
    /// An exercise that did not happen and lapses instead (`otherwise: expire`).
    var lapse = false
    /// Issuance: cash paid and common issued (`Money` and `Shares` units).
    var cash: Int128 = 0
    var common: Int128 = 0
    /// The priced series: shares, price and stated value.
    var newShares: Int128 = 0
    var newPrice: Int128 = 0
    var newStated: Int128 = 0
    /// Exercise: 0 all, 1 shares, 2 fraction (`Ratio` units). Expire and convert: 0 all, 1 shares.
    var quantityMode: UInt8 = 0
    var quantity: Int128 = 0
    /// Exercise: net at a fair value instead of cash.
    var net = false
    var fairValue: Int128 = 0
    var hasSharePrice = false
    var sharePrice: Int128 = 0
}

/// What an event after the certain prefix does, compiled to slot indices.
struct CompiledOp {
    enum Kind: UInt8 {
        case issue, exercise, expire, convert
    }

    var kind = Kind.issue
    /// Where the event is among the scenario's events (`StochasticScenario.allEvents`).
    var eventIndex = 0
    /// The written values; a path starts from them and replaces what it samples.
    var defaults = Realized()

    // Sampling (recipe events only).
    var hasRecipe = false
    /// 0 none, 1 fixed (`fixedProbability`), 2 drawn from `distributions[probabilityInput]`.
    var probabilityMode: UInt8 = 0
    var fixedProbability = 1.0
    var probabilityInput = -1
    /// The inputs drawn, in recipe order, at `inputStart..<inputStart + inputCount`.
    var inputStart = 0
    var inputCount = 0
    /// The input that sets each field (the last one listed), or -1.
    var cashInput = -1
    var commonInput = -1
    var priceInput = -1
    var amountInput = -1
    var sharesInput = -1
    var fractionInput = -1
    var fairValueInput = -1
    var sharePriceInput = -1
    /// An exercise that lapses when the event does not happen.
    var lapses = false

    // Issuance.
    var exempt = false
    var fromPool: Int128 = 0
    var newStart = 0
    var newCount = 0
    /// Slots whose clauses are tested, in cascade order, at `eligibleStart..<eligibleStart + eligibleCount`.
    var eligibleStart = 0
    var eligibleCount = 0
    /// The positive minimum payments of the new instruments (`Money` units) and the common as
    /// converted of those whose size is fixed (`Shares` units).
    var constantConsideration: Int128 = 0
    var constantAdditional: Int128 = 0
    var priced = false
    /// Position of the priced series among the new instruments, or -1 for common.
    var pricedNew = -1
    var pricedRounding = RoundingRule.exact
    var fixedPrice: Int128 = 0
    var fixedAmount: Int128 = 0

    // Exercise, expiry, conversion.
    var slot = 0
    /// Net exercise or conversion rounding of the shares issued.
    var rounding = RoundingRule.exact
    /// The exercise's own `otherwiseExpire` (share-price condition unmet).
    var otherwiseExpire = false
}

/// One instrument's metrics, in `ScenarioPathModel.metricNames` order.
struct RecordEntry {
    var slot = 0
    /// The kind the metric names were made for.
    var kind = SlotKind.other
}

/// A conversion rate computed on an earlier path, reused while stated value and price are the same.
struct RateCache {
    var stated: Int128 = 0
    var price: Int128 = 0
    var value = 0.0
    var valid = false
}
