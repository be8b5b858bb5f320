import Daemon
import Foundation
import Hummingbird
import Store

/// Checks bearer tokens against their configured SHA-256 and roles.
/// Tokens themselves are never stored.
public struct TokenAuthority: Sendable {
    private let tokens: [String: DaemonConfiguration.Token]

    /// An authority over `tokens`.
    public init(tokens: [DaemonConfiguration.Token]) {
        self.tokens = Dictionary(tokens.map { ($0.sha256.lowercased(), $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// SHA-256 of `token`, lowercase hex: what configuration stores.
    public static func hash(_ token: String) -> String {
        HashChain.sha256(token)
    }

    /// The holder of a bearer `token`, if it is known.
    public func holder(of token: String) -> DaemonConfiguration.Token? {
        guard !token.isEmpty, token.count <= 512 else { return nil }
        return tokens[Self.hash(token)]
    }

    /// The token holder, when `request` carries a known token whose role is in
    /// `roles` (admin may do everything). 401 without a known token, 403 with the wrong role.
    public func authorize(_ request: Request, _ roles: Set<DaemonConfiguration.Role>) throws(APIError)
        -> DaemonConfiguration.Token
    {
        guard let header = request.headers[.authorization] else {
            throw APIError(.unauthorized, "missing Authorization: Bearer token")
        }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer", !parts[1].isEmpty, parts[1].count <= 512 else {
            throw APIError(.unauthorized, "Authorization must be 'Bearer <token>'")
        }
        guard let token = holder(of: String(parts[1])) else {
            throw APIError(.unauthorized, "unknown token")
        }
        guard token.role == .admin || roles.contains(token.role) else {
            let allowed = roles.map(\.rawValue).sorted().joined(separator: " or ")
            throw APIError(.forbidden, "the \(token.role.rawValue) role may not do this; it needs \(allowed)")
        }
        return token
    }
}
