import Foundation
import HTTPAPI
import Hummingbird
import Settings

/// Sets the caller of a page request from its signed sign-in cookie, when the cookie is valid, unexpired,
/// names a role the pages serve, and its sign-in is still open on the server (not signed out, not idle),
/// with the sign-in's CSRF token for the forms.
struct CookieAuthenticator: RouterMiddleware {
    typealias Context = APIRequestContext
    let cookies: SessionCookie
    let sessions: PageSessions
    let now: @Sendable () -> Date

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        var context = context
        let now = now()
        if let value = request.cookies[SessionCookie.name]?.value,
            let holder = cookies.holder(of: value, at: now),
            let role = DaemonConfiguration.Role(rawValue: holder.role), SignInPages.roles.contains(role),
            sessions.touch(value, at: now)
        {
            context.identity = Caller(name: holder.name, role: role)
            context.pageCSRF = cookies.csrf(for: value)
            context.access.authenticated(holder.name)
        }
        return try await next(request, context)
    }
}
