import ChargeCapture
import Foundation

/// The HL7 interface's outbox: the next charge to send in ready order, the message kept for its control id,
/// the receiver's answer, and the one-sender turn among the daemons that share the store. The HL7 sender
/// depends on this alone.
public protocol HL7Outbox: Sendable {
    /// The next charge or credit for the HL7 interface, in order of becoming ready.
    func nextForHL7(at now: Date) async throws -> HL7Outbound?

    /// Keeps the exact message sent for a charge's control id, so a resend is the same bytes.
    func keepHL7Message(charge id: String, controlID: String, message: String) async throws

    /// The receiver accepted the message.
    func hl7Accepted(charge id: String, at now: Date) async throws

    /// The receiver refused the message; held after `maxAttempts`. Returns the charge as it now is.
    func hl7Rejected(charge id: String, error: String, maxAttempts: Int, at now: Date) async throws -> Charge?

    /// Runs `body` while this daemon is the one HL7 sender to `destination` among all that share the store,
    /// waiting (and checking for cancellation) until it is, trying for the turn every `standingBy`; throws when
    /// that turn is lost.
    func whileSoleSender(
        to destination: String, standingBy: Duration, _ body: @escaping @Sendable () async throws -> Void
    ) async throws
}

/// A charge waiting for the HL7 interface, with the message kept for it, if any.
public struct HL7Outbound: Sendable, Hashable {
    /// The charge or credit.
    public var charge: Charge
    /// The message already sent for its control id (resent as is), or nil before the first send.
    public var message: String?

    /// A charge to send, with the message kept for its control id.
    public init(charge: Charge, message: String?) {
        self.charge = charge
        self.message = message
    }
}
