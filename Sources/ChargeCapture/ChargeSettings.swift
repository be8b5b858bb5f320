import Foundation

/// What a facility configures about its charges (charge-rules.md: codes,
/// modifiers, revenue code, chargemaster numbers, release policy). The
/// decisions themselves are not configurable.
public struct ChargeSettings: Sendable, Hashable {
    /// When a charge with no hold becomes ready.
    public enum Release: String, Sendable, Hashable {
        /// The moment the session closes.
        case automatic
        /// Once a physicist signs the session's delivery record.
        case afterReview = "after_review"
    }

    /// Single-session radiosurgery, multi-source Co-60.
    public var singleSessionCode = "77371"
    /// Per fraction of a 2–5 fraction course.
    public var fractionatedCode = "77373"
    /// Revenue code.
    public var revenueCode = "0333"
    /// Modifiers a payer contract asks for (e.g. TC); none by default.
    public var modifiers: [String] = []
    /// Chargemaster number by code.
    public var chargemaster: [String: String] = [:]
    /// Release policy.
    public var release = Release.automatic
    /// The facility's time zone: service dates are local dates there.
    public var timeZone = TimeZone(identifier: "America/Chicago") ?? .current
    /// Place of service.
    public var placeOfService = "22"
    /// The payer checks (payers.md); nil = off.
    public var payers: PayerSettings?

    /// The defaults.
    public init() {}
}
