/// A simulator failure: what happened, and where.
public struct SimulatorError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of failure; cases can grow.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Base: String, Sendable, Hashable {
            case invalidScenario = "invalid scenario"
            case serverFailed = "server failed"
        }

        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// A scenario file that cannot be played.
        public static let invalidScenario = Code(.invalidScenario)
        /// The Modbus server could not start or stopped.
        public static let serverFailed = Code(.serverFailed)

        public var description: String { base.rawValue }
    }

    /// What kind.
    public var code: Code
    /// Where: a file and key, or an address.
    public var location: String
    /// The particulars.
    public var detail: String

    /// An error of `code` at `location`.
    public init(_ code: Code, at location: String, _ detail: String) {
        self.code = code
        self.location = location
        self.detail = detail
    }

    public var description: String { "\(location): \(code): \(detail)" }
}
