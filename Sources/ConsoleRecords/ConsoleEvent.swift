import Foundation

/// One journal event, decoded from its slot.
public struct ConsoleEvent: Sendable, Hashable, Codable {
    /// The gateway boot the sequence number belongs to.
    public var bootID: UInt32
    /// Sequence number since that boot.
    public var seq: UInt32
    /// When it happened, console clock, with milliseconds.
    public var time: Date
    /// What happened; nil when the type number is not in the profile (see ``typeCode``).
    public var kind: EventKind?
    /// The type number on the wire.
    public var typeCode: Int
    /// The session it belongs to; 0 when none.
    public var session: UInt32
    /// 1-based shot index; 0 when not about a shot.
    public var shot: Int
    /// Collimator per sector in mm (0 = blocked); empty when the event has no shot.
    public var sectors: [Int]
    /// Planned beam-on time of the shot, ms.
    public var shotPlannedMs: Int64
    /// Beam-on time delivered for the shot so far, ms.
    public var shotDeliveredMs: Int64
    /// Shot position x, y, z in µm.
    public var xUm: Int32
    /// Shot position y, µm.
    public var yUm: Int32
    /// Shot position z, µm.
    public var zUm: Int32
    /// Reason or fault code as given.
    public var code: Int
    /// The reason, for interruptions and early ends; nil when the code has no meaning.
    public var reason: InterruptionReason?
    /// Gamma angle in degrees; 0 when none.
    public var gammaAngle: Int
    /// The session kind, for `session_opened`.
    public var sessionKind: SessionKind?
    /// What is odd about the slot; empty for a clean event.
    public var anomalies: [String]

    /// An event from its parts; everything but the sequence, time and kind defaults to empty.
    public init(
        bootID: UInt32 = 1, seq: UInt32, time: Date, kind: EventKind?, typeCode: Int? = nil, session: UInt32 = 0,
        shot: Int = 0, sectors: [Int] = [], shotPlannedMs: Int64 = 0, shotDeliveredMs: Int64 = 0,
        xUm: Int32 = 100_000, yUm: Int32 = 100_000, zUm: Int32 = 100_000, code: Int = 0,
        reason: InterruptionReason? = nil, gammaAngle: Int = 0, sessionKind: SessionKind? = nil,
        anomalies: [String] = []
    ) {
        self.bootID = bootID
        self.seq = seq
        self.time = time
        self.kind = kind
        self.typeCode = typeCode ?? (kind.map { (EventKind.allCases.firstIndex(of: $0) ?? 0) + 1 } ?? 0)
        self.session = session
        self.shot = shot
        self.sectors = sectors
        self.shotPlannedMs = shotPlannedMs
        self.shotDeliveredMs = shotDeliveredMs
        self.xUm = xUm
        self.yUm = yUm
        self.zUm = zUm
        self.code = code
        self.reason = reason
        self.gammaAngle = gammaAngle
        self.sessionKind = sessionKind
        self.anomalies = anomalies
    }
}
