import Foundation
import HTTPAPI
import Hummingbird
import HummingbirdAuth
import Settings

/// Sets the caller of a page request from its signed sign-in cookie, when
/// the cookie is valid, unexpired and names a role the pages serve.
struct CookieAuthenticator: AuthenticatorMiddleware {
    typealias Context = APIRequestContext
    let cookies: SessionCookie
    let now: @Sendable () -> Date

    func authenticate(request: Request, context: Context) async throws -> Caller? {
        guard let value = request.cookies[SessionCookie.name]?.value,
            let holder = cookies.holder(of: value, at: now()),
            let role = DaemonConfiguration.Role(rawValue: holder.role), WebPages.signInRoles.contains(role)
        else { return nil }
        return Caller(name: holder.name, role: role)
    }
}
