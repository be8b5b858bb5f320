import ChargeCapture
import DeliveryLog
import Foundation
import Mustache
import Store

/// Renders the physicists' pages and the print report from Mustache
/// templates. Every console-supplied string goes through the template's
/// HTML escaping; nothing is concatenated into markup.
public struct PageRenderer: Sendable {
    /// Who is signed in, for the header and the forms.
    public struct Viewer: Sendable {
        /// Name of the token holder.
        public var name: String
        /// Their role.
        public var role: String
        /// The CSRF token the forms carry.
        public var csrf: String

        /// A viewer.
        public init(name: String, role: String, csrf: String) {
            self.name = name
            self.role = role
            self.csrf = csrf
        }
    }

    private let library: MustacheLibrary
    /// The facility's zone: every time on a page is its wall clock.
    let zone: TimeZone

    /// A renderer with the built-in templates, showing times in `zone`.
    public init(zone: TimeZone) throws {
        var templates: [String: MustacheTemplate] = [:]
        for (name, text) in [
            ("layout", Templates.layout), ("signin", Templates.signIn), ("sessions", Templates.sessions),
            ("session", Templates.session), ("daily", Templates.daily), ("report", Templates.report),
            ("timeline", Templates.timeline), ("worklist", Templates.worklist), ("plot", Templates.plot),
            ("trends", Templates.trends), ("course", Templates.course),
            ("monthly", Templates.monthly),
        ] {
            templates[name] = try MustacheTemplate(string: text)
        }
        library = MustacheLibrary(templates: templates)
        self.zone = zone
    }

    /// The layout's context: the page's title and body, and who is signed in.
    struct Layout {
        var title: String
        var body: String
        var user: Viewer?
    }

    /// The page `name` rendered with `context`, inside the layout.
    func page(_ name: String, title: String, viewer: Viewer?, _ context: Any) -> String {
        let body = library.render(context, withTemplate: name) ?? ""
        return library.render(Layout(title: title, body: body, user: viewer), withTemplate: "layout") ?? body
    }

    /// The sign-in page's context.
    struct SignIn {
        var error: String?
    }

    /// The sign-in page, with an error when the last attempt failed.
    public func signIn(error: String? = nil) -> String {
        page("signin", title: "Sign in", viewer: nil, SignIn(error: error))
    }

    /// A page of the session list; `filters` as the query gave them.
    public func sessions(
        _ rows: [SessionSummary], filters: [String: String], page number: Int, previous: String?, next: String?,
        viewer: Viewer
    ) -> String {
        let kinds = ["treatment", "qa", "service"].map {
            SessionListPage.KindChoice(name: $0, selected: filters["kind"] == $0)
        }
        let list = SessionListPage(
            rows: rows.map { SessionListPage.Row($0, zone: zone) },
            filters: SessionListPage.Filters(
                console: filters["console"], from: filters["from"], to: filters["to"],
                flagged: filters["flagged"] == "true", unsigned: filters["unsigned"] == "true"),
            kinds: kinds, page: number, previous: previous, next: next)
        return page("sessions", title: "Sessions", viewer: viewer, list)
    }

    /// A session's detail page at `now`.
    public func session(
        _ detail: SessionDetail, viewer: Viewer, at now: Date, flash: String? = nil, problem: String? = nil
    ) -> String {
        var context = SessionPage(detail, zone: zone, now: now, csrf: viewer.csrf, canAct: viewer.role != "billing")
        context.flash = flash
        context.problem = problem
        return page("session", title: detail.session.id, viewer: viewer, context)
    }

    /// Billing's worklist of `held` charges.
    public func worklist(
        _ held: [Charge], viewer: Viewer, risk: DenialRisk? = nil, flash: String? = nil, problem: String? = nil
    ) -> String {
        var context = WorklistPage(held, csrf: viewer.csrf)
        context.risk = risk.map(DenialRiskPage.init)
        context.flash = flash
        context.problem = problem
        return page("worklist", title: "Held charges", viewer: viewer, context)
    }

    /// A course's page.
    public func course(_ detail: CourseDetail, viewer: Viewer) -> String {
        page("course", title: "Course \(detail.course.patient)", viewer: viewer, CoursePage(detail, zone: zone))
    }

    /// The trend page of `console` over `from..<to`; `query` is the page's query string, for the CSV links.
    public func trends(
        _ trend: Trend, console: String, consoles: [String], from: Date, to: Date, query: String, viewer: Viewer
    ) -> String {
        page(
            "trends", title: "Trends \(console)", viewer: viewer,
            TrendPage(trend, console: console, consoles: consoles, from: from, to: to, query: query, zone: zone))
    }

    /// The print-ready monthly report; `viewer` nil for the command line's file (no header, no forms).
    public func monthly(_ report: MonthlyReport, consoles: [String], viewer: Viewer?, at now: Date) -> String {
        page(
            "monthly", title: "Monthly \(report.console) \(report.month)", viewer: viewer,
            MonthlyReportPage(report, consoles: consoles, zone: zone, now: now))
    }

    /// The daily reconciliation page's context.
    struct Daily {
        var report: Reconciliation
        /// Delivered sessions with neither a charge nor a reason; nil when there are none.
        var missing: Int?
    }

    /// The daily reconciliation page.
    public func daily(_ report: Reconciliation, viewer: Viewer) -> String {
        page(
            "daily", title: "Daily \(report.date)", viewer: viewer,
            Daily(report: report, missing: report.missing.isEmpty ? nil : report.missing.count))
    }

    /// The print-ready report at `now`: one session per page, signature block.
    public func report(_ detail: SessionDetail, at now: Date) -> String {
        page(
            "report", title: "Report \(detail.session.id)", viewer: nil,
            SessionPage(detail, zone: zone, now: now, csrf: "", canAct: false))
    }
}
