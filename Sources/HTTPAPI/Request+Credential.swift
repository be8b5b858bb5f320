import Hummingbird

extension Request {
    /// The name of the pages' sign-in cookie (``SessionCookie`` in WebPages makes it).
    public static let sessionCookieName = "gammalog_session"

    /// Whether the request carries a credential: a bearer header, the sign-in form, or a sign-in cookie. Its
    /// refusal is what the access log records and the refusal limit counts; a request with none is only a 401.
    var presentsCredential: Bool {
        headers[.authorization] != nil || uri.path == "/ui/sign-in" || cookies[Self.sessionCookieName] != nil
    }
}
