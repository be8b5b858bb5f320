/// A payer of payers.md: how the ADT feed's insurance fields name it,
/// whether it requires prior authorization for radiosurgery, and the
/// modifiers its contract asks for.
public struct Payer: Sendable, Hashable {
    /// How a coverage from the feed is recognised as this payer; any one list matching is enough.
    public struct Match: Sendable, Hashable {
        /// Against IN1-3.1, exactly but for case.
        public var companyIDs: [String]
        /// Substrings of IN1-4.1, case-insensitive.
        public var names: [String]
        /// Against IN1-15, exactly but for case.
        public var planTypes: [String]

        /// A match.
        public init(companyIDs: [String] = [], names: [String] = [], planTypes: [String] = []) {
            self.companyIDs = companyIDs
            self.names = names
            self.planTypes = planTypes
        }
    }

    /// The payer's id in GammaLog (`uhc`).
    public var id: String
    /// Its name for people (`UnitedHealthcare`).
    public var name: String
    /// How the feed names it.
    public var match: Match
    /// Whether a charge needs a live authorization from this payer to go out.
    public var priorAuthorization: Bool
    /// Modifiers replacing `billing.modifiers` for this payer; nil keeps the facility's.
    public var modifiers: [String]?
    /// Its covered indications for the service (diagnoses.md); nil = no medical-necessity check.
    public var policy: MedicalPolicy?
    /// Whether an ABN on file lets a charge its policy does not cover go out with `GA`.
    public var abn: Bool

    /// A payer.
    public init(
        id: String, name: String, match: Match, priorAuthorization: Bool, modifiers: [String]? = nil,
        policy: MedicalPolicy? = nil, abn: Bool = false
    ) {
        self.id = id
        self.name = name
        self.match = match
        self.priorAuthorization = priorAuthorization
        self.modifiers = modifiers
        self.policy = policy
        self.abn = abn
    }

    /// Whether the feed's fields of `coverage` name this payer.
    public func matches(_ coverage: Coverage) -> Bool {
        func same(_ value: String?, _ candidates: [String]) -> Bool {
            guard let value = value?.uppercased(), !value.isEmpty else { return false }
            return candidates.contains { $0.uppercased() == value }
        }
        if same(coverage.companyID, match.companyIDs) || same(coverage.planType, match.planTypes) { return true }
        guard let name = coverage.companyName?.uppercased(), !name.isEmpty else { return false }
        return match.names.contains { name.contains($0.uppercased()) }
    }
}
