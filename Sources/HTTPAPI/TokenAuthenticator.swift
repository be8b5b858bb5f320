import Hummingbird
import HummingbirdAuth
import Settings

/// Sets the caller from `Authorization: Bearer <token>` when the token is
/// known. A malformed header or an unknown token is a 401 at once; no
/// header leaves the request anonymous for the routes that need none.
public struct TokenAuthenticator: AuthenticatorMiddleware {
    public typealias Context = APIRequestContext
    let authority: TokenAuthority

    /// An authenticator over `authority`.
    public init(authority: TokenAuthority) { self.authority = authority }

    public func authenticate(request: Request, context: Context) async throws -> Context.Identity? {
        guard let header = request.headers[.authorization] else { return nil }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer", !parts[1].isEmpty, parts[1].count <= 512 else {
            throw APIError(.unauthorized, "Authorization must be 'Bearer <token>'")
        }
        guard let token = authority.holder(of: String(parts[1])) else { throw APIError(.unauthorized, "unknown token") }
        context.access.authenticated(token.name)
        return Caller(name: token.name, role: token.role)
    }
}
