import Foundation
import Hummingbird

/// Decodes JSON request bodies into their Codable types; every failure is a
/// 400 that names the field (or 413 past the size limit).
public struct APIRequestDecoder: RequestDecoder {
    /// A decoder.
    public init() {}

    public func decode<T: Decodable>(_ type: T.Type, from request: Request, context: some RequestContext)
        async throws -> T
    {
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: context.maxUploadSize)
        } catch {
            throw APIError(.contentTooLarge, "the body is larger than \(context.maxUploadSize) bytes")
        }
        return try Self.decodeBody(T.self, from: Data(buffer: buffer))
    }

    /// A body's bytes as `T`, validated when it is a ``ValidatedBody``: each refusal a 400 naming the field.
    static func decodeBody<T: Decodable>(_ type: T.Type, from data: Data) throws -> T {
        guard !data.isEmpty else { throw APIError(.badRequest, "the body is empty; expected a JSON object") }
        let value: T
        do {
            value = try JSONDecoder().decode(T.self, from: data)
        } catch let error as DecodingError {
            throw Self.named(error)
        }
        if let body = value as? any ValidatedBody { try body.validate() }
        return value
    }

    /// A decoding failure as the field it concerns and what was expected there.
    static func named(_ error: DecodingError) -> APIError {
        func field(_ path: [any CodingKey]) -> String {
            path.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, let context):
            return APIError(.badRequest, "\(field(context.codingPath + [key])): required")
        case .valueNotFound(let type, let context), .typeMismatch(let type, let context):
            guard !context.codingPath.isEmpty else {
                return APIError(.badRequest, "the body must be a JSON object")
            }
            return APIError(.badRequest, "\(field(context.codingPath)): expected \(Self.noun(type))")
        case .dataCorrupted(let context):
            guard !context.codingPath.isEmpty else { return APIError(.badRequest, "the body is not valid JSON") }
            return APIError(.badRequest, "\(field(context.codingPath)): \(context.debugDescription)")
        @unknown default:
            return APIError(.badRequest, "the body does not match the contract")
        }
    }

    static func noun(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Int.Type: "a whole number"
        case is [String].Type: "an array of strings"
        case is Bool.Type: "true or false"
        default: "a value of another type"
        }
    }
}

/// A request body with rules beyond its types (ranges, lengths), checked right after decoding.
public protocol ValidatedBody: Decodable {
    /// Refuses the body with a 400 naming the field.
    func validate() throws(APIError)
}

extension ValidatedBody {
    /// Refuses `text` longer than `limit` characters, naming `field`.
    func check(_ text: String?, _ field: String, maxLength limit: Int) throws(APIError) {
        if let text, text.count > limit { throw APIError(.badRequest, "\(field): longer than \(limit) characters") }
    }

    /// Refuses `value` outside `range`, naming `field`.
    func check(_ value: Int?, _ field: String, in range: ClosedRange<Int>) throws(APIError) {
        if let value, !range.contains(value) {
            throw APIError(
                .badRequest, "\(field): expected a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
    }
}
