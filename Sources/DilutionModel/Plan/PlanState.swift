internal import DilutionExact

/// The mutable state the interpreter runs a plan on: the capitalization in raw fixed-point units,
/// the bindings of every event (written or sampled values) and scratch space. Made once per thread
/// (`Plan.makeState()`) and reset by copying, so that a path allocates nothing.
package struct PlanState: @unchecked Sendable {
    /// Owns the buffers below.
    let storage: Storage
    package var common: Int128 = 0
    package var pool: Int128 = 0
    package var cashRaised: Int128 = 0
    /// The round being applied: the consideration and additional shares its clauses see, and its top-up.
    var roundConsideration: Int128 = 0
    var roundAdditional: Int128 = 0
    var roundTopUp: Int128 = 0
    /// A replay of a later closing within its window: the first closing's op, and the cash and shares (as
    /// converted) its clauses also count.
    var augmentOp = -1
    var augmentCash: Int128 = 0
    var augmentShares: Int128 = 0
    /// Adjustments made so far.
    package var adjustments = 0
    /// Events applied so far (those that happened): the position of the next one in the path's scenario.
    package var applied = 0
    /// The date of the last event applied, as a day number (`Int.min` before the first).
    var lastDay = Int.min
    /// The last event applied (for the date-order message).
    var lastOp = 0
    /// One entry per slot.
    package let slots: UnsafeMutablePointer<SlotState>
    /// Holder shares, at each slot's `holderStart`.
    package let holders: UnsafeMutablePointer<Int128>
    /// Common held by each holder (`Plan.holderNames` order); they add up to `common`.
    package let commonHeld: UnsafeMutablePointer<Int128>
    /// Cash each holder received from transfers (`Money` units).
    package let proceeds: UnsafeMutablePointer<Int128>
    /// Money invested, per holder entry (parallel to `holders`, `Money` units), where the events record it
    /// (`HolderInvestment`'s rule); `Plan.unknownMoney` where they do not.
    package let invested: UnsafeMutablePointer<Int128>
    /// Money paid for common bought in transfers, per holder (`Plan.unknownMoney` once they sold common or bought it
    /// while holding common otherwise), and the common so bought (split with the common while it is all they hold).
    package let commonPaid: UnsafeMutablePointer<Int128>
    package let commonBought: UnsafeMutablePointer<Int128>
    /// Scratch for per-holder computations (`Plan.holderScratch` entries each).
    let scratch: UnsafeMutablePointer<Int128>
    let scratch2: UnsafeMutablePointer<Int128>
    /// Each holder's shares as converted, written by `Plan.holderTotals(_:)`.
    package let holderTotal: UnsafeMutablePointer<Int128>
    /// One entry per event: its inputs on this path.
    package let bindings: UnsafeMutablePointer<Binding>
    /// One entry per instrument an event creates: its terms on this path.
    package let terms: UnsafeMutablePointer<NewTerms>
    /// The inputs of the rounds priced from a valuation (investors' amounts, pool targets), at each
    /// round's `inputStart`: written, or drawn by a Monte Carlo path.
    package let roundInputs: UnsafeMutablePointer<Int128>
    /// Common as converted of every slot when the current round of clauses started (simultaneous).
    let snapshot: UnsafeMutablePointer<Int128>
    /// A of each distinct base, valid while `baseEpoch[base] == epoch`.
    let baseValue: UnsafeMutablePointer<Int128>
    let baseEpoch: UnsafeMutablePointer<Int>
    /// Whether a term of the base's A was negative when it was summed (then it is summed again rather than moved).
    let baseSigned: UnsafeMutablePointer<Bool>
    var epoch = 0
    /// The reciprocal of the weighted averages' last divisor (A + C times a price step), which the clauses of one
    /// issuance share: it only speeds their exact divisions.
    var reciprocal = Reciprocal()
    /// Every price-changing adjustment by an issuance: (op, slot, price before), for readjustments.
    var adjustedLog: [(op: Int32, slot: Int32, priceBefore: Int128)] = []
    /// The adjustments of the current round of a fixed-point cascade: (slot, shares before, after, price after).
    var round: [(slot: Int, before: Int128, after: Int128, price: Int128)] = []
    let slotCount: Int
    let opCount: Int
    let newCount: Int
    let holderCount: Int
    let baseCount: Int
    let inputCount: Int
    let nameCount: Int

    /// Frees the buffers when the last copy of the state goes away.
    final class Storage {
        let slots: UnsafeMutablePointer<SlotState>
        let holders: UnsafeMutablePointer<Int128>
        let bindings: UnsafeMutablePointer<Binding>
        let terms: UnsafeMutablePointer<NewTerms>
        let roundInputs: UnsafeMutablePointer<Int128>
        let snapshot: UnsafeMutablePointer<Int128>
        let baseValue: UnsafeMutablePointer<Int128>
        let baseEpoch: UnsafeMutablePointer<Int>
        let people: UnsafeMutablePointer<Int128>
        let peopleCount: Int
        /// Money invested per holder entry, then common paid for and bought per holder.
        let money: UnsafeMutablePointer<Int128>
        let scratchCount: Int
        let baseSigned: UnsafeMutablePointer<Bool>
        /// A round's working numbers (`Plan.solveRound`), made on first use and kept.
        private var roundNumbers: UnsafeMutablePointer<Int128>? = nil
        private var roundNumberCount = 0
        /// The state a round's trial adjustments run on, made on first use and kept between solves.
        private var roundState: PlanState? = nil

        /// At least `count` working numbers for a round (their values are left to the caller).
        func roundBuffer(count: Int) -> UnsafeMutablePointer<Int128> {
            if let roundNumbers, roundNumberCount >= count { return roundNumbers }
            roundNumbers?.deallocate()
            roundNumberCount = max(count, 1)
            let buffer = UnsafeMutablePointer<Int128>.allocate(capacity: roundNumberCount)
            buffer.initialize(repeating: 0, count: roundNumberCount)
            roundNumbers = buffer
            return buffer
        }

        /// The kept scratch state for a round's trial adjustments, if any, which the caller now owns alone
        /// (so that mutating it copies none of its arrays); `keepRoundState` gives it back.
        func takeRoundState() -> PlanState? {
            defer { roundState = nil }
            return roundState
        }

        func keepRoundState(_ state: PlanState) { roundState = state }

        init(
            slotCount: Int, opCount: Int, newCount: Int, holderCount: Int, baseCount: Int, nameCount: Int, scratchCount: Int,
            inputCount: Int
        ) {
            roundInputs = .allocate(capacity: max(inputCount, 1))
            roundInputs.initialize(repeating: 0, count: max(inputCount, 1))
            // Common held, proceeds and totals per holder, then two scratch areas.
            peopleCount = max(nameCount, 1)
            self.scratchCount = max(scratchCount, 1)
            people = .allocate(capacity: 3 * peopleCount + 2 * self.scratchCount)
            people.initialize(repeating: 0, count: 3 * peopleCount + 2 * self.scratchCount)
            slots = .allocate(capacity: max(slotCount, 1))
            slots.initialize(repeating: SlotState(), count: max(slotCount, 1))
            holders = .allocate(capacity: max(holderCount, 1))
            holders.initialize(repeating: 0, count: max(holderCount, 1))
            let moneyCount = max(holderCount, 1) + 2 * peopleCount
            money = .allocate(capacity: moneyCount)
            money.initialize(repeating: 0, count: moneyCount)
            bindings = .allocate(capacity: max(opCount, 1))
            bindings.initialize(repeating: Binding(), count: max(opCount, 1))
            terms = .allocate(capacity: max(newCount, 1))
            terms.initialize(repeating: NewTerms(), count: max(newCount, 1))
            snapshot = .allocate(capacity: max(slotCount, 1))
            snapshot.initialize(repeating: 0, count: max(slotCount, 1))
            baseValue = .allocate(capacity: max(baseCount, 1))
            baseValue.initialize(repeating: 0, count: max(baseCount, 1))
            baseEpoch = .allocate(capacity: max(baseCount, 1))
            baseEpoch.initialize(repeating: -1, count: max(baseCount, 1))
            baseSigned = .allocate(capacity: max(baseCount, 1))
            baseSigned.initialize(repeating: false, count: max(baseCount, 1))
        }

        deinit {
            slots.deallocate()
            holders.deallocate()
            bindings.deallocate()
            terms.deallocate()
            roundInputs.deallocate()
            snapshot.deallocate()
            baseValue.deallocate()
            baseEpoch.deallocate()
            people.deallocate()
            money.deallocate()
            baseSigned.deallocate()
            roundNumbers?.deallocate()
        }
    }

    init(
        slotCount: Int, opCount: Int, newCount: Int, holderCount: Int, baseCount: Int, nameCount: Int = 0,
        scratchCount: Int = 0, inputCount: Int = 0
    ) {
        storage = Storage(
            slotCount: slotCount, opCount: opCount, newCount: newCount, holderCount: holderCount, baseCount: baseCount,
            nameCount: nameCount, scratchCount: scratchCount, inputCount: inputCount)
        roundInputs = storage.roundInputs
        self.inputCount = inputCount
        commonHeld = storage.people
        proceeds = storage.people + storage.peopleCount
        holderTotal = storage.people + 2 * storage.peopleCount
        scratch = storage.people + 3 * storage.peopleCount
        scratch2 = scratch + storage.scratchCount
        invested = storage.money
        commonPaid = storage.money + max(holderCount, 1)
        commonBought = commonPaid + storage.peopleCount
        self.nameCount = nameCount
        slots = storage.slots
        holders = storage.holders
        bindings = storage.bindings
        terms = storage.terms
        snapshot = storage.snapshot
        baseValue = storage.baseValue
        baseEpoch = storage.baseEpoch
        baseSigned = storage.baseSigned
        self.slotCount = slotCount
        self.opCount = opCount
        self.newCount = newCount
        self.holderCount = holderCount
        self.baseCount = baseCount
        adjustedLog.reserveCapacity(16)
        round.reserveCapacity(8)
    }

    /// Makes this state a copy of `other` (of the same plan): capitalization and bindings.
    package mutating func copy(from other: PlanState) {
        copyCapitalization(from: other)
        bindings.update(from: other.bindings, count: opCount)
        terms.update(from: other.terms, count: newCount)
        roundInputs.update(from: other.roundInputs, count: inputCount)
    }

    /// Puts back a fresh state's values of the fields `copy(from:)` leaves alone, so that a kept scratch
    /// state starts a round's solve as a new one would.
    mutating func resetUncopied() {
        roundConsideration = 0
        roundAdditional = 0
        roundTopUp = 0
        augmentOp = -1
        augmentCash = 0
        augmentShares = 0
        round.removeAll(keepingCapacity: true)
    }

    /// Makes this state's capitalization (not its bindings) a copy of `other`'s.
    package mutating func copyCapitalization(from other: PlanState) {
        withUnsafePointer(to: other) { copyCapitalization(from: $0) }
    }

    /// `copyCapitalization(from: pointer.pointee)`, reading the state in place (a state read from a class's stored
    /// property is otherwise copied, with its references retained, before the call).
    package mutating func copyCapitalization(from pointer: UnsafePointer<PlanState>) {
        common = pointer.pointee.common
        pool = pointer.pointee.pool
        cashRaised = pointer.pointee.cashRaised
        adjustments = pointer.pointee.adjustments
        applied = pointer.pointee.applied
        lastDay = pointer.pointee.lastDay
        lastOp = pointer.pointee.lastOp
        slots.update(from: pointer.pointee.slots, count: slotCount)
        holders.update(from: pointer.pointee.holders, count: holderCount)
        commonHeld.update(from: pointer.pointee.commonHeld, count: nameCount)
        proceeds.update(from: pointer.pointee.proceeds, count: nameCount)
        invested.update(from: pointer.pointee.invested, count: holderCount)
        commonPaid.update(from: pointer.pointee.commonPaid, count: nameCount)
        commonBought.update(from: pointer.pointee.commonBought, count: nameCount)
        adjustedLog.removeAll(keepingCapacity: true)
        if !pointer.pointee.adjustedLog.isEmpty { adjustedLog.append(contentsOf: pointer.pointee.adjustedLog) }
    }
}
