import ChargeCapture
import Foundation
import Hummingbird

/// Encodes answers as the billing contract writes JSON: keys sorted, slashes
/// plain, times RFC 3339 UTC (``Charge/encoder()``), never cached.
public struct APIResponseEncoder: ResponseEncoder {
    /// An encoder.
    public init() {}

    public func encode(_ value: some Encodable, from request: Request, context: some RequestContext) throws -> Response
    {
        let data = try Charge.encoder().encode(value)
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        headers[.cacheControl] = "no-store"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
