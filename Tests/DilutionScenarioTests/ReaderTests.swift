import DilutionExact
import DilutionModel
import DilutionScenario
import Testing

/// A small decoder in the shape the scenario decoder will take, to exercise the reader end to end.
private enum Sample: String, CaseIterable {
    case broadBased = "broad-based"
    case narrowBased = "narrow-based"
    case fullRatchet = "full-ratchet"
}

private func decodeSample(_ document: YAMLDocument) throws(ScenarioError) {
    var root = try document.rootMapping()
    _ = try root.required("version").integer()
    for item in try root.optional("preferred")?.sequence() ?? [] {
        var series = try item.mapping(context: "preferred series")
        _ = try series.required("id").identifier()
        _ = try series.required("conversion-price").decimal()
        _ = try series.optional("shares")?.integer()
        _ = try series.optional("clause")?.enumeration(Sample.self)
        try series.finish(allowing: ["stated-value"])
    }
    for item in try root.optional("events")?.sequence() ?? [] {
        var event = try item.mapping(context: "event")
        let id = try event.required("id").identifier()
        event.context = "event '\(id)'"
        _ = try event.required("date").date()
        _ = try event.required("price").decimal()
        _ = try event.optional("exempt")?.bool()
        try event.finish()
    }
    try root.finish()
}

private func diagnose(_ text: String) -> String? {
    do {
        try decodeSample(try YAMLDocument.parse(text: text, file: "s.yaml"))
        return nil
    } catch {
        return error.description
    }
}

/// A YAML text and the exact diagnostic expected for it.
struct DiagnosticCase: Sendable, CustomTestStringConvertible {
    var name: String
    var yaml: String
    var expected: String
    var testDescription: String { name }
}

private let valid = """
    version: 1
    preferred:
      - id: series-a
        conversion-price: 14.20
        shares: 1_478_000
        clause: broad-based
    events:
      - id: next-raise
        date: 2006-03-01
        price: "$9.50"
        exempt: no

    """

@Suite("Reader")
struct ReaderTests {
    @Test("a valid sample decodes")
    func validSample() {
        #expect(diagnose(valid) == nil)
    }

    @Test(
        "diagnostics name the whole problem with file, line and column",
        arguments: [
            DiagnosticCase(
                name: "syntax error: unclosed flow list",
                yaml: "version: 1\nevents: [1, 2\n",
                expected: "s.yaml:3:1: invalid YAML: did not find expected ',' or ']' "
                    + "(while parsing a flow sequence that starts at line 2, column 9)"),
            DiagnosticCase(
                name: "syntax error: bad indentation",
                yaml: "version: 1\n  events: 2\n",
                expected: "s.yaml:2:9: invalid YAML: mapping values are not allowed in this context"),
            DiagnosticCase(
                name: "syntax error: unterminated quote",
                yaml: "version: \"1\n",
                expected: "s.yaml:2:1: invalid YAML: found unexpected end of stream "
                    + "(while scanning a quoted scalar that starts at line 1, column 10)"),
            DiagnosticCase(
                name: "syntax error: tab indentation",
                yaml: "version: 1\nevents:\n\t- id: x\n",
                expected: "s.yaml:3:1: invalid YAML: tabs are not allowed here; indent with spaces"),
            DiagnosticCase(
                name: "two documents",
                yaml: "version: 1\n---\nversion: 2\n",
                expected: "s.yaml:2:1: the file holds more than one YAML document"),
            DiagnosticCase(
                name: "unknown key with a suggestion",
                yaml: """
                    version: 1
                    preferred:
                      - id: series-a
                        convertion-price: 14.20
                    """,
                expected: "s.yaml:4:5: unknown key 'convertion-price' in preferred series; "
                    + "did you mean 'conversion-price'?"),
            DiagnosticCase(
                name: "unknown key with a transposition",
                yaml: "version: 1\nevnets: []\n",
                expected: "s.yaml:2:1: unknown key 'evnets' in the scenario; did you mean 'events'?"),
            DiagnosticCase(
                name: "unknown key suggesting an allowed key",
                yaml: "version: 1\npreferred:\n  - {id: a, conversion-price: 1, stated-valu: 2}\n",
                expected: "s.yaml:3:34: unknown key 'stated-valu' in preferred series; did you mean 'stated-value'?"),
            DiagnosticCase(
                name: "unknown key without a close match",
                yaml: "version: 1\ncolour: blue\n",
                expected: "s.yaml:2:1: unknown key 'colour' in the scenario; "
                    + "the keys allowed here are 'events', 'preferred' and 'version'"),
            DiagnosticCase(
                name: "missing key",
                yaml: """
                    version: 1
                    events:
                      - id: next-raise
                        price: 9.50
                    """,
                expected: "s.yaml:3:5: missing key 'date' in event 'next-raise'"),
            DiagnosticCase(
                name: "duplicate key at the second occurrence",
                yaml: """
                    version: 1
                    events:
                      - id: next-raise
                        date: 2006-03-01
                        price: 9.50
                        date: 2006-04-01
                    """,
                expected: "s.yaml:6:5: duplicate key 'date'; it is already given at line 4, column 5"),
            DiagnosticCase(
                name: "duplicate quoted key",
                yaml: "version: 1\n\"version\": 2\n",
                expected: "s.yaml:2:1: duplicate key 'version'; it is already given at line 1, column 1"),
            DiagnosticCase(
                name: "duplicate key in a flow mapping, three times",
                yaml: "version: 1\nevents: [{id: a, id: b, id: c}]\n",
                expected: "s.yaml:2:18: duplicate key 'id'; it is already given at line 2, column 11"),
            DiagnosticCase(
                name: "duplicate key equal as text only",
                yaml: "1: a\n\"1\": b\n",
                expected: "s.yaml:2:1: duplicate key '1'; it is already given at line 1, column 1"),
            DiagnosticCase(
                name: "a mapping where a number is expected",
                yaml: """
                    version: 1
                    events:
                      - id: next-raise
                        date: 2006-03-01
                        price:
                          low: 8
                    """,
                expected: "s.yaml:6:7: expected a number for 'events[0].price', found a mapping"),
            DiagnosticCase(
                name: "text where a number is expected",
                yaml: "version: one\n",
                expected: "s.yaml:1:10: invalid number 'one' for 'version': 'o' is not part of a decimal number"),
            DiagnosticCase(
                name: "nothing where a number is expected",
                yaml: "version:\n",
                expected: "s.yaml:1:9: expected a whole number for 'version', found nothing"),
            DiagnosticCase(
                name: "a date that does not exist",
                yaml: "version: 1\nevents:\n  - id: x\n    date: 2005-02-30\n    price: 1\n",
                expected: "s.yaml:4:11: invalid date '2005-02-30' for 'events[0].date'; February 2005 has 28 days"),
            DiagnosticCase(
                name: "a date in another form",
                yaml: "version: 1\nevents:\n  - id: x\n    date: 30/01/2005\n    price: 1\n",
                expected: "s.yaml:4:11: invalid date '30/01/2005' for 'events[0].date'; write dates as YYYY-MM-DD"),
            DiagnosticCase(
                name: "a decimal with two points",
                yaml: "version: 1\npreferred:\n  - id: a\n    conversion-price: 14.20.1\n",
                expected: "s.yaml:4:23: invalid number '14.20.1' for 'preferred[0].conversion-price': "
                    + "it has two decimal points"),
            DiagnosticCase(
                name: "a value outside an enumeration",
                yaml: "version: 1\npreferred:\n  - id: a\n    conversion-price: 1\n    clause: ratchet\n",
                expected: "s.yaml:5:13: invalid value 'ratchet' for 'preferred[0].clause'; "
                    + "expected one of 'broad-based', 'narrow-based' or 'full-ratchet'"),
            DiagnosticCase(
                name: "an integer with a fraction",
                yaml: "version: 1\npreferred:\n  - id: a\n    conversion-price: 1\n    shares: 100.5\n",
                expected: "s.yaml:5:13: expected a whole number for 'preferred[0].shares', found '100.5'"),
            DiagnosticCase(
                name: "not a boolean",
                yaml: "version: 1\nevents:\n  - id: x\n    date: 2005-01-30\n    price: 1\n    exempt: maybe\n",
                expected: "s.yaml:6:13: expected true or false for 'events[0].exempt', found 'maybe'"),
            DiagnosticCase(
                name: "an identifier with a space",
                yaml: "version: 1\nevents:\n  - id: next raise\n",
                expected: "s.yaml:3:9: invalid name 'next raise' for 'events[0].id'; "
                    + "a name is a letter followed by letters, digits, '-' or '_'"),
            DiagnosticCase(
                name: "a mapping where a list is expected",
                yaml: "version: 1\nevents:\n  id: x\n",
                expected: "s.yaml:3:3: expected a list for 'events', found a mapping"),
            DiagnosticCase(
                name: "a list at the top level",
                yaml: "- version: 1\n",
                expected: "s.yaml:1:1: expected a mapping at the top level, found a list"),
            DiagnosticCase(
                name: "a control character",
                yaml: "version: 1\nname: a\u{1}b\n",
                expected: "s.yaml:2:8: invalid YAML: control characters are not allowed"),
            DiagnosticCase(
                name: "a key that is not text",
                yaml: "version: 1\n? [a, b]\n: 1\n",
                expected: "s.yaml:2:3: a key must be text, found a list"),
            DiagnosticCase(
                name: "a duplicate key first written with an escape is reported at its second occurrence",
                yaml: "\"\\x61\": 1\na: 2\n",
                expected: "s.yaml:2:1: duplicate key 'a'; it is already given at line 1, column 1"),
            DiagnosticCase(
                name: "two keys written twice: the first in text order, at its second occurrence",
                yaml: "a: &x [1, 2]\nb: *x\nb: 3\na: 4\n",
                expected: "s.yaml:4:1: duplicate key 'a'; it is already given at line 1, column 1"),
            DiagnosticCase(
                name: "an alias to an undefined anchor",
                yaml: "a: 1\nb: *nowhere\n",
                expected: "s.yaml:2:4: invalid YAML: found undefined alias"),
            DiagnosticCase(
                name: "an empty file",
                yaml: "",
                expected: "s.yaml:1:1: the file is empty"),
            DiagnosticCase(
                name: "a file of comments",
                yaml: "# nothing yet\n\n",
                expected: "s.yaml:1:1: the file is empty"),
            DiagnosticCase(
                name: "a lone document marker",
                yaml: "---\n",
                expected: "s.yaml:1:1: the file is empty"),
        ])
    func diagnostic(_ example: DiagnosticCase) {
        #expect(diagnose(example.yaml) == example.expected)
    }

    @Test(
        "decimals keep the digits as written",
        arguments: [
            ("14.20", 1420, 2),
            ("\"1,478,000\"", 1_478_000, 0),
            ("1_478_000", 1_478_000, 0),
            ("$0.50", 50, 2),
            ("'-0.125'", -125, 3),
            ("12.5%", 125, 3),
            ("0.1", 1, 1),
        ] as [(String, Int, Int)])
    func decimalExactness(written: String, significand: Int, scale: Int) throws {
        let document = try YAMLDocument.parse(text: "price: \(written)\n", file: "s.yaml")
        var root = try document.rootMapping()
        let price = try root.required("price").decimal()
        #expect(price.significand == Int128(significand))
        #expect(price.scale == scale)
    }

    @Test(
        "whole numbers",
        arguments: [
            ("1_478_000", 1_478_000), ("\"1,478,000\"", 1_478_000), ("100.0", 100), ("-3", -3), ("0", 0),
        ] as [(String, Int)])
    func wholeNumbers(written: String, expected: Int) throws {
        let document = try YAMLDocument.parse(text: "shares: \(written)\n", file: "s.yaml")
        var root = try document.rootMapping()
        #expect(try root.required("shares").integer() == expected)
    }

    @Test(
        "dates",
        arguments: [
            ("2005-07-18", 2005, 7, 18), ("2004-02-29", 2004, 2, 29), ("2000-02-29", 2000, 2, 29),
            ("'1999-12-31'", 1999, 12, 31),
        ] as [(String, Int, Int, Int)])
    func dates(written: String, year: Int, month: Int, day: Int) throws {
        let document = try YAMLDocument.parse(text: "date: \(written)\n", file: "s.yaml")
        var root = try document.rootMapping()
        let date = try root.required("date").date()
        #expect(date == CalendarDate(year: year, month: month, day: day))
        #expect(date.description == written.filter { $0 != "'" })
    }

    @Test(
        "impossible dates say why",
        arguments: [
            ("1900-02-29", "February 1900 has 28 days"),
            ("2005-04-31", "April 2005 has 30 days"),
            ("2005-13-01", "there is no month 13"),
            ("2005-00-10", "there is no month 0"),
            ("2005-01-00", "there is no day 0"),
            ("0000-01-01", "there is no year 0"),
            ("2005-7-18", "write dates as YYYY-MM-DD"),
            ("2005-07-18T10:00", "write dates as YYYY-MM-DD"),
            ("２００５-07-18", "write dates as YYYY-MM-DD"),
        ])
    func impossibleDates(written: String, reason: String) {
        #expect(
            throws: ScenarioError(
                "invalid date '\(written)' for 'date'; \(reason)", at: .init(file: "f", line: 1, column: 7))
        ) {
            let document = try YAMLDocument.parse(text: "date: \(written)\n", file: "f")
            var root = try document.rootMapping()
            _ = try root.required("date").date()
        }
    }

    @Test(
        "booleans",
        arguments: [
            ("true", true), ("yes", true), ("Yes", true), ("false", false), ("no", false), ("NO", false),
        ])
    func booleans(written: String, expected: Bool) throws {
        var root = try YAMLDocument.parse(text: "flag: \(written)\n", file: "s.yaml").rootMapping()
        #expect(try root.required("flag").bool() == expected)
    }

    @Test("nested paths and locations")
    func nestedPaths() throws {
        let text = """
            events:
              - id: a
              - id: b
              - id: c
                price:
                  uniform: {low: 8, high: 12}
            """
        var root = try YAMLDocument.parse(text: text, file: "s.yaml").rootMapping()
        let events = try root.required("events").sequence()
        #expect(events.map(\.path) == ["events[0]", "events[1]", "events[2]"])
        var third = try events[2].mapping()
        #expect(third.context == "'events[2]'")
        #expect(third.location == SourceLocation(file: "s.yaml", line: 4, column: 5))
        let price = try third.required("price")
        #expect(price.path == "events[2].price")
        #expect(price.isMapping && !price.isScalar)
        var distribution = try price.mapping()
        var uniform = try distribution.required("uniform").mapping()
        let high = try uniform.required("high")
        #expect(high.path == "events[2].price.uniform.high")
        #expect(high.location.description == "s.yaml:6:31")
        #expect(try high.decimal() == DecimalNumber(12))
        #expect(try third.required("id").isScalar)
    }

    @Test("keys read, allowed or probed are not unknown")
    func finishAccepts() throws {
        var root = try YAMLDocument.parse(text: "a: 1\nb: 2\nc: 3\n", file: "s.yaml").rootMapping()
        _ = root.optional("a")
        let hasB = root.has("b")
        #expect(hasB)
        #expect(root.unknownKeyErrors(allowing: ["c"]).isEmpty)
        #expect(
            root.unknownKeyErrors().map(\.description) == [
                "s.yaml:3:1: unknown key 'c' in the scenario; the keys allowed here are 'a' and 'b'"
            ])
        #expect(root.keys == ["a", "b", "c"])
        #expect(root.location(ofKey: "c") == SourceLocation(file: "s.yaml", line: 3, column: 1))
    }

    @Test("entriesConsumingAll reads mappings keyed by names")
    func namedEntries() throws {
        var root = try YAMLDocument.parse(text: "variants:\n  base: {}\n  down-round: {}\n", file: "s.yaml")
            .rootMapping()
        var variants = try root.required("variants").mapping(context: "variants")
        let entries = variants.entriesConsumingAll()
        #expect(entries.map(\.key) == ["base", "down-round"])
        #expect(entries.map(\.value.path) == ["variants.base", "variants.down-round"])
        try variants.finish()
    }

    @Test("collected errors print one per line, and snippets point at the column")
    func collectedErrors() throws {
        let text = "version: 1\nevents:\n  - id: x\n    date: 2005-02-30\n    price: 1.2.3\n"
        var root = try YAMLDocument.parse(text: text, file: "s.yaml").rootMapping()
        var errors = ScenarioErrors()
        var event = try root.required("events").sequence()[0].mapping(context: "event 'x'")
        _ = errors.collect { () throws(ScenarioError) in try event.required("date").date() }
        _ = errors.collect { () throws(ScenarioError) in try event.required("price").decimal() }
        #expect(
            errors.description == """
                s.yaml:4:11: invalid date '2005-02-30' for 'events[0].date'; February 2005 has 28 days
                s.yaml:5:12: invalid number '1.2.3' for 'events[0].price': it has two decimal points
                """)
        #expect(throws: ScenarioErrors.self) { try errors.throwIfAny() }
        #expect(errors.errors[1].snippet(in: text) == "    price: 1.2.3\n           ^")
        #expect(
            errors.errors[1].rendered(source: text) == errors.errors[1].description + "\n    price: 1.2.3\n           ^"
        )
        #expect(ScenarioError("the file is empty", at: nil).description == "the file is empty")
    }

    @Test("snippets keep tabs and handle CR LF")
    func snippets() {
        let error = ScenarioError("x", at: SourceLocation(file: "f", line: 2, column: 4))
        #expect(error.snippet(in: "a: 1\r\n\tb: c\r\n") == "\tb: c\n\t  ^")
        #expect(error.snippet(in: "one line") == nil)
    }

    @Test(
        "suggestions are near misses only",
        arguments: [
            ("convertion-price", "conversion-price"), ("prcie", "price"), ("Price", "price"), ("dat", "date"),
            ("colour", nil), ("id", nil),
        ] as [(String, String?)])
    func suggestions(word: String, expected: String?) throws {
        var series = try YAMLDocument.parse(text: "\(word): 1\n", file: "s.yaml").rootMapping(context: "the series")
        for key in ["conversion-price", "price", "date", "shares"] {
            _ = series.optional(key)
        }
        let ending =
            expected.map { "did you mean '\($0)'?" }
            ?? "the keys allowed here are 'conversion-price', 'date', 'price' and 'shares'"
        #expect(series.unknownKeyErrors().map(\.message) == ["unknown key '\(word)' in the series; \(ending)"])
    }

    @Test("a missing key is reported as missing when no unread key is close to it")
    func missingWithoutTypo() throws {
        var series = try YAMLDocument.parse(text: "id: a\ncolour: blue\n", file: "s.yaml")
            .rootMapping(context: "preferred series 'a'")
        _ = try series.required("id")
        #expect(
            throws: ScenarioError(
                "missing key 'price' in preferred series 'a'", at: .init(file: "s.yaml", line: 1, column: 1))
        ) {
            try series.required("price")
        }
    }

    @Test("aliases that expand without bound are refused")
    func aliasBomb() {
        var text = "a: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for level in 1...8 {
            let previous = "*a\(level - 1)"
            text += "a\(level): &a\(level) [\(Array(repeating: previous, count: 10).joined(separator: ", "))]\n"
        }
        let error = #expect(throws: ScenarioError.self) {
            try YAMLDocument.parse(text: text, file: "s.yaml")
        }
        #expect(error?.message == "the document expands to more than 1000000 values; check its aliases")
    }

    @Test("collected errors sort by location")
    func sortedErrors() {
        let at = { (line: Int) in SourceLocation(file: "f", line: line, column: 1) }
        let errors = ScenarioErrors([
            ScenarioError("b", at: at(3)), ScenarioError("a", at: at(1)), ScenarioError("whole file", at: nil),
        ])
        #expect(errors.sorted().description == "whole file\nf:1:1: a\nf:3:1: b")
    }
}
