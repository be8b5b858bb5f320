/// Unguessable tokens: lease tokens, the ids of authorizations entered by people, the demo's API token.
public enum RandomToken {
    /// `bytes` random bytes from the system's generator, as lowercase hex digits (32 for the default 16).
    public static func hex(bytes: Int = 16) -> String {
        var generator = SystemRandomNumberGenerator()
        return HashChain.hex((0..<bytes).map { _ in UInt8.random(in: 0...255, using: &generator) })
    }
}
