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

    /// A renderer with the built-in templates.
    public init() throws {
        var templates: [String: MustacheTemplate] = [:]
        for (name, text) in [
            ("layout", Templates.layout), ("signin", Templates.signIn), ("sessions", Templates.sessions),
            ("session", Templates.session), ("daily", Templates.daily), ("report", Templates.report),
            ("timeline", Templates.timeline),
        ] {
            templates[name] = try MustacheTemplate(string: text)
        }
        library = MustacheLibrary(templates: templates)
    }

    /// The page `name` rendered with `context`, inside the layout.
    func page(_ name: String, title: String, viewer: Viewer?, _ context: [String: Any]) -> String {
        let body = library.render(context, withTemplate: name) ?? ""
        var layout: [String: Any] = ["title": title, "body": body]
        if let viewer { layout["user"] = ["name": viewer.name, "role": viewer.role, "csrf": viewer.csrf] }
        return library.render(layout, withTemplate: "layout") ?? body
    }

    /// The sign-in page, with an error when the last attempt failed.
    public func signIn(error: String? = nil) -> String {
        page("signin", title: "Sign in", viewer: nil, error.map { ["error": $0] } ?? [:])
    }

    /// A page of the session list.
    public func sessions(
        _ rows: [SessionSummary], filters: [String: String], page number: Int, previous: String?, next: String?,
        viewer: Viewer
    ) -> String {
        let kinds = ["treatment", "qa", "service"].map {
            ["name": $0, "selected": filters["kind"] == $0] as [String: Any]
        }
        var filterContext: [String: Any] = filters
        filterContext["flagged"] = filters["flagged"] == "true"
        filterContext["unsigned"] = filters["unsigned"] == "true"
        var context: [String: Any] = [
            "rows": rows.map(Self.row), "filters": filterContext, "kinds": kinds, "page": number,
        ]
        if let previous { context["previous"] = previous }
        if let next { context["next"] = next }
        return page("sessions", title: "Sessions", viewer: viewer, context)
    }

    /// A session's detail page.
    public func session(_ detail: SessionDetail, viewer: Viewer, flash: String? = nil, problem: String? = nil) -> String
    {
        var context = detail.context(csrf: viewer.csrf, canAct: viewer.role != "billing")
        if let flash { context["flash"] = flash }
        if let problem { context["problem"] = problem }
        return page("session", title: detail.session.id, viewer: viewer, context)
    }

    /// The daily reconciliation page.
    public func daily(_ report: Reconciliation, viewer: Viewer) throws -> String {
        let object = try Self.plain(Charge.encoder().encode(report))
        let missing = report.missing.count
        return page(
            "daily", title: "Daily \(report.date)", viewer: viewer, ["r": object, "missing": missing > 0 ? missing : 0])
    }

    /// The print-ready report: one session per page, signature block.
    public func report(_ detail: SessionDetail) -> String {
        page("report", title: "Report \(detail.session.id)", viewer: nil, detail.context(csrf: "", canAct: false))
    }

    static func row(_ summary: SessionSummary) -> [String: Any] {
        [
            "id": summary.id, "opened": summary.openedAt.map(RFC3339.format) ?? "", "console": summary.console,
            "kind": summary.kind?.rawValue ?? "unknown", "outcome": summary.outcome?.rawValue ?? "",
            "shots": "\(summary.shotsDelivered)/\(summary.shotsPlanned.map(String.init) ?? "?")",
            "beam": Formats.minutes(summary.deliveredMs), "complete": summary.recordComplete,
            "warnings": summary.warnings, "signed": summary.signed,
        ]
    }

    /// JSON as plain values Mustache can walk: nulls dropped, booleans as Bool.
    static func plain(_ data: Data) throws -> Any {
        clean(try JSONSerialization.jsonObject(with: data))
    }

    static func clean(_ value: Any) -> Any {
        switch value {
        case let dictionary as [String: Any]:
            var out: [String: Any] = [:]
            for (key, item) in dictionary where !(item is NSNull) { out[key] = clean(item) }
            return out
        case let array as [Any]:
            return array.map(clean)
        case let number as NSNumber:
            if String(describing: type(of: number)).contains("Boolean") { return number.boolValue }
            return number
        default:
            return value
        }
    }
}
