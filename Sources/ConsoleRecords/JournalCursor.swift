/// How far a console's journal has been read.
///
/// The caller persists it in the same transaction as the records it covers,
/// so a restart of the reader neither loses nor repeats an event.
public struct JournalCursor: Sendable, Hashable, Codable {
    /// The console it belongs to.
    public var consoleSerial: String
    /// The gateway boot `lastSeq` belongs to.
    public var bootID: UInt32
    /// The last sequence number processed in that boot; 0 for none.
    public var lastSeq: UInt32
    /// The newest session number seen in an event; 0 for none.
    public var lastSession: UInt32

    /// A cursor at `lastSeq` of boot `bootID`.
    public init(consoleSerial: String, bootID: UInt32, lastSeq: UInt32 = 0, lastSession: UInt32 = 0) {
        self.consoleSerial = consoleSerial
        self.bootID = bootID
        self.lastSeq = lastSeq
        self.lastSession = lastSession
    }
}
