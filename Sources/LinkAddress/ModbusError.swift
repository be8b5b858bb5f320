/// A failed Modbus operation: what happened, and where.
///
/// Cases are ``Code`` values over a private enumeration, so new ones can be
/// added without breaking callers that switch over them.
public struct ModbusError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of failure.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Base: String, Sendable, Hashable {
            case invalidAddress = "invalid address"
            case invalidRequest = "invalid request"
            case connectionFailed = "connection failed"
            case connectionLost = "connection lost"
            case notConnected = "not connected"
            case timeout = "timeout"
            case badResponse = "bad response"
            case exception = "Modbus exception"
            case shutDown = "client shut down"
        }

        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// The address string could not be parsed.
        public static let invalidAddress = Code(.invalidAddress)
        /// The request was refused before sending (bad count or register).
        public static let invalidRequest = Code(.invalidRequest)
        /// Connecting to the server failed.
        public static let connectionFailed = Code(.connectionFailed)
        /// The connection broke during a transaction.
        public static let connectionLost = Code(.connectionLost)
        /// Disconnected, and the reconnect back-off has not yet run out.
        public static let notConnected = Code(.notConnected)
        /// No reply within the response timeout.
        public static let timeout = Code(.timeout)
        /// A reply arrived but was corrupt (CRC, length, wrong unit or transaction).
        public static let badResponse = Code(.badResponse)
        /// The server answered with a Modbus exception; see ``ModbusError/exception``.
        public static let exception = Code(.exception)
        /// The client was shut down.
        public static let shutDown = Code(.shutDown)

        public var description: String { base.rawValue }
    }

    /// What kind of failure this is.
    public var code: Code
    /// The exception the server sent, for ``Code/exception``.
    public var exception: ModbusException?
    /// Where: the server address, and the register range when there was one.
    public var location: String
    /// A sentence with the particulars.
    public var detail: String

    /// Makes an error of `code` at `location`.
    public init(
        _ code: Code, at location: String, _ detail: String, exception: ModbusException? = nil
    ) {
        self.code = code
        self.location = location
        self.detail = detail
        self.exception = exception
    }

    public var description: String {
        if let exception {
            return "\(location): \(exception)\(detail.isEmpty ? "" : ": \(detail)")"
        }
        return "\(location): \(code): \(detail)"
    }
}
