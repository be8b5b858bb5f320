/// An Advance Beneficiary Notice on file (diagnoses.md): the patient chose to receive the service and have
/// the payer billed (the notice's option 1), signed before the service.
public struct ABN: Sendable, Hashable, Codable {
    /// Its id (`ABN-…`).
    public var id: String
    /// The payer it was given for.
    public var payerID: String
    /// The date it was signed, `YYYY-MM-DD`.
    public var signed: String
    /// The codes it covers; nil = any.
    public var codes: [String]?
    /// Its last day, `YYYY-MM-DD` (by default signed + 364 days).
    public var validTo: String
    /// Why it was revoked; a revoked notice covers nothing.
    public var revokedReason: String?

    /// A notice.
    public init(
        id: String, payerID: String, signed: String, codes: [String]? = nil, validTo: String,
        revokedReason: String? = nil
    ) {
        self.id = id
        self.payerID = payerID
        self.signed = signed
        self.codes = codes
        self.validTo = validTo
        self.revokedReason = revokedReason
    }

    /// Whether it covers a service of `code` on `day`: not revoked, signed on or before the day, still valid,
    /// and for that code (or any).
    public func covers(code: String?, on day: String) -> Bool {
        guard revokedReason == nil, signed <= day, day <= validTo else { return false }
        guard let codes else { return true }
        return code.map(codes.contains) ?? false
    }

    private enum CodingKeys: String, CodingKey {
        case id, payerID = "payer", signed, codes, validTo = "valid_to", revokedReason = "revoked_reason"
    }
}
