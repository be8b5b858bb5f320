import ChargeCapture
import DeliveryLog
import Foundation

/// What people do to charges: release a held one, void one, and the day's reconciliation of sessions against
/// charges. Every action is one transaction; a refused action (``ChargeError``) changes nothing.
public protocol ChargeReviews: Sendable {
    /// A person releases a held or pending charge.
    func release(
        id: String, by actor: String, signsRecords: Bool, reason: String, modifiers: [String], code: String?,
        at now: Date
    ) async throws -> Charge

    /// A person voids a charge; after export this queues a credit, returned second.
    func void(id: String, by actor: String, reason: String, at now: Date) async throws -> (Charge, credit: Charge?)

    /// The final sessions that opened in `interval` (or, lost in a gap with no open time, were recorded in it),
    /// and the charges of those sessions.
    func reconciliationRecords(in interval: DateInterval) async throws -> (
        sessions: [DeliverySession], charges: [Charge]
    )
}

extension ChargeReviews {
    /// The sessions that opened on local `date` (a day in `settings`' zone) against their charges, decided by
    /// ``Reconciliation`` from the records the store keeps.
    public func reconcile(date: String, settings: ChargeSettings, at now: Date) async throws -> Reconciliation {
        guard let day = Reconciliation.interval(of: date, in: settings.timeZone) else {
            throw ChargeError(.invalid, charge: nil, "date: '\(date)' is not a calendar date YYYY-MM-DD")
        }
        let records = try await reconciliationRecords(in: day)
        let charges = Dictionary(records.charges.map { ($0.sessionID, $0) }) { first, _ in first }
        return Reconciliation(date: date, sessions: records.sessions, charges: charges, settings: settings, at: now)
    }
}
