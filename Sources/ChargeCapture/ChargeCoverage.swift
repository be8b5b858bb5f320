/// The coverage a charge was decided under, as the charge carries it
/// (payers.md): the primary coverage of the service date, its payer, and the
/// authorization the charge uses, if any.
public struct ChargeCoverage: Sendable, Hashable, Codable {
    /// The authorization a charge uses.
    public struct Used: Sendable, Hashable, Codable {
        /// Its id.
        public var id: String
        /// The payer's number.
        public var number: String
        /// First covered date.
        public var validFrom: String
        /// Last covered date.
        public var validTo: String
        /// `adt` or `api`.
        public var source: Coverage.Source

        private enum CodingKeys: String, CodingKey {
            case id, number, source, validFrom = "valid_from", validTo = "valid_to"
        }
    }

    /// 1 = primary.
    public var priority: Int
    /// The payer's id; nil when it matched none.
    public var payer: String?
    /// The payer's name.
    public var payerName: String?
    /// IN1-3.1.
    public var companyID: String?
    /// IN1-2.1.
    public var planID: String?
    /// IN1-49.1.
    public var memberID: String?
    /// The authorization used.
    public var authorization: Used?
    /// Every coverage of the service date in priority order, for the IN1 segments of DFT^P03.
    public var all: [Coverage]

    private enum CodingKeys: String, CodingKey {
        case priority, payer, authorization, all
        case payerName = "payer_name", companyID = "company_id", planID = "plan_id", memberID = "member_id"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(priority, forKey: .priority)
        try c.encode(payer, forKey: .payer)
        try c.encode(payerName, forKey: .payerName)
        try c.encode(companyID, forKey: .companyID)
        try c.encode(planID, forKey: .planID)
        try c.encode(memberID, forKey: .memberID)
        try c.encode(authorization, forKey: .authorization)
        try c.encode(all, forKey: .all)
    }
}
