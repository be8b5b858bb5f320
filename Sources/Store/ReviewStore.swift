import ChargeCapture
import Foundation

/// Physicists' sign-off of delivery records. A signature is stored with the
/// hash of the record it signs and is never changed: a later signature is an
/// addendum that supersedes it.
public protocol ReviewStore: Sendable {
    /// Signs session `id` as `by`, with an optional note. The first signature
    /// is the review; later ones are addenda. With the `after_review` release
    /// policy, the first signature releases the session's pending charge.
    func sign(session id: String, by: String, note: String, at now: Date) async throws -> SessionReview

    /// The signatures of session `id`, oldest first.
    func reviews(ofSession id: String) async throws -> [SessionReview]

    /// The signatures of each of the sessions `ids` that has any, oldest first.
    func reviews(ofSessions ids: [String]) async throws -> [String: [SessionReview]]
}
