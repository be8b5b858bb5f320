import ChargeCapture
import Foundation
import Hummingbird

/// Query and path values shared by the sessions and charges routes, each
/// refused with a 400 that names it.
extension APIServer {
    /// An RFC 3339 time given as `key`.
    static func time(_ text: String, _ key: String) throws(APIError) -> Date {
        guard let date = RFC3339.parse(text) else {
            throw APIError(.badRequest, "\(key): '\(text)' is not an RFC 3339 time")
        }
        return date
    }

    /// A page size, 1-1000; 100 when absent.
    static func limit(_ text: String?) throws(APIError) -> Int {
        guard let text else { return 100 }
        guard let number = Int(text), (1...1000).contains(number) else {
            throw APIError(.badRequest, "limit: expected a whole number from 1 to 1000")
        }
        return number
    }

    /// The route's `{id}`, refused unless it can be a session or charge id (`GK-<serial>-<number>[-CD]`).
    static func recordID(_ context: APIRequestContext) throws -> String {
        let id = try context.parameters.require("id")
        guard isRecordID(id) else { throw APIError(.badRequest, "id: not a session or charge id") }
        return id
    }

    /// Whether `id` can be a session or charge id: ASCII letters, digits and dashes, 64 at most.
    public static func isRecordID(_ id: String) -> Bool {
        id.count <= 64 && id.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
    }
}
