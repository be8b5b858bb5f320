import Foundation
import HTTPAPI
import Hummingbird
import HummingbirdAuth
import Settings

/// Sets the caller of a page request from its signed sign-in cookie, when
/// the cookie is valid, unexpired, names a role the pages serve, and its
/// sign-in is still open on the server (not signed out, not idle).
struct CookieAuthenticator: AuthenticatorMiddleware {
    typealias Context = APIRequestContext
    let cookies: SessionCookie
    let sessions: PageSessions
    let now: @Sendable () -> Date

    func authenticate(request: Request, context: Context) async throws -> Caller? {
        let now = now()
        guard let value = request.cookies[SessionCookie.name]?.value,
            let holder = cookies.holder(of: value, at: now),
            let role = DaemonConfiguration.Role(rawValue: holder.role), WebPages.signInRoles.contains(role),
            sessions.touch(value, at: now)
        else { return nil }
        return Caller(name: holder.name, role: role)
    }
}
