import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A one-line progress bar on standard error, for long simulations run from a terminal.
///
/// It draws nothing unless standard error is a terminal, and nothing until the run is long: more than
/// `minimumPaths` paths, or still running after `delay` seconds. Feed it the `progress` callback of
/// `Simulator.run(model:options:progress:sampleSink:)`, which already limits updates to about ten a second, and call
/// `finish()` at the end.
package struct ProgressBar {
    /// Whether the bar may draw at all (standard error is a terminal).
    package let isEnabled: Bool
    /// Runs of more paths than this are long from the start.
    package let minimumPaths: Int
    /// Runs that last longer than this many seconds are long.
    package let delay: Double
    private let start = ContinuousClock.now
    private var drawn = false

    /// Creates a bar; by default it draws only if standard error is a terminal.
    package init(isEnabled: Bool = isatty(STDERR_FILENO) != 0, minimumPaths: Int = 200_000, delay: Double = 1) {
        self.isEnabled = isEnabled
        self.minimumPaths = minimumPaths
        self.delay = delay
    }

    /// Redraws the bar for `done` of `total` paths, if the run is long.
    package mutating func update(done: Int, total: Int) {
        guard isEnabled else { return }
        let elapsed = Self.seconds(ContinuousClock.now - start)
        guard drawn || total > minimumPaths || elapsed >= delay else { return }
        drawn = true
        Self.write("\r" + Self.line(done: done, total: total, elapsed: elapsed) + "\u{1B}[K")
    }

    /// Ends the bar's line, if it was drawn.
    package mutating func finish() {
        if drawn { Self.write("\n") }
        drawn = false
    }

    /// The text of the bar: `[#########-----------]  45%  4,500,000 / 10,000,000 paths  2.3 s`.
    package static func line(done: Int, total: Int, elapsed: Double, width: Int = 30) -> String {
        let fraction = total > 0 ? min(1, max(0, Double(done) / Double(total))) : 1
        let filled = Int((fraction * Double(width)).rounded(.down))
        let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
        let percent = String(format: "%3d%%", Int((fraction * 100).rounded(.down)))
        return "[\(bar)] \(percent)  \(grouped(done)) / \(grouped(total)) paths  "
            + String(format: "%.1f s", elapsed)
    }

    /// `12,345,678`.
    package static func grouped(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var out = ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { out.append(",") }
            out.append(digit)
        }
        return value < 0 ? "-" + out : out
    }

    private static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
    }

    private static func write(_ text: String) {
        var text = text
        text.withUTF8 { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = Foundation.write(STDERR_FILENO, bytes.baseAddress! + offset, bytes.count - offset)
                if written <= 0 { return }
                offset += written
            }
        }
    }
}
