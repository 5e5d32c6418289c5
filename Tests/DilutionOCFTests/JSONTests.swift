import DilutionExact
import Foundation
import Testing

@testable import DilutionOCF

@Suite struct JSONTests {
    @Test func numbersKeepEveryDigitWithoutFloatingPoint() throws {
        // 0.1 and 2.675 have no exact binary value; 12345678901234567890.0123456789 has more digits than a Double.
        let text = #"{"a": 0.1, "b": 2.675, "c": 12345678901234567890.0123456789, "d": 10, "e": "+10000000.00"}"#
        let root = JSONNode(try JSONValue.parse(Data(text.utf8), file: "t.json"), file: "t.json")
        #expect(try root.required("a").decimal() == DecimalNumber(significand: 1, scale: 1))
        #expect(try root.required("b").decimal() == DecimalNumber(significand: 2675, scale: 3))
        #expect(
            try root.required("c").decimal()
                == DecimalNumber(significand: 123_456_789_012_345_678_900_123_456_789, scale: 10))
        #expect(try root.required("d").decimal() == DecimalNumber(10))
        #expect(try root.required("e").decimal() == DecimalNumber(10_000_000))
    }

    @Test(arguments: ["1,000", "1e3", "$5", "12%", "", "abc", "1.2.3", "- 4"])
    func malformedNumbersAreLocatedErrors(_ text: String) throws {
        let json = #"{"items": [{"quantity": "\#(text)"}]}"#
        let root = JSONNode(try JSONValue.parse(Data(json.utf8), file: "Transactions.ocf.json"), file: "Transactions.ocf.json")
        let item = try root.required("items").elements()[0]
        #expect {
            try item.required("quantity").decimal()
        } throws: { error in
            (error as? OCFError)?.description
                == "Transactions.ocf.json: items[0].quantity: '\(text)' is not a number (OCF numbers are written like "
                + "\"1000\" or \"0.25\")."
        }
    }

    @Test func invalidJSONNamesTheFile() {
        #expect {
            try JSONValue.parse(Data("{\"items\": [".utf8), file: "Stakeholders.ocf.json")
        } throws: { error in
            (error as? OCFError)?.description.hasPrefix("Stakeholders.ocf.json: is not valid JSON") == true
        }
    }

    @Test(arguments: [
        ("", "d41d8cd98f00b204e9800998ecf8427e"), ("abc", "900150983cd24fb0d6963f7d28e17f72"),
        ("The quick brown fox jumps over the lazy dog", "9e107d9d372bb6826bd81d3542a419d6"),
        // Four 64-byte blocks (digest from md5sum).
        (String(repeating: "x", count: 200), "30a83621ce5422fbdfdd539777458c78"),
    ])
    func md5MatchesKnownDigests(_ input: String, _ digest: String) {
        #expect(MD5.hex(Data(input.utf8)) == digest)
    }

    @Test func datesReadTimestampsAndRefuseNonsense() {
        #expect(OCFDate("2022-12-01T11:30:45-06:00")?.description == "2022-12-01")
        #expect(OCFDate("2022-13-01") == nil)
        #expect(OCFDate("20221201") == nil)
        #expect(OCFDate("2022-01-02")! < OCFDate("2022-01-10")!)
    }

    @Test(arguments: [
        ("1.54", "1.54", false), ("1.542701451398", "1.5427014514", true), ("0.000000000049", "0", true),
        ("2", "2", false),
    ])
    func exportedNumbersFitOCFsTenPlaces(_ value: String, _ text: String, _ rounded: Bool) throws {
        let number = try OCFExporter.ocfNumber(DecimalNumber(parsing: value))
        #expect(number.text == text)
        #expect(number.rounded == rounded)
    }
}
