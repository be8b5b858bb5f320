import Hummingbird
import HummingbirdAuth
import Settings

/// The context of every request the daemon answers: the authenticated
/// caller (set by ``TokenAuthenticator`` or the pages' cookie), request
/// bodies decoded with errors that name the field, and answers encoded
/// as the billing contract writes JSON.
public struct APIRequestContext: AuthRequestContext, RequestContext {
    /// Who is calling.
    public typealias Identity = Caller

    public var coreContext: CoreRequestContextStorage
    /// The caller, once authenticated.
    public var identity: Identity?
    /// The CSRF token of the page sign-in that authenticated this request; nil for a token.
    public var pageCSRF: String?
    /// The peer's address, for the access log and the refusal limit.
    public let peer: String?
    /// What the access log will keep of this request.
    public let access = AccessNote()

    public init(source: Source) {
        coreContext = .init(source: source)
        identity = nil
        peer = source.channel.remoteAddress?.ipAddress
    }

    /// Bodies larger than this are refused with 413.
    public static let maximumBodySize = 64 * 1024

    public var maxUploadSize: Int { Self.maximumBodySize }
    public var requestDecoder: APIRequestDecoder { APIRequestDecoder() }
    public var responseEncoder: APIResponseEncoder { APIResponseEncoder() }

    /// The authenticated caller; 401 when there is none.
    public func caller() throws(APIError) -> Identity {
        guard let identity else { throw APIError(.unauthorized, "missing Authorization: Bearer token") }
        return identity
    }
}
