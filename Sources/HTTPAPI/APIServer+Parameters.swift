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
}
