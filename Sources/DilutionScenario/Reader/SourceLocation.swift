/// A position in a scenario file: 1-based line and column, where an editor puts the cursor.
///
/// Columns count Unicode scalars, as libyaml does.
public struct SourceLocation: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The file's name as given to the reader, usually the path on the command line.
    public var file: String
    /// The line, starting from 1.
    public var line: Int
    /// The column, starting from 1.
    public var column: Int

    /// Creates a location; `line` and `column` start from 1.
    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// `file:line:column`, the form compilers use and editors jump to.
    public var description: String { "\(file):\(line):\(column)" }

    /// Orders by file, then line, then column, so that collected errors read top to bottom.
    public static func < (lhs: SourceLocation, rhs: SourceLocation) -> Bool {
        (lhs.file, lhs.line, lhs.column) < (rhs.file, rhs.line, rhs.column)
    }
}
