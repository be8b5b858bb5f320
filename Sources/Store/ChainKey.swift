import Crypto
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The secret the store's links and seals are keyed with, kept in a file outside the store: whoever can write
/// the database but cannot read this file cannot make a rewritten link, a moved head or an edited decision
/// verify. Its ``id`` (a digest of the key, not the key) is stored beside each keyed link, so a link keyed
/// with another site's key is named as such.
public struct ChainKey: Sendable {
    let secret: SymmetricKey
    /// A digest of the key that names it (16 hex digits), safe to store and to print.
    public let id: String

    /// A key of `bytes` (at least 32).
    public init(bytes: [UInt8]) throws(StoreError) {
        guard bytes.count >= 32 else {
            throw StoreError(
                .unavailable, at: "chain key", "a chain key has at least 32 bytes; this one has \(bytes.count)")
        }
        secret = SymmetricKey(data: bytes)
        id = String(HashChain.sha256("gammalog chain key\n" + HashChain.hex(bytes)).prefix(16))
    }

    /// The key in the file at `path` (64 or more hex digits on its first line), or nil when there is no such
    /// file. A file others than its owner and group may read is refused: the key would not be secret.
    public static func load(path: String) throws(StoreError) -> ChainKey? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw StoreError(.unavailable, at: path, String(cString: strerror(errno)))
        }
        guard info.st_mode & 0o007 == 0 else {
            throw StoreError(
                .unavailable, at: path, "the chain key is readable by every user: chmod 0640 (or 0600) and keep it so")
        }
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw StoreError(.unavailable, at: path, "the chain key cannot be read by this user")
        }
        let line = text.split(separator: "\n", omittingEmptySubsequences: false).first.map(String.init) ?? ""
        guard let bytes = Self.bytes(hex: line.trimmingCharacters(in: .whitespaces)) else {
            throw StoreError(.unavailable, at: path, "the chain key's first line is not hex digits")
        }
        return try ChainKey(bytes: bytes)
    }

    /// The key at `path`, made (32 random bytes, mode 0600) when there is none yet: the embedded default and a
    /// first start. A package creates it at install instead, owned by root and readable by the service's group.
    /// Daemons starting at the same moment with one key file (sites on one host, a restart racing a start) agree
    /// on one key: a new key is written whole under a name of its own and then linked into place, so a reader
    /// finds no key or all of one, and a daemon that links second takes the first one's key.
    public static func loadOrCreate(path: String) throws(StoreError) -> (key: ChainKey, created: Bool) {
        if let key = try load(path: path) { return (key, false) }
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let draft = "\(path).\(UUID().uuidString).new"
        try PrivateFile.write(HashChain.hex(bytes) + "\n", to: draft)
        defer { unlink(draft) }
        guard Glibc.link(draft, path) == 0 else {
            let failure = errno
            if failure == EEXIST, let key = try load(path: path) { return (key, false) }
            throw StoreError(.writeFailed, at: path, String(cString: strerror(failure)))
        }
        return (try ChainKey(bytes: bytes), true)
    }

    static func bytes(hex: String) -> [UInt8]? {
        let digits = Array(hex.utf8)
        guard digits.count >= 64, digits.count.isMultiple(of: 2) else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(digits.count / 2)
        var index = 0
        while index < digits.count {
            guard let high = Self.nibble(digits[index]), let low = Self.nibble(digits[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
            index += 2
        }
        return bytes
    }

    static func nibble(_ digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// A keyed journal link: HMAC-SHA-256 over what ``HashChain/link(previous:console:kind:receivedAt:body:)``
    /// hashes.
    public func link(previous: String, console: String, kind: String, receivedAt: Double, body: String) -> String {
        var mac = HMAC<SHA256>(key: secret)
        for var part in HashChain.linkParts(
            previous: previous, console: console, kind: kind, receivedAt: receivedAt, body: body)
        {
            part.withUTF8 { mac.update(data: UnsafeRawBufferPointer($0)) }
            mac.update(data: [0x0A])
        }
        return HashChain.hex(mac.finalize())
    }

    /// A seal of `parts` for `purpose`: HMAC-SHA-256 over each part length-prefixed (nil as `-`), so no two
    /// different lists of parts give the same input.
    public func seal(_ purpose: String, _ parts: [String?]) -> String {
        var mac = HMAC<SHA256>(key: secret)
        Self.update(&mac, with: purpose)
        for part in parts { Self.update(&mac, with: part) }
        return HashChain.hex(mac.finalize())
    }

    /// Feeds one part of a seal to `mac`: `<byte count>:<bytes>\n`, or `-\n` for none. The bytes go in where they
    /// are: a session's or a charge's body is not copied to be sealed, and nothing is allocated per part.
    private static func update(_ mac: inout HMAC<SHA256>, with part: String?) {
        guard var part else {
            withUnsafeBytes(of: (UInt8(ascii: "-"), UInt8(0x0A))) { mac.update(data: $0) }
            return
        }
        // The count's decimal digits, written backwards into a fixed buffer, then the colon.
        var prefix: (UInt64, UInt64, UInt64) = (0, 0, 0)
        withUnsafeMutableBytes(of: &prefix) { buffer in
            var count = part.utf8.count
            var start = buffer.count - 1
            buffer[start] = UInt8(ascii: ":")
            repeat {
                start -= 1
                buffer[start] = UInt8(ascii: "0") + UInt8(count % 10)
                count /= 10
            } while count > 0
            mac.update(data: UnsafeRawBufferPointer(rebasing: buffer[start...]))
        }
        part.withUTF8 { mac.update(data: UnsafeRawBufferPointer($0)) }
        withUnsafeBytes(of: UInt8(0x0A)) { mac.update(data: $0) }
    }

    /// The seal of a session's row: its id and canonical body.
    public func sessionSeal(id: String, body: String) -> String { seal("session", [id, body]) }

    /// The seal of a charge's row: its id and body.
    public func chargeSeal(id: String, body: String) -> String { seal("charge", [id, body]) }
}
