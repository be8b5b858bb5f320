import ConsoleRecords

/// A source of console journal records. The daemon and the tests use it
/// without knowing whether a gateway or the simulator answers behind it.
public protocol ConsoleDriver: Sendable {
    /// Reads what is new since `cursor` (nil on the very first contact with
    /// the console: every event still in the journal is then returned).
    /// A failed poll returns nothing and moves no cursor: poll again.
    func poll(from cursor: JournalCursor?) async throws(ConsoleError) -> ConsolePoll

    /// Releases the connection.
    func close() async
}
