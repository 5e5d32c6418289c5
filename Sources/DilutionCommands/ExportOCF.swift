import ArgumentParser

struct ExportOCFCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export-ocf",
        abstract: "Write the conversion price adjustments a scenario computes as OCF transactions.")

    @OptionGroup var scenario: ScenarioOptions

    @Option(name: .shortAndLong, help: "The folder for NAME.transactions.ocf.json.")
    var out: String = "out"

    @Option(help: "The currency of the scenario's prices, for OCF's amounts.")
    var currency: String = "USD"

    func validate() throws {
        guard currency.count == 3, currency.allSatisfy({ $0.isASCII && $0.isUppercase }) else {
            throw ValidationError("--currency must be a three-letter ISO 4217 code such as USD, not '\(currency)'.")
        }
    }

    func run() throws {
        try perform(inputs: [scenario.file]) {
            try Operations.exportOCF(
                file: scenario.file, outDirectory: out, currency: currency, set: scenario.set,
                variant: scenario.variant)
        }
    }
}
