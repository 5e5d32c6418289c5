/// What `dilution export-ocf` produces: an OCF transactions file, and what it could not express.
public struct OCFExport: Sendable {
    /// An `OCF_TRANSACTIONS_FILE` document, pretty-printed with sorted keys.
    public var json: String
    /// How many conversion ratio adjustments it holds.
    public var count: Int
    /// How many other transactions it holds: the issuances and exercises of the scenario's events.
    public var issuances: Int
    /// An `OCF_STOCK_CLASSES_FILE` with the preferred series the events create, `nil` when there is none.
    public var stockClassesJSON: String?
    /// An `OCF_STAKEHOLDERS_FILE` with the placeholder holders of what the events issue, `nil` when there is none.
    public var stakeholdersJSON: String?
    /// Adjustments OCF has no transaction for (a warrant's exercise price), or rounded to fit OCF's numbers.
    public var notes: [String]
}
