/// A storage failure: what happened, and where.
public struct StoreError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of failure; cases can grow.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Base: String, Sendable, Hashable {
            case unavailable = "store unavailable"
            case writeFailed = "write failed"
            case readFailed = "read failed"
            case corrupt = "corrupt record"
            case backupFailed = "backup failed"
            case refused = "refused"
            case migrationNeeded = "migration needed"
        }

        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// The database cannot be opened or migrated.
        public static let unavailable = Code(.unavailable)
        /// A transaction failed; nothing of it was kept.
        public static let writeFailed = Code(.writeFailed)
        /// A query failed.
        public static let readFailed = Code(.readFailed)
        /// A stored record does not decode.
        public static let corrupt = Code(.corrupt)
        /// An online backup could not be written, or its copy does not verify.
        public static let backupFailed = Code(.backupFailed)
        /// What was asked would break what the store keeps; nothing was changed.
        public static let refused = Code(.refused)
        /// The schema is older than this version and belongs to a role this one may not migrate as.
        public static let migrationNeeded = Code(.migrationNeeded)

        public var description: String { base.rawValue }
    }

    /// What kind.
    public var code: Code
    /// Where: the database file, table or record.
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
