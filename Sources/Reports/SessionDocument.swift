import ChargeCapture
import Foundation
import Store

/// One session as `GET /api/v1/sessions/{id}` and the JSON export give it:
/// the session's fields and `events`, its stored journal records with
/// their place in the hash chain.
public struct SessionDocument: Encodable, Sendable {
    /// The session.
    public var session: SessionJSON
    /// Its stored records, in order.
    public var events: [Event]

    /// A stored record: `{"id", "kind", "hash", "record"}`, the record as its canonical JSON (times in ms since 1970).
    public struct Event: Encodable, Sendable {
        /// Row id: the order of the chain.
        public var id: Int64
        /// `event`, `gap`, `session` or `identity`.
        public var kind: String
        /// This link's hash.
        public var hash: String
        /// The record as stored.
        public var record: JSONValue
    }

    /// The document of session `id` in `store`; nil when there is none.
    public static func load(_ id: String, from store: any GammaLogStore) async throws -> SessionDocument? {
        guard let session = try await store.session(id: id) else { return nil }
        let charged = try await store.charged(sessions: [id])
        let json = SessionJSON(
            session: session, chargeID: charged.isEmpty ? nil : id, reviews: try await store.reviews(ofSession: id))
        return SessionDocument(session: json, records: try await store.records(forSession: id))
    }

    /// A document of `session` with its stored `records`.
    public init(session: SessionJSON, records: [StoredRecord]) {
        self.session = session
        self.events = records.map {
            Event(
                id: $0.id, kind: $0.kind, hash: $0.hash, record: (try? JSONValue(parsing: $0.body)) ?? .string($0.body))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        try session.encode(to: encoder)
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(events, forKey: .events)
    }

    private enum Key: String, CodingKey { case events }
}
