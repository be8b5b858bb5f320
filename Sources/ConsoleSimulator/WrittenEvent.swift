import Console
import ConsoleRecords

/// An event as the simulated gateway wrote it, for checking a reader against.
public struct WrittenEvent: Sendable, Hashable {
    /// The boot it was written in.
    public var bootID: UInt32
    /// Its sequence number in that boot.
    public var seq: UInt32
    /// Its type.
    public var kind: EventKind
    /// Its session.
    public var session: UInt32
    /// Its shot.
    public var shot: Int
}
