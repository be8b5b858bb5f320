import ChargeCapture
import ConsoleRecords
import DeliveryLog
import Foundation
import HTTPAPI
import Hummingbird
import Reports
import Settings
import Store

/// The physicists' pages of delivered sessions: the list, a session shot by shot with its charge, sign-off,
/// a charge's release or void, a course, and a session's exports.
struct SessionPages: Sendable {
    let store: any GammaLogStore
    let renderer: PageRenderer
    let physics: PhysicsSettings
    /// The facility's zone, in which the list's dates are days.
    let zone: TimeZone
    let now: @Sendable () -> Date

    /// Rows per page of the session list.
    static let pageSize = 50
    /// The last page number the list takes: 5 million sessions, past any console's lifetime.
    static let lastPage = 100_000

    /// The `page` query parameter, 1 when absent; anything but a whole number from 1 to ``lastPage`` is a 400,
    /// before any arithmetic is done with it.
    static func pageNumber(_ text: String?) throws(APIError) -> Int {
        guard let text, !text.isEmpty else { return 1 }
        guard let number = Int(text), (1...lastPage).contains(number) else {
            throw APIError(.badRequest, "page: expected a whole number from 1 to \(lastPage)")
        }
        return number
    }

    /// The pages, on a group only physicists (and admins) reach.
    func addRoutes(to pages: RouterGroup<PageRequestContext>) {
        pages.get("sessions", use: sessions)
        pages.get("sessions/{id}") { request, context in
            try await session(request, context: context, id: try context.parameters.require("id"))
        }
        pages.post("sessions/{id}/sign", use: sign)
        pages.post("charges/{id}/release") { request, context in
            try await chargeAction(request, context: context, release: true)
        }
        pages.post("charges/{id}/void") { request, context in
            try await chargeAction(request, context: context, release: false)
        }
        pages.get("courses/{id}", use: course)
        pages.get("sessions/{id}/export.csv") { request, context in
            try await export(request, context: context, format: "csv")
        }
        pages.get("sessions/{id}/export.json") { request, context in
            try await export(request, context: context, format: "json")
        }
        pages.get("sessions/{id}/report") { request, context in
            try await export(request, context: context, format: "html")
        }
    }

    @Sendable func sessions(_ request: Request, context: PageRequestContext) async throws -> Response {
        let parameters = request.uri.queryParameters
        var filters: [String: String] = [:]
        for key in ["console", "from", "to", "kind", "flagged", "unsigned"] {
            if let value = parameters.get(key), !value.isEmpty { filters[key] = value }
        }
        let page = try Self.pageNumber(parameters.get("page"))
        var query = SessionQuery(limit: Self.pageSize + 1, offset: (page - 1) * Self.pageSize)
        query.console = filters["console"]
        if let from = filters["from"] {
            guard let day = Reconciliation.interval(of: from, in: zone) else {
                throw APIError(.badRequest, "from: not a date")
            }
            query.since = day.start
        }
        if let to = filters["to"] {
            guard let day = Reconciliation.interval(of: to, in: zone) else {
                throw APIError(.badRequest, "to: not a date")
            }
            query.until = day.end
        }
        if let kind = filters["kind"] {
            guard let value = SessionKind(rawValue: kind) else {
                throw APIError(.badRequest, "kind: not a session kind")
            }
            query.kind = value
        }
        query.flagged = filters["flagged"] == "true"
        query.unsigned = filters["unsigned"] == "true"
        var rows = try await store.summaries(query)
        context.access.read(nil, patients: [])
        let hasNext = rows.count > Self.pageSize
        if hasNext { rows.removeLast() }
        func link(_ number: Int) -> String {
            var items = filters.sorted { $0.key < $1.key }.map { "\($0.key)=\(PageResponse.encode($0.value))" }
            items.append("page=\(number)")
            return "/ui/sessions?" + items.joined(separator: "&")
        }
        return PageResponse.html(
            renderer.sessions(
                rows, filters: filters, page: page, previous: page > 1 ? link(page - 1) : nil,
                next: hasNext ? link(page + 1) : nil, viewer: context.viewer))
    }

    func session(
        _ request: Request, context: PageRequestContext, id: String, flash: String? = nil, problem: String? = nil
    ) async throws -> Response {
        let detail = try await detail(id)
        context.access.read(id, patients: [detail.session.patient.id])
        return PageResponse.html(
            renderer.session(detail, viewer: context.viewer, at: now(), flash: flash, problem: problem))
    }

    func export(_ request: Request, context: PageRequestContext, format: String) async throws -> Response {
        let id = try context.parameters.require("id")
        let detail = try await detail(id)
        context.access.read(id, patients: [detail.session.patient.id])
        switch format {
        case "csv":
            return PageResponse.download(
                ShotCSV.render(detail.session), type: "text/csv; charset=utf-8", name: "\(id).csv")
        case "json":
            let data = try Charge.encoder().encode(detail.document)
            return PageResponse.download(
                String(decoding: data, as: UTF8.self), type: "application/json", name: "\(id).json")
        default:
            return PageResponse.html(renderer.report(detail, at: now()))
        }
    }

    @Sendable func course(_ request: Request, context: PageRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        guard let detail = try await CourseDetail.load(id, from: store, settings: physics, at: now()) else {
            throw HTTPError(.notFound, message: "no course for session \(id)")
        }
        context.access.read(id, patients: [detail.course.patient])
        return PageResponse.html(renderer.course(detail, viewer: context.viewer))
    }

    @Sendable func sign(_ request: Request, context: PageRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        let form = try await context.form(request, SignForm.self, csrf: \.csrf)
        do {
            let review = try await store.sign(session: id, by: context.viewer.name, note: form.note.field, at: now())
            return try await session(
                request, context: context, id: id, flash: "Signed (\(review.kind)) by \(review.by).")
        } catch let error as ChargeError {
            return try await refused(request, context: context, id: id, error)
        }
    }

    func chargeAction(_ request: Request, context: PageRequestContext, release: Bool) async throws -> Response {
        let id = try context.parameters.require("id")
        let form = try await context.form(request, ChargeForm.self, csrf: \.csrf)
        let sessionID = Charge.sessionID(ofChargeID: id)
        do {
            if release {
                let modifier = form.modifier.field
                _ = try await store.release(
                    id: id, by: context.caller.name, signsRecords: context.caller.signsRecords,
                    reason: form.reason.field, modifiers: modifier.isEmpty ? [] : [modifier], code: nil, at: now())
                return try await session(request, context: context, id: sessionID, flash: "Charge \(id) released.")
            }
            let (_, credit) = try await store.void(
                id: id, by: context.caller.name, reason: form.reason.field, at: now())
            let text = credit.map { "Charge \(id) was exported: credit \($0.id) queued." } ?? "Charge \(id) voided."
            return try await session(request, context: context, id: sessionID, flash: text)
        } catch let error as ChargeError {
            return try await refused(request, context: context, id: sessionID, error)
        }
    }

    /// The session's page again, saying why the action was refused, with the refusal's status.
    func refused(_ request: Request, context: PageRequestContext, id: String, _ error: ChargeError) async throws
        -> Response
    {
        var response = try await session(request, context: context, id: id, problem: "Refused: \(error.detail)")
        response.status = APIError.status(of: error)
        return response
    }

    func detail(_ id: String) async throws -> SessionDetail {
        guard RouteValues.isRecordID(id), let detail = try await SessionDetail.load(id, from: store, at: now())
        else {
            throw APIError(.notFound, "no session \(id)")
        }
        return detail
    }
}
