import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A plain HTTP/1.1 client over a loopback socket, one connection per
/// request: how an independent billing system or curl talks to the daemon.
public enum HTTPProbe {
    /// A response: status and body.
    public struct Response: Sendable {
        /// Status code.
        public var status: Int
        /// Body bytes.
        public var body: Data
        /// Header fields, names in lowercase (the last of a repeated name).
        public var headers: [String: String] = [:]

        /// The body as a JSON object, if it is one.
        public var object: [String: Any]? { try? JSONSerialization.jsonObject(with: body) as? [String: Any] }
        /// The body as text.
        public var text: String { String(decoding: body, as: UTF8.self) }
    }

    /// ``request(port:_:_:token:json:)`` on a thread of its own, so that
    /// blocking on the socket never starves the concurrency pool the server runs on.
    public static func send(
        port: Int, _ method: String, _ path: String, token: String? = nil, json: String? = nil,
        form: String? = nil, cookie: String? = nil
    ) async throws -> Response {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread {
                continuation.resume(
                    with: Result {
                        try request(port: port, method, path, token: token, json: json, form: form, cookie: cookie)
                    })
            }
            thread.start()
        }
    }

    /// Sends one request to 127.0.0.1:`port` and reads the whole answer.
    public static func request(
        port: Int, _ method: String, _ path: String, token: String? = nil, json: String? = nil,
        form: String? = nil, cookie: String? = nil
    ) throws -> Response {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw ProbeError("socket: errno \(errno)") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else { throw ProbeError("connect to port \(port): errno \(errno)") }
        let body = Data((json ?? form ?? "").utf8)
        var head = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n"
        if let token { head += "Authorization: Bearer \(token)\r\n" }
        if json != nil { head += "Content-Type: application/json\r\n" }
        if form != nil { head += "Content-Type: application/x-www-form-urlencoded\r\n" }
        if let cookie { head += "Cookie: \(cookie)\r\n" }
        head += "Content-Length: \(body.count)\r\n\r\n"
        let request = Data(head.utf8) + body
        var sent = 0
        try request.withUnsafeBytes { raw in
            guard let base = raw.baseAddress else { return }
            while sent < raw.count {
                let n = Glibc.send(fd, base + sent, raw.count - sent, Int32(MSG_NOSIGNAL))
                guard n > 0 else { throw ProbeError("send: errno \(errno)") }
                sent += n
            }
        }
        var answer = Data()
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let n = recv(fd, &buffer, buffer.count, 0)
            if n <= 0 { break }
            answer.append(contentsOf: buffer[0..<n])
        }
        guard let split = answer.range(of: Data("\r\n\r\n".utf8)),
            let statusLine = String(data: answer[..<split.lowerBound], encoding: .utf8)?.split(separator: "\r\n")
                .first,
            let status = Int(statusLine.split(separator: " ").dropFirst().first ?? "")
        else { throw ProbeError("no HTTP answer from port \(port)") }
        var content = Data(answer[split.upperBound...])
        let headers = String(decoding: answer[..<split.lowerBound], as: UTF8.self).lowercased()
        if headers.contains("transfer-encoding: chunked") { content = dechunk(content) }
        var fields: [String: String] = [:]
        let rawHeaders = String(decoding: answer[..<split.lowerBound], as: UTF8.self)
        for line in rawHeaders.split(separator: "\r\n").dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            fields[line[..<colon].lowercased()] = value
        }
        return Response(status: status, body: content, headers: fields)
    }

    static func dechunk(_ data: Data) -> Data {
        var out = Data()
        var rest = data[...]
        while let line = rest.range(of: Data("\r\n".utf8)) {
            let size = Int(String(decoding: rest[..<line.lowerBound], as: UTF8.self), radix: 16) ?? 0
            if size == 0 { break }
            let start = line.upperBound
            let end = rest.index(start, offsetBy: size, limitedBy: rest.endIndex) ?? rest.endIndex
            out.append(rest[start..<end])
            rest = rest[min(end + 2, rest.endIndex)...]
        }
        return out
    }

    /// A failed exchange.
    public struct ProbeError: Error, CustomStringConvertible {
        public var description: String
        /// A failure saying `description`.
        public init(_ description: String) { self.description = description }
    }
}
