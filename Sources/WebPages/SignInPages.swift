import Foundation
import HTTPAPI
import Hummingbird
import Reports
import Settings

/// Signing in to the pages with a token, and signing out: a signed HttpOnly SameSite cookie whose sign-in the
/// server keeps (``PageSessions``), so sign-out and an idle timeout end it.
struct SignInPages: Sendable {
    let authority: TokenAuthority
    let cookies: SessionCookie
    let sessions: PageSessions
    let renderer: PageRenderer
    let now: @Sendable () -> Date

    /// The roles that may sign in to the pages: billing to its charges page only.
    static let roles: Set<DaemonConfiguration.Role> = [.physicist, .admin, .billing]

    /// The sign-in page and form, open to all.
    func addRoutes(to ui: RouterGroup<APIRequestContext>) {
        ui.get { _, _ in PageResponse.redirect("/ui/sessions") }
        ui.get("sign-in") { _, _ in PageResponse.html(renderer.signIn()) }
        ui.post("sign-in", use: signIn)
    }

    /// Sign-out, for the signed-in.
    func addRoutes(to signedIn: RouterGroup<PageRequestContext>) {
        signedIn.post("sign-out", use: signOut)
    }

    @Sendable func signIn(_ request: Request, context: APIRequestContext) async throws -> Response {
        let form = try await URLEncodedFormDecoder().decode(SignInForm.self, from: request, context: context)
        guard let token = authority.holder(of: form.token.field) else {
            return PageResponse.html(renderer.signIn(error: "Unknown token."), status: .unauthorized)
        }
        guard Self.roles.contains(token.role) else {
            return PageResponse.html(
                renderer.signIn(error: "A \(token.role.rawValue) token cannot sign in here."), status: .forbidden)
        }
        let lifetime = Int(cookies.lifetime.components.seconds)
        let now = now()
        let value = cookies.value(
            name: token.name, role: token.role.rawValue, expires: now.addingTimeInterval(Double(lifetime)))
        sessions.begin(value, at: now)
        context.access.event("signed_in", actor: token.name)
        var response = PageResponse.redirect(token.role == .billing ? "/ui/charges" : "/ui/sessions")
        response.setCookie(cookie(value, maxAge: lifetime))
        return response
    }

    @Sendable func signOut(_ request: Request, context: PageRequestContext) async throws -> Response {
        _ = try await context.form(request, CSRFForm.self, csrf: \.csrf)
        context.access.event("signed_out", actor: context.viewer.name)
        if let value = request.cookies[SessionCookie.name]?.value { sessions.end(value) }
        var response = PageResponse.redirect("/ui/sign-in")
        response.setCookie(cookie("", maxAge: 0))
        return response
    }

    /// The sign-in cookie: HttpOnly, SameSite=Strict, for the whole site; Secure when the pages are on HTTPS.
    func cookie(_ value: String, maxAge: Int) -> Cookie {
        Cookie(
            name: SessionCookie.name, value: value, maxAge: maxAge, path: "/", secure: cookies.secure, httpOnly: true,
            sameSite: .strict)
    }
}
