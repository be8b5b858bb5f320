import Foundation
import HTTPAPI
import Hummingbird

/// An `application/x-www-form-urlencoded` body, size-capped.
struct FormBody {
    private let fields: [String: String]

    init(_ request: Request) async throws(APIError) {
        var request = request
        let buffer: ByteBuffer
        do {
            buffer = try await request.collectBody(upTo: 64 * 1024)
        } catch {
            throw APIError(.contentTooLarge, "the form is larger than 64 KB")
        }
        fields = Self.parse(String(buffer: buffer))
    }

    /// The value of `key`, trimmed; "" when absent.
    subscript(_ key: String) -> String { fields[key]?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "" }

    static func parse(_ text: String) -> [String: String] {
        var fields: [String: String] = [:]
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = decode(String(parts[0]))
            fields[key] = parts.count > 1 ? decode(String(parts[1])) : ""
        }
        return fields
    }

    static func decode(_ text: String) -> String {
        text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? text
    }
}
