import ConsoleRecords

/// What one poll of a console returns.
public struct ConsolePoll: Sendable, Hashable {
    /// Events, gaps and block reads, in order.
    public var records: [JournalRecord]
    /// The cursor after `records`: persist both together.
    public var cursor: JournalCursor
    /// The status block as read at the start of the poll.
    public var status: ConsoleStatus
    /// The console's identity.
    public var identity: ConsoleIdentity
    /// Modbus requests this poll sent.
    public var requests: Int
}
