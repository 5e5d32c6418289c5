import DilutionModel
import DilutionScenario
import Foundation

let loaded = try ScenarioLoader.load(path: "scenarios/vsource-2005-outlook.yaml")
let stochastic = loaded.stochastic
let n = Int(CommandLine.arguments.dropFirst().first ?? "") ?? 200_000
let start = Date()
var total = 0
var state: UInt64 = 42
for _ in 0..<n {
    func u() -> Double {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return Double(state >> 11) / Double(1 << 53)
    }
    let scenario = try stochastic.realize(draw: { _ in 0.5 + u() * 0.1 }, uniform: u)
    let table = try Engine(scenario).finalTable()
    total += table.instruments.count
}
let elapsed = Date().timeIntervalSince(start)
print("paths/s one core:", Double(n) / elapsed, total)
