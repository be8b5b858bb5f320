/// A payer's prior authorization for a patient: the dates it covers, the
/// codes (nil = any), and how many charges it covers (nil = no limit).
public struct Authorization: Sendable, Hashable, Codable {
    /// Stable id.
    public var id: String
    /// The payer's id.
    public var payerID: String
    /// The payer's authorization number.
    public var number: String
    /// First covered service date, `YYYY-MM-DD`.
    public var validFrom: String
    /// Last covered service date, `YYYY-MM-DD`: it lapses at the following midnight in the facility's zone.
    public var validTo: String
    /// Codes covered; nil = any.
    public var codes: [String]?
    /// Charges covered; nil = no limit.
    public var units: Int?
    /// `adt` (from IN1-14) or `api`.
    public var source: Coverage.Source
    /// Revoked, with the reason; a revoked authorization covers nothing.
    public var revokedReason: String?

    /// An authorization.
    public init(
        id: String, payerID: String, number: String, validFrom: String, validTo: String, codes: [String]? = nil,
        units: Int? = nil, source: Coverage.Source, revokedReason: String? = nil
    ) {
        self.id = id
        self.payerID = payerID
        self.number = number
        self.validFrom = validFrom
        self.validTo = validTo
        self.codes = codes
        self.units = units
        self.source = source
        self.revokedReason = revokedReason
    }

    private enum CodingKeys: String, CodingKey {
        case id, payerID = "payer", number, validFrom = "valid_from", validTo = "valid_to", codes, units, source
        case revokedReason = "revoked_reason"
    }

    /// Decodes an authorization as the API and the store write it; without `id` and `source`, a new one
    /// entered by people.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decodeIfPresent(String.self, forKey: .id) ?? ""
        payerID = try c.decode(String.self, forKey: .payerID)
        number = try c.decode(String.self, forKey: .number)
        validFrom = try c.decode(String.self, forKey: .validFrom)
        validTo = try c.decode(String.self, forKey: .validTo)
        codes = try c.decodeIfPresent([String].self, forKey: .codes)
        units = try c.decodeIfPresent(Int.self, forKey: .units)
        source = try c.decodeIfPresent(Coverage.Source.self, forKey: .source) ?? .api
        revokedReason = try c.decodeIfPresent(String.self, forKey: .revokedReason)
    }

    /// Encodes every field, null when unknown.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(payerID, forKey: .payerID)
        try c.encode(number, forKey: .number)
        try c.encode(validFrom, forKey: .validFrom)
        try c.encode(validTo, forKey: .validTo)
        try c.encode(codes, forKey: .codes)
        try c.encode(units, forKey: .units)
        try c.encode(source, forKey: .source)
        try c.encode(revokedReason, forKey: .revokedReason)
    }

    /// Whether it covers `code` on `day`, with `used` of its units already taken by other charges.
    public func covers(code: String, on day: String, used: Int) -> Bool {
        revokedReason == nil && validFrom <= day && day <= validTo && (codes.map { $0.contains(code) } ?? true)
            && (units.map { used < $0 } ?? true)
    }
}
