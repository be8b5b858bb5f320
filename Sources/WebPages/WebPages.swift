import ChargeCapture
import Console
import Daemon
import DeliveryLog
import Foundation
import HTTPAPI
import Hummingbird
import Reports
import Store

/// The physicists' web pages, served by `gammalogd` under `/ui`:
/// server-rendered HTML that works without JavaScript, a signed HttpOnly
/// SameSite cookie after a token sign-in, CSRF tokens on every form.
public struct WebPages: Sendable {
    let store: any GammaLogStore
    let authority: TokenAuthority
    let cookies: SessionCookie
    let renderer: PageRenderer
    /// Rows per page of the session list.
    static let pageSize = 50

    /// Pages over `store` for the physicist and admin tokens among `tokens`.
    public init(store: any GammaLogStore, tokens: [DaemonConfiguration.Token], cookies: SessionCookie = SessionCookie())
        throws
    {
        self.store = store
        self.authority = TokenAuthority(tokens: tokens)
        self.cookies = cookies
        self.renderer = try PageRenderer()
    }

    /// Adds the pages to `router`.
    public func addRoutes(to router: Router<BasicRequestContext>) {
        router.get("/ui") { _, _ in Self.redirect("/ui/sessions") }
        router.get("/ui/sign-in") { _, _ in Self.html(renderer.signIn()) }
        router.post("/ui/sign-in") { request, _ in try await signIn(request) }
        router.post("/ui/sign-out") { request, _ in try await signOut(request) }
        router.get("/ui/sessions") { request, _ in try await sessions(request) }
        router.get("/ui/sessions/{id}") { request, context in
            try await session(request, id: try context.parameters.require("id"))
        }
        router.post("/ui/sessions/{id}/sign") { request, context in
            try await sign(request, id: try context.parameters.require("id"))
        }
        router.post("/ui/charges/{id}/release") { request, context in
            try await chargeAction(request, id: try context.parameters.require("id"), release: true)
        }
        router.post("/ui/charges/{id}/void") { request, context in
            try await chargeAction(request, id: try context.parameters.require("id"), release: false)
        }
        router.get("/ui/daily") { request, _ in try await daily(request) }
        router.get("/ui/sessions/{id}/export.csv") { request, context in
            try await export(request, id: try context.parameters.require("id"), format: "csv")
        }
        router.get("/ui/sessions/{id}/export.json") { request, context in
            try await export(request, id: try context.parameters.require("id"), format: "json")
        }
        router.get("/ui/sessions/{id}/report") { request, context in
            try await export(request, id: try context.parameters.require("id"), format: "html")
        }
    }

    // MARK: sign-in

    func signIn(_ request: Request) async throws -> Response {
        let form = try await FormBody(request)
        guard let token = authority.holder(of: form["token"]) else {
            return Self.html(renderer.signIn(error: "Unknown token."), status: .unauthorized)
        }
        guard token.role == .physicist || token.role == .admin else {
            return Self.html(
                renderer.signIn(error: "A \(token.role.rawValue) token cannot sign in here; use a physicist token."),
                status: .forbidden)
        }
        let expires = Date().addingTimeInterval(Double(cookies.lifetime.components.seconds))
        let value = cookies.value(name: token.name, role: token.role.rawValue, expires: expires)
        var response = Self.redirect("/ui/sessions")
        response.headers[.setCookie] =
            "\(SessionCookie.name)=\(value); Path=/; HttpOnly; SameSite=Strict; Max-Age=\(cookies.lifetime.components.seconds)"
        return response
    }

    func signOut(_ request: Request) async throws -> Response {
        _ = try await formViewer(request)
        var response = Self.redirect("/ui/sign-in")
        response.headers[.setCookie] = "\(SessionCookie.name)=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0"
        return response
    }

    // MARK: pages

    func sessions(_ request: Request) async throws -> Response {
        guard let viewer = viewer(request) else { return Self.redirect("/ui/sign-in") }
        let parameters = request.uri.queryParameters
        var filters: [String: String] = [:]
        for key in ["console", "from", "to", "kind", "flagged", "unsigned"] {
            if let value = parameters.get(key), !value.isEmpty { filters[key] = value }
        }
        let page = max(Int(parameters.get("page") ?? "1") ?? 1, 1)
        var query = SessionQuery(limit: Self.pageSize + 1, offset: (page - 1) * Self.pageSize)
        query.console = filters["console"]
        let zone = store.chargeZone
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
        let hasNext = rows.count > Self.pageSize
        if hasNext { rows.removeLast() }
        func link(_ number: Int) -> String {
            var items = filters.sorted { $0.key < $1.key }.map { "\($0.key)=\(Self.encode($0.value))" }
            items.append("page=\(number)")
            return "/ui/sessions?" + items.joined(separator: "&")
        }
        return Self.html(
            renderer.sessions(
                rows, filters: filters, page: page, previous: page > 1 ? link(page - 1) : nil,
                next: hasNext ? link(page + 1) : nil, viewer: viewer))
    }

    func session(_ request: Request, id: String, flash: String? = nil, problem: String? = nil) async throws -> Response
    {
        guard let viewer = viewer(request) else { return Self.redirect("/ui/sign-in") }
        let detail = try await detail(id)
        return Self.html(renderer.session(detail, viewer: viewer, flash: flash, problem: problem))
    }

    func daily(_ request: Request) async throws -> Response {
        guard let viewer = viewer(request) else { return Self.redirect("/ui/sign-in") }
        let date =
            request.uri.queryParameters.get("date").flatMap { $0.isEmpty ? nil : $0 }
            ?? ChargeRules.localDate(Date(), in: store.chargeZone)
        do {
            return Self.html(try renderer.daily(try await store.reconcile(date: date, at: Date()), viewer: viewer))
        } catch let error as ChargeError {
            throw APIError(.badRequest, error.detail)
        }
    }

    func export(_ request: Request, id: String, format: String) async throws -> Response {
        guard viewer(request) != nil else { return Self.redirect("/ui/sign-in") }
        let detail = try await detail(id)
        switch format {
        case "csv":
            return Self.download(ShotCSV.render(detail.session), type: "text/csv; charset=utf-8", name: "\(id).csv")
        case "json":
            let json = SessionJSON(session: detail.session, chargeID: detail.charge?.id, reviews: detail.reviews)
            let data = try SessionJSON.document(json, records: detail.records)
            return Self.download(String(decoding: data, as: UTF8.self), type: "application/json", name: "\(id).json")
        default:
            return Self.html(renderer.report(detail))
        }
    }

    // MARK: actions

    func sign(_ request: Request, id: String) async throws -> Response {
        let (viewer, form) = try await formViewer(request)
        do {
            let review = try await store.sign(session: id, by: viewer.name, note: form["note"], at: Date())
            return try await session(request, id: id, flash: "Signed (\(review.kind)) by \(review.by).")
        } catch let error as ChargeError {
            return try await refused(request, id: id, error)
        }
    }

    func chargeAction(_ request: Request, id: String, release: Bool) async throws -> Response {
        let (viewer, form) = try await formViewer(request)
        let sessionID = Charge.sessionID(ofChargeID: id)
        do {
            if release {
                let modifier = form["modifier"]
                _ = try await store.release(
                    id: id, by: viewer.name, reason: form["reason"], modifiers: modifier.isEmpty ? [] : [modifier],
                    code: nil, at: Date())
                return try await session(request, id: sessionID, flash: "Charge \(id) released.")
            }
            let (_, credit) = try await store.void(id: id, by: viewer.name, reason: form["reason"], at: Date())
            let text = credit.map { "Charge \(id) was exported: credit \($0.id) queued." } ?? "Charge \(id) voided."
            return try await session(request, id: sessionID, flash: text)
        } catch let error as ChargeError {
            return try await refused(request, id: sessionID, error)
        }
    }

    func refused(_ request: Request, id: String, _ error: ChargeError) async throws -> Response {
        var response = try await session(request, id: id, problem: "Refused: \(error.detail)")
        response.status = error.code == .invalid ? .badRequest : error.code == .notFound ? .notFound : .conflict
        return response
    }

    // MARK: helpers

    func detail(_ id: String) async throws -> SessionDetail {
        guard APIServer.isRecordID(id), let session = try await store.session(id: id)
        else { throw APIError(.notFound, "no session \(id)") }
        let charge = try await store.charge(id: id)
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

    /// The signed-in physicist or admin, from the cookie.
    func viewer(_ request: Request) -> PageRenderer.Viewer? {
        guard let value = Self.cookie(request), let holder = cookies.holder(of: value, at: Date()),
            holder.role == "physicist" || holder.role == "admin"
        else { return nil }
        return PageRenderer.Viewer(name: holder.name, role: holder.role, csrf: cookies.csrf(for: value))
    }

    /// The viewer of a form post, with its CSRF token checked.
    func formViewer(_ request: Request) async throws -> (PageRenderer.Viewer, FormBody) {
        guard let viewer = viewer(request) else {
            throw APIError(.unauthorized, "sign in first: no valid session cookie (it may have expired)")
        }
        let form = try await FormBody(request)
        guard form["csrf"] == viewer.csrf else {
            throw APIError(.forbidden, "the form's CSRF token does not match this sign-in; reload the page")
        }
        return (viewer, form)
    }

    static func cookie(_ request: Request) -> String? {
        for header in request.headers[values: .cookie] {
            for part in header.split(separator: ";") {
                let pair = part.trimmingCharacters(in: .whitespaces)
                if pair.hasPrefix(SessionCookie.name + "=") {
                    return String(pair.dropFirst(SessionCookie.name.count + 1))
                }
            }
        }
        return nil
    }

    static func encode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-_.~")))
            ?? ""
    }

    static func html(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        APIServer.respond(
            ByteBuffer(string: text), status: status, type: "text/html; charset=utf-8",
            headers: [
                .cacheControl: "no-store",
                .contentSecurityPolicy:
                    "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; form-action 'self'; frame-ancestors 'none'",
            ])
    }

    static func download(_ text: String, type: String, name: String) -> Response {
        APIServer.respond(
            ByteBuffer(string: text), type: type,
            headers: [.contentDisposition: "attachment; filename=\"\(name)\"", .cacheControl: "no-store"])
    }

    static func redirect(_ location: String) -> Response {
        var headers = HTTPFields()
        headers[.location] = location
        return Response(status: .seeOther, headers: headers)
    }
}
