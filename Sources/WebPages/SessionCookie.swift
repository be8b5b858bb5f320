import Crypto
import Foundation
import HTTPAPI
import Hummingbird

/// The signed sign-in cookie: who, which role, until when, and an HMAC over
/// them with a key only the daemon holds. Forms carry a CSRF token derived
/// from the cookie with the same key.
public struct SessionCookie: Sendable {
    /// The cookie's name.
    public static let name = Request.sessionCookieName

    /// Who a valid cookie says is signed in.
    public struct Holder: Sendable, Hashable {
        /// Token holder's name.
        public var name: String
        /// Role.
        public var role: String
        /// When the cookie stops being accepted.
        public var expires: Date
    }

    private let key: SymmetricKey
    /// How long a sign-in lasts.
    public let lifetime: Duration
    /// Sent only over HTTPS: set when the pages are served with TLS.
    public let secure: Bool

    /// Cookies signed with `key`, lasting `lifetime`.
    public init(
        key: SymmetricKey = SymmetricKey(size: .bits256), lifetime: Duration = .seconds(8 * 3600), secure: Bool = false
    ) {
        self.secure = secure
        self.key = key
        self.lifetime = lifetime
    }

    /// The cookie value for `name` with `role`, expiring at `expires`; a random nonce makes every sign-in's
    /// value its own, so the server can end one sign-in and no other.
    public func value(name: String, role: String, expires: Date) -> String {
        let nonce = SymmetricKey(size: .bits128).withUnsafeBytes { Data($0).base64EncodedString() }
        let payload = Data("\(name)\n\(role)\n\(Int64(expires.timeIntervalSince1970))\n\(nonce)".utf8)
            .base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
        return payload + "." + mac(payload)
    }

    /// The holder of `value`, when its signature holds and it has not expired.
    public func holder(of value: String, at now: Date) -> Holder? {
        let parts = value.split(separator: ".", maxSplits: 1).map(String.init)
        guard parts.count == 2, parts[1].count == 64,
            HMAC<SHA256>.isValidAuthenticationCode(
                Data(hex: parts[1]) ?? Data(), authenticating: Data(parts[0].utf8), using: key),
            let data = Data(
                base64Encoded: parts[0].replacingOccurrences(of: "-", with: "+").replacingOccurrences(
                    of: "_", with: "/"))
        else { return nil }
        let fields = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        guard fields.count == 4, let seconds = Int64(fields[2]) else { return nil }
        let expires = Date(timeIntervalSince1970: Double(seconds))
        guard expires > now else { return nil }
        return Holder(name: String(fields[0]), role: String(fields[1]), expires: expires)
    }

    /// The CSRF token forms must carry with cookie `value`.
    public func csrf(for value: String) -> String { mac("csrf|" + value) }

    private func mac(_ text: String) -> String {
        HMAC<SHA256>.authenticationCode(for: Data(text.utf8), using: key).map { String(format: "%02x", $0) }.joined()
    }
}

extension Data {
    /// Bytes from lowercase or uppercase hex; nil when not hex.
    init?(hex: String) {
        var bytes: [UInt8] = []
        var iterator = hex.utf8.makeIterator()
        while let high = iterator.next() {
            guard let low = iterator.next(), let a = Self.nibble(high), let b = Self.nibble(low) else { return nil }
            bytes.append(a << 4 | b)
        }
        self.init(bytes)
    }

    private static func nibble(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 0x30...0x39: byte - 0x30
        case 0x41...0x46: byte - 0x37
        case 0x61...0x66: byte - 0x57
        default: nil
        }
    }
}
