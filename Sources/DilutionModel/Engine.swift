internal import DilutionExact

/// One event applied: the capitalization before and after, and every adjustment it caused.
public struct Step: Sendable, Hashable {
    public var eventIndex: Int
    public var event: Event
    public var before: CapTable
    public var after: CapTable
    public var adjustments: [Adjustment]
    /// Fixed-point cascades: the feedback rounds run before nothing moved (0 otherwise).
    public var feedbackRounds: Int
    /// A round priced from a valuation: how its price, top-up and conversions came out.
    public var round: RoundSolution? = nil
    /// An IPO: what each series' ratchet gave.
    public var ratchets: [RatchetResult] = []
    /// The protected instruments outstanding that the event's issuance tested and did not adjust.
    public var unadjusted: [NonAdjustment] = []
}

/// The result of applying a scenario's events in order.
public struct Timeline: Sendable, Hashable {
    public var scenario: Scenario
    public var initial: CapTable
    public var steps: [Step]

    /// The capitalization after the last event.
    public var final: CapTable { steps.last?.after ?? initial }
}

/// Applies the events of a scenario to its capitalization, exactly: compiles it into a `Plan`
/// and runs the one interpreter on the written values.
public struct Engine: Sendable {
    public let scenario: Scenario

    public init(_ scenario: Scenario) {
        self.scenario = scenario
    }

    /// Applies every event and keeps each step.
    public func run() throws(EngineError) -> Timeline {
        let plan = Plan(scenario)
        var state = plan.makeState()
        let initial = plan.table(state)
        let trace = Trace()
        try plan.apply(&state, to: plan.eventCount, trace: trace)
        return Timeline(scenario: scenario, initial: initial, steps: trace.steps)
    }

    /// Applies every event and returns the final capitalization only (no history kept).
    public func finalTable() throws(EngineError) -> CapTable {
        try apply().table
    }

    /// Applies every event without keeping any history: the final capitalization and the number
    /// of adjustments made.
    public func apply() throws(EngineError) -> (table: CapTable, adjustments: Int) {
        let plan = Plan(scenario)
        var state = plan.makeState()
        try plan.apply(&state, to: plan.eventCount)
        return (plan.table(state), state.adjustments)
    }
}
