/// Something `gammalog verify` found that GammaLog did not write: what kind, of what, and why it says so.
public struct IntegrityProblem: Sendable, Hashable, CustomStringConvertible {
    /// What part of the store.
    public struct Kind: Sendable, Hashable, CustomStringConvertible {
        /// The words a report uses.
        public let description: String

        /// A journal link's content or order.
        public static let journalLink = Kind(description: "journal link")
        /// A journal's end: links cut off, or a head moved.
        public static let journalTail = Kind(description: "journal tail")
        /// A session's row.
        public static let session = Kind(description: "session")
        /// A charge's row.
        public static let charge = Kind(description: "charge")
        /// A charge's history.
        public static let chargeHistory = Kind(description: "charge history")
        /// The anchor file outside the store.
        public static let anchor = Kind(description: "anchor")
    }

    /// What part of the store.
    public var kind: Kind
    /// Which one: a console, a session id, a charge id.
    public var subject: String
    /// What is wrong.
    public var reason: String

    /// A problem found.
    public init(_ kind: Kind, _ subject: String, _ reason: String) {
        self.kind = kind
        self.subject = subject
        self.reason = reason
    }

    public var description: String { "\(kind) \(subject): \(reason)" }
}
