import Foundation

/// A physicist's signature on a delivery record, decided with no I/O: the store loads the session's row and
/// its charge, and applies what this returns (the review to append, the session to mark signed, the charge
/// to release) in the same transaction.
public struct SignOff: Sendable, Hashable {
    /// Who signs.
    public var by: String
    /// Their note.
    public var note: String
    /// When.
    public var at: Date

    /// The longest note a signature keeps.
    public static let maximumNote = 4000

    /// A signature by `by`; a blank name or a note longer than ``maximumNote`` is refused before anything is
    /// read.
    public init(by: String, note: String, at: Date) throws(ChargeError) {
        guard !by.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw ChargeError(.invalid, charge: nil, "a signature needs the signer's name")
        }
        guard note.count <= Self.maximumNote else {
            throw ChargeError(.invalid, charge: nil, "note: longer than \(Self.maximumNote) characters")
        }
        self.by = by
        self.note = note
        self.at = at
    }

    /// What the store holds of the session signed.
    public struct Record: Sendable, Hashable {
        /// The hash of the record as stored (what the signature covers).
        public var hash: String
        /// Whether the session has closed.
        public var final: Bool
        /// Whether it was signed before.
        public var signed: Bool

        /// A record from its row.
        public init(hash: String, final: Bool, signed: Bool) {
            self.hash = hash
            self.final = final
            self.signed = signed
        }
    }

    /// What the store writes.
    public struct Decision: Sendable, Hashable {
        /// The review or addendum to append.
        public var review: SessionReview
        /// Whether the session becomes signed (the first signature).
        public var marksSigned: Bool
        /// The charge released by the first signature under `after_review`.
        public var release: ChargeChange?

        /// A decision from its parts.
        public init(review: SessionReview, marksSigned: Bool, release: ChargeChange?) {
            self.review = review
            self.marksSigned = marksSigned
            self.release = release
        }
    }

    /// Signs session `id`, whose row is `record` (nil: no such session) and whose charge is `charge`: the first
    /// signature is the review and releases a charge pending review; later ones are addenda.
    public func decide(session id: String, record: Record?, charge: Charge?) throws(ChargeError) -> Decision {
        guard let record else { throw ChargeError(.notFound, charge: nil, "no session \(id)") }
        guard record.final else {
            throw ChargeError(.conflict, charge: nil, "session \(id) is still open; sign it once it has closed")
        }
        let first = !record.signed
        let review = SessionReview(
            kind: first ? "review" : "addendum", by: by, at: at, note: note, recordHash: record.hash)
        guard first, var charge, charge.status == .pendingReview else {
            return Decision(review: review, marksSigned: first, release: nil)
        }
        let entry = try charge.release(
            by: by, signsRecords: true, reason: "delivery record signed", modifiers: [], at: at)
        return Decision(review: review, marksSigned: true, release: ChargeChange(charge, entry, enqueue: true))
    }
}
