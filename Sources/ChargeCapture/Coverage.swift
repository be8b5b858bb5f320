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

    /// Whether the plan is in force on `day` (`YYYY-MM-DD`), both ends included.
    public func covers(_ day: String) -> Bool {
        (effective.map { $0 <= day } ?? true) && (expires.map { day <= $0 } ?? true)
    }
}
