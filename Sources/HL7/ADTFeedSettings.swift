/// Where the ADT feed's MLLP listener binds and whom it serves (`hl7_in:` of
/// payers.md).
public struct ADTFeedSettings: Sendable, Hashable {
    /// The address to bind (keep it private).
    public var host: String
    /// The port; 0 picks a free one (tests).
    public var port: Int
    /// Peer addresses served; any other connection is closed at once.
    public var allowedPeers: [String]

    /// A listener on `host:port` serving `allowedPeers`.
    public init(host: String, port: Int, allowedPeers: [String]) {
        self.host = host
        self.port = port
        self.allowedPeers = allowedPeers
    }
}
