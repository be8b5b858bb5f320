/// A patient's insurance coverage, from the ADT feed's IN1 segment or
/// entered by billing staff: which plan, from when to when, at which
/// priority (1 is primary).
public struct Coverage: Sendable, Hashable, Codable {
    /// Where an entry came from.
    public enum Source: String, Sendable, Hashable, Codable {
        /// The ADT feed; replaced by the next message's IN1 segments.
        case adt
        /// Billing staff through the API; replaced only through the API.
        case api
    }

    /// 1 = primary, then secondary…
    public var priority: Int
    /// The payer's id when people named it; nil for the feed, whose payer is matched.
    public var payerID: String?
    /// IN1-2.1.
    public var planID: String?
    /// IN1-3.1.
    public var companyID: String?
    /// IN1-4.1.
    public var companyName: String?
    /// IN1-15.
    public var planType: String?
    /// First covered date, `YYYY-MM-DD`; nil = always.
    public var effective: String?
    /// Last covered date, `YYYY-MM-DD`; nil = open-ended.
    public var expires: String?
    /// IN1-36.
    public var policyNumber: String?
    /// IN1-49.1, the insured's member id.
    public var memberID: String?
    /// Where it came from.
    public var source: Source

    /// A coverage.
    public init(
        priority: Int, payerID: String? = nil, planID: String? = nil, companyID: String? = nil,
        companyName: String? = nil, planType: String? = nil, effective: String? = nil, expires: String? = nil,
        policyNumber: String? = nil, memberID: String? = nil, source: Source
    ) {
        self.priority = priority
        self.payerID = payerID
        self.planID = planID
        self.companyID = companyID
        self.companyName = companyName
        self.planType = planType
        self.effective = effective
        self.expires = expires
        self.policyNumber = policyNumber
        self.memberID = memberID
        self.source = source
    }

    private enum CodingKeys: String, CodingKey {
        case priority, payerID = "payer", planID = "plan_id", companyID = "company_id", companyName = "company_name"
        case planType = "plan_type", effective, expires, policyNumber = "policy_number", memberID = "member_id", source
    }

    /// Decodes a coverage as the API and the store write it; without `source`, one entered by people.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        priority = try c.decode(Int.self, forKey: .priority)
        payerID = try c.decodeIfPresent(String.self, forKey: .payerID)
        planID = try c.decodeIfPresent(String.self, forKey: .planID)
        companyID = try c.decodeIfPresent(String.self, forKey: .companyID)
        companyName = try c.decodeIfPresent(String.self, forKey: .companyName)
        planType = try c.decodeIfPresent(String.self, forKey: .planType)
        effective = try c.decodeIfPresent(String.self, forKey: .effective)
        expires = try c.decodeIfPresent(String.self, forKey: .expires)
        policyNumber = try c.decodeIfPresent(String.self, forKey: .policyNumber)
        memberID = try c.decodeIfPresent(String.self, forKey: .memberID)
        source = try c.decodeIfPresent(Source.self, forKey: .source) ?? .api
    }

    /// Encodes every field, null when unknown.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(priority, forKey: .priority)
        try c.encode(payerID, forKey: .payerID)
        try c.encode(planID, forKey: .planID)
        try c.encode(companyID, forKey: .companyID)
        try c.encode(companyName, forKey: .companyName)
        try c.encode(planType, forKey: .planType)
        try c.encode(effective, forKey: .effective)
        try c.encode(expires, forKey: .expires)
        try c.encode(policyNumber, forKey: .policyNumber)
        try c.encode(memberID, forKey: .memberID)
        try c.encode(source, forKey: .source)
    }

    /// Whether the plan is in force on `day` (`YYYY-MM-DD`), both ends included.
    public func covers(_ day: String) -> Bool {
        (effective.map { $0 <= day } ?? true) && (expires.map { day <= $0 } ?? true)
    }
}
