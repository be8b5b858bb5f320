/// What a simulator's Modbus server has seen and sent: the evidence that a
/// reader used only the function codes it should, and how many bytes it cost.
public struct ServerCounters: Sendable, Hashable {
    /// Requests by function code.
    public var requestsByFunction: [UInt8: Int] = [:]
    /// Exception answers by exception code.
    public var exceptionsSent: [UInt8: Int] = [:]
    /// Requests left unanswered (silence).
    public var unanswered = 0
    /// Bytes of requests received, whole frames.
    public var bytesReceived = 0
    /// Bytes of replies sent, whole frames.
    public var bytesSent = 0
    /// TCP connections accepted.
    public var connectionsAccepted = 0
    /// TCP connections refused because the client limit was reached.
    public var connectionsRefused = 0

    /// An empty set.
    public init() {}

    /// All requests received.
    public var requests: Int { requestsByFunction.values.reduce(0, +) }

    /// Requests with any function code other than `function`.
    public func requests(otherThan function: UInt8) -> Int {
        requestsByFunction.filter { $0.key != function }.values.reduce(0, +)
    }
}
