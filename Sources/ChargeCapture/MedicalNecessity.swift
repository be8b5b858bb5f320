/// How a charge met its payer's medical-necessity policy (diagnoses.md), as the charge carries it: the
/// policy, the first diagnosis it covers, or the ABN that let it go out with `GA`. A charge held
/// `medical_necessity` carries neither.
public struct MedicalNecessity: Sendable, Hashable, Codable {
    /// The ABN a charge went out under.
    public struct UsedABN: Sendable, Hashable, Codable {
        /// Its id.
        public var id: String
        /// The date it was signed.
        public var signed: String
        /// Its last day.
        public var validTo: String

        /// The notice `abn` as a charge carries it.
        public init(_ abn: ABN) {
            id = abn.id
            signed = abn.signed
            validTo = abn.validTo
        }

        private enum CodingKeys: String, CodingKey {
            case id, signed, validTo = "valid_to"
        }
    }

    /// The policy's name.
    public var policy: String
    /// The first diagnosis code the policy covers.
    public var coveredBy: String?
    /// The notice that let an uncovered charge go out with `GA`.
    public var abn: UsedABN?

    /// An outcome.
    public init(policy: String, coveredBy: String? = nil, abn: UsedABN? = nil) {
        self.policy = policy
        self.coveredBy = coveredBy
        self.abn = abn
    }

    public func encode(to encoder: any Encoder) throws {
        // Every key present, null when it does not apply.
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(policy, forKey: .policy)
        try c.encode(coveredBy, forKey: .coveredBy)
        try c.encode(abn, forKey: .abn)
    }

    private enum CodingKeys: String, CodingKey {
        case policy, coveredBy = "covered_by", abn
    }
}
