import Foundation
import Hummingbird
import Reports
import Store

extension APIServer {
    @Sendable func listSessions(_ request: Request, context: APIRequestContext) async throws -> SessionList {
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
        let list = try await SessionList.load(query, from: store)
        context.access.read(nil, patients: list.sessions.map(\.session.patient.id))
        return list
    }

    @Sendable func session(_ request: Request, context: APIRequestContext) async throws -> SessionDocument {
        let id = try RouteValues.recordID(context.parameters)
        guard let document = try await SessionDocument.load(id, from: store) else {
            throw APIError(.notFound, "no session \(id)")
        }
        context.access.read(id, patients: [document.session.session.patient.id])
        return document
    }

    @Sendable func review(_ request: Request, context: APIRequestContext) async throws -> ReviewJSON {
        let id = try RouteValues.recordID(context.parameters)
        let body = try await request.decode(as: ReviewRequest.self, context: context)
        return ReviewJSON(
            try await store.sign(session: id, by: try context.caller().name, note: body.note ?? "", at: now()))
    }
}

extension SessionList: ResponseEncodable {}
extension SessionDocument: ResponseEncodable {}
extension ReviewJSON: ResponseEncodable {}
