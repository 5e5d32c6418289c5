internal import CGSL
import DilutionDistributions

/// Process-wide set-up of the GNU Scientific Library and translation of its error codes.
public enum GSL {
    /// GSL's default error handler aborts the process. It is switched off once, lazily and thread-safely (a static
    /// `let` is initialized exactly once), before the first generator or sequence is allocated; from then on GSL
    /// routines report failures through return codes, `NULL` or NaN, which this module turns into `SamplingError`.
    private static let handlerSwitchedOff: Bool = {
        cgsl_switch_error_handler_off()
        return true
    }()

    /// Makes sure GSL will not abort the process: every command calls it before any GSL routine runs, and so do
    /// `Distribution.validate()` and the generator and sequence initializers.
    public static func prepare() {
        _ = handlerSwitchedOff
    }

    /// Throws unless `status` is `GSL_SUCCESS`.
    static func check(_ status: Int32, _ context: @autoclosure () -> String) throws(SamplingError) {
        if Int(status) != GSL_SUCCESS { throw .gsl(code: status, message: message(for: status), context: context()) }
    }

    /// GSL's own wording for an error code, such as "input domain error".
    static func message(for code: Int32) -> String {
        guard let text = gsl_strerror(code) else { return "error code \(code)" }
        return String(cString: text)
    }
}
