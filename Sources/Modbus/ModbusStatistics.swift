/// Counters of one client link, for metrics and benchmarks.
public struct ModbusStatistics: Sendable, Hashable {
    /// Requests sent.
    public var transactions = 0
    /// Requests that failed (timeout, exception, connection or corrupt reply).
    public var failures = 0
    /// Successful connects.
    public var connects = 0
    /// Failed connect attempts.
    public var failedConnects = 0
    /// Bytes of successful requests, as framed on the wire (MBAP or address and CRC included).
    public var bytesSent = 0
    /// Bytes of successful replies, as framed on the wire.
    public var bytesReceived = 0

    /// An empty set of counters.
    public init() {}

    mutating func recordWire(request: Int, response: Int) {
        bytesSent += request
        bytesReceived += response
    }
}
