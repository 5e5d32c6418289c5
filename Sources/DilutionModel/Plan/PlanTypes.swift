internal import DilutionExact

// Plain-data records of a compiled plan and of the state the interpreter runs on. None of the
// per-slot and per-op records holds a reference, a string or an array, so copying or resetting a
// state is a memory copy and a Monte Carlo path never retains, releases or allocates.

/// What an instrument slot holds (fixed for the whole plan).
package enum SlotKind: UInt8, Sendable {
    case preferred, warrant, option, other
    /// A SAFE or note: no shares until a round converts it.
    case convertible
}

/// One instrument's state: the `CapTable` entry, in raw fixed-point units.
package struct SlotState: Sendable {
    /// Preferred: shares outstanding; warrants, options, other: common issuable (`Shares` units).
    package var shares: Int128 = 0
    /// Conversion or exercise price (`Price` units), meaningful when `hasPrice`.
    package var price: Int128 = 0
    /// The price carried forward below a clause's minimum change, when `hasCarried`.
    package var carried: Int128 = 0
    /// Common issued so far on exercise or conversion (`Shares` units).
    package var issued: Int128 = 0
    /// Preferred: the stated value per share (`Money` units).
    package var stated: Int128 = 0
    /// `Instrument.commonAsConverted()`, kept up to date whenever shares, price or stated value change.
    package var asConverted: Int128 = 0
    /// The clause's floor (splits scale it), when `hasFloor`.
    package var floor: Int128 = 0
    /// Shares of this instrument lapsed so far.
    package var expired: Int128 = 0
    /// The same lapses counted in the shares the issuance created (`expired` × `issuedAs` ÷ `gross`).
    package var expiredAsIssued: Int128 = 0
    /// The shares the issuance created, and that count followed through every scaling and split:
    /// their ratio converts a lapse into the shares the issuance would not have created.
    package var issuedAs: Int128 = 0
    package var gross: Int128 = 0
    /// Shares treated as never issued by a readjustment's replay.
    package var removed: Int128 = 0
    /// The op that issued the instrument, or -1 when it is in the initial capitalization.
    package var origin: Int32 = -1
    /// How many of the slot's holder entries are in use.
    package var holderCount: Int32 = 0
    /// Whether the instrument exists at this point.
    package var exists = false
    package var hasPrice = false
    package var hasCarried = false
    package var hasFloor = false

    package init() {}
}

/// An anti-dilution clause with every parameter resolved, for one protected slot.
struct PlanClause: Sendable {
    /// Full ratchet when true, weighted average otherwise.
    var isRatchet = false
    /// At-or-below instead of strictly below.
    var atOrBelow = false
    var priceRounding = RoundingRule.exact
    var considerationRounding = RoundingRule.exact
    /// Whether B is left unrounded (the one-step weighted average).
    var considerationExact = true
    /// Preferred only: the conversion rate before and after is computed for the record, so its
    /// error conditions are checked.
    var checksRate = false
    var rateStepped = false
    /// The prices whose product by the rate's rounding step fits in an `Int128`.
    var rateMaxPrice: Int128 = 0
    var rateMinPrice: Int128 = 0
    var hasMinimum = false
    var minimum: Int128 = 0
    var neverUpward = true
    /// Full ratchet, issuance for no consideration: the nominal price after the clause's rounding,
    /// or `nil` when that rounding fails (the failure is raised when the clause fires).
    var noConsiderationPrice: Int128? = 0
    /// A warrant whose share count scales to keep the aggregate exercise price.
    var scales = false
    var shareRounding = RoundingRule.exact
    /// The roundings resolved at their resolutions (price, B in shares, scaled share counts), or
    /// `nil` when a step is finer than the resolution (the rule then fails where it is used).
    var priceStep: StepRounding? = nil
    var considerationStep: StepRounding? = nil
    var shareStep: StepRounding? = nil
    /// A: which distinct base (`Plan.bases`) the clause counts.
    var base = 0
}

/// A distinct weighted-average base: how many times common and the pool are counted, and the
/// slots counted (with multiplicity) at `start..<start + count` of `Plan.baseSlots`.
struct PlanBase: Sendable {
    var common = 0
    var pool = 0
    var start = 0
    var count = 0
}

/// The terms an issuance gives a new instrument on one path (the written ones, or sampled).
package struct NewTerms: Sendable {
    package var shares: Int128 = 0
    package var price: Int128 = 0
    package var hasPrice = false
    package var stated: Int128 = 0
    /// Whether the terms differ from the written ones (then the summary is recomputed).
    package var varies = false
}

/// An instrument an issuance creates: its slot and what it adds to the issuance's summary when
/// its terms are the written ones.
struct NewInstrument: Sendable {
    var slot = 0
    /// The minimum payment and common as converted of the written terms, when they compute.
    var payment: Int128 = 0
    var asConverted: Int128 = 0
    var constant = true
    /// Other slots with the same id (an id issued by alternative events), at
    /// `twinStart..<twinStart + twinCount` of `Plan.twins`.
    var twinStart = 0
    var twinCount = 0
}

/// One event's inputs on one path: the written values, or those a Monte Carlo path drew.
package struct Binding: Sendable {
    /// Whether the event is applied at all on this path.
    package var happens = true
    /// An exercise that did not happen and lapses instead (`otherwise: expire`).
    package var lapse = false
    /// Whether that lapse readjusts.
    package var lapseReadjusts = false
    /// Issuance: cash paid and common issued (`Money` and `Shares` units).
    package var cash: Int128 = 0
    package var common: Int128 = 0
    /// Exercise: 0 all, 1 shares, 2 fraction (`Ratio` units). Expire and convert: 0 all, 1 shares.
    package var quantityMode: UInt8 = 0
    package var quantity: Int128 = 0
    /// Exercise: net at a fair value instead of cash.
    package var net = false
    package var fairValue: Int128 = 0
    package var hasSharePrice = false
    package var sharePrice: Int128 = 0
    /// A round priced from a valuation: the valuation (`Money` units).
    package var valuation: Int128 = 0
    /// Exit: value, debt, costs (`Money` units) and carve-out (`Ratio` units).
    package var exitValue: Int128 = 0
    package var exitDebt: Int128 = 0
    package var exitCosts: Int128 = 0
    package var exitCarveOut: Int128 = 0
}

/// What an event does, compiled to slot indices.
struct PlanOp: Sendable {
    enum Kind: UInt8 {
        case issue, exercise, expire, split, convert, transfer, ipo, exit, closing
    }

    var kind = Kind.issue
    /// The event's date as a day number, for the date-order check.
    var day = 0

    // Issuance.
    var exempt = false
    var fromPool: Int128 = 0
    var newStart = 0
    var newCount = 0
    /// Slots whose clauses are tested, in cascade order, at `eligibleStart..<eligibleStart + eligibleCount`.
    var eligibleStart = 0
    var eligibleCount = 0
    /// Whether every new instrument's written summary computed (then `constant…` hold their sums).
    var constantSummary = true
    var constantConsideration: Int128 = 0
    var constantAdditional: Int128 = 0

    // Exercise, expiry, conversion: the slots holding the instrument's id, at
    // `refStart..<refStart + refCount` of `Plan.refs` (the one that exists is meant).
    var refStart = 0
    var refCount = 0
    /// Net exercise, conversion or split rounding of the shares issued.
    var rounding = RoundingRule.exact
    /// The exercise's own `otherwiseExpire` (share-price condition unmet) and its readjustment.
    var otherwiseExpire = false
    var readjustOnExpiry = false
    /// Expiry: whether it readjusts.
    var readjust = false

    /// IPO: whether every preferred series converts after its ratchet.
    var convertsPreferred = true
    /// A later closing: its index in `Plan.closings`.
    var closing = 0
    /// A round priced from a valuation: its index in `Plan.rounds`, or -1.
    var round: Int32 = -1

    // Split.
    var numerator: Int128 = 1
    var denominator: Int128 = 1

    // Holders: who receives an issuance's common outright (`Plan.holderNames` index); a transfer's
    // position in `Plan.transfers`.
    var commonHolder = 0
    var transfer = 0
}

/// A transfer between holders, compiled: the class sold and the class bought (slots at `refs`, or
/// common), the sellers and buyers (`Plan.transferParts`: holder index and shares).
struct PlanTransfer: Sendable {
    var fromCommon = false
    var toCommon = false
    /// The slots holding the class bought, at `toRefStart..<toRefStart + toRefCount` of `Plan.refs`.
    var toRefStart = 0
    var toRefCount = 0
    /// Pro rata from every holder of the class (then `total` is the count), else the listed sellers.
    var proRata = false
    var total: Int128 = 0
    // The price is the event's binding (`sharePrice`), so that a path may draw it.
    var sellerStart = 0
    var sellerCount = 0
    var buyerStart = 0
    var buyerCount = 0
    var triggers = false
}

/// One seller's or buyer's part of a transfer.
struct TransferPart: Sendable {
    var holder = 0
    var shares: Int128 = 0
}
