import Foundation

/// Why a chart could not be drawn, in a full sentence.
public enum PlotError: Error, CustomStringConvertible, Equatable {
    /// The file is not valid CSV (file name, reason).
    case malformedCSV(String, String)
    /// The CSV is valid but its header is not one of the tables `dilution` writes (file name, header).
    case unrecognizedTable(String, [String])
    /// The table is recognised but has nothing this chart can show (file name, reason).
    case nothingToPlot(String, String)
    /// gnuplot is not installed or not on PATH (the PATH searched).
    case gnuplotMissing(String)
    /// The folder of gnuplot scripts could not be found (the places tried).
    case scriptsMissing([String])
    /// gnuplot failed (script, exit status, its error output).
    case gnuplotFailed(String, Int32, String)
    /// The output file name does not end in `.png` or `.svg`.
    case unsupportedOutput(String)

    public var description: String {
        switch self {
        case .malformedCSV(let name, let reason):
            return "Cannot read \(name) as CSV: \(reason)."
        case .unrecognizedTable(let name, let header):
            let shown = header.prefix(6).joined(separator: ",") + (header.count > 6 ? ",…" : "")
            return "\(name) is not a table dilution writes (its header is \"\(shown)\"). Recognised tables: "
                + PlotKind.allCases.map(\.summary).joined(separator: "; ") + "."
        case .nothingToPlot(let name, let reason):
            return "Nothing to plot in \(name): \(reason)."
        case .gnuplotMissing(let path):
            return "gnuplot is not installed or not on the PATH (\(path.isEmpty ? "PATH is empty" : "PATH=\(path)")); "
                + "install it with `sudo apt-get install gnuplot-nox` (or `make deps`), or name it with DILUTION_GNUPLOT."
        case .scriptsMissing(let tried):
            if tried.count == 1, let script = tried.first, script.hasSuffix(".gp") {
                return "Cannot find the gnuplot script \(script). Set DILUTION_PLOTS to the plots folder of the package, "
                    + "or install the tool with `make install PREFIX=…`, which puts the scripts in PREFIX/share/dilution/plots."
            }
            return "Cannot find the gnuplot scripts: looked for timeline.gp in "
                + tried.joined(separator: ", ") + ". Set DILUTION_PLOTS to the plots folder of the package, or install "
                + "the tool with `make install PREFIX=…`, which puts the scripts in PREFIX/share/dilution/plots."
        case .gnuplotFailed(let script, let status, let message):
            let trimmed = message.trimmingCharacters(in: .whitespacesAndNewlines)
            return "gnuplot failed on \(script) (exit status \(status))"
                + (trimmed.isEmpty ? "." : ": \(trimmed)")
        case .unsupportedOutput(let path):
            return "Cannot draw \(path): the output must end in .png or .svg."
        }
    }
}
