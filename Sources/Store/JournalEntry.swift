import ConsoleRecords
import DeliveryLog

/// A journal record as every store keeps it: its kind, the columns it is found by, and its canonical body,
/// the text the hash chain covers.
public struct JournalEntry: Sendable, Hashable {
    /// `event`, `gap`, `session` or `identity`.
    public var kind: String
    /// The console boot it was read in, when the record has one.
    public var bootID: UInt32?
    /// Its journal sequence number (a gap's first), when it has one.
    public var seq: UInt32?
    /// The session it belongs to (0 for none).
    public var session: UInt32
    /// The canonical JSON of the record.
    public var body: String

    /// The entry of `record`.
    public init(_ record: JournalRecord) throws {
        switch record {
        case .event(let event):
            (kind, bootID, seq, session, body) = (
                "event", event.bootID, event.seq, event.session, try HashChain.canonical(event)
            )
        case .gap(let gap):
            (kind, bootID, seq, session, body) = (
                "gap", gap.bootID, gap.firstSeq, gap.session, try HashChain.canonical(gap)
            )
        case .session(let block):
            (kind, bootID, seq, session, body) = ("session", nil, nil, block.number, try HashChain.canonical(block))
        case .identity(let identity):
            (kind, bootID, seq, session, body) = (
                "identity", identity.bootID, nil, 0, try HashChain.canonical(identity)
            )
        }
    }

    /// Whether a list shows `session` as flagged: an incomplete record, or a warning or an alert.
    public static func isFlagged(_ session: DeliverySession) -> Bool {
        !session.recordComplete || session.flags.contains { $0.severity != .info }
    }
}
