import Hummingbird

extension Response {
    /// A response with `body` of content `type` and the extra `headers`: every non-JSON answer the daemon builds
    /// (health, metrics, the contract, the pages).
    public static func text(
        _ body: String, status: HTTPResponse.Status = .ok, type: String, headers extra: HTTPFields = [:]
    ) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = type
        headers.append(contentsOf: extra)
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: body)))
    }
}
