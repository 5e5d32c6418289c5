/// The ids both directions of the OCF bridge make from names.
enum OCFSlug {
    /// The ASCII letters and digits of `name`, lowercased, each run of anything else one `-`, none at either end;
    /// empty when the name has no ASCII letter or digit.
    static func make(_ name: String) -> String {
        var slug = ""
        for character in name.lowercased() {
            if character.isASCII, character.isLetter || character.isNumber {
                slug.append(character)
            } else if !slug.isEmpty, slug.last != "-" {
                slug.append("-")
            }
        }
        while slug.last == "-" { slug.removeLast() }
        return slug
    }
}
