/// One thing a poll learned, in the order learned.
public enum JournalRecord: Sendable, Hashable, Codable {
    /// A journal event.
    case event(ConsoleEvent)
    /// Events known to be missing.
    case gap(JournalGap)
    /// The session block, read for the session it names.
    case session(SessionSnapshot)
    /// The identity block, read after a calibration change or a restart.
    case identity(ConsoleIdentity)
}
