/// The closest valid name to a misspelt one, for "did you mean" hints: one implementation for every
/// module (scenario keys and ids, sweep paths and metrics, generator and sequence names).
package enum NameSuggestion {
    /// How close a candidate must be.
    package enum Tolerance: Sendable {
        /// About one edit in three characters of the candidate, at least one and at most three (scenario keys).
        case candidate
        /// At most two edits, or one in three characters of the name (command-line names, sweep paths).
        case name
    }

    /// The candidate (ignoring case) with the smallest edit distance, if close enough to be a plausible typo;
    /// ties go to the first in sorted order.
    package static func closest(to name: String, among candidates: [String], tolerance: Tolerance = .candidate)
        -> String?
    {
        let target = Array(name.lowercased())
        var best: (candidate: String, distance: Int)?
        for candidate in candidates.sorted() {
            let distance = editDistance(target, Array(candidate.lowercased()))
            let limit: Int
            switch tolerance {
            case .candidate: limit = max(1, min(3, candidate.count / 3))
            case .name: limit = max(2, target.count / 3)
            }
            guard distance <= limit else { continue }
            if best == nil || distance < best!.distance { best = (candidate, distance) }
        }
        return best?.candidate
    }

    /// Damerau–Levenshtein distance (optimal string alignment): insertions, deletions, substitutions
    /// and transpositions of adjacent characters each count one.
    package static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var twoBack = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                var value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    value = min(value, twoBack[j - 2] + 1)
                }
                current[j] = value
            }
            (twoBack, previous, current) = (previous, current, twoBack)
        }
        return previous[b.count]
    }
}
