import DilutionCommands
import DilutionExact
import DilutionModel
import DilutionOCF
import DilutionScenario
import Foundation
import Testing

func shares(_ text: String) -> Shares { Shares(text) }
func price(_ text: String) -> Price { Price(text) }
func decimal(_ value: Shares) -> Decimal { Decimal(string: value.description)! }

@Suite struct MinicapImportTests {
    let path = Fixtures.sample("minicap")

    @Test func classesAndHoldingsExactly() throws {
        let (result, loaded) = try Fixtures.load(path, asOf: "2026-09-01")
        // Every md5 matches and every reference resolves: nothing to warn about or skip.
        #expect(result.warnings.isEmpty)
        #expect(result.skipped.isEmpty)
        #expect(loaded.scenario.common == shares("9000000"))
        #expect(loaded.scenario.pool == shares("1000000"))
        #expect(loaded.preferred.isEmpty)
        // The founders, by holder, in comments (the format has one common count).
        #expect(result.scenario.contains("#     Alex Founder (founder-alex): 4500000 — security-alex-stock"))
        #expect(result.scenario.contains("#     Sam Founder (founder-sam): 4500000 — security-sam-stock"))
        // The capped post-money SAFE is a `safes:` entry with OCF's terms, not an estimate of its shares.
        let angel = try #require(loaded.instrument(named: "SAFE-3 — Example Angel Fund"))
        guard case .convertible(let angelTerms) = angel.kind else {
            Issue.record("SAFE-3 is not a SAFE: \(angel.kind)")
            return
        }
        #expect(angelTerms.form == .postMoneySafe)
        #expect(angelTerms.amount == Money("1000000"))
        #expect(angelTerms.cap == Money("15000000"))
        #expect(angelTerms.discount == nil && !angelTerms.mfn)
        #expect(result.scenario.contains("    # ocf-id: safe-angel — SAFE of 1000000 USD"))
        // The uncapped MFN SAFE is a SAFE too: MFN, no cap.
        let mfn = try #require(loaded.instrument(named: "SAFE-2 — Y Combinator"))
        guard case .convertible(let mfnTerms) = mfn.kind else {
            Issue.record("SAFE-2 is not a SAFE: \(mfn.kind)")
            return
        }
        #expect(mfnTerms.mfn && mfnTerms.cap == nil && mfnTerms.amount == Money("375000"))
        // The 7 % SAFE (FIXED_PERCENT_OF_CAPITALIZATION_CONVERSION) is a mechanism the format does not model:
        // reported, left out, and named in a comment.
        #expect(result.leftOut.count == 1 && result.leftOut[0].contains("safe-yc-seven-percent"))
        #expect(result.leftOut[0].contains("FIXED_PERCENT_OF_CAPITALIZATION_CONVERSION"))
        #expect(result.scenario.contains("# ocf-id: safe-yc-seven-percent — SAFE of 125000 USD"))
        #expect(loaded.instrument(named: "SAFE-1 — Y Combinator") == nil)
    }

    @Test func totalsMatchAnIndependentCount() throws {
        let (_, loaded) = try Fixtures.load(path, asOf: "2026-09-01")
        let issued = try issuedStock(in: path, asOf: "2026-09-01")
        #expect(issued == ["common": 9_000_000])
        #expect(decimal(loaded.scenario.common) == issued["common"])
    }

    @Test func matchesTheHoldingsMiniCapPublishes() throws {
        // awesome-cap-table's own report of the same package on the same date (its scenario README's summary and
        // ownership tables), parsed here: an independent count of the import.
        let report = try String(
            contentsOfFile: Fixtures.sample("minicap_scenario_series-a-10-on-40") + "/README.md", encoding: .utf8)
        func cell(_ row: String) -> Shares? {
            guard let line = report.split(separator: "\n").first(where: { $0.hasPrefix("| \(row) |") }) else { return nil }
            let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            return cells.count > 1 ? Shares(cells[1]) : nil
        }
        #expect(report.contains("> As of 2026-09-01"))
        let (result, loaded) = try Fixtures.load(path, asOf: "2026-09-01")
        #expect(cell("Issued stock") == loaded.scenario.common)
        #expect(cell("Available option reserve") == loaded.scenario.pool)
        #expect(cell("Granted equity compensation") == .zero)
        #expect(loaded.scenario.instruments.filter { $0.kind == .option }.isEmpty)
        // Its three SAFEs: two written as SAFEs, the fixed-percentage one as a comment.
        let safes = result.scenario.components(separatedBy: "    # ocf-id: safe-").count - 1
        #expect(cell("Outstanding SAFEs").map { $0.description } == "\(safes)")
        for (holder, id) in [("Alex Founder", "founder-alex"), ("Sam Founder", "founder-sam")] {
            let published = try #require(cell(holder))
            #expect(result.scenario.contains("#     \(holder) (\(id)): \(published) — "))
        }
    }

    @Test func beforeTheAngelSafeItIsNotThere() throws {
        let (_, loaded) = try Fixtures.load(path, asOf: "2026-05-31")
        #expect(loaded.instrument(named: "SAFE-3 — Example Angel Fund") == nil)
        #expect(loaded.instrument(named: "SAFE-2 — Y Combinator") != nil)
    }
}

@Suite struct FixtureRoboticsImportTests {
    let path = Fixtures.package("fixture-robotics")

    @Test func everyQuirkOfThePackage() throws {
        let (result, loaded) = try Fixtures.load(path, asOf: "2024-12-31")
        // The wrong digest is a warning, and the import goes on.
        #expect(result.warnings == [
            "Manifest.ocf.json: stakeholders_files[0].md5: './Stakeholders.ocf.json' has the MD5 "
                + "80b2d5f7616dc9f4ca33a53f6e08f0b8, not 00000000000000000000000000000000 as listed; read it anyway."
        ])
        // Common, by hand: Alice 4,000,000 − 500,000 repurchased ("+500000") = 3,500,000 (balance security);
        // Bob 4,000,000 − 1,000,000 transferred = 3,000,000 (balance created, it has no issuance of its own);
        // the fund 1,000,000 + 20,000 from the warrant exercise; Eve 50,000 from her exercise. The 2025 issuance
        // is after the date.
        #expect(loaded.scenario.common == shares("7570000"))
        // Series A: ratio {10, 5} written as JSON numbers, no price: 1.00 ÷ 2 = 0.50.
        let seriesA = try #require(loaded.instrument(named: "Series A Preferred"))
        #expect(seriesA.shares == shares("600000"))
        #expect(seriesA.statedValue == Money("1"))
        #expect(seriesA.price == price("0.5"))
        // Series B: the ratio adjustment of 2024-02-01 (1.60) overrides the conversion right (2.00).
        let seriesB = try #require(loaded.instrument(named: "Series B Preferred"))
        #expect(seriesB.shares == shares("250000"))
        #expect(seriesB.statedValue == Money("2"))
        #expect(seriesB.price == price("1.6"))
        #expect(result.scenario.contains("conversion: from the conversion ratio adjustment 'tx-b-down-round' of 2024-02-01"))
        #expect(result.scenario.contains("# liquidation terms from OCF: liquidation_preference_multiple 1.5, "
            + "participation_cap_multiple 3, seniority 3 → rank 1"))
        #expect(result.scenario.contains("# 500000 shares authorized"))  // initial_shares_authorized
        #expect(result.scenario.contains("# liquidation terms from OCF: liquidation_preference_multiple 1, seniority 2 "
            + "→ rank 2"))
        #expect(result.scenario.contains("# 1000000 shares authorized"))  // current_shares_authorized
        // Legacy TX_PLAN_SECURITY_* names: 200,000 − 50,000 exercised + 30,000 at 0.10; 100,000 − 40,000 at 0.25.
        #expect(loaded.instrument(named: "2020 Equity Plan options at 0.1")?.shares == shares("180000"))
        #expect(loaded.instrument(named: "2020 Equity Plan options at 0.25")?.shares == shares("60000"))
        // The pool, cut from "+1000000" to 800,000: less 240,000 outstanding and 50,000 exercised.
        #expect(loaded.scenario.pool == shares("510000"))
        // The warrant exercise has no quantity: 20,000 inferred from its resulting stock issuance.
        let warrant = try #require(loaded.instrument(named: "W-1 — Fixture Fund I"))
        #expect(warrant.shares == shares("100000"))
        #expect(warrant.price == price("0.5"))
        #expect(warrant.expires == CalendarDate(iso: "2029-03-01"))
        // The warrant without a quantity is reported and left out.
        #expect(result.leftOut.contains { $0.hasPrefix("the warrant 'w-advisor'") && $0.contains("no quantity") })
        #expect(loaded.instrument(named: "W-2 — Ada Angel") == nil)
        #expect(result.leftOut.contains { $0.hasPrefix("the warrant 'w-lender'") && $0.contains("no exercise price") })
        #expect(loaded.scenario.instruments.filter { $0.kind == .warrant }.count == 1)
        // The MFN SAFE and the note are written with their terms (`safes:`, `notes:`).
        #expect(!result.leftOut.contains { $0.contains("'safe-mfn'") })
        let note = try #require(loaded.instrument(named: "NOTE-1 — Ada Angel"))
        guard case .convertible(let noteTerms) = note.kind else {
            Issue.record("NOTE-1 is not a note: \(note.kind)")
            return
        }
        #expect(noteTerms.form == .note)
        #expect(noteTerms.amount == Money("100000"))
        #expect(noteTerms.cap == Money("20000000"))
        #expect(noteTerms.discount == Ratio("0.2"))
        #expect(noteTerms.interest?.rate == Ratio("0.05"))
        #expect(noteTerms.interest?.compound == false)
        #expect(noteTerms.interest?.dayCount == .actual365)
        #expect(noteTerms.issued == CalendarDate(iso: "2024-05-01"))
        guard case .convertible(let safeTerms)? = loaded.instrument(named: "SAFE-1 — Ada Angel")?.kind else {
            Issue.record("no SAFE-1 — Ada Angel SAFE")
            return
        }
        #expect(safeTerms.mfn && safeTerms.form == .postMoneySafe && safeTerms.amount == Money("50000"))
        // Liquidation terms: OCF seniority 3 (Series B) is paid first, rank 1; seniority 2 (Series A) rank 2.
        #expect(result.scenario.contains("liquidation: {preference: 1.5x, participation: capped, cap: 3x, seniority: 1}"))
        #expect(result.scenario.contains("liquidation: {preference: 1x, seniority: 2}"))
        let liquidationB = try #require(seriesB.liquidation)
        #expect(liquidationB.seniority == 1)
        #expect(try #require(loaded.instrument(named: "Series A Preferred")).liquidation?.seniority == 2)
        // Preferred and options with their holders, adding up to the instrument.
        #expect(result.scenario.contains("""
                  holders:
                    - name: "Fixture Fund I"  # fund
                      shares: 500000
                    - name: "Ada Angel"  # angel
                      shares: 100000
            """))
        #expect(result.scenario.contains("""
                    - name: "Eve Engineer"  # employee
                      shares: 150000
                    - name: "Bob Founder"  # bob
                      shares: 30000
            """))
        // Every instrument carries its OCF id; every preferred series a clause placeholder.
        for id in ["series-a", "series-b", "w-bank", "o-emp-1", "o-emp-2", "o-bob", "n-angel"] {
            #expect(result.scenario.contains("ocf-id: \(id)"), "no ocf-id comment for \(id)")
        }
        #expect(result.scenario.components(separatedBy: "# clause:").count - 1 == 2)
        #expect(result.scenario.contains("#   type: weighted-average   # weighted-average, full-ratchet or none"))
    }

    @Test func theLatestRatioAdjustmentOnOrBeforeTheDate() throws {
        let (_, before) = try Fixtures.load(path, asOf: "2024-01-31")
        #expect(before.instrument(named: "Series B Preferred")?.price == price("2"))
        let (_, on) = try Fixtures.load(path, asOf: "2024-02-01")
        #expect(on.instrument(named: "Series B Preferred")?.price == price("1.6"))
    }
}

@Suite struct SamplePackageTests {
    @Test func optionsTutorialWithLegacyNamesAndAPoolCut() throws {
        let path = Fixtures.sample("tutorial_options")
        let (result, loaded) = try Fixtures.load(path, asOf: "2024-12-31")
        #expect(result.warnings.contains { $0.contains("ocf_version: '~~~ SAMPLE ~~~'") })
        #expect(result.warnings.contains { $0.contains("stock_plans_files[0].md5") })
        // TX_PLAN_SECURITY_ISSUANCE of 100,000 at 0.10, 25,000 exercised (TX_PLAN_SECURITY_EXERCISE).
        let options = loaded.scenario.instruments.filter { $0.kind == .option }
        #expect(options.map(\.shares) == [shares("75000")])
        #expect(options.first?.price == price("0.1"))
        // Reserved 10,000,000, cut to 8,000,000; less 75,000 outstanding and 25,000 delivered.
        #expect(loaded.scenario.pool == shares("7900000"))
        let issued = try issuedStock(in: path, asOf: "2024-12-31")
        #expect(decimal(loaded.scenario.common) == issued["e1d930f7-592d-4414-a3ab-a78fe4b932d1"])
        #expect(loaded.preferred.map { decimal($0.shares) } == [issued["0c21a4fd-f758-4e8a-b0ec-3fab5a5dc452"]])
        // No conversion right: 1:1 at the issue price, said so.
        #expect(loaded.preferred.first?.price == price("1"))
        #expect(result.notes.contains { $0.contains("written as converting 1:1") })
    }

    @Test func quickstartWithAWrongManifestPath() throws {
        let path = Fixtures.sample("tutorial_quickstart")
        let (result, loaded) = try Fixtures.load(path, asOf: "2022-12-01")
        #expect(result.warnings.contains(
            "Manifest.ocf.json: stakeholders_files[0].filepath: './Stakeholders.json' does not exist; read "
                + "'Stakeholders.ocf.json', the folder's file of type OCF_STAKEHOLDERS_FILE, instead."))
        #expect(result.scenario.contains("Jim Jangles"))
        #expect(loaded.preferred.map(\.shares) == [shares("5000")])
    }

    @Test(.enabled(if: Fixtures.hasUnzip, "needs unzip"), arguments: ["tutorial_options", "tutorial_quickstart"])
    func zippedPackagesImportLikeTheirFolders(_ name: String) throws {
        let zip = Fixtures.sample(name) + "/issuance_aperture_science_inc.ocf.zip"
        let (result, loaded) = try Fixtures.load(zip, asOf: "2024-12-31")
        #expect(result.scenario.contains("Aperture Science, Inc."))
        #expect(loaded.preferred.map(\.shares) == [shares("5000")])
    }

    @Test(arguments: ["ocf_samples_main", "ocf_samples_v1.2.0"])
    func catalogueSamplesImportWithAReportOfWhatWasSkipped(_ name: String) throws {
        let path = Fixtures.sample(name)
        // Their ids dangle: without --skip-dangling the first is an error, located.
        #expect {
            try OCFImporter.importPackage(path: path, asOf: Fixtures.date("2030-01-01"))
        } throws: { error in
            (error as? OCFError)?.description
                == "Transactions.ocf.json: items[10].stakeholder_id: the stakeholder 'stk_567890' is not in the "
                + "package's stakeholders."
        }
        let (result, loaded) = try Fixtures.load(path, asOf: "2030-01-01", skipDangling: true)
        #expect(result.skipped.contains {
            $0.hasPrefix("Transactions.ocf.json: items[") && $0.contains("the stock class 'stock-class-id' is not in "
                + "the package's stock classes; skipped 'test-stock-issuance-minimal'.")
        })
        #expect(result.skipped.count >= 20)
        // "+10000000.00" reserved; the pool adjustment names a plan the package lacks and is skipped.
        #expect(loaded.scenario.pool == shares("10000000"))
        // Every stock issuance names a class the package lacks: no stock; the one preferred class is left out.
        #expect(loaded.scenario.common == .zero)
        #expect(result.leftOut.contains { $0.hasPrefix("the preferred class 'Series Seed Preferred'") })
        // The warrants whose issuances resolve (the first of each duplicated security id): 1,000 and 22,538 at 1.00.
        let warrants = loaded.scenario.instruments.filter { $0.kind == .warrant }
        #expect(warrants.map(\.shares) == [shares("1000"), shares("22538")])
        #expect(warrants.allSatisfy { $0.price == price("1") })
    }

    @Test(.enabled(if: Fixtures.hasShared, "needs ../shared/ocf-samples (ocx has no licence to copy it here)"))
    func ocxExampleIncMatchesAnIndependentCount() throws {
        let path = Fixtures.shared + "/ocx_example-inc"
        let (result, loaded) = try Fixtures.load(path, asOf: "2023-03-02")
        // Counted independently (issuances less cancellations, repurchases and transfers, a balance security with
        // its own issuance replacing its source): common 5,835,181; Series A1 668,531; Series A 690,909.
        #expect(loaded.scenario.common == shares("5835181"))
        #expect(loaded.instrument(named: "Series A1 Preferred")?.shares == shares("668531"))
        let seriesA = try #require(loaded.instrument(named: "Series A Preferred"))
        #expect(seriesA.shares == shares("690909"))
        // Ratio {10, 5} as JSON numbers and no price: the original issue price 2 ÷ 2.
        #expect(seriesA.price == price("1"))
        // OCF seniority 3 (Series A1) is paid before 2 (Series A): our ranks 1 and 2.
        #expect(loaded.instrument(named: "Series A1 Preferred")?.liquidation?.seniority == 1)
        #expect(seriesA.liquidation?.seniority == 2)
        // 1.0.0-b1 names, transactions dated before their issuance, prettier-reformatted files (md5s wrong).
        #expect(result.warnings.contains { $0.contains("md5") })
        #expect(result.warnings.contains { $0.contains("applied right after that issuance") })
        #expect(loaded.scenario.instruments.filter { $0.kind == .warrant }.map(\.shares) == [shares("275000"), shares("150000")])
    }
}

@Suite struct EveryPackageValidatesTests {
    static let packages: [(String, String, Bool)] = [
        ("samples/minicap", "2026-09-01", false), ("samples/tutorial_options", "2024-12-31", false),
        ("samples/tutorial_quickstart", "2022-12-01", false), ("samples/ocf_samples_main", "2030-01-01", true),
        ("samples/ocf_samples_v1.2.0", "2030-01-01", true), ("packages/fixture-robotics", "2024-12-31", false),
    ]

    @Test(arguments: packages)
    func importedAndWrittenItPassesValidate(_ folder: String, _ asOf: String, _ skipDangling: Bool) throws {
        let temporary = try TemporaryFolder()
        let out = temporary.path("imported.yaml")
        let imported = try Operations.importOCF(
            package: Fixtures.folder.appendingPathComponent(folder).path, asOf: asOf, out: out,
            skipDangling: skipDangling)
        try imported.files.write(protecting: [])
        let validated = try Operations.validate(file: out)
        #expect(validated.stdout.hasPrefix("\(out): valid — "))
        // One warning per preferred series, each of which has its clause placeholder.
        let text = try String(contentsOfFile: out, encoding: .utf8)
        let all = try ScenarioLoader.load(path: out).scenario.instruments
        let series = all.filter(\.isPreferred)
        #expect(validated.stderr.components(separatedBy: "warning: the preferred series").count - 1 == series.count)
        #expect(text.components(separatedBy: "      # clause:").count - 1 == series.count)
        // Every instrument written carries the OCF id it comes from.
        let instruments = text.components(separatedBy: "\n    - id: ").count - 1
        #expect(instruments == all.count)
        #expect(text.components(separatedBy: "\n    # ocf-id: ").count - 1 >= instruments - optionGroups(text))
        #expect(text.components(separatedBy: "\n    #   ocf-id: ").count - 1 >= optionGroups(text))
    }

    /// Option groups carry their grants' ids on `#   ocf-id:` lines rather than one `# ocf-id:` line.
    func optionGroups(_ text: String) -> Int { text.components(separatedBy: "\n    - id: options-").count - 1 }
}

@Suite struct BadPackageTests {
    static let manifest = """
        {"ocf_version": "1.2.0", "file_type": "OCF_MANIFEST_FILE", "as_of": "2024-01-01",
         "issuer": {"object_type": "ISSUER", "id": "bad", "legal_name": "Bad, Inc."},
         "stakeholders_files": [{"filepath": "./Stakeholders.ocf.json", "md5": "x"}],
         "stock_classes_files": [{"filepath": "./StockClasses.ocf.json", "md5": "x"}],
         "transactions_files": [{"filepath": "./Transactions.ocf.json", "md5": "x"}]}
        """
    static let stakeholders = """
        {"file_type": "OCF_STAKEHOLDERS_FILE", "items": [{"object_type": "STAKEHOLDER", "id": "ann",
          "name": {"legal_name": "Ann"}, "stakeholder_type": "INDIVIDUAL"}]}
        """
    static let classes = """
        {"file_type": "OCF_STOCK_CLASSES_FILE", "items": [{"object_type": "STOCK_CLASS", "id": "common",
          "name": "Common", "class_type": "COMMON"}]}
        """
    static func issuance(_ quantity: String) -> String {
        """
        {"object_type": "TX_STOCK_ISSUANCE", "id": "tx-1", "security_id": "s-1", "date": "2023-01-01",
         "stakeholder_id": "ann", "stock_class_id": "common", "quantity": \(quantity),
         "share_price": {"amount": "0.01", "currency": "USD"}, "stock_legend_ids": []}
        """
    }

    func package(_ transactions: String) throws -> TemporaryFolder {
        let folder = try TemporaryFolder()
        try folder.write("pkg/Manifest.ocf.json", Self.manifest)
        try folder.write("pkg/Stakeholders.ocf.json", Self.stakeholders)
        try folder.write("pkg/StockClasses.ocf.json", Self.classes)
        try folder.write("pkg/Transactions.ocf.json", #"{"file_type": "OCF_TRANSACTIONS_FILE", "items": ["# + transactions + "]}")
        return folder
    }

    func importError(_ folder: TemporaryFolder) -> String {
        do {
            _ = try Operations.importOCF(
                package: folder.path("pkg"), asOf: "2024-01-01", out: folder.path("out.yaml"), skipDangling: false)
            return "no error"
        } catch {
            return describe(error)
        }
    }

    @Test func aMissingManifest() throws {
        let folder = try TemporaryFolder()
        try folder.write("pkg/Stakeholders.ocf.json", Self.stakeholders)
        #expect(importError(folder) == "\(folder.path("pkg")): holds no OCF manifest (a Manifest.ocf.json, or a JSON "
            + "file whose file_type is OCF_MANIFEST_FILE).")
    }

    @Test func aTransactionOnAnUnknownSecurity() throws {
        let folder = try package(Self.issuance(#""100""#) + #"""
            , {"object_type": "TX_STOCK_CANCELLATION", "id": "tx-2", "security_id": "s-9", "date": "2023-06-01",
               "quantity": "10", "reason_text": "x"}
            """#)
        #expect(importError(folder) == "Transactions.ocf.json: items[1].security_id: the security 's-9' is not "
            + "issued by any transaction on or before 2024-01-01.")
        #expect(try folder.contents() == ["pkg"])
    }

    @Test(arguments: [
        (#""1,000""#, "'1,000' is not a number (OCF numbers are written like \"1000\" or \"0.25\")"),
        (#""-5""#, "-5 is negative; a share count cannot be"),
        ("true", "is a boolean, not a number"),
        (#""0.0000001""#, "0.0000001 has more than 6 decimal places; fractions of a share that fine cannot be carried exactly"),
    ])
    func aMalformedNumber(_ quantity: String, _ message: String) throws {
        let folder = try package(Self.issuance(quantity))
        #expect(importError(folder) == "Transactions.ocf.json: items[0].quantity: \(message).")
        #expect(try folder.contents() == ["pkg"])
    }

    @Test func aCancellationOfMoreThanIsOutstanding() throws {
        let folder = try package(Self.issuance(#""100""#) + #"""
            , {"object_type": "TX_STOCK_CANCELLATION", "id": "tx-2", "security_id": "s-1", "date": "2023-06-01",
               "quantity": "150", "reason_text": "x"}
            """#)
        #expect(importError(folder) == "Transactions.ocf.json: items[1].quantity: 150 is more than the 100 "
            + "outstanding on the security 's-1'.")
    }

    @Test func aGoodPackageWritesAScenarioThatValidates() throws {
        let folder = try package(Self.issuance(#""100""#))
        let outcome = try Operations.importOCF(
            package: folder.path("pkg"), asOf: "2024-01-01", out: folder.path("out.yaml"), skipDangling: false)
        try outcome.files.write(protecting: [])
        #expect(outcome.stderr.hasSuffix("wrote \(folder.path("out.yaml")): 0 preferred series, 0 other instruments, "
            + "common 100, pool 0 on 2024-01-01\n"))
        let validated = try Operations.validate(file: folder.path("out.yaml"))
        #expect(validated.stdout.contains("valid — 0 instruments, 0 events, 0 adjustments."))
    }

    @Test func neverWritesIntoThePackage() throws {
        let folder = try package(Self.issuance(#""100""#))
        for out in [folder.path("pkg/Manifest.ocf.json"), folder.path("pkg/scenario.yaml")] {
            #expect {
                try Operations.importOCF(package: folder.path("pkg"), asOf: "2024-01-01", out: out, skipDangling: false)
            } throws: { error in
                describe(error) == "Refusing to write \(out): it is inside the OCF package \(folder.path("pkg")), which "
                    + "is an input."
            }
        }
        // Beside it is fine.
        let beside = try Operations.importOCF(
            package: folder.path("pkg/Manifest.ocf.json"), asOf: "2024-01-01", out: folder.path("s.yaml"),
            skipDangling: false)
        #expect(beside.files.files.map(\.path) == [folder.path("s.yaml")])
    }

    @Test func aBadDateIsAUsageError() throws {
        #expect {
            try Operations.importOCF(package: Fixtures.sample("minicap"), asOf: "1/9/2026", out: nil, skipDangling: false)
        } throws: { error in
            describe(error) == "--as-of must be a date written YYYY-MM-DD, not '1/9/2026'."
        }
    }
}

@Suite struct CommonByHolderImportTests {
    @Test("common is imported by holder, and the holders add up to the common outstanding")
    func minicapFounders() throws {
        let (result, loaded) = try Fixtures.load(Fixtures.sample("minicap"), asOf: "2026-09-01")
        #expect(
            loaded.scenario.commonHolders == [
                Holder(name: "Alex Founder", shares: shares("4500000")),
                Holder(name: "Sam Founder", shares: shares("4500000")),
            ])
        #expect(result.scenario.contains("      - name: \"Alex Founder\"  # founder-alex\n        shares: 4500000"))
        // The holders are named, so the run reports each founder's ownership: half of the common each.
        let final = try loaded.run().final
        let alex = try #require(final.holders.first { $0.name == "Alex Founder" })
        #expect(alex.common == shares("4500000"))
    }

    @Test("every sample's common holders add up to its common")
    func samplesAddUp() throws {
        for (sample, date, skipDangling) in EveryPackageValidatesTests.packages {
            let (_, loaded) = try Fixtures.load(
                Fixtures.folder.appendingPathComponent(sample).path, asOf: date, skipDangling: skipDangling)
            var total = Shares.zero
            for holder in loaded.scenario.commonHolders { total = try total + holder.shares }
            #expect(loaded.scenario.commonHolders.isEmpty ? loaded.scenario.common.isZero : total == loaded.scenario.common, "\(sample)")
        }
    }
}

/// A hand-made package of five preferred classes, to pin down how OCF's liquidation terms become ours: seniority
/// ranked from OCF's highest value down (equal values pari passu, decimals allowed), a class without one after all
/// of them, a cap below the preference refused, and the holders of each class.
@Suite struct LiquidationTermsImportTests {
    static func stockClass(_ id: String, _ terms: String) -> String {
        """
        {"object_type": "STOCK_CLASS", "id": "\(id)", "name": "Series \(id.uppercased())", "class_type": "PREFERRED",
         "price_per_share": {"amount": "1", "currency": "USD"}\(terms.isEmpty ? "" : ", " + terms)}
        """
    }

    static func issuance(_ id: String, _ holder: String, _ quantity: String) -> String {
        """
        {"object_type": "TX_STOCK_ISSUANCE", "id": "tx-\(id)-\(holder)", "security_id": "s-\(id)-\(holder)",
         "date": "2023-01-01", "stakeholder_id": "\(holder)", "stock_class_id": "\(id)", "quantity": "\(quantity)",
         "share_price": {"amount": "1", "currency": "USD"}, "stock_legend_ids": []}
        """
    }

    @Test func seniorityRanksCapsAndHolders() throws {
        let folder = try TemporaryFolder()
        let classes = [
            Self.stockClass("common", "").replacingOccurrences(of: "\"PREFERRED\"", with: "\"COMMON\""),
            Self.stockClass("a", #""liquidation_preference_multiple": "1", "seniority": "1""#),
            Self.stockClass("b", #""liquidation_preference_multiple": "1.5", "participation_cap_multiple": "2.5", "seniority": "2.5""#),
            Self.stockClass("c", #""liquidation_preference_multiple": "1", "seniority": 2.5"#),
            Self.stockClass("d", #""liquidation_preference_multiple": "2""#),
            Self.stockClass("e", #""liquidation_preference_multiple": "1", "participation_cap_multiple": "0.5", "seniority": "1""#),
        ]
        let holders = ["ann", "bob"].map {
            #"{"object_type": "STAKEHOLDER", "id": "\#($0)", "name": {"legal_name": "\#($0.capitalized)"}, "stakeholder_type": "INDIVIDUAL"}"#
        }
        let issuances = [
            Self.issuance("common", "ann", "1000"), Self.issuance("a", "ann", "300"), Self.issuance("a", "bob", "200"),
            Self.issuance("b", "bob", "100"), Self.issuance("c", "ann", "100"), Self.issuance("d", "ann", "100"),
            Self.issuance("e", "bob", "100"),
        ]
        try folder.write("pkg/Manifest.ocf.json", BadPackageTests.manifest)
        try folder.write("pkg/Stakeholders.ocf.json",
            #"{"file_type": "OCF_STAKEHOLDERS_FILE", "items": ["# + holders.joined(separator: ",") + "]}")
        try folder.write("pkg/StockClasses.ocf.json",
            #"{"file_type": "OCF_STOCK_CLASSES_FILE", "items": ["# + classes.joined(separator: ",") + "]}")
        try folder.write("pkg/Transactions.ocf.json",
            #"{"file_type": "OCF_TRANSACTIONS_FILE", "items": ["# + issuances.joined(separator: ",") + "]}")
        let (result, loaded) = try Fixtures.load(folder.path("pkg"), asOf: "2024-01-01")
        func terms(_ name: String) throws -> LiquidationTerms {
            let instrument = try #require(loaded.instrument(named: name), "no \(name)")
            return try #require(instrument.liquidation, "\(name) has no liquidation terms")
        }
        // OCF 2.5 (B and C, pari passu) is paid first: rank 1; OCF 1 (A and E): rank 2; D has none: rank 3.
        #expect(try terms("Series B").seniority == 1)
        #expect(try terms("Series C").seniority == 1)
        #expect(try terms("Series A").seniority == 2)
        #expect(try terms("Series E").seniority == 2)
        #expect(try terms("Series D").seniority == 3)
        #expect(try terms("Series B").participation == .capped(multiple: Ratio("2.5")))
        #expect(try terms("Series B").multiple == Ratio("1.5"))
        #expect(try terms("Series D").multiple == Ratio("2"))
        #expect(try terms("Series A").participation == LiquidationTerms.Participation.none)
        // E's cap (0.5×) is below its preference: non-participating, and the comment says why.
        #expect(try terms("Series E").participation == LiquidationTerms.Participation.none)
        #expect(result.scenario.contains("OCF's participation cap 0.5× is below the preference 1×"))
        // Series A's holders, adding up to its 500 shares.
        let seriesA = try #require(loaded.instrument(named: "Series A"))
        #expect(seriesA.holders.map(\.name) == ["Ann", "Bob"])
        #expect(seriesA.holders.map(\.shares) == [shares("300"), shares("200")])
    }
}
