import Crypto
import Foundation

/// The journal's hash chain: each link is SHA-256 over the previous link's
/// hash and the record's canonical encoding, so changing or removing any
/// stored record breaks every link after it.
public enum HashChain {
    /// The hash before the first link.
    public static let genesis = String(repeating: "0", count: 64)

    /// The hash of a link: the previous hash, the console, the record's kind
    /// and reception time (milliseconds since 1970), and its canonical body.
    public static func link(previous: String, console: String, kind: String, receivedAt: Double, body: String)
        -> String
    {
        var hasher = SHA256()
        for var part in linkParts(previous: previous, console: console, kind: kind, receivedAt: receivedAt, body: body)
        {
            part.withUTF8 { hasher.update(bufferPointer: UnsafeRawBufferPointer($0)) }
            hasher.update(data: [0x0A])
        }
        return hex(hasher.finalize())
    }

    /// What a link covers, keyed (``ChainKey``) or not.
    static func linkParts(previous: String, console: String, kind: String, receivedAt: Double, body: String)
        -> [String]
    {
        let milliseconds = receivedAt.isFinite && abs(receivedAt) < 1e15 ? Int64((receivedAt * 1000).rounded()) : 0
        return [previous, console, kind + "@" + String(milliseconds), body]
    }

    /// SHA-256 of `text`, lowercase hex: how records, signatures and API tokens are fingerprinted.
    public static func sha256(_ text: String) -> String { hex(SHA256.hash(data: Data(text.utf8))) }

    static func hex(_ digest: some Sequence<UInt8>) -> String {
        var text: [UInt8] = []
        text.reserveCapacity(64)
        for byte in digest {
            text.append(hexDigit(byte >> 4))
            text.append(hexDigit(byte & 0x0F))
        }
        return String(decoding: text, as: UTF8.self)
    }

    private static func hexDigit(_ value: UInt8) -> UInt8 {
        value < 10 ? UInt8(ascii: "0") + value : UInt8(ascii: "a") + value - 10
    }

    /// The canonical encoding: JSON, keys sorted, dates as milliseconds since 1970.
    public static func canonical<Value: Encodable>(_ value: Value) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .millisecondsSince1970
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    /// The decoder matching ``canonical(_:)``.
    public static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .millisecondsSince1970
        return decoder
    }
}
