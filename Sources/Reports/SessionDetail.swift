import ChargeCapture
import DeliveryLog
import Foundation
import Store

/// Everything a session's page shows: the record, its signatures, its
/// charge and the charge's history, and the raw events.
public struct SessionDetail: Sendable {
    /// The session.
    public var session: DeliverySession
    /// Its signatures, oldest first.
    public var reviews: [SessionReview]
    /// Its charge, if any.
    public var charge: Charge?
    /// The charge's history.
    public var history: [ChargeHistoryEntry]
    /// The stored journal records.
    public var records: [StoredRecord]
    /// Why there is no charge, when there is none.
    public var noCharge: String

    /// A detail.
    public init(
        session: DeliverySession, reviews: [SessionReview], charge: Charge?, history: [ChargeHistoryEntry],
        records: [StoredRecord], noCharge: String
    ) {
        self.session = session
        self.reviews = reviews
        self.charge = charge
        self.history = history
        self.records = records
        self.noCharge = noCharge
    }

    /// Everything about session `id` in `store` as of `now`; nil when there is none.
    public static func load(_ id: String, from store: any GammaLogStore, at now: Date) async throws
        -> SessionDetail?
    {
        guard let session = try await store.session(id: id) else { return nil }
        let charge = try await store.charge(id: id, at: now)
        let noCharge: String
        switch ChargeRules.decide(session, settings: ChargeSettings()) {
        case .noCharge(let reason): noCharge = "No charge: \(reason.rawValue)."
        case .charge: noCharge = "No charge on file."
        }
        return SessionDetail(
            session: session, reviews: try await store.reviews(ofSession: id), charge: charge,
            history: charge == nil ? [] : try await store.history(ofCharge: id),
            records: try await store.records(forSession: id), noCharge: noCharge)
    }

    /// The session as the API's document: its JSON and its stored records.
    public var document: SessionDocument {
        SessionDocument(
            session: SessionJSON(session: session, chargeID: charge?.id, reviews: reviews), records: records)
    }
}
