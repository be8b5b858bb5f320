import Foundation

/// One change to a charge: who changed what, when and why. Appended, never edited.
public struct ChargeHistoryEntry: Sendable, Hashable, Codable {
    /// When.
    public var at: Date
    /// Who: a token holder's name, a billing consumer, `gammalogd` or `hl7`.
    public var actor: String
    /// What was done: `created`, `claimed`, `acked`, `nacked`, `released`, `voided`, `credited`, `lease_expired`,
    /// `hl7_accepted`, `hl7_rejected`.
    public var action: String
    /// Status before.
    public var from: Charge.Status?
    /// Status after.
    public var to: Charge.Status
    /// Why, when a reason was given.
    public var reason: String?

    /// An entry.
    public init(at: Date, actor: String, action: String, from: Charge.Status?, to: Charge.Status, reason: String?) {
        self.at = at
        self.actor = actor
        self.action = action
        self.from = from
        self.to = to
        self.reason = reason
    }
}
