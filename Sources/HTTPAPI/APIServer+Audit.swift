import Foundation
import Hummingbird
import Store

/// `GET /api/v1/audit`: the access log, oldest first, for admin (billing-interfaces.md 1.1).
struct AuditPage: ResponseEncodable {
    let entries: [AccessEntry]
    let next: String?

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(entries.map(AuditEntryJSON.init), forKey: .entries)
        try container.encode(next, forKey: .next)
    }

    private enum CodingKeys: String, CodingKey { case entries, next }
}

/// One access log entry: `{"id", "at", "actor", "peer", "route", "resource", "patients", "outcome"}`.
struct AuditEntryJSON: Encodable {
    let entry: AccessEntry

    init(_ entry: AccessEntry) { self.entry = entry }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(entry.id, forKey: .id)
        try c.encode(entry.at, forKey: .at)
        try c.encode(entry.actor, forKey: .actor)
        try c.encode(entry.peer, forKey: .peer)
        try c.encode(entry.route, forKey: .route)
        try c.encode(entry.resource, forKey: .resource)
        try c.encode(entry.patients, forKey: .patients)
        try c.encode(entry.outcome, forKey: .outcome)
    }

    private enum CodingKeys: String, CodingKey { case id, at, actor, peer, route, resource, patients, outcome }
}

extension APIServer {
    @Sendable func audit(_ request: Request, context: APIRequestContext) async throws -> AuditPage {
        let parameters = request.uri.queryParameters
        var query = AccessQuery(limit: try Self.limit(parameters.get("limit")))
        if let since = parameters.get("since") { query.since = try Self.time(since, "since") }
        if let actor = parameters.get("actor") {
            guard (1...200).contains(actor.count) else { throw APIError(.badRequest, "actor: 1 to 200 characters") }
            query.actor = actor
        }
        if let patient = parameters.get("patient") {
            guard (1...64).contains(patient.count) else { throw APIError(.badRequest, "patient: 1 to 64 characters") }
            query.patient = patient
        }
        if let cursor = parameters.get("cursor") {
            guard let after = AuditCursor(cursor) else {
                throw APIError(.badRequest, "cursor: not one this daemon made")
            }
            query.after = after.id
        }
        // One more than asked tells whether there is a next page.
        let wanted = query.limit
        query.limit += 1
        var entries = try await store.accessEntries(query)
        let more = entries.count > wanted
        if more { entries.removeLast() }
        // Reading the log reads the patient ids in it: that is logged as well.
        context.access.read(nil, patients: [])
        return AuditPage(entries: entries, next: more ? entries.last?.id.map { AuditCursor(id: $0).text } : nil)
    }
}

/// The access log's paging cursor: the last entry's place, as an opaque token.
struct AuditCursor {
    let id: Int64

    init(id: Int64) { self.id = id }

    init?(_ text: String) {
        guard text.hasPrefix("a1."), let id = Int64(text.dropFirst(3)), id > 0 else { return nil }
        self.id = id
    }

    var text: String { "a1.\(id)" }
}
