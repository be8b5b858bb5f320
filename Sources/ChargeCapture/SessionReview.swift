import Foundation

/// One signature on a delivery record.
public struct SessionReview: Sendable, Hashable, Codable {
    /// `review` (the first) or `addendum`.
    public var kind: String
    /// Who signed.
    public var by: String
    /// When.
    public var at: Date
    /// Their note; may be empty.
    public var note: String
    /// SHA-256 of the delivery record as signed.
    public var recordHash: String

    /// A signature.
    public init(kind: String, by: String, at: Date, note: String, recordHash: String) {
        self.kind = kind
        self.by = by
        self.at = at
        self.note = note
        self.recordHash = recordHash
    }
}
