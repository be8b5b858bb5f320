import ChargeCapture
import Foundation
import Hummingbird
import Store

/// An API failure answered as `{"error": "..."}` with its status.
public struct APIError: HTTPResponseError, Sendable {
    /// The HTTP status.
    public var status: HTTPResponse.Status
    /// What is wrong, named.
    public var message: String
    /// Extra headers of the answer (`Allow` on a 405).
    public var headers: HTTPFields = [:]

    /// An error with `status` saying `message`.
    public init(_ status: HTTPResponse.Status, _ message: String) {
        self.status = status
        self.message = message
    }

    /// A refused charge action: 400 for a wrong request, 404 for no such charge, 409 for the wrong state.
    public init(_ refusal: ChargeError) {
        self.init(Self.status(of: refusal), refusal.description)
    }

    /// The one mapping from charge refusals to HTTP statuses, for the API and the pages alike.
    public static func status(of refusal: ChargeError) -> HTTPResponse.Status {
        switch refusal.code {
        case .invalid: .badRequest
        case .notFound: .notFound
        default: .conflict
        }
    }

    /// The store could not answer: 503. What failed, and where, goes to the log, not to the caller.
    public static let storeUnavailable = APIError(.serviceUnavailable, "the store is unavailable")

    private struct Body: Encodable { let error: String }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        let body = (try? JSONEncoder().encode(Body(error: message))) ?? Data(#"{"error":"internal"}"#.utf8)
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        headers[.cacheControl] = "no-store"
        if status == .unauthorized { headers[.wwwAuthenticate] = "Bearer realm=\"gammalog\"" }
        headers.append(contentsOf: self.headers)
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }
}
