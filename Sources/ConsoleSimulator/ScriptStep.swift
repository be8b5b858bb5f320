import Console
import ConsoleRecords

/// One thing that happens at a moment of a compiled scenario.
public struct ScriptStep: Sendable, Hashable {
    /// Simulated seconds after the scenario's start.
    public var offset: Double
    /// What happens.
    public var action: Action

    /// What a step does.
    public enum Action: Sendable, Hashable {
        /// The console reports an event (and updates its blocks).
        case event(ScriptEvent)
        /// The gateway misbehaves.
        case gateway(GatewayFault)
    }
}

/// An event the console reports, with what it changes.
public struct ScriptEvent: Sendable, Hashable {
    /// The event type.
    public var kind: EventKind
    /// Its session, 0 when none.
    public var session: UInt32 = 0
    /// Its shot, 0 when none.
    public var shot: Int = 0
    /// Collimators per sector, mm.
    public var sectors: [Int] = []
    /// Planned beam-on time of the shot, ms.
    public var plannedMs: Int64 = 0
    /// Delivered beam-on time of the shot so far, ms.
    public var deliveredMs: Int64 = 0
    /// Position, µm.
    public var x: Int32 = 0
    /// Position y, µm.
    public var y: Int32 = 0
    /// Position z, µm.
    public var z: Int32 = 0
    /// Reason or fault code.
    public var code: Int = 0
    /// Gamma angle.
    public var gamma: Int = 0
    /// The session header, for `session_opened`.
    public var opened: OpenedSession?
    /// The new reference dose rate, for `calibration_changed`.
    public var referenceDoseRate: Int?
}

/// What the session block says of a session when it opens.
public struct OpenedSession: Sendable, Hashable {
    /// Patient id, family and given names; empty for QA.
    public var patientID = ""
    /// Family name.
    public var family = ""
    /// Given name.
    public var given = ""
    /// Plan name.
    public var plan = ""
    /// Kind.
    public var kind: SessionKind = .treatment
    /// Fraction.
    public var fraction = 1
    /// Fractions planned.
    public var fractionsPlanned = 1
    /// Targets.
    public var targets = 1
    /// Shots planned.
    public var shotsPlanned = 0
    /// Planned beam-on, ms.
    public var plannedMs: Int64 = 0
    /// Prescription, mGy.
    public var prescribedDoseMgy = 0
    /// Isodose, percent.
    public var isodose = 50
    /// Dose rate, mGy/min.
    public var doseRate = 0
    /// Immobilization.
    public var immobilization: Immobilization = .unknown
    /// Operator.
    public var operatorID = ""
}
