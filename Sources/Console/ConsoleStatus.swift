import ConsoleRecords
import Foundation

/// One read of the status block.
public struct ConsoleStatus: Sendable, Hashable, Codable {
    /// Counter the gateway bumps at least once a second.
    public var heartbeat: Int
    /// The console's state; nil when the number has no meaning in the profile.
    public var state: ConsoleState?
    /// The console's clock.
    public var clock: Date?
    /// The newest journal sequence number since the gateway's boot.
    public var journalHead: UInt32
    /// The open session's number; 0 when none.
    public var activeSession: UInt32
    /// The active fault code; 0 when none.
    public var faultCode: Int
    /// Whether the treatment-room door is open.
    public var doorOpen: Bool
    /// Cumulative beam-on time of the installed sources, ms.
    public var lifetimeBeamOnMs: Int64
    /// The gateway's boot id.
    public var bootID: UInt32
}
