/// The last link of a console's journal: its row id and hash. A store keeps it, sealed, beside the console's
/// reader state, and the daemon copies it into the ``ChainAnchor`` file, so cutting the journal's tail shows.
public struct ChainHead: Sendable, Hashable, Codable {
    /// The console as the store names it (`site/name` on the shared store).
    public var console: String
    /// The link's row id.
    public var id: Int64
    /// The link's hash.
    public var hash: String

    /// A head from its parts.
    public init(console: String, id: Int64, hash: String) {
        self.console = console
        self.id = id
        self.hash = hash
    }

    /// The seal a store keeps beside it.
    public func seal(with key: ChainKey) -> String {
        key.seal("head", [console, String(id), hash])
    }
}
