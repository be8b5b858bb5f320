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
        let stamped = kind + "@" + String(Int64((receivedAt * 1000).rounded()))
        var hasher = SHA256()
        for part in [previous, console, stamped, body] {
            hasher.update(data: Data(part.utf8))
            hasher.update(data: Data([0x0A]))
        }
        return hex(hasher.finalize())
    }

    /// SHA-256 of `text`, lowercase hex: how records, signatures and API tokens are fingerprinted.
    public static func sha256(_ text: String) -> String { hex(SHA256.hash(data: Data(text.utf8))) }

    static func hex(_ digest: some Sequence<UInt8>) -> String {
        digest.map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
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
