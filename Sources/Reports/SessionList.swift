import Foundation
import Store

/// `{"sessions": [...]}`: sessions with their charge ids and signatures, as the API lists them.
public struct SessionList: Encodable, Sendable {
    /// The sessions, newest first.
    public var sessions: [SessionJSON]

    /// The sessions of `query` in `store`.
    public static func load(_ query: SessionQuery, from store: any GammaLogStore) async throws -> SessionList {
        let sessions = try await store.sessions(query)
        let ids = sessions.map(\.id)
        let charged = try await store.charged(sessions: ids)
        let reviews = try await store.reviews(ofSessions: ids)
        return SessionList(
            sessions: sessions.map {
                SessionJSON(session: $0, chargeID: charged.contains($0.id) ? $0.id : nil, reviews: reviews[$0.id] ?? [])
            })
    }
}
