import Foundation
import Hummingbird

/// A JSON request body read defensively: size-capped, an object, every field
/// checked for type and range, and every problem named by its key.
struct JSONBody {
    /// Bodies larger than this are refused.
    static let maximumSize = 64 * 1024

    private let object: [String: Any]

    /// Reads the body of `request`.
    init(_ request: Request) async throws(APIError) {
        var request = request
        let buffer: ByteBuffer
        do {
            buffer = try await request.collectBody(upTo: Self.maximumSize)
        } catch {
            throw APIError(.contentTooLarge, "the body is larger than \(Self.maximumSize) bytes")
        }
        let data = Data(buffer.readableBytesView)
        guard !data.isEmpty else { throw APIError(.badRequest, "the body is empty; expected a JSON object") }
        let parsed: Any
        do {
            parsed = try JSONSerialization.jsonObject(with: data)
        } catch {
            throw APIError(.badRequest, "the body is not valid JSON")
        }
        guard let object = parsed as? [String: Any] else {
            throw APIError(.badRequest, "the body must be a JSON object")
        }
        self.object = object
    }

    /// A string field; `nil` when absent and not `required`.
    func string(_ key: String, required: Bool = true, maxLength: Int = 1000) throws(APIError) -> String? {
        guard let value = object[key], !(value is NSNull) else {
            if required { throw APIError(.badRequest, "\(key): required") }
            return nil
        }
        guard let text = value as? String else { throw APIError(.badRequest, "\(key): expected a string") }
        guard text.count <= maxLength else {
            throw APIError(.badRequest, "\(key): longer than \(maxLength) characters")
        }
        return text
    }

    /// A whole-number field within `range`; `fallback` when absent.
    func int(_ key: String, in range: ClosedRange<Int>, fallback: Int?) throws(APIError) -> Int {
        guard let value = object[key], !(value is NSNull) else {
            guard let fallback else { throw APIError(.badRequest, "\(key): required") }
            return fallback
        }
        // JSON true/false arrive as a boolean NSNumber, which would also pass as 1 or 0.
        let isBoolean = String(describing: type(of: value)).contains("Boolean") || type(of: value) == Bool.self
        guard !isBoolean, let number = value as? Int, range.contains(number) else {
            throw APIError(
                .badRequest, "\(key): expected a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return number
    }

    /// An array of strings, at most `maxCount`; empty when absent and not `required`.
    func strings(_ key: String, required: Bool, maxCount: Int = 1000) throws(APIError) -> [String] {
        guard let value = object[key], !(value is NSNull) else {
            if required { throw APIError(.badRequest, "\(key): required") }
            return []
        }
        guard let list = value as? [Any], let strings = list as? [String] else {
            throw APIError(.badRequest, "\(key): expected an array of strings")
        }
        guard strings.count <= maxCount else { throw APIError(.badRequest, "\(key): more than \(maxCount) items") }
        return strings
    }
}
