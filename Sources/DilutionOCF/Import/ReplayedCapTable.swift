package import DilutionExact

/// One security of the package, as the transactions leave it on the import date.
package struct OCFSecurity: Sendable {
    package enum Kind: String, Sendable {
        case stock, equityCompensation = "equity compensation", warrant, convertible
    }
    package var id: String
    package var kind: Kind
    /// The issuance transaction's id (comments quote it).
    package var issuanceID: String
    package var issued: OCFDate
    package var stakeholderID: String
    /// Stock: its class. Equity compensation: the class it is exercisable into, when given.
    package var classID: String?
    /// Equity compensation (and stock issued under a plan): the plan.
    package var planID: String?
    /// Shares, options or warrant shares outstanding; `nil` for a warrant whose issuance gives none.
    package var quantity: Shares?
    /// Stock: the share price paid. Options and warrants: the exercise price (`nil` when not given).
    package var price: Price?
    package var currency: String = ""
    package var expires: OCFDate?
    /// Equity compensation: OPTION, OPTION_ISO, OPTION_NSO, RSU, CSAR, SSAR.
    package var compensationType: String = ""
    /// Convertibles: the issuance, for its terms.
    package var issuance: JSONNode?
    /// Still outstanding.
    package var active = true
}

/// A stock class with what the transactions changed about it.
package struct OCFStockClass: Sendable {
    package var id: String
    package var name: String
    package var isPreferred: Bool
    package var node: JSONNode
    /// The latest conversion ratio adjustment on or before the import date.
    package var adjustment: (id: String, date: OCFDate, mechanism: JSONNode)?
    /// Stock class splits applied (for comments).
    package var splits: [String] = []
    /// Authorized share adjustments applied (for comments).
    package var authorized: DecimalNumber?
}

/// An equity plan: the pool reserved, and what was granted and exercised out of it.
package struct OCFStockPlan: Sendable {
    package var id: String
    package var name: String
    package var reserved: Shares
    /// Shares the plan has delivered: exercised options, released units, stock issued under it.
    package var delivered: Shares = .zero
    /// Cancelled shares the plan retires instead of returning to the pool.
    package var retired: Shares = .zero
    package var retiresCancellations = false
}

/// The package replayed to a date: every security outstanding, class and plan.
package struct ReplayedCapTable: Sendable {
    package var asOf: OCFDate
    package var securities: [OCFSecurity] = []
    package var classes: [OCFStockClass] = []
    package var plans: [OCFStockPlan] = []
    /// Stakeholder id → name.
    package var stakeholders: [String: String] = [:]
    /// Transactions skipped because they refer to something the package does not hold (with `skipDangling`).
    package var skipped: [String] = []
    /// Things the replay did that a reader should know.
    package var warnings: [String] = []
    /// Transactions read, applied (on or before the date) and left for later.
    package var applied = 0
    package var later = 0

    package func holderName(_ id: String) -> String { stakeholders[id] ?? id }
}
