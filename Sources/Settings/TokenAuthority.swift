import Foundation
import Store

/// Knows the configured bearer tokens by their SHA-256 only: tokens
/// themselves are never stored. The HTTP layer asks it who holds a token.
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
}
