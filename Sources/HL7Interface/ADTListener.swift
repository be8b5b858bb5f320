import ChargeCapture
import Foundation
import HL7
import Logging
import Metrics
import NIOCore
import NIOPosix
import NIOSSL
import ServiceLifecycle
import Store
import Synchronization

/// The ADT feed (payers.md): an MLLP listener taking ADT messages from the
/// hospital's interface engine. Each message is stored and applied in one
/// transaction before its ACK; a resend of an applied control id is answered
/// `AA` and not applied again. A peer not allowed, bytes that are not MLLP
/// and HL7, or a message over 1 MiB close only that connection. Console
/// polling never waits on it: the feed has its own connections and tasks.
public struct ADTListener: Service {
    let store: any CoverageStore
    let settings: ADTFeedSettings
    /// MLLP over TLS with this context when set (a client certificate required when it has trust roots).
    let tls: NIOSSLContext?
    let payers: PayerSettings
    let assigningAuthority: String
    let zone: TimeZone
    let logger: Logger
    let now: @Sendable () -> Date
    /// Called with the bound port once listening (tests bind port 0).
    let onListening: @Sendable (Int) -> Void
    /// The connections open now.
    let open = ConnectionCount()

    /// A listener applying `store`'s coverage changes from the feed in `settings`.
    public init(
        store: any CoverageStore, settings: ADTFeedSettings, tls: NIOSSLContext? = nil, payers: PayerSettings,
        assigningAuthority: String,
        zone: TimeZone, logger: Logger, now: @escaping @Sendable () -> Date = Date.init,
        onListening: @escaping @Sendable (Int) -> Void = { _ in }
    ) {
        self.store = store
        self.settings = settings
        self.tls = tls
        self.payers = payers
        self.assigningAuthority = assigningAuthority
        self.zone = zone
        var logger = logger
        logger[metadataKey: "adt"] = "\(settings.host):\(settings.port)"
        self.logger = logger
        self.now = now
        self.onListening = onListening
    }

    public func run() async throws {
        let idle = TimeAmount.nanoseconds(Int64(settings.idleTimeout.components.seconds) * 1_000_000_000)
        let server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.backlog, value: 64)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .bind(host: settings.host, port: settings.port) { [tls] channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandlers(
                        IdleStateHandler(readTimeout: idle), CloseWhenIdle())
                    if let tls { try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: tls)) }
                    return try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        let port = server.channel.localAddress?.port ?? settings.port
        logger.info("adt feed listening", metadata: ["port": "\(port)"])
        onListening(port)
        // Shut down by no longer accepting, then closing the server channel a moment later, not by cancelling the
        // accept loop: a connection accepted just before is still handed out and closed properly (one dropped by a
        // closing server channel traps in NIO, swift-nio#2813).
        await withGracefulShutdownHandler {
            try? await server.executeThenClose { connections in
                try await withThrowingDiscardingTaskGroup { group in
                    if let days = settings.keepRawDays {
                        group.addTask { await cancelWhenGracefulShutdown { await self.forgetRawMessages(after: days) } }
                    }
                    for try await connection in connections {
                        group.addTask { await cancelWhenGracefulShutdown { await self.serve(connection) } }
                    }
                }
            }
        } onGracefulShutdown: {
            let channel = server.channel
            channel.setOption(.autoRead, value: false).whenComplete { _ in
                channel.eventLoop.scheduleTask(in: .milliseconds(100)) { channel.close(promise: nil) }
            }
        }
        logger.info("adt feed stopped")
    }

    /// Clears the text of messages older than `days`, at start and every hour, until shut down.
    func forgetRawMessages(after days: Int) async {
        while !Task.isCancelled {
            do {
                let cleared = try await store.forgetRawADTMessages(
                    receivedBefore: now().addingTimeInterval(-Double(days) * 86_400))
                if cleared > 0 {
                    logger.info("adt message texts past their retention cleared", metadata: ["count": "\(cleared)"])
                }
            } catch {
                logger.warning("adt retention could not run; trying again in an hour", metadata: ["error": "\(error)"])
            }
            try? await Task.sleep(for: .seconds(3600))
        }
    }

    /// One peer's connection, message by message, until it closes, misbehaves or idles past the timeout.
    func serve(_ connection: NIOAsyncChannel<ByteBuffer, ByteBuffer>) async {
        let peer = connection.channel.remoteAddress?.ipAddress ?? "unknown"
        // Past the limit a connection is closed at once: a flood of them holds no descriptors.
        guard open.enter(limit: settings.maxConnections) else {
            Counter(label: "gammalog_adt_connections_refused_total").increment()
            logger.warning("adt connections at their limit; closed", metadata: ["peer": "\(peer)"])
            try? await connection.executeThenClose { _, _ in }
            return
        }
        defer { open.leave() }
        guard settings.allowedPeers.contains(peer) else {
            Counter(label: "gammalog_adt_connections_refused_total").increment()
            logger.warning("adt peer not allowed; closed", metadata: ["peer": "\(peer)"])
            try? await connection.executeThenClose { _, _ in }
            return
        }
        do {
            try await serveFrames(connection, from: peer)
        } catch {
            // A TLS peer whose certificate is refused, or a connection reset: only this connection ends.
            logger.warning("adt connection failed; closed", metadata: ["peer": "\(peer)", "error": "\(error)"])
        }
    }

    /// The frames of an allowed peer's connection, each answered once stored.
    func serveFrames(_ connection: NIOAsyncChannel<ByteBuffer, ByteBuffer>, from peer: String) async throws {
        try await connection.executeThenClose { inbound, outbound in
            var frames = MLLPFrameBuffer()
            for try await chunk in inbound {
                for text in frames.append(chunk.readableBytesView) {
                    guard let reply = await handle(text, from: peer) else { return }
                    try await outbound.write(ByteBuffer(bytes: MLLPFrameBuffer.frame(reply.encoded)))
                }
                if frames.droppedGarbage {
                    Counter(label: "gammalog_adt_messages_total", dimensions: [("outcome", "garbage")]).increment()
                    logger.warning(
                        "adt bytes that are not an MLLP frame, or a frame over 1 MiB; closed",
                        metadata: ["peer": "\(peer)"])
                    return
                }
            }
        }
    }

    /// The ACK for one message, after it is stored; nil closes the connection (not HL7, or the store failed).
    func handle(_ text: String, from peer: String) async -> HL7Message? {
        let message: HL7Message
        do {
            message = try HL7Message(parsing: text)
        } catch {
            Counter(label: "gammalog_adt_messages_total", dimensions: [("outcome", "garbage")]).increment()
            logger.warning("adt message is not HL7; closed", metadata: ["peer": "\(peer)", "error": "\(error)"])
            return nil
        }
        let type = "\(message.type.code)^\(message.type.event)"
        let time = now()
        func ack(_ code: String, _ reason: String) -> HL7Message {
            Counter(label: "gammalog_adt_messages_total", dimensions: [("outcome", code)]).increment()
            return HL7Acknowledgement.answering(
                message, code: code, text: reason, controlID: "ACK-\(message.controlID)",
                at: DFTMessage.timestamp(time, zone))
        }
        do {
            let update = try ADTUpdate(message, assigningAuthority: assigningAuthority, payers: payers)
            let applied = try await store.applyADT(update.change, raw: text, peer: peer, at: time)
            logger.info(
                applied ? "adt applied" : "adt resend of an applied message; not applied again",
                metadata: ["type": "\(type)", "control_id": "\(message.controlID)"])
            return ack("AA", "")
        } catch let refusal as ADTUpdate.Refusal {
            do {
                try await store.recordRefusedADT(
                    raw: text, peer: peer, controlID: message.controlID, code: refusal.code, reason: refusal.text,
                    at: time)
            } catch {
                logger.error("adt refusal not kept; closed without ACK", metadata: ["error": "\(error)"])
                return nil
            }
            logger.warning(
                "adt refused",
                metadata: [
                    "type": "\(type)", "control_id": "\(message.controlID)", "code": "\(refusal.code)",
                    "reason": "\(refusal.text)",
                ])
            return ack(refusal.code, refusal.text)
        } catch {
            logger.error(
                "adt not stored; closed without ACK so the sender resends",
                metadata: ["type": "\(type)", "control_id": "\(message.controlID)", "error": "\(error)"])
            return nil
        }
    }
}

/// Closes a connection when its ``IdleStateHandler`` says nothing came for the timeout.
final class CloseWhenIdle: ChannelInboundHandler, Sendable {
    typealias InboundIn = NIOAny

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is IdleStateHandler.IdleStateEvent {
            context.close(promise: nil)
            return
        }
        context.fireUserInboundEventTriggered(event)
    }
}

/// The connections a listener has open, under a limit.
final class ConnectionCount: Sendable {
    private let count = Mutex(0)

    /// Counts one more unless `limit` are open; whether it was counted.
    func enter(limit: Int) -> Bool {
        count.withLock { open in
            guard open < limit else { return false }
            open += 1
            return true
        }
    }

    /// One fewer.
    func leave() { count.withLock { $0 -= 1 } }
}
