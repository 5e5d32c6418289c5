internal import Yams

/// Finds the second occurrence of a duplicate key, which Yams does not report: it stops at the first one.
///
/// The first occurrence's first character is replaced by a private-use character, which makes the keys
/// differ without moving any line or column, and the text is composed again; the repeated key that follows
/// the marked one in the same mapping is the second occurrence. Other duplicates found on the way are marked
/// in turn. Keys this cannot mark (empty, or starting with an escape) give `nil`.
enum DuplicateKeyLocator {
    private static let firstMarker: UInt32 = 0xE000
    private static let rounds: UInt32 = 64

    static func secondOccurrence(of key: String, firstAt mark: Mark, in text: String) -> Mark? {
        var scalars = Array(text.unicodeScalars)
        let starts = lineStarts(scalars)
        var pending = (key: key, mark: mark)
        var markedFirst = ""
        for round in 0..<rounds {
            guard let marker = Unicode.Scalar(firstMarker + round),
                let offset = keyOffset(pending.key, at: pending.mark, in: scalars, lineStarts: starts)
            else { return nil }
            scalars[offset] = marker
            if round == 0 {
                markedFirst = String(marker) + String(key.unicodeScalars.dropFirst())
            }
            var view = String.UnicodeScalarView()
            view.append(contentsOf: scalars)
            do {
                guard let root = try Yams.compose(yaml: String(view)) else { return nil }
                return find(markedFirst, original: key, in: root)
            } catch YamlError.duplicatedKeysInMapping(let duplicates, let context) {
                guard let next = duplicates.first else { return nil }
                pending = (next, context.mark)
            } catch {
                return nil
            }
        }
        return nil
    }

    /// Where the key's first character is, if replacing it keeps the text valid YAML.
    private static func keyOffset(
        _ key: String, at mark: Mark, in scalars: [Unicode.Scalar], lineStarts: [Int]
    ) -> Int? {
        guard let first = key.unicodeScalars.first, lineStarts.indices.contains(mark.line - 1) else { return nil }
        var offset = lineStarts[mark.line - 1] + mark.column - 1
        guard scalars.indices.contains(offset) else { return nil }
        if (scalars[offset] == "\"" || scalars[offset] == "'") && scalars[offset] != first {
            offset += 1
        }
        guard scalars.indices.contains(offset), scalars[offset] == first else { return nil }
        return offset
    }

    private static func lineStarts(_ scalars: [Unicode.Scalar]) -> [Int] {
        var starts = [0]
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            index += 1
            guard SourceText.isBreak(scalar) else { continue }
            if scalar == "\r", index < scalars.count, scalars[index] == "\n" { index += 1 }
            starts.append(index)
        }
        return starts
    }

    private static func isMarked(_ candidate: String, as original: String) -> Bool {
        guard let head = candidate.unicodeScalars.first,
            (firstMarker..<firstMarker + rounds).contains(head.value)
        else { return false }
        return candidate.unicodeScalars.dropFirst().elementsEqual(original.unicodeScalars.dropFirst())
    }

    private static func find(_ markedFirst: String, original: String, in node: Node) -> Mark? {
        switch node {
        case .scalar, .alias:
            return nil
        case .sequence(let sequence):
            for item in sequence {
                if let mark = find(markedFirst, original: original, in: item) { return mark }
            }
            return nil
        case .mapping(let mapping):
            let keys = mapping.map(\.key)
            if let index = keys.firstIndex(where: { $0.string == markedFirst }) {
                for later in keys[(index + 1)...] {
                    guard let text = later.string else { continue }
                    if text == original || isMarked(text, as: original) { return later.mark }
                }
            }
            for (key, value) in mapping {
                if let mark = find(markedFirst, original: original, in: key) { return mark }
                if let mark = find(markedFirst, original: original, in: value) { return mark }
            }
            return nil
        }
    }
}
