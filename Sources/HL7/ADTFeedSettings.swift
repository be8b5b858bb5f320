/// Where the ADT feed's MLLP listener binds and whom it serves (`hl7_in:` of
/// payers.md).
public struct ADTFeedSettings: Sendable, Hashable {
    /// The address to bind (keep it private).
    public var host: String
    /// The port; 0 picks a free one (tests).
    public var port: Int
    /// Peer addresses served; any other connection is closed at once.
    public var allowedPeers: [String]
    /// A connection that sends nothing for this long is closed: an interface engine keeps its link busy or
    /// reconnects, a slow or stuck peer holds no descriptor for ever.
    public var idleTimeout: Duration
    /// At most this many connections at once; one more is closed as it is accepted.
    public var maxConnections: Int
    /// A received message's raw text (patient data) is kept this many days; its receipt, control id and
    /// outcome stay for good. Nil keeps the text for good.
    public var keepRawDays: Int?

    /// A listener on `host:port` serving `allowedPeers`.
    public init(
        host: String, port: Int, allowedPeers: [String], idleTimeout: Duration = .seconds(300), maxConnections: Int = 32
    ) {
        self.host = host
        self.port = port
        self.allowedPeers = allowedPeers
        self.idleTimeout = idleTimeout
        self.maxConnections = maxConnections
    }
}
