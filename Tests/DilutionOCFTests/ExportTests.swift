import DilutionCommands
import DilutionExact
import DilutionModel
import DilutionOCF
import DilutionScenario
import Foundation
import Testing

@Suite struct ExportTests {
    /// The fixture package imported on 2024-12-31, with a clause given to Series B and a down round added.
    static func scenarioWithAClause() throws -> String {
        let imported = try OCFImporter.importPackage(
            path: Fixtures.package("fixture-robotics"), asOf: Fixtures.date("2024-12-31"))
        var text = imported.scenario
        let series = try #require(text.range(of: "    - id: series-b-preferred\n"))
        let placeholder = try #require(text.range(of: "      # clause:", range: series.upperBound..<text.endIndex))
        text.insert(
            contentsOf: """
                      clause:
                        type: weighted-average
                        base: broad
                        round-price: {step: 0.01, direction: nearest}

                """, at: placeholder.lowerBound)
        let events = try #require(text.range(of: "events: []\n"))
        text.replaceSubrange(
            events,
            with: """
                events:
                  - id: down-round
                    type: financing
                    date: 2025-03-01
                    cash: 1,000,000
                    preferred:
                      - id: series-c
                        name: Series C Preferred
                        shares: 1,000,000
                        stated-value: 1.00
                        conversion-price: 1.00
                  - id: bank-exercise
                    type: exercise
                    date: 2025-06-01
                    instrument: warrant-w-1

                """)
        return text
    }

    @Test func roundTripImportRunExport() throws {
        let folder = try TemporaryFolder()
        let file = try folder.write("robotics.yaml", try Self.scenarioWithAClause())
        let loaded = try ScenarioLoader.load(path: file)
        let timeline = try loaded.run()
        let adjustment = try #require(timeline.steps.first?.adjustments.first { $0.instrumentID == "series-b-preferred" })
        // Broad-based, by hand: A = 7,570,000 common + 1,200,000 (A) + 312,500 (B) as converted + 240,000 options
        // + 100,000 warrants = 9,422,500 (the note is a `notes:` entry, with no shares until it converts in a priced
        // round); B = 1,000,000 ÷ 1.60 = 625,000; C = 1,000,000. 1.60 × 10,047,500 ÷ 10,422,500 = 1.5424…, to the
        // cent 1.54.
        #expect(adjustment.baseTotal == Shares("9422500"))
        #expect(adjustment.priceBefore == Price("1.6"))
        #expect(adjustment.priceAfter == Price("1.54"))

        let outcome = try Operations.exportOCF(file: file, outDirectory: folder.path("out"), currency: "USD")
        try outcome.files.write(protecting: [file])
        let written = folder.path("out/robotics.transactions.ocf.json")
        #expect(outcome.stderr == """
            wrote \(written): 1 conversion ratio adjustment, 3 issuance and exercise transactions
            wrote \(folder.path("out/robotics.stock-classes.ocf.json"))
            wrote \(folder.path("out/robotics.stakeholders.ocf.json"))

            """)

        // Read back independently of the exporter, with JSONSerialization.
        let document = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: written))) as? [String: Any])
        #expect(document["file_type"] as? String == "OCF_TRANSACTIONS_FILE")
        let items = try #require(document["items"] as? [[String: Any]])
        // The event's issuance first (the Series C shares), then the adjustment it causes; then the exercise.
        #expect(items.map { $0["object_type"] as? String } == [
            "TX_STOCK_ISSUANCE", "TX_STOCK_CLASS_CONVERSION_RATIO_ADJUSTMENT", "TX_WARRANT_EXERCISE", "TX_STOCK_ISSUANCE",
        ])
        #expect(items[0]["stock_class_id"] as? String == "series-c")
        #expect(items[0]["quantity"] as? String == "1000000")
        // The exercise names the OCF warrant the import came from, and the common goes to the common class.
        #expect(items[2]["security_id"] as? String == "w-bank")
        #expect(items[3]["stock_class_id"] as? String == "common")
        #expect(items[3]["quantity"] as? String == "100000")
        let item = items[1]
        #expect(item["object_type"] as? String == "TX_STOCK_CLASS_CONVERSION_RATIO_ADJUSTMENT")
        // The OCF id the import wrote above the series.
        #expect(item["stock_class_id"] as? String == "series-b")
        #expect(item["date"] as? String == "2025-03-01")
        let mechanism = try #require(item["new_ratio_conversion_mechanism"] as? [String: Any])
        let conversionPrice = try #require(mechanism["conversion_price"] as? [String: Any])
        let exported = try #require(conversionPrice["amount"] as? String)
        #expect(Price(exported) == adjustment.priceAfter)
        #expect(conversionPrice["currency"] as? String == "USD")
        let ratio = try #require(mechanism["ratio"] as? [String: String])
        #expect(ratio == ["numerator": "2", "denominator": "1.54"])

        for (file, schema) in [
            (written, "TransactionsFile"), (folder.path("out/robotics.stock-classes.ocf.json"), "StockClassesFile"),
            (folder.path("out/robotics.stakeholders.ocf.json"), "StakeholdersFile"),
        ] {
            let check = try Fixtures.validate(file, against: schema)
            #expect(check.valid, "\(file): \(check.output)")
        }
    }

    @Test(arguments: [
        ("vsource-2005.yaml", nil), ("vsource-2005-outlook.yaml", nil), ("vsource-2005-outlook.yaml", "exercised-net"),
        ("stress-northwind-sequential.yaml", nil), ("stress-harbor-fixed-point.yaml", nil),
        ("hypothetical-acme-rounds.yaml", nil),
    ])
    func everyBundledScenarioExportsValidOCF(_ name: String, _ variant: String?) throws {
        let folder = try TemporaryFolder()
        let file = Fixtures.packageRoot.appendingPathComponent("scenarios/\(name)").path
        let outcome = try Operations.exportOCF(
            file: file, outDirectory: folder.url.path, currency: "USD", variant: variant)
        try outcome.files.write(protecting: [file])
        #expect(outcome.files.files.count == 3)
        let steps = try ScenarioLoader.load(path: file, variant: variant).run().steps
        let adjustments = steps.flatMap(\.adjustments).filter { $0.changedPrice && $0.formula != .none }
        var preferred = adjustments.filter { $0.rateAfter != nil }.count
        // A split scales every preferred series' conversion price: one ratio adjustment each.
        for step in steps {
            guard case .split = step.event.action else { continue }
            preferred += step.after.instruments.filter { instrument in
                guard case .preferred = instrument.kind else { return false }
                return instrument.price != step.before.instrument(instrument.id)?.price
            }.count
        }
        #expect(outcome.stderr.contains(": \(preferred) conversion ratio adjustment"), "\(outcome.stderr)")
        if name == "hypothetical-acme-rounds.yaml" {
            // Its SAFEs are issued (TX_CONVERTIBLE_ISSUANCE) and convert in the Series A, which is not written: noted.
            #expect(outcome.stderr.contains("note: The SAFE 'safe-lead' converts in 'series-a': its "
                + "TX_CONVERTIBLE_CONVERSION is not written"))
        }
        for written in outcome.files.files {
            let schema =
                written.path.hasSuffix("stock-classes.ocf.json")
                ? "StockClassesFile" : written.path.hasSuffix("stakeholders.ocf.json") ? "StakeholdersFile" : "TransactionsFile"
            let check = try Fixtures.validate(written.path, against: schema)
            #expect(check.valid, "\(written.path): \(check.output)")
        }
    }

    @Test func safesNotesSplitsConversionsAndTransfersAreWrittenAndValid() throws {
        let folder = try TemporaryFolder()
        let file = try folder.write(
            "events.yaml",
            """
            version: 1
            capitalization:
              # ocf-id: common-class
              common:
                holders:
                  - {name: Founder A, shares: 600000}
                  - {name: Founder B, shares: 400000}
              preferred:
                # ocf-id: seed-class
                - id: seed
                  shares: 100000
                  stated-value: 2
                  conversion-price: 2
                  clause: {type: none}
              warrants:
                - {id: w, shares: 1000, exercise-price: 1}
            events:
              - id: seed-safes
                type: issue
                date: 2025-01-15
                safes:
                  - {id: safe-a, amount: 250000, cap: 5000000, discount: 20%, mfn: true}
                  - {id: safe-b, amount: 100000, form: pre-money}
                notes:
                  - id: note-a
                    principal: 150000
                    cap: 6000000
                    interest: {rate: 8%, compounding: compound, day-count: 30/360}
              - id: two-for-one
                type: split
                date: 2025-03-01
                ratio: "2:1"
              - id: seed-converts
                type: convert
                date: 2025-04-01
                instrument: seed
                shares: 40000
              - id: secondary
                type: transfer
                date: 2025-05-01
                class: common
                from: [{name: Founder A, shares: 100000}]
                to: [{name: Fund II, shares: 100000}]
                price: 1.5
            """)
        let outcome = try Operations.exportOCF(file: file, outDirectory: folder.path("out"), currency: "USD")
        try outcome.files.write(protecting: [file])
        let written = folder.path("out/events.transactions.ocf.json")
        let document = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: written))) as? [String: Any])
        let items = try #require(document["items"] as? [[String: Any]])
        #expect(items.map { $0["object_type"] as? String } == [
            "TX_CONVERTIBLE_ISSUANCE", "TX_CONVERTIBLE_ISSUANCE", "TX_CONVERTIBLE_ISSUANCE",
            "TX_STOCK_CLASS_SPLIT", "TX_STOCK_CLASS_CONVERSION_RATIO_ADJUSTMENT",
            "TX_STOCK_CONVERSION", "TX_STOCK_ISSUANCE",
            "TX_STOCK_ISSUANCE", "TX_STOCK_TRANSFER",
        ])
        func mechanism(_ item: [String: Any]) -> [String: Any]? {
            let trigger = (item["conversion_triggers"] as? [[String: Any]])?.first
            return (trigger?["conversion_right"] as? [String: Any])?["conversion_mechanism"] as? [String: Any]
        }
        // The capped, discounted MFN post-money SAFE.
        #expect(items[0]["convertible_type"] as? String == "SAFE")
        #expect((items[0]["investment_amount"] as? [String: String])?["amount"] == "250000")
        let safe = try #require(mechanism(items[0]))
        #expect(safe["type"] as? String == "SAFE_CONVERSION")
        #expect(safe["conversion_timing"] as? String == "POST_MONEY")
        #expect((safe["conversion_valuation_cap"] as? [String: String])?["amount"] == "5000000")
        #expect(safe["conversion_discount"] as? String == "0.2")
        #expect(safe["conversion_mfn"] as? Bool == true)
        #expect(mechanism(items[1])?["conversion_timing"] as? String == "PRE_MONEY")
        // The note: its rate from the issue date, compounding and 30/360.
        #expect(items[2]["convertible_type"] as? String == "NOTE")
        let note = try #require(mechanism(items[2]))
        #expect(note["type"] as? String == "CONVERTIBLE_NOTE_CONVERSION")
        #expect(note["interest_rates"] as? [[String: String]] == [["rate": "0.08", "accrual_start_date": "2025-01-15"]])
        #expect(note["compounding_type"] as? String == "COMPOUNDING")
        #expect(note["day_count_convention"] as? String == "30_360")
        // The split of the common class, and the seed's conversion price halved (its shares stay).
        #expect(items[3]["stock_class_id"] as? String == "common-class")
        #expect(items[3]["split_ratio"] as? [String: String] == ["numerator": "2", "denominator": "1"])
        #expect(items[4]["stock_class_id"] as? String == "seed-class")
        let split = try #require(items[4]["new_ratio_conversion_mechanism"] as? [String: Any])
        #expect((split["conversion_price"] as? [String: String])?["amount"] == "1")
        // 40,000 seed shares convert at 2 ÷ 1 into 80,000 common, issued as the resulting security.
        #expect(items[5]["quantity_converted"] as? String == "40000")
        #expect(items[5]["resulting_security_ids"] as? [String] == ["dilution-seed-converts-common"])
        #expect(items[6]["quantity"] as? String == "80000")
        #expect(items[6]["stock_class_id"] as? String == "common-class")
        // The secondary: the buyer's new security, then the seller's transfer resulting in it.
        #expect(items[7]["stakeholder_id"] as? String == "dilution-holder-fund-ii")
        #expect(items[7]["quantity"] as? String == "100000")
        #expect(items[8]["quantity"] as? String == "100000")
        #expect(items[8]["resulting_security_ids"] as? [String] == [items[7]["security_id"] as? String ?? ""])
        // What OCF cannot take is said: the warrant's split adjustment, the placeholder securities.
        #expect(outcome.stderr.contains("note: The split 'two-for-one' also scales the share counts and exercise "
            + "prices of 'w' and the pool"))
        #expect(outcome.stderr.contains("note: The conversion 'seed-converts' leaves 60000 shares of 'seed'"))
        #expect(outcome.stderr.contains("note: The transfer 'secondary' sells from placeholder securities"))
        for (path, schema) in [
            (written, "TransactionsFile"), (folder.path("out/events.stakeholders.ocf.json"), "StakeholdersFile"),
        ] {
            let check = try Fixtures.validate(path, against: schema)
            #expect(check.valid, "\(path): \(check.output)")
        }
    }

    @Test func theSchemaCheckRejectsWhatOCFDoesNot() throws {
        // The validator is not vacuous: a ratio written as JSON numbers (as 1.0-era packages did) is not 1.2.0.
        let folder = try TemporaryFolder()
        let file = try folder.write(
            "bad.json",
            """
            {"file_type": "OCF_TRANSACTIONS_FILE", "items": [{"object_type": "TX_STOCK_CLASS_CONVERSION_RATIO_ADJUSTMENT",
              "id": "x", "date": "2025-03-01", "stock_class_id": "series-b", "new_ratio_conversion_mechanism": {
              "type": "RATIO_CONVERSION", "conversion_price": {"amount": "1.51", "currency": "USD"},
              "ratio": {"numerator": 2, "denominator": 1.51}, "rounding_type": "NORMAL"}}]}
            """)
        let check = try Fixtures.validate(file, against: "TransactionsFile")
        #expect(!check.valid)
        #expect(check.output.contains("items[0]"))
    }

    @Test func theOCFIdCommentNamesTheStockClass() {
        let text = """
              preferred:
                # ocf-id: cc775778-7d6e (STOCK_CLASS "Seed")
                # holder: Ann (ann): 10 — s-1
                - id: seed
                  name: "Seed"
                - id: no-comment
              warrants:
                # ocf-id: w-1 (warrant)
                - id: warrant-w-1
            """
        #expect(OCFExporter.ocfIDs(inScenarioText: text) == ["seed": "cc775778-7d6e", "warrant-w-1": "w-1"])
    }

    @Test func warrantAdjustmentsAreReportedNotWritten() throws {
        let folder = try TemporaryFolder()
        let file = try folder.write(
            "w.yaml",
            """
            version: 1
            capitalization:
              common: 1000
              warrants:
                - id: w
                  shares: 100
                  exercise-price: 1
                  clause: {type: full-ratchet}
            events:
              - id: cheap
                type: issue
                date: 2025-01-01
                cash: 50
                common: 100
            """)
        let outcome = try Operations.exportOCF(file: file, outDirectory: folder.path("out"), currency: "USD")
        #expect(outcome.stderr.hasPrefix("note: The adjustment of 'w' by 'cheap' (1 → 0.5) is not written: OCF 1.2 "
            + "has a conversion ratio adjustment for stock classes only"))
        let json = try #require(outcome.files.files.first?.contents)
        let document = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        // Only the common the event issued, at cash ÷ shares: no conversion ratio adjustment.
        let items = try #require(document?["items"] as? [[String: Any]])
        #expect(items.map { $0["object_type"] as? String } == ["TX_STOCK_ISSUANCE"])
        #expect((items.first?["share_price"] as? [String: String])?["amount"] == "0.5")
    }

    @Test func validateWarnsAboutEveryPreferredSeriesWithoutAClause() throws {
        let folder = try TemporaryFolder()
        let imported = try folder.write(
            "imported.yaml",
            try OCFImporter.importPackage(path: Fixtures.package("fixture-robotics"), asOf: Fixtures.date("2024-12-31"))
                .scenario)
        let plain = try Operations.validate(file: imported)
        #expect(plain.stderr == """
            warning: the preferred series 'series-a-preferred' has no 'clause', so no issuance adjusts its conversion \
            price; write its clause, or 'clause: {type: none}' if it has none.
            warning: the preferred series 'series-b-preferred' has no 'clause', so no issuance adjusts its conversion \
            price; write its clause, or 'clause: {type: none}' if it has none.

            """)
        let edited = try folder.write("edited.yaml", try Self.scenarioWithAClause())
        let after = try Operations.validate(file: edited)
        // Series B has its clause now; Series A and the new Series C have none.
        #expect(after.stderr.contains("'series-a-preferred'"))
        #expect(!after.stderr.contains("'series-b-preferred'"))
        #expect(after.stderr.contains("'series-c'"))
    }
}

@Suite struct CommandLineTests {
    @Test func importThenValidateThenExportEndToEnd() throws {
        let folder = try TemporaryFolder()
        let out = folder.path("minicap.yaml")
        let imported = try Binary.run(["import", Fixtures.sample("minicap"), "--as-of", "2026-09-01", "--out", out])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stderr.hasSuffix("wrote \(out): 0 preferred series, 2 other instruments, common 9000000, "
            + "pool 1000000 on 2026-09-01\n"))
        let validated = try Binary.run(["validate", out])
        #expect(validated.status == 0)
        #expect(validated.stdout == "\(out): valid — 2 instruments, 0 events, 0 adjustments.\n")
        let exported = try Binary.run(["export-ocf", out, "--out", folder.path("ocf")])
        #expect(exported.status == 0)
        #expect(exported.stderr == "wrote \(folder.path("ocf"))/minicap.transactions.ocf.json: 0 conversion ratio "
            + "adjustments\n")
        let check = try Fixtures.validate(folder.path("ocf/minicap.transactions.ocf.json"), against: "TransactionsFile")
        #expect(check.valid, "\(check.output)")
    }

    @Test func aBadPackageExitsOneAndWritesNothing() throws {
        let folder = try TemporaryFolder()
        let package = folder.path("empty")
        try FileManager.default.createDirectory(atPath: package, withIntermediateDirectories: true)
        let result = try Binary.run(["import", package, "--as-of", "2026-09-01", "--out", folder.path("x.yaml")])
        #expect(result.status == 1)
        #expect(result.stderr == "\(package): holds no OCF manifest (a Manifest.ocf.json, or a JSON file whose "
            + "file_type is OCF_MANIFEST_FILE).\n")
        #expect(try folder.contents() == ["empty"])
    }

    @Test func withoutOutTheScenarioGoesToStandardOutput() throws {
        let result = try Binary.run(["import", Fixtures.sample("tutorial_quickstart"), "--as-of", "2022-12-01"])
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("# Imported by `dilution import` from the Open Cap Table Format package\n"))
        #expect(result.stdout.hasSuffix("events: []\n"))
    }
}
