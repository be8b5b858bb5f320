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
    /// A treatment with no diagnosis on file for its service date is held `diagnosis_missing` (diagnoses.md).
    public var diagnosisRequired = false
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
    /// Blue Shield with it; each with an example medical-necessity policy (diagnoses.md) that a site replaces
    /// with its payers' current ones. The embedded default plays its demo with these; the shipped example
    /// configuration says the same.
    public static var example: PayerSettings {
        let common = ["C70", "C71", "C72", "C75.1", "C79.3", "D32", "D33", "D35.2", "Q28.2", "G50.0"]
        var settings = PayerSettings()
        settings.payers = [
            Payer(
                id: "medicare", name: "Medicare", match: .init(companyIDs: ["CMS", "MEDICARE"], planTypes: ["MC"]),
                priorAuthorization: false,
                policy: MedicalPolicy(
                    name: "LCD L35076 (example)",
                    covered: [
                        "C70", "C71", "C72", "C75.1", "C75.2", "C79.3", "D32", "D33", "D35.2", "D35.3", "Q28.2",
                        "G50.0",
                    ]),
                abn: true),
            Payer(
                id: "uhc", name: "UnitedHealthcare",
                match: .init(companyIDs: ["UHC", "87726"], names: ["UNITEDHEALTHCARE", "UNITED HEALTHCARE"]),
                priorAuthorization: true,
                policy: MedicalPolicy(
                    name: "UHC radiation oncology: SRS (example)", covered: common, notCovered: ["G40"])),
            Payer(
                id: "aetna", name: "Aetna", match: .init(companyIDs: ["AETNA", "60054"], names: ["AETNA"]),
                priorAuthorization: true, policy: MedicalPolicy(name: "Aetna CPB 0083 (example)", covered: common)),
            Payer(
                id: "cigna", name: "Cigna", match: .init(companyIDs: ["CIGNA", "62308"], names: ["CIGNA"]),
                priorAuthorization: true,
                policy: MedicalPolicy(name: "Cigna radiation oncology: SRS (example)", covered: common)),
            Payer(
                id: "bcbs", name: "Blue Cross Blue Shield",
                match: .init(names: ["BLUE CROSS", "BLUE SHIELD", "BCBS", "ANTHEM"]), priorAuthorization: true,
                modifiers: [],
                policy: MedicalPolicy(
                    name: "BCBS SRS medical policy (example)", covered: common, notCovered: ["G40", "G89"])),
        ]
        return settings
    }
}
