import ChargeCapture
import Daemon
import DeliveryLog
import Foundation
import Hummingbird
import Reports
import Store

extension APIServer {
    func listSessions(_ request: Request) async throws -> Response {
        _ = try authority.authorize(request, [.physicist])
        let parameters = request.uri.queryParameters
        var query = SessionQuery()
        if let since = parameters.get("since") { query.since = try Self.time(since, "since") }
        if let console = parameters.get("console") { query.console = console }
        if let flagged = parameters.get("flagged") {
            guard flagged == "true" || flagged == "false" else {
                throw APIError(.badRequest, "flagged: expected true or false")
            }
            query.flagged = flagged == "true"
        }
        query.limit = try Self.limit(parameters.get("limit"))
        let sessions = try await storeCall { try await store.sessions(query) }
        let charged = try await storeCall { try await store.charged(sessions: sessions.map(\.id)) }
        let reviews = try await storeCall { try await store.reviews(ofSessions: sessions.map(\.id)) }
        let list: [String: [SessionJSON]] = [
            "sessions": sessions.map {
                SessionJSON(
                    session: $0, chargeID: charged.contains($0.id) ? $0.id : nil, reviews: reviews[$0.id] ?? [])
            }
        ]
        let body = try SessionJSON.encoder.encode(list)
        return Self.json(body)
    }

    func session(_ request: Request, id: String) async throws -> Response {
        _ = try authority.authorize(request, [.physicist])
        try Self.checkID(id, "session")
        guard let session = try await storeCall({ try await store.session(id: id) }) else {
            throw APIError(.notFound, "no session \(id)")
        }
        let records = try await storeCall { try await store.records(forSession: id) }
        let charged = try await storeCall { try await store.charged(sessions: [id]) }
        let reviews = try await storeCall { try await store.reviews(ofSession: id) }
        let json = SessionJSON(session: session, chargeID: charged.isEmpty ? nil : id, reviews: reviews)
        return Self.json(try SessionJSON.document(json, records: records))
    }

    func review(_ request: Request, id: String) async throws -> Response {
        let token = try authority.authorize(request, [.physicist])
        try Self.checkID(id, "session")
        let body = try await JSONBody(request)
        let note = try body.string("note", required: false, maxLength: 4000) ?? ""
        let review = try await storeCall {
            try await store.sign(session: id, by: token.name, note: note, at: Date())
        }
        return Self.json(
            try SessionJSON.encoder.encode([
                "kind": review.kind, "by": review.by, "at": RFC3339.format(review.at), "note": review.note,
                "record_hash": review.recordHash,
            ]))
    }

}
