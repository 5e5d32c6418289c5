internal import DilutionExact

/// Sums and differences of share counts for the importer: an overflow is an error, never a wrong number.
enum ExactSums {
    static func overflow(_ what: String) -> OCFError {
        OCFError(
            file: "the package", path: "",
            message: "\(what) is too large to be carried exactly (share counts are kept to 10⁻⁶ in 128 bits)")
    }

    static func plus(_ a: Shares, _ b: Shares) throws(OCFError) -> Shares {
        do { return try a + b } catch { throw overflow("\(a) + \(b)") }
    }

    static func minus(_ a: Shares, _ b: Shares) throws(OCFError) -> Shares {
        do { return try a - b } catch { throw overflow("\(a) − \(b)") }
    }

    /// The shares (or options, or warrant shares) outstanding on `securities`.
    static func total(_ securities: [OCFSecurity]) throws(OCFError) -> Shares {
        var sum = Shares.zero
        for security in securities { sum = try plus(sum, security.quantity ?? .zero) }
        return sum
    }
}
