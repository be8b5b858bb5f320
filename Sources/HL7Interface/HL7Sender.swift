import ChargeCapture
import Foundation
import HL7
import Logging
import Metrics
import NIOSSL
import ServiceLifecycle
import Store

/// Pushes every ready charge and credit to the hospital's interface engine
/// as a DFT^P03 over one persistent MLLP connection, one at a time, in the
/// order they became ready, waiting for each ACK. A message is kept in the
/// store before its first send, so a resend (after a timeout, a dropped
/// connection or a crash) is the same bytes with the same control id.
public struct HL7Sender: Service {
    let store: any HL7Outbox
    /// Rung by the store when a charge becomes ready, so the sender does not wait out its poll.
    let bell: ChargeBell
    let settings: HL7Settings
    /// MLLP over TLS with this context when set.
    let tls: NIOSSLContext?
    let zone: TimeZone
    let logger: Logger
    /// Back-off between connection attempts and between refused sends.
    let backoff: ClosedRange<Duration>
    /// The time of messages, acks and failures.
    let now: @Sendable () -> Date

    /// A sender of `store`'s ready charges to the receiver in `settings`, woken by `bell`.
    public init(
        store: any HL7Outbox, bell: ChargeBell, settings: HL7Settings, tls: NIOSSLContext? = nil, zone: TimeZone,
        logger: Logger,
        backoff: ClosedRange<Duration> = .milliseconds(200)...(.seconds(30)),
        now: @escaping @Sendable () -> Date = Date.init
    ) {
        self.store = store
        self.bell = bell
        self.settings = settings
        self.tls = tls
        self.zone = zone
        var logger = logger
        logger[metadataKey: "hl7"] = "\(settings.host):\(settings.port)"
        self.logger = logger
        self.backoff = backoff
        self.now = now
    }

    /// How often a daemon standing by tries for the sender's turn: once a second, or twice per ACK timeout when
    /// that is shorter, so that one takes over within twice `ack_timeout_ms` of the sender dying
    /// (multi-site.md guarantee 5).
    var standingBy: Duration { min(.seconds(1), settings.ackTimeout / 2) }

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            // On a shared store only one daemon sends to a destination; the others stand by to take over.
            var delay = backoff.lowerBound
            while !Task.isCancelled {
                do {
                    try await store.whileSoleSender(to: "\(settings.host):\(settings.port)", standingBy: standingBy) {
                        await self.loop()
                    }
                } catch {
                    if Task.isCancelled { break }
                    logger.warning("hl7 sender lost its turn; will try again", metadata: ["error": "\(error)"])
                    try? await Task.sleep(for: delay)
                    delay = min(delay * 2, backoff.upperBound)
                }
            }
        }
        logger.info("hl7 sender stopped")
    }

    private func loop() async {
        var delay = backoff.lowerBound
        while !Task.isCancelled {
            do {
                guard try await store.nextForHL7(at: now()) != nil else {
                    await bell.wait(upTo: .seconds(1))
                    continue
                }
                try await connectAndSend()
                delay = backoff.lowerBound
            } catch {
                if Task.isCancelled { return }
                Counter(label: "gammalog_hl7_sends_total", dimensions: [("outcome", "link_failed")]).increment()
                logger.warning(
                    "hl7 link down; will reconnect and resend", metadata: ["error": "\(error)", "retry_in": "\(delay)"])
                try? await Task.sleep(for: delay)
                delay = min(delay * 2, backoff.upperBound)
            }
        }
    }

    /// One connection: sends until it fails, returning only by throwing (or on cancellation).
    private func connectAndSend() async throws {
        let client = MLLPClient(
            host: settings.host, port: settings.port, ackTimeout: settings.ackTimeout, tls: tls)
        try await client.withConnection(logger: logger) { link in
            logger.info("hl7 connected")
            var refusedDelay = backoff.lowerBound
            while !Task.isCancelled {
                guard let next = try await store.nextForHL7(at: now()) else {
                    await bell.wait(upTo: .seconds(1))
                    continue
                }
                let charge = next.charge
                let message: String
                if let kept = next.message {
                    message = kept
                } else {
                    message = DFTMessage.build(charge, settings: settings, at: now(), zone: zone)
                    try await store.keepHL7Message(charge: charge.id, controlID: charge.controlID, message: message)
                }
                let ack = try await link.send(message, controlID: charge.controlID)
                Counter(
                    label: "gammalog_hl7_sends_total", dimensions: [("outcome", ack.accepted ? "accepted" : "refused")]
                )
                .increment()
                if ack.accepted {
                    try await store.hl7Accepted(charge: charge.id, at: now())
                    logger.info(
                        "hl7 accepted", metadata: ["charge": "\(charge.id)", "control_id": "\(charge.controlID)"])
                    refusedDelay = backoff.lowerBound
                    continue
                }
                let reason = "\(ack.code): \(ack.text)"
                let now = try await store.hl7Rejected(
                    charge: charge.id, error: reason, maxAttempts: settings.maxAttempts, at: now())
                if now?.status == .held {
                    logger.error(
                        "hl7 refused; charge held as interface_rejected",
                        metadata: ["charge": "\(charge.id)", "reason": "\(reason)"])
                    refusedDelay = backoff.lowerBound
                } else {
                    logger.warning(
                        "hl7 refused; will resend", metadata: ["charge": "\(charge.id)", "reason": "\(reason)"])
                    try await Task.sleep(for: refusedDelay)
                    refusedDelay = min(refusedDelay * 2, backoff.upperBound)
                }
            }
        }
    }
}
