import ConsoleRecords
import LinkAddress
import Modbus

/// A failure of a console driver or profile: what happened, and where.
public struct ConsoleError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of failure; cases can grow.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Base: String, Sendable, Hashable {
            case unreachable = "console unreachable"
            case busy = "gateway busy"
            case notAGateway = "not a CCG gateway"
            case unsupportedRevision = "unsupported map revision"
            case wrongConsole = "a different console answered"
            case badData = "bad data"
            case invalidProfile = "invalid device profile"
        }

        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// The transport failed (timeout, connection); see ``ConsoleError/transport``.
        public static let unreachable = Code(.unreachable)
        /// The gateway stayed busy (exception 0x06) through the retries.
        public static let busy = Code(.busy)
        /// The identity block's magic number is wrong.
        public static let notAGateway = Code(.notAGateway)
        /// The gateway's map revision is newer than the profile knows.
        public static let unsupportedRevision = Code(.unsupportedRevision)
        /// The console serial differs from the one the cursor belongs to.
        public static let wrongConsole = Code(.wrongConsole)
        /// Registers that cannot be right (a refused Modbus exception, an impossible value).
        public static let badData = Code(.badData)
        /// A device profile that cannot be used.
        public static let invalidProfile = Code(.invalidProfile)

        public var description: String { base.rawValue }
    }

    /// What kind of failure.
    public var code: Code
    /// Where: console name and register range, or profile file and key.
    public var location: String
    /// The particulars.
    public var detail: String
    /// The Modbus failure underneath, when there was one.
    public var transport: ModbusError?

    /// An error of `code` at `location`.
    public init(_ code: Code, at location: String, _ detail: String, transport: ModbusError? = nil) {
        self.code = code
        self.location = location
        self.detail = detail
        self.transport = transport
    }

    public var description: String { "\(location): \(code): \(detail)" }
}
