import Foundation
import Hummingbird
import Store

/// Keeps the access log (billing-interfaces.md 1.1): every answer that carried patient data, every sign-in and
/// sign-out, and every refused credential, with the caller, the peer, the route (its pattern, never a patient
/// id from the path), the resource and the outcome. The line is durable before the answer leaves: when it
/// cannot be written, the caller gets 503 and not the data. A refused credential is logged without it.
public struct AccessLogMiddleware: RouterMiddleware {
    public typealias Context = APIRequestContext
    let log: any AccessLogStore
    let now: @Sendable () -> Date

    /// Logs into `log`, telling time by `now`.
    public init(log: any AccessLogStore, now: @escaping @Sendable () -> Date = Date.init) {
        self.log = log
        self.now = now
    }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        let status: HTTPResponse.Status
        let response: Response
        do {
            response = try await next(request, context)
            status = response.status
        } catch let error as any HTTPResponseError {
            try await record(request, context, status: error.status)
            throw error
        }
        try await record(request, context, status: status)
        return response
    }

    private func record(_ request: Request, _ context: Context, status: HTTPResponse.Status) async throws {
        let note = context.access.content
        let outcome: String
        if let event = note.event, status.code < 400 {
            outcome = event
        } else if status == .unauthorized, request.presentsCredential {
            outcome = "refused_credential"
        } else if note.patientData || (note.actor != nil && status == .notFound && request.method == .get) {
            outcome = Self.outcome(of: status)
        } else {
            return
        }
        let route = "\(request.method) \(context.endpointPath ?? request.uri.path)"
        let entry = AccessEntry(
            at: now(), actor: note.actor ?? "anonymous", peer: context.peer, route: route,
            resource: note.resource ?? context.parameters.get("id"), patients: note.patients, outcome: outcome)
        do {
            try await log.recordAccess([entry])
        } catch {
            context.logger.error(
                "access log not written; the answer is withheld",
                metadata: ["route": "\(route)", "error": "\(error.detail)"])
            throw APIError(.serviceUnavailable, "the access log cannot be written; nothing was answered")
        }
    }

    private static func outcome(of status: HTTPResponse.Status) -> String {
        switch status.code {
        case 200..<300: "ok"
        case 401: "unauthorized"
        case 403: "forbidden"
        case 404: "not_found"
        default: "status_\(status.code)"
        }
    }
}
