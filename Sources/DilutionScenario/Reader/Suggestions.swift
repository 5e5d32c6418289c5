internal import DilutionExact

/// Near-miss suggestions and English lists for diagnostics.
enum Suggestions {
    /// The candidate closest to `word` (ignoring case), if it is close enough to be a likely typo.
    static func closest(to word: String, among candidates: [String]) -> String? {
        NameSuggestion.closest(to: word, among: candidates, tolerance: .candidate)
    }

    /// `'a'`, `'a' and 'b'`, `'a', 'b' and 'c'` (with `conjunction` "and" or "or").
    static func quotedList(_ items: [String], _ conjunction: String) -> String {
        let quoted = items.map { "'\($0)'" }
        guard let last = quoted.last else { return "" }
        if quoted.count == 1 { return last }
        return quoted.dropLast().joined(separator: ", ") + " \(conjunction) " + last
    }
}
