import Foundation

/// One change to a charge: who changed what, when and why. Appended, never edited.
public struct ChargeHistoryEntry: Sendable, Hashable, Codable {
    /// When.
    public var at: Date
    /// Who: the authenticated caller (a token holder's name, a signed-in person), `gammalogd` for the
    /// daemon's own decisions, `hl7` for the interface engine's answers, `cli:<os user>` for the command line.
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
    /// The consumer name a billing client wrote in its claim (billing-interfaces.md 1.1), beside the
    /// authenticated `actor`; nil for entries that are not about a lease.
    public var consumer: String?
    /// The code before the change, when the change set a different one.
    public var codeBefore: String?
    /// The code after the change, when the change set a different one.
    public var codeAfter: String?

    /// An entry.
    public init(
        at: Date, actor: String, action: String, from: Charge.Status?, to: Charge.Status, reason: String?,
        consumer: String? = nil, codeBefore: String? = nil, codeAfter: String? = nil
    ) {
        self.at = at
        self.actor = actor
        self.action = action
        self.from = from
        self.to = to
        self.reason = reason
        self.consumer = consumer
        self.codeBefore = codeBefore
        self.codeAfter = codeAfter
    }
}
