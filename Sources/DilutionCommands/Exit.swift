import ArgumentParser
import DilutionExact
import DilutionModel
import DilutionReports
import DilutionScenario
import DilutionWaterfall
import Foundation

/// Debt, costs and carve-out of an exit, shared by `exit` and `explain --exit`.
struct ExitOptions: ParsableArguments {
    @Option(help: "Debt repaid at closing, e.g. 25M.")
    var debt: String = "0"

    @Option(help: "Transaction costs, e.g. 1.5M.")
    var costs: String = "0"

    @Option(
        name: .customLong("carve-out"),
        help: "Management carve-out, a percentage of value − debt − costs, e.g. 5%."
    )
    var carveOut: String = "0"

    @Option(help: "The day of the exit, YYYY-MM-DD, to which cumulative dividends accrue.")
    var date: String?

    func exitDate() throws -> CalendarDate? {
        guard let date else { return nil }
        guard let day = CalendarDate(iso: date) else {
            throw CommandError("--date '\(date)' is not a day written YYYY-MM-DD, such as 2027-06-30.")
        }
        return day
    }

    func terms(value: Money) throws -> ExitTerms {
        ExitTerms(
            value: value,
            debt: try ExitArguments.money(debt, option: "--debt"),
            costs: try ExitArguments.money(costs, option: "--costs"),
            carveOut: try ExitArguments.fraction(carveOut, option: "--carve-out")
        )
    }
}

/// Reads money and percentages from the command line, exactly.
public enum ExitArguments {
    /// `700M`, `1.2B`, `2b`, `350K`, `$43,000,000`, `1500000.50`: whole cents, never through `Double`; read by
    /// `MoneyText`, as amounts in a scenario file are.
    public static func money(_ text: String, option: String) throws -> Money {
        let number: DecimalNumber
        do {
            number = try MoneyText.decimal(parsing: text)
        } catch {
            throw CommandError(
                "\(option) '\(text)' is not an amount of money (\(error.reason)): write it as 700M, 1.2B, 350K or "
                    + "43000000."
            )
        }
        guard !number.isNegative, let money = try? Money(exactly: number), money.units % 1_000_000 == 0 else {
            throw CommandError("\(option) '\(text)' must be a non-negative amount in whole cents.")
        }
        return money
    }

    /// `5%` or `0.05`: a fraction from 0 to 1.
    public static func fraction(_ text: String, option: String) throws -> Ratio {
        guard let number = try? DecimalNumber(parsing: text), let ratio = try? Ratio(exactly: number) else {
            throw CommandError("\(option) '\(text)' is not a percentage: write it as 5% or 0.05.")
        }
        guard !ratio.isNegative, ratio < Ratio.one else {
            throw CommandError("\(option) '\(text)' must be at least 0 and below 100 %.")
        }
        return ratio
    }

    /// `series-b=3x`: a class id and a multiple.
    public static func target(_ text: String) throws -> (id: String, multiple: Ratio) {
        let parts = text.split(separator: "=", maxSplits: 1).map(String.init)
        var body = parts.count == 2 ? parts[1] : ""
        if body.hasSuffix("x") || body.hasSuffix("X") || body.hasSuffix("×") { body.removeLast() }
        guard parts.count == 2, !parts[0].isEmpty, let number = try? DecimalNumber(parsing: body),
            let multiple = try? Ratio(exactly: number), multiple.isPositive
        else {
            throw CommandError(
                "--target '\(text)' is not SERIES=MULTIPLE or HOLDER=MULTIPLE with a multiple above zero, e.g. series-b=3x."
            )
        }
        return (parts[0], multiple)
    }

    /// `700M,1.2B,2B`: one or more values, in the order given; `LO:HI:STEP` (`0:2B:50M`) for LO,
    /// LO + STEP, … while at most HI, exactly.
    public static func values(_ list: [String]) throws -> [Money] {
        let items = list.flatMap { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        guard !items.isEmpty else { throw CommandError("--at needs at least one exit value, e.g. --at 700M,1.2B,2B.") }
        var values: [Money] = []
        for item in items {
            let parts = item.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
            guard parts.count == 3 else {
                if parts.count != 1 {
                    throw CommandError("--at '\(item)' is not a value or a range LO:HI:STEP such as 0:2B:50M.")
                }
                values.append(try money(item, option: "--at"))
                continue
            }
            let (low, high, step) = (
                try money(parts[0], option: "--at"), try money(parts[1], option: "--at"),
                try money(parts[2], option: "--at")
            )
            guard step.isPositive, low <= high else {
                throw CommandError("--at '\(item)' needs LO at most HI and a STEP above zero.")
            }
            let count = (high.units - low.units) / step.units + 1
            guard count <= 10_000 else {
                throw CommandError("--at '\(item)' has \(count) values; at most 10,000 are allowed.")
            }
            for k in 0..<count { values.append(Money(units: low.units + k * step.units)) }
        }
        return values
    }
}

struct ExitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "exit",
        abstract: "The liquidation waterfall at exit values: who receives what, written as NAME.exit.csv."
    )

    @OptionGroup var scenario: ScenarioOptions

    @Option(
        help:
            "Exit values, comma-separated, with M or B for millions or billions (700M,1.2B,2B), or a range LO:HI:STEP (0:2B:50M)."
    )
    var at: [String] = []

    @OptionGroup var exit: ExitOptions

    @Option(
        name: .customLong("target"),
        help: "The exit value at which a preferred series, a SAFE or note, or a named holder reaches a multiple of its investment: SERIES=3x or HOLDER=3x (repeatable)."
    )
    var targets: [String] = []

    @Option(
        name: .customLong("breakpoints-up-to"),
        help: "Find breakpoints up to this exit value (default: the largest --at)."
    )
    var upTo: String?

    @Option(name: .shortAndLong, help: "The folder for the CSV files.")
    var out: String = "out"

    @Flag(name: .shortAndLong, help: "Write the files without printing the table.")
    var quiet = false

    @Flag(help: "Also draw the exit CSV as a PNG beside it (NAME.exit.png) with gnuplot.")
    var plot = false

    func run() throws {
        try perform(inputs: [scenario.file], plot: plot) {
            try Operations.exit(
                file: scenario.file,
                at: at,
                options: exit,
                upTo: upTo,
                targets: targets,
                outDirectory: out,
                quiet: quiet,
                set: scenario.set,
                variant: scenario.variant
            )
        }
    }
}

extension Operations {
    /// The capitalization after the last event, as a waterfall.
    static func waterfall(_ loaded: LoadedScenario, on date: CalendarDate?) throws -> Waterfall {
        let table: CapTable
        do {
            table = try Engine(loaded.scenario).finalTable()
        } catch {
            throw loaded.locate(error)
        }
        return try Waterfall(table, on: date)
    }

    static func title(_ loaded: LoadedScenario, file: String) -> String {
        loaded.scenario.name
    }

    /// `dilution exit`: the table, `NAME.exit.csv` and `NAME.exit-breakpoints.csv`.
    static func exit(
        file: String,
        at: [String],
        options: ExitOptions,
        upTo: String?,
        targets: [String] = [],
        outDirectory: String,
        quiet: Bool,
        set: [String] = [],
        variant: String? = nil
    ) throws -> Outcome {
        let values = try ExitArguments.values(at)
        let terms = try options.terms(value: .zero)
        let limit = try upTo.map { try ExitArguments.money($0, option: "--breakpoints-up-to") } ?? values.max()!
        let loaded = try load(file: file, set: set, variant: variant)
        let waterfall = try waterfall(loaded, on: try options.exitDate())
        let results = try values.map { value in try waterfall.distribute(terms.at(value)) }
        let points = try waterfall.breakpoints(upTo: limit, terms: terms)
        let wanted = try targets.map { try ExitArguments.target($0) }
        // Targets are searched well beyond the values asked for: up to 1,000 times the largest.
        let searchLimit = Money(units: max(limit.units, 1_000_000) * 1000)
        // The holders' money invested, where the events record it (the same central path).
        let invested = HolderInvestment.known(in: loaded.scenario)
        let reached = try wanted.map { wanted in
            if waterfall.classes.contains(where: { $0.id == wanted.id }) {
                return try waterfall.target(wanted.id, multiple: wanted.multiple, terms: terms, upTo: searchLimit)
            }
            let name = try Self.targetHolder(wanted.id, in: waterfall)
            return try waterfall.target(
                holder: name, invested: try Self.holderInvested(name, in: waterfall, invested: invested),
                multiple: wanted.multiple, terms: terms, upTo: searchLimit)
        }
        var outcome = Outcome()
        outcome.title = loaded.scenario.name
        let stem = URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
        let exitPath = (outDirectory as NSString).appendingPathComponent("\(stem).exit.csv")
        let breakpointsPath = (outDirectory as NSString).appendingPathComponent("\(stem).exit-breakpoints.csv")
        outcome.files.add(exitPath, ExitReport.csv(results).text)
        outcome.files.add(breakpointsPath, ExitReport.breakpointsCSV(points).text)
        let targetsPath = (outDirectory as NSString).appendingPathComponent("\(stem).exit-targets.csv")
        if !reached.isEmpty { outcome.files.add(targetsPath, ExitReport.targetsCSV(reached).text) }
        let holdersPath = (outDirectory as NSString).appendingPathComponent("\(stem).exit-holders.csv")
        let holders = ExitReport.holdersCSV(results, invested: invested)
        if let holders { outcome.files.add(holdersPath, holders.text) }
        if !quiet {
            outcome.stdout = ExitReport.table(results, title: title(loaded, file: file))
            var names = Dictionary(uniqueKeysWithValues: waterfall.classes.map { ($0.id, $0.name) })
            for target in reached where names[target.classID] == nil {
                names[target.classID] = Self.holderName(target.classID).map { "\($0) (holder)" }
            }
            outcome.stdout +=
                "\nBreakpoints up to \(Format.dollars(limit)):\n\n"
                + (points.isEmpty
                    ? "none\n"
                    : ExitReport.breakpointsTable(
                        points, names: names,
                        cashOuts: Set(waterfall.classes.filter { $0.kind == .convertible }.map(\.id))))
            if !reached.isEmpty {
                outcome.stdout += "\nReturn targets:\n\n" + ExitReport.targetsTable(reached, names: names)
            }
            // Holders at a few exit values on the console; a range of them only in the CSV.
            if holders != nil {
                outcome.stdout +=
                    results.count <= Self.holdersShownUpTo
                    ? "\nHolders:\n\n" + ExitReport.holdersTable(results, invested: invested)
                    : "\nHolders at each exit value: in \(holdersPath).\n"
            }
        }
        outcome.stderr =
            "wrote \(exitPath)\nwrote \(breakpointsPath)\n" + (reached.isEmpty ? "" : "wrote \(targetsPath)\n")
            + (holders == nil ? "" : "wrote \(holdersPath)\n")
        return outcome
    }

    /// `holder[NAME]` → NAME.
    static func holderName(_ id: String) -> String? {
        guard id.hasPrefix("holder["), id.hasSuffix("]") else { return nil }
        return String(id.dropFirst("holder[".count).dropLast())
    }

    /// The holder a `--target` names that is not a class: `NAME` or `holder[NAME]`, a listed holder of a class.
    static func targetHolder(_ id: String, in waterfall: Waterfall) throws -> String {
        let name = holderName(id) ?? id
        guard waterfall.classes.contains(where: { $0.holders.contains { $0.name == name } }) else {
            let holders = Array(Set(waterfall.classes.flatMap { $0.holders.map(\.name) })).sorted()
            throw CommandError(
                "--target '\(id)': there is no class '\(id)' at the exit"
                    + (holders.isEmpty ? "" : " and no holder '\(name)'") + "; the classes are "
                    + waterfall.classes.map(\.id).joined(separator: ", ")
                    + (holders.isEmpty ? "." : "; the named holders are " + holders.joined(separator: ", ") + "."))
        }
        return name
    }

    /// A holder's money invested in every class they hold at the exit, which the events must record for each.
    static func holderInvested(
        _ name: String, in waterfall: Waterfall, invested: [String: [String: Money]]
    ) throws -> Money {
        var total: Int128 = 0
        for holding in waterfall.classes {
            for holder in holding.holders where holder.name == name {
                guard holding.kind == .convertible || holder.shares.isPositive else { continue }
                guard let money = invested[holding.id]?[name], money.isPositive else {
                    throw CommandError(
                        "--target: the money \(name) invested in \(holding.name) is not recorded by the events, so "
                            + "their multiple is not known (see \"Holders' multiples\" in docs/scenario-format.md).")
                }
                total += money.units
            }
        }
        return Money(units: total)
    }

    /// The most exit values whose holders `dilution exit` prints (more are in `NAME.exit-holders.csv` only).
    static let holdersShownUpTo = 5

    /// `dilution explain --exit VALUE`: the waterfall in words.
    static func explainExit(
        file: String,
        value: String,
        options: ExitOptions,
        set: [String] = [],
        variant: String? = nil
    ) throws -> Outcome {
        let terms = try options.terms(value: try ExitArguments.money(value, option: "--exit"))
        let loaded = try load(file: file, set: set, variant: variant)
        let result = try waterfall(loaded, on: try options.exitDate()).distribute(terms)
        var outcome = Outcome()
        outcome.stdout = ExitReport.explain(result, title: title(loaded, file: file))
        return outcome
    }
}
