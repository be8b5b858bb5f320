import ChargeCapture
import ConsoleRecords
import DeliveryLog
import Foundation
import HTTPAPI
import Hummingbird
import Reports
import Settings
import Store

/// The physicists' web pages, served by `gammalogd` under `/ui`:
/// server-rendered HTML that works without JavaScript, a signed HttpOnly
/// SameSite cookie after a token sign-in, CSRF tokens on every form.
public struct WebPages: Sendable {
    let store: any GammaLogStore
    let authority: TokenAuthority
    let cookies: SessionCookie
    let sessions: PageSessions
    let renderer: PageRenderer
    let consoles: [String]
    let physics: PhysicsSettings
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

    /// How long a page sign-in lasts without a request, unless configured.
    public static let defaultIdleTimeout = Duration.seconds(15 * 60)

    /// Pages over `store` for the physicist and admin tokens among `tokens`.
    /// `consoles` are offered on the trend page; `physics` judges courses and draws the expected dose rate.
    /// A sign-in ends at sign-out, after `idleTimeout` without a request, or when its cookie expires.
    public init(
        store: any GammaLogStore, tokens: [DaemonConfiguration.Token], cookies: SessionCookie = SessionCookie(),
        idleTimeout: Duration = WebPages.defaultIdleTimeout, consoles: [String] = [],
        physics: PhysicsSettings = PhysicsSettings(), now: @escaping @Sendable () -> Date = Date.init
    ) throws {
        self.sessions = PageSessions(idleTimeout: idleTimeout)
        self.store = store
        self.consoles = consoles
        self.physics = physics
        self.authority = TokenAuthority(tokens: tokens)
        self.cookies = cookies
        self.now = now
        self.renderer = try PageRenderer(zone: store.chargeZone)
    }

    /// The roles that may sign in to the pages: billing to its charges page only.
    static let signInRoles: Set<DaemonConfiguration.Role> = [.physicist, .admin, .billing]

    /// Adds the pages to `router`: sign-in open to all, everything else behind the cookie.
    public func addRoutes(to router: Router<APIRequestContext>) {
        let ui = router.group("/ui")
        ui.get { _, _ in Self.redirect("/ui/sessions") }
        ui.get("sign-in") { _, _ in Self.html(renderer.signIn()) }
        ui.post("sign-in", use: signIn)
        let signedIn = ui.group().add(middleware: CookieAuthenticator(cookies: cookies, sessions: sessions, now: now))
        signedIn.post("sign-out", use: signOut)
        // Billing reaches its worklist and the daily reconciliation; sessions and sign-off stay physicist/admin.
        let charges = signedIn.group().add(middleware: PageRoleMiddleware(.billing, .physicist))
        charges.get("charges", use: worklist)
        charges.get("daily", use: daily)
        // payers.md and billing-interfaces.md 1.1: coverage and authorizations are billing's (and admin's) to write.
        signedIn.group().add(middleware: PageRoleMiddleware(.billing))
            .post("patients/{id}/authorizations", use: enterAuthorization)
        let physicist = signedIn.group().add(middleware: PageRoleMiddleware(.physicist))
        physicist.get("sessions", use: sessions)
        physicist.get("sessions/{id}") { request, context in
            try await session(request, context: context, id: try context.parameters.require("id"))
        }
        physicist.post("sessions/{id}/sign", use: sign)
        physicist.post("charges/{id}/release") { request, context in
            try await chargeAction(request, context: context, release: true)
        }
        physicist.post("charges/{id}/void") { request, context in
            try await chargeAction(request, context: context, release: false)
        }
        physicist.get("courses/{id}", use: course)
        physicist.get("trends", use: trends)
        physicist.get("trends.csv", use: trendsCSV)
        physicist.get("reports/monthly", use: monthly)
        physicist.get("sessions/{id}/export.csv") { request, context in
            try await export(request, context: context, format: "csv")
        }
        physicist.get("sessions/{id}/export.json") { request, context in
            try await export(request, context: context, format: "json")
        }
        physicist.get("sessions/{id}/report") { request, context in
            try await export(request, context: context, format: "html")
        }
    }

    // MARK: sign-in

    @Sendable func signIn(_ request: Request, context: APIRequestContext) async throws -> Response {
        let form = try await URLEncodedFormDecoder().decode(SignInForm.self, from: request, context: context)
        guard let token = authority.holder(of: form.token.field) else {
            return Self.html(renderer.signIn(error: "Unknown token."), status: .unauthorized)
        }
        guard Self.signInRoles.contains(token.role) else {
            return Self.html(
                renderer.signIn(error: "A \(token.role.rawValue) token cannot sign in here."),
                status: .forbidden)
        }
        let lifetime = Int(cookies.lifetime.components.seconds)
        let now = now()
        let value = cookies.value(
            name: token.name, role: token.role.rawValue, expires: now.addingTimeInterval(Double(lifetime)))
        sessions.begin(value, at: now)
        context.access.event("signed_in", actor: token.name)
        var response = Self.redirect(token.role == .billing ? "/ui/charges" : "/ui/sessions")
        response.setCookie(cookie(value, maxAge: lifetime))
        return response
    }

    @Sendable func signOut(_ request: Request, context: APIRequestContext) async throws -> Response {
        let (viewer, _) = try await formViewer(request, context: context, CSRFForm.self, csrf: \.csrf)
        context.access.event("signed_out", actor: viewer.name)
        if let value = request.cookies[SessionCookie.name]?.value { sessions.end(value) }
        var response = Self.redirect("/ui/sign-in")
        response.setCookie(cookie("", maxAge: 0))
        return response
    }

    /// The sign-in cookie: HttpOnly, SameSite=Strict, for the whole site; Secure when the pages are on HTTPS.
    func cookie(_ value: String, maxAge: Int) -> Cookie {
        Cookie(
            name: SessionCookie.name, value: value, maxAge: maxAge, path: "/", secure: cookies.secure, httpOnly: true,
            sameSite: .strict)
    }

    // MARK: pages

    @Sendable func sessions(_ request: Request, context: APIRequestContext) async throws -> Response {
        guard let viewer = viewer(request, context) else { return Self.redirect("/ui/sign-in") }
        let parameters = request.uri.queryParameters
        var filters: [String: String] = [:]
        for key in ["console", "from", "to", "kind", "flagged", "unsigned"] {
            if let value = parameters.get(key), !value.isEmpty { filters[key] = value }
        }
        let page = try Self.pageNumber(parameters.get("page"))
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
        context.access.read(nil, patients: [])
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

    func session(
        _ request: Request, context: APIRequestContext, id: String, flash: String? = nil, problem: String? = nil
    ) async throws -> Response {
        guard let viewer = viewer(request, context) else { return Self.redirect("/ui/sign-in") }
        let detail = try await detail(id)
        context.access.read(id, patients: [detail.session.patient.id])
        return Self.html(renderer.session(detail, viewer: viewer, at: now(), flash: flash, problem: problem))
    }

    @Sendable func daily(_ request: Request, context: APIRequestContext) async throws -> Response {
        guard let viewer = viewer(request, context) else { return Self.redirect("/ui/sign-in") }
        let date =
            request.uri.queryParameters.get("date").flatMap { $0.isEmpty ? nil : $0 }
            ?? ChargeRules.localDate(now(), in: store.chargeZone)
        let reconciliation = try await store.reconcile(date: date, at: now())
        context.access.read(date, patients: [])
        return Self.html(renderer.daily(reconciliation, viewer: viewer))
    }

    func export(_ request: Request, context: APIRequestContext, format: String) async throws -> Response {
        guard viewer(request, context) != nil else { return Self.redirect("/ui/sign-in") }
        let id = try context.parameters.require("id")
        let detail = try await detail(id)
        context.access.read(id, patients: [detail.session.patient.id])
        switch format {
        case "csv":
            return Self.download(ShotCSV.render(detail.session), type: "text/csv; charset=utf-8", name: "\(id).csv")
        case "json":
            let data = try Charge.encoder().encode(detail.document)
            return Self.download(String(decoding: data, as: UTF8.self), type: "application/json", name: "\(id).json")
        default:
            return Self.html(renderer.report(detail, at: now()))
        }
    }

    @Sendable func course(_ request: Request, context: APIRequestContext) async throws -> Response {
        guard let viewer = viewer(request, context) else { return Self.redirect("/ui/sign-in") }
        let id = try context.parameters.require("id")
        guard let detail = try await CourseDetail.load(id, from: store, settings: physics, at: now()) else {
            throw HTTPError(.notFound, message: "no course for session \(id)")
        }
        context.access.read(id, patients: [detail.course.patient])
        return Self.html(renderer.course(detail, viewer: viewer))
    }

    /// The console, range and trend a trend request asks for; 400 naming the parameter when it cannot be read.
    func trend(_ request: Request) async throws -> (console: String, range: TrendRange, trend: Trend) {
        let parameters = request.uri.queryParameters
        let console = parameters.get("console").flatMap { $0.isEmpty ? nil : $0 } ?? consoles.first ?? "gk1"
        do {
            let (range, trend) = try await Trend.load(
                console: console, from: parameters.get("from"), to: parameters.get("to"), store: store,
                halfLifeDays: physics.halfLifeDays, at: now())
            return (console, range, trend)
        } catch let error as TrendRangeError {
            throw HTTPError(.badRequest, message: error.message)
        }
    }

    @Sendable func trends(_ request: Request, context: APIRequestContext) async throws -> Response {
        guard let viewer = viewer(request, context) else { return Self.redirect("/ui/sign-in") }
        let (console, range, trend) = try await trend(request)
        let query = Self.query([
            "console": console, "from": Formats.day(range.start, in: store.chargeZone),
            "to": Formats.day(range.end.addingTimeInterval(-1), in: store.chargeZone),
        ])
        let offered = consoles.contains(console) ? consoles : [console] + consoles
        return Self.html(
            renderer.trends(
                trend, console: console, consoles: offered, from: range.start, to: range.end, query: query,
                viewer: viewer))
    }

    @Sendable func trendsCSV(_ request: Request, context: APIRequestContext) async throws -> Response {
        guard viewer(request, context) != nil else { return Self.redirect("/ui/sign-in") }
        let (console, range, trend) = try await trend(request)
        let monthly = request.uri.queryParameters.get("series") == "monthly"
        let name = "trends-\(console)-\(Formats.day(range.start, in: store.chargeZone))\(monthly ? "-monthly" : "").csv"
        return Self.download(monthly ? trend.monthlyCSV : trend.csv, type: "text/csv; charset=utf-8", name: name)
    }

    @Sendable func monthly(_ request: Request, context: APIRequestContext) async throws -> Response {
        guard let viewer = viewer(request, context) else { return Self.redirect("/ui/sign-in") }
        let parameters = request.uri.queryParameters
        let console = parameters.get("console").flatMap { $0.isEmpty ? nil : $0 } ?? consoles.first ?? "gk1"
        let month =
            parameters.get("month").flatMap { $0.isEmpty ? nil : $0 } ?? Trend.month(of: now(), in: store.chargeZone)
        guard
            let report = try await MonthlyReport.load(
                console: console, month: month, from: store, physics: physics, at: now())
        else { throw HTTPError(.badRequest, message: "month: '\(month)' is not a month YYYY-MM") }
        context.access.read(month, patients: [])
        let offered = consoles.contains(console) ? consoles : [console] + consoles
        return Self.html(renderer.monthly(report, consoles: offered, viewer: viewer, at: now()))
    }

    /// `pairs` as a query string, percent-encoded, in key order.
    static func query(_ pairs: [String: String]) -> String {
        var allowed = CharacterSet.urlQueryAllowed
        allowed.remove(charactersIn: "&=+")
        return pairs.sorted { $0.key < $1.key }.map {
            "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")"
        }.joined(separator: "&")
    }

    @Sendable func worklist(_ request: Request, context: APIRequestContext) async throws -> Response {
        guard let viewer = viewer(request, context) else { return Self.redirect("/ui/sign-in") }
        let held = try await heldCharges()
        context.access.read(nil, patients: held.map(\.patient.id))
        return Self.html(renderer.worklist(held, viewer: viewer))
    }

    func heldCharges() async throws -> [Charge] {
        try await store.charges(ChargeQuery(status: .held, limit: 1000), at: now())
    }

    // MARK: actions

    /// Billing enters an authorization from the worklist; the charges it covers go out at once.
    @Sendable func enterAuthorization(_ request: Request, context: APIRequestContext) async throws -> Response {
        let patient = try APIServer.patientID(context)
        let (viewer, form) = try await formViewer(request, context: context, AuthorizationForm.self, csrf: \.csrf)
        let entered = AuthorizationRequest(
            payer: form.payer.field, number: form.number.field, validFrom: form.validFrom.field,
            validTo: form.validTo.field)
        do {
            try entered.validate()
            try APIServer.requirePayer(form.payer.field, "payer", in: store.payers)
        } catch {
            let page = renderer.worklist(try await heldCharges(), viewer: viewer, problem: "Refused: \(error.message)")
            return Self.html(page, status: .badRequest)
        }
        _ = try await store.addAuthorization(entered.authorization, forPatient: patient, by: viewer.name, at: now())
        let still = try await heldCharges()
        let released = form.charge.field.isEmpty || !still.contains { $0.id == form.charge.field }
        let flash =
            "Authorization \(form.number.field) entered."
            + (released ? " \(form.charge.field.isEmpty ? "Its charges" : form.charge.field) released." : "")
        return Self.html(renderer.worklist(still, viewer: viewer, flash: flash))
    }

    @Sendable func sign(_ request: Request, context: APIRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        let (viewer, form) = try await formViewer(request, context: context, SignForm.self, csrf: \.csrf)
        do {
            let review = try await store.sign(session: id, by: viewer.name, note: form.note.field, at: now())
            return try await session(
                request, context: context, id: id, flash: "Signed (\(review.kind)) by \(review.by).")
        } catch let error as ChargeError {
            return try await refused(request, context: context, id: id, error)
        }
    }

    func chargeAction(_ request: Request, context: APIRequestContext, release: Bool) async throws -> Response {
        let id = try context.parameters.require("id")
        let (viewer, form) = try await formViewer(request, context: context, ChargeForm.self, csrf: \.csrf)
        let sessionID = Charge.sessionID(ofChargeID: id)
        do {
            if release {
                let modifier = form.modifier.field
                _ = try await store.release(
                    id: id, by: viewer.name, signsRecords: try context.caller().signsRecords, reason: form.reason.field,
                    modifiers: modifier.isEmpty ? [] : [modifier],
                    code: nil, at: now())
                return try await session(request, context: context, id: sessionID, flash: "Charge \(id) released.")
            }
            let (_, credit) = try await store.void(id: id, by: viewer.name, reason: form.reason.field, at: now())
            let text = credit.map { "Charge \(id) was exported: credit \($0.id) queued." } ?? "Charge \(id) voided."
            return try await session(request, context: context, id: sessionID, flash: text)
        } catch let error as ChargeError {
            return try await refused(request, context: context, id: sessionID, error)
        }
    }

    /// The session's page again, saying why the action was refused, with the refusal's status.
    func refused(_ request: Request, context: APIRequestContext, id: String, _ error: ChargeError) async throws
        -> Response
    {
        var response = try await session(request, context: context, id: id, problem: "Refused: \(error.detail)")
        response.status = APIError.status(of: error)
        return response
    }

    // MARK: helpers

    func detail(_ id: String) async throws -> SessionDetail {
        guard APIServer.isRecordID(id), let detail = try await SessionDetail.load(id, from: store, at: now()) else {
            throw APIError(.notFound, "no session \(id)")
        }
        return detail
    }

    /// The signed-in physicist or admin, from the context the cookie set.
    func viewer(_ request: Request, _ context: APIRequestContext) -> PageRenderer.Viewer? {
        guard let caller = context.identity, let value = request.cookies[SessionCookie.name]?.value else { return nil }
        return PageRenderer.Viewer(name: caller.name, role: caller.role.rawValue, csrf: cookies.csrf(for: value))
    }

    /// The viewer of a form post and its form, with the form's CSRF token checked.
    func formViewer<Form: Decodable>(
        _ request: Request, context: APIRequestContext, _ type: Form.Type, csrf: KeyPath<Form, String?>
    ) async throws -> (PageRenderer.Viewer, Form) {
        guard let viewer = viewer(request, context) else {
            throw APIError(.unauthorized, "sign in first: no valid session cookie (it may have expired)")
        }
        let form = try await URLEncodedFormDecoder().decode(Form.self, from: request, context: context)
        guard form[keyPath: csrf].field == viewer.csrf else {
            throw APIError(.forbidden, "the form's CSRF token does not match this sign-in; reload the page")
        }
        return (viewer, form)
    }

    static func encode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-_.~")))
            ?? ""
    }

    static func html(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        APIServer.respond(
            text, status: status, type: "text/html; charset=utf-8",
            headers: [
                .cacheControl: "no-store",
                .contentSecurityPolicy:
                    "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; form-action 'self'; frame-ancestors 'none'",
            ])
    }

    static func download(_ text: String, type: String, name: String) -> Response {
        APIServer.respond(
            text, type: type,
            headers: [.contentDisposition: "attachment; filename=\"\(name)\"", .cacheControl: "no-store"])
    }

    static func redirect(_ location: String) -> Response {
        var headers = HTTPFields()
        headers[.location] = location
        return Response(status: .seeOther, headers: headers)
    }
}
