/// Events the driver knows it could not read: never skipped silently.
public struct JournalGap: Sendable, Hashable, Codable {
    /// Why events are missing.
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        /// The journal wrapped past events before they were read.
        case overrun
        /// The gateway restarted; events after the last read and before the restart are lost.
        case gatewayRestart = "gateway_restart"
        /// A slot stayed torn or inconsistent through its re-reads.
        case unreadableSlot = "unreadable_slot"
    }

    /// Why.
    public var kind: Kind
    /// The boot the missing sequence numbers belong to.
    public var bootID: UInt32
    /// First missing sequence number, when known.
    public var firstSeq: UInt32?
    /// Last missing sequence number, when known.
    public var lastSeq: UInt32?
    /// The session open when the gap was noticed, 0 when none or unknown.
    public var session: UInt32
    /// A sentence with the particulars.
    public var detail: String

    /// A gap of `kind`.
    public init(
        kind: Kind, bootID: UInt32, firstSeq: UInt32? = nil, lastSeq: UInt32? = nil,
        session: UInt32 = 0, detail: String
    ) {
        self.kind = kind
        self.bootID = bootID
        self.firstSeq = firstSeq
        self.lastSeq = lastSeq
        self.session = session
        self.detail = detail
    }
}
