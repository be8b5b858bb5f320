/// The payer checks a facility configures (payers.md): whether coverage is
/// required, what an unrecognised payer does, how long an authorization that
/// has only a date lasts, and the payers, first match wins.
public struct PayerSettings: Sendable, Hashable {
    /// What a primary coverage that matches no payer does to a charge.
    public enum Unmatched: String, Sendable, Hashable {
        /// Held `payer_unrecognized`.
        case hold
        /// No payer hold.
        case ready
    }

    /// A treatment with no coverage for its service date is held `coverage_unknown`.
    public var coverageRequired = true
    /// A primary coverage that matches no payer.
    public var unmatched = Unmatched.hold
    /// Days an authorization that has only a date (IN1-14.2) covers, from that date.
    public var authorizationDays = 90
    /// The payers, in order: the first that matches a coverage is its payer.
    public var payers: [Payer] = []

    /// No payers; coverage required, unmatched held.
    public init() {}

    /// The payer of `coverage`: the one named when people entered it, else the first that matches the feed's fields.
    public func payer(of coverage: Coverage) -> Payer? {
        if let id = coverage.payerID { return payers.first { $0.id == id } }
        return payers.first { $0.matches(coverage) }
    }

    /// `coverage` with its IN1-3 company id: what the feed sent, or for coverage entered by people (a payer
    /// id, no company) the payer's first configured company id, else the payer's id (payers.md 1.1: IN1-3 is
    /// required, and a DFT^P03 never goes out without it).
    public func withCompanyID(_ coverage: Coverage) -> Coverage {
        guard coverage.companyID?.isEmpty ?? true, let payer = payer(of: coverage) else { return coverage }
        var filled = coverage
        filled.companyID = payer.match.companyIDs.first ?? payer.id
        return filled
    }
}

extension PayerSettings {
    /// The five payers the customer named, as payers.md's example lists them (a site edits the ids to its
    /// interface's values): Medicare without prior authorization; UnitedHealthcare, Aetna, Cigna and Blue Cross
    /// Blue Shield with it. The embedded default plays its demo with these.
    public static var example: PayerSettings {
        var settings = PayerSettings()
        settings.payers = [
            Payer(
                id: "medicare", name: "Medicare", match: .init(companyIDs: ["CMS", "MEDICARE"], planTypes: ["MC"]),
                priorAuthorization: false),
            Payer(
                id: "uhc", name: "UnitedHealthcare",
                match: .init(companyIDs: ["UHC", "87726"], names: ["UNITEDHEALTHCARE", "UNITED HEALTHCARE"]),
                priorAuthorization: true),
            Payer(
                id: "aetna", name: "Aetna", match: .init(companyIDs: ["AETNA", "60054"], names: ["AETNA"]),
                priorAuthorization: true),
            Payer(
                id: "cigna", name: "Cigna", match: .init(companyIDs: ["CIGNA", "62308"], names: ["CIGNA"]),
                priorAuthorization: true),
            Payer(
                id: "bcbs", name: "Blue Cross Blue Shield",
                match: .init(names: ["BLUE CROSS", "BLUE SHIELD", "BCBS", "ANTHEM"]), priorAuthorization: true,
                modifiers: []),
        ]
        return settings
    }
}
