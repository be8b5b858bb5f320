import HL7
import Logging
import NIOCore
import NIOPosix
import NIOSSL

/// An MLLP client connection: one message out, its original-mode ACK back,
/// then the next. The DFT sender and the demo's ADT feed both talk through it.
/// With a TLS context, the connection is TLS from its first byte and the
/// receiver's certificate is verified (its name, or the address connected to).
public struct MLLPClient: Sendable {
    /// The receiver's host.
    public var host: String
    /// The receiver's port.
    public var port: Int
    /// How long to wait for an ACK before the connection is closed.
    public var ackTimeout: Duration
    /// MLLP over TLS with this context; plain TCP when nil.
    public var tls: NIOSSLContext?

    /// A client of the receiver at `host`:`port`.
    public init(host: String, port: Int, ackTimeout: Duration, tls: NIOSSLContext? = nil) {
        self.host = host
        self.port = port
        self.ackTimeout = ackTimeout
        self.tls = tls
    }

    /// Connects, runs `body` with the connection, and closes it.
    public func withConnection<Result: Sendable>(
        logger: Logger, _ body: (inout MLLPExchange) async throws -> Result
    ) async throws -> Result {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(.seconds(5))
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .connect(host: host, port: port) { [tls, host] channel in
                channel.eventLoop.makeCompletedFuture {
                    if let tls {
                        // An address is verified against the certificate's IP names; only a name goes in SNI.
                        let name = (try? SocketAddress(ipAddress: host, port: 0)) == nil ? host : nil
                        try channel.pipeline.syncOperations.addHandler(
                            try NIOSSLClientHandler(context: tls, serverHostname: name))
                    }
                    return try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        return try await channel.executeThenClose { inbound, outbound in
            var exchange = MLLPExchange(
                channel: channel.channel, replies: inbound.makeAsyncIterator(), outbound: outbound,
                ackTimeout: ackTimeout, logger: logger)
            return try await body(&exchange)
        }
    }
}

/// An open MLLP connection of `MLLPClient`.
public struct MLLPExchange {
    let channel: any Channel
    var replies: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator
    let outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>
    let ackTimeout: Duration
    let logger: Logger
    var frames = MLLPFrameBuffer()

    /// Sends `message` and waits for the ACK of `controlID`; throws `HL7LinkError` (the connection closed)
    /// when none comes within the timeout. Replies that are not ACKs, or ACK another id, are skipped.
    public mutating func send(_ message: String, controlID: String) async throws -> HL7Acknowledgement {
        try await outbound.write(ByteBuffer(bytes: MLLPFrameBuffer.frame(message)))
        let channel = self.channel
        let timer = channel.eventLoop.scheduleTask(in: .nanoseconds(Int64(ackTimeout.nanoseconds))) {
            channel.close(promise: nil)
        }
        defer { timer.cancel() }
        while let chunk = try await replies.next() {
            for text in frames.append(chunk.readableBytesView) {
                guard let ack = HL7Acknowledgement(parsing: text) else {
                    logger.warning("hl7 reply is not an ACK; ignored")
                    continue
                }
                guard ack.controlID == controlID else {
                    logger.warning("hl7 ACK for another control id; ignored", metadata: ["acked": "\(ack.controlID)"])
                    continue
                }
                return ack
            }
        }
        throw HL7LinkError(controlID: controlID)
    }
}

/// No ACK came for a message: the connection closed or the wait timed out.
public struct HL7LinkError: Error, Sendable, CustomStringConvertible {
    /// The message left unacknowledged.
    public var controlID: String

    public var description: String { "no ACK for \(controlID): connection closed or timed out" }
}

extension Duration {
    fileprivate var nanoseconds: Double {
        Double(components.seconds) * 1e9 + Double(components.attoseconds) / 1e9
    }
}
