@testable import DilutionWaterfall
import Testing

/// The rule among several equilibria (bit j: the j-th electing series in canonical order converts).
/// No capitalization among the generated ones (3,000 tried while writing this) has more than one
/// equilibrium, so the rule is tested on its own: fewest conversions first, then the converting series
/// earliest in the canonical order (the most senior).
@Suite("Choosing among equilibria")
struct EquilibriumRuleTests {
    @Test(
        "Fewest conversions, then the most senior converting",
        arguments: [
            (0b000, 0b001, true), (0b001, 0b000, false), (0b001, 0b011, true), (0b011, 0b100, false),
            (0b001, 0b010, true), (0b010, 0b001, false), (0b011, 0b101, true), (0b101, 0b110, true),
            (0b110, 0b101, false),
        ])
    func rule(a: Int, b: Int, chosen: Bool) {
        #expect(Waterfall.preferred(a, over: b, bits: 3) == chosen)
    }
}
