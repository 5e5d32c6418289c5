/// The mutable state of the compiled path for one worker thread: the capitalization of the path
/// being evaluated, in raw fixed-point units, and scratch space. Created once per thread
/// (`CompiledScenario.makeState()`), reset at the start of every path by copying the checkpoint.
package struct CompiledState {
    /// Owns the buffers below.
    let storage: Storage
    var common: Int128 = 0
    var pool: Int128 = 0
    var cashRaised: Int128 = 0
    /// Adjustments made after the checkpoint.
    var adjustments = 0
    /// One entry per slot.
    let slots: UnsafeMutablePointer<SlotState>
    /// Common as converted of every slot at the start of the current event (simultaneous cascades).
    let snapshot: UnsafeMutablePointer<Int128>
    /// One entry per op: its inputs on this path.
    let realized: UnsafeMutablePointer<Realized>
    /// One entry per distribution: the value drawn on this path.
    let values: UnsafeMutablePointer<Double>
    /// One entry per slot: the last conversion rate recorded.
    let rates: UnsafeMutablePointer<RateCache>

    /// Frees the buffers when the last copy of the state goes away.
    final class Storage {
        let slots: UnsafeMutableBufferPointer<SlotState>
        let snapshot: UnsafeMutableBufferPointer<Int128>
        let realized: UnsafeMutableBufferPointer<Realized>
        let values: UnsafeMutableBufferPointer<Double>
        let rates: UnsafeMutableBufferPointer<RateCache>

        init(slotCount: Int, opCount: Int, inputCount: Int) {
            slots = .allocate(capacity: max(slotCount, 1))
            slots.initialize(repeating: SlotState())
            snapshot = .allocate(capacity: max(slotCount, 1))
            snapshot.initialize(repeating: 0)
            realized = .allocate(capacity: max(opCount, 1))
            realized.initialize(repeating: Realized())
            values = .allocate(capacity: max(inputCount, 1))
            values.initialize(repeating: 0)
            rates = .allocate(capacity: max(slotCount, 1))
            rates.initialize(repeating: RateCache())
        }

        deinit {
            slots.deallocate()
            snapshot.deallocate()
            realized.deallocate()
            values.deallocate()
            rates.deallocate()
        }
    }

    init(slotCount: Int, opCount: Int, inputCount: Int) {
        storage = Storage(slotCount: slotCount, opCount: opCount, inputCount: inputCount)
        slots = storage.slots.baseAddress!
        snapshot = storage.snapshot.baseAddress!
        realized = storage.realized.baseAddress!
        values = storage.values.baseAddress!
        rates = storage.rates.baseAddress!
    }
}

extension CompiledScenario {
    /// A fresh state for one worker thread.
    package func makeState() -> CompiledState {
        CompiledState(slotCount: slotCount, opCount: ops.count, inputCount: inputCount)
    }
}
