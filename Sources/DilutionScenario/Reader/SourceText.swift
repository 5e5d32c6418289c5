/// The text of a scenario file cut into lines the way libyaml counts them, for carets and positions.
struct SourceText {
    /// Each line's Unicode scalars, without its line break.
    private(set) var lines: [[Unicode.Scalar]] = []

    init(_ text: String) {
        var current: [Unicode.Scalar] = []
        var previousWasCarriageReturn = false
        for scalar in text.unicodeScalars {
            // libyaml breaks lines at LF, CR, CR LF, NEL, LS and PS; CR LF is one break.
            if scalar == "\n" && previousWasCarriageReturn {
                previousWasCarriageReturn = false
                continue
            }
            previousWasCarriageReturn = scalar == "\r"
            if SourceText.isBreak(scalar) {
                lines.append(current)
                current = []
            } else {
                current.append(scalar)
            }
        }
        lines.append(current)
    }

    /// The text of line `number` (from 1), if there is one.
    func line(_ number: Int) -> String? {
        guard number >= 1, number <= lines.count else { return nil }
        var text = ""
        text.unicodeScalars.append(contentsOf: lines[number - 1])
        return text
    }

    static func isBreak(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "\n", "\r", "\u{85}", "\u{2028}", "\u{2029}": return true
        default: return false
        }
    }

    /// The scalar at a 1-based line and column, if there is one.
    func scalar(line: Int, column: Int) -> Unicode.Scalar? {
        guard lines.indices.contains(line - 1), lines[line - 1].indices.contains(column - 1) else { return nil }
        return lines[line - 1][column - 1]
    }

    /// The line, then a caret under the column; tabs are kept so that the caret lines up in a terminal.
    func snippet(line: Int, column: Int) -> String? {
        guard lines.indices.contains(line - 1), column >= 1 else { return nil }
        let content = lines[line - 1]
        var text = String.UnicodeScalarView()
        text.append(contentsOf: content)
        var pad = String.UnicodeScalarView()
        for scalar in content.prefix(column - 1) {
            pad.append(scalar == "\t" ? "\t" : " ")
        }
        // A position past the end of the line (an error at end of line) gets padded with spaces.
        pad.append(contentsOf: repeatElement(" ", count: max(0, column - 1 - content.count)))
        return String(text) + "\n" + String(pad) + "^"
    }

    /// The 1-based line and column of the character at `offset` (counted in `Character`s, as the composer gives
    /// reader errors).
    static func position(ofCharacterOffset offset: Int, in text: String) -> (line: Int, column: Int) {
        var line = 1
        var column = 1
        for character in text.prefix(offset) {
            if character.unicodeScalars.contains(where: isBreak) {
                line += 1
                column = 1
            } else {
                column += character.unicodeScalars.count
            }
        }
        return (line, column)
    }
}
