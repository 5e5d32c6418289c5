import ArgumentParser

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Replay an Open Cap Table Format package to a date and write the capitalization as a scenario.")

    @Argument(help: "The OCF package: its manifest, a folder holding one, or a zipped package.")
    var package: String

    @Option(name: .customLong("as-of"), help: "The date to replay the transactions to, YYYY-MM-DD (inclusive).")
    var asOf: String

    @Option(name: .shortAndLong, help: "The scenario file to write (default: print it).")
    var out: String?

    @Flag(help: "Skip and report transactions that name a security, class, plan or holder the package lacks.")
    var skipDangling = false

    func run() throws {
        try perform(inputs: [package]) {
            try Operations.importOCF(package: package, asOf: asOf, out: out, skipDangling: skipDangling)
        }
    }
}
