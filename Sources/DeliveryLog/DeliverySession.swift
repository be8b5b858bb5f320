import ConsoleRecords
import Foundation

/// One delivery session as a physicist reviews it: shot by shot, planned
/// against delivered, interruptions, faults, gaps and flags.
public struct DeliverySession: Sendable, Hashable, Codable {
    /// Stable id, `GK-<console serial>-<session number, 6 digits>`.
    public var id: String
    /// The console.
    public var console: ConsoleRef
    /// Session number on that console.
    public var number: UInt32
    /// Treatment, QA or service; nil until known.
    public var kind: SessionKind?
    /// The patient, from the session block.
    public var patient: Patient
    /// Plan name.
    public var plan: String?
    /// Fraction of the course.
    public var fraction: Int?
    /// Fractions planned for the course.
    public var fractionsPlanned: Int?
    /// Targets treated.
    public var targets: Int?
    /// How it ended; `open` while open.
    public var outcome: SessionOutcome
    /// When it opened (console clock).
    public var openedAt: Date?
    /// When it closed.
    public var closedAt: Date?
    /// Shots in the plan.
    public var shotsPlanned: Int?
    /// Planned total beam-on time, ms.
    public var plannedMs: Int64?
    /// Delivered total beam-on time, ms.
    public var deliveredMs: Int64
    /// Prescription dose, mGy.
    public var prescribedDoseMgy: Int64?
    /// Prescription isodose, percent.
    public var prescriptionIsodose: Int?
    /// Decay-corrected dose rate the console used, mGy/min.
    public var sessionDoseRate: Int64?
    /// The calibration in force when the session was recorded (the console's identity block); nil before one was
    /// read. The dose rate trend's expectation decays from it.
    public var calibration: Calibration?
    /// Frame or mask.
    public var immobilization: Immobilization?
    /// Console operator.
    public var operatorID: String?
    /// Shots, by index.
    public var shots: [Shot]
    /// Interruptions, in order.
    public var interruptions: [Interruption]
    /// Console faults raised while open.
    public var faults: [FaultEpisode]
    /// What is missing from the record; empty when complete.
    public var gaps: [RecordGap]
    /// Physics checks and anomalies, with their numbers.
    public var flags: [SessionFlag]
    /// The largest console clock skew seen while open, seconds (console minus daemon).
    public var clockSkewSeconds: Double?
    /// Journal events applied to the session.
    public var eventCount: Int
    /// Why it ended early, for an early end.
    public var endReason: InterruptionReason?
    /// Whether the session block was read for this session.
    public var blockRead: Bool
    /// Whether the log is done with the session: closed, or known to be over
    /// though its close was never seen.
    public var final: Bool

    /// Whether nothing is missing from the record.
    public var recordComplete: Bool { gaps.isEmpty }
    /// Whether the session has closed.
    public var isClosed: Bool { outcome != .open }
    /// Shots fully delivered.
    public var shotsDelivered: Int { shots.filter { $0.completedAt != nil }.count }

    /// A new, open session `number` on `console`.
    public init(console: ConsoleRef, number: UInt32) {
        self.id = Self.id(serial: console.serial, number: number)
        self.console = console
        self.number = number
        self.patient = Patient()
        self.outcome = .open
        self.deliveredMs = 0
        self.shots = []
        self.interruptions = []
        self.faults = []
        self.gaps = []
        self.flags = []
        self.eventCount = 0
        self.blockRead = false
        self.final = false
    }

    /// The id of session `number` on the console with `serial`.
    public static func id(serial: String, number: UInt32) -> String {
        let digits = String(number)
        return "GK-\(serial)-" + String(repeating: "0", count: max(0, 6 - digits.count)) + digits
    }
}

/// The console a session was delivered on.
public struct ConsoleRef: Sendable, Hashable, Codable {
    /// Serial number.
    public var serial: String
    /// Model.
    public var model: String
    /// The name in configuration.
    public var name: String

    /// A console reference.
    public init(serial: String, model: String, name: String) {
        self.serial = serial
        self.model = model
        self.name = name
    }
}

/// The patient as entered at the console.
public struct Patient: Sendable, Hashable, Codable {
    /// Medical record number.
    public var id: String?
    /// Family name.
    public var family: String?
    /// Given name.
    public var given: String?

    /// A patient; all parts unknown by default.
    public init(id: String? = nil, family: String? = nil, given: String? = nil) {
        self.id = id
        self.family = family
        self.given = given
    }
}

/// One shot (isocentre) of a session.
public struct Shot: Sendable, Hashable, Codable {
    /// 1-based index.
    public var index: Int
    /// Collimator per sector, mm; 0 = blocked.
    public var sectors: [Int]
    /// Planned beam-on time, ms.
    public var plannedMs: Int64
    /// Delivered beam-on time, ms.
    public var deliveredMs: Int64
    /// Position, µm.
    public var xUm: Int32
    /// Position y, µm.
    public var yUm: Int32
    /// Position z, µm.
    public var zUm: Int32
    /// Gamma angle, degrees.
    public var gammaAngle: Int
    /// First beam on.
    public var startedAt: Date?
    /// Fully delivered.
    public var completedAt: Date?

    /// A shot as planned; nothing delivered yet.
    public init(
        index: Int, sectors: [Int], plannedMs: Int64, deliveredMs: Int64 = 0, xUm: Int32 = 0, yUm: Int32 = 0,
        zUm: Int32 = 0, gammaAngle: Int = 90, startedAt: Date? = nil, completedAt: Date? = nil
    ) {
        self.index = index
        self.sectors = sectors
        self.plannedMs = plannedMs
        self.deliveredMs = deliveredMs
        self.xUm = xUm
        self.yUm = yUm
        self.zUm = zUm
        self.gammaAngle = gammaAngle
        self.startedAt = startedAt
        self.completedAt = completedAt
    }
}

/// Beam off before a shot was complete.
public struct Interruption: Sendable, Hashable, Codable {
    /// The shot.
    public var shot: Int
    /// Why; nil when the code has no meaning (see `code`).
    public var reason: InterruptionReason?
    /// The code as given.
    public var code: Int
    /// When beam went off.
    public var at: Date
    /// When beam came back on; nil when it never did.
    public var resumedAt: Date?
    /// Delivered time of the shot when interrupted, ms.
    public var deliveredMs: Int64

    /// An interruption of `shot`.
    public init(
        shot: Int, reason: InterruptionReason?, code: Int, at: Date, resumedAt: Date? = nil, deliveredMs: Int64 = 0
    ) {
        self.shot = shot
        self.reason = reason
        self.code = code
        self.at = at
        self.resumedAt = resumedAt
        self.deliveredMs = deliveredMs
    }
}

/// A console fault raised while a session was open.
public struct FaultEpisode: Sendable, Hashable, Codable {
    /// The console's fault code.
    public var code: Int
    /// Raised.
    public var at: Date
    /// Cleared; nil when not (yet).
    public var clearedAt: Date?

    /// A fault `code` raised `at`, cleared at `clearedAt`.
    public init(code: Int, at: Date, clearedAt: Date? = nil) {
        self.code = code
        self.at = at
        self.clearedAt = clearedAt
    }
}

/// Something missing from a session's record, named.
public struct RecordGap: Sendable, Hashable, Codable {
    /// `overrun`, `gateway_restart`, `unreadable_slot`, `session_open_not_seen`,
    /// `session_close_not_seen`, `session_block_unavailable`, `session_not_seen`, `undefined_event`.
    public var kind: String
    /// Particulars.
    public var detail: String

    /// A gap of `kind`.
    public init(kind: String, detail: String) {
        self.kind = kind
        self.detail = detail
    }
}

/// A physics check or anomaly that deserves a physicist's eye, with its numbers.
public struct SessionFlag: Sendable, Hashable, Codable {
    /// How much attention it needs.
    public enum Severity: String, Sendable, Hashable, Codable {
        case info, warning, alert
    }

    /// What: `shot_time_deviation`, `total_time_deviation`, `possible_medical_event`,
    /// `dose_rate_inconsistent`, `clock_skew`, `interruptions`, `event_anomaly`.
    public var code: String
    /// How much attention.
    public var severity: Severity
    /// A sentence with the numbers.
    public var message: String
    /// The numbers by name.
    public var values: [String: Double]

    /// A flag.
    public init(code: String, severity: Severity, message: String, values: [String: Double] = [:]) {
        self.code = code
        self.severity = severity
        self.message = message
        self.values = values
    }
}

/// A console calibration: the reference dose rate and when it was measured (a source exchange makes a new one).
public struct Calibration: Sendable, Hashable, Codable {
    /// Dose rate at the reference point at calibration, mGy/min.
    public var referenceDoseRate: Int
    /// When it was measured.
    public var calibratedAt: Date

    /// A calibration of `referenceDoseRate` at `calibratedAt`.
    public init(referenceDoseRate: Int, calibratedAt: Date) {
        self.referenceDoseRate = referenceDoseRate
        self.calibratedAt = calibratedAt
    }

    /// The calibration `identity` reports; nil when it reports none.
    public init?(identity: ConsoleIdentity) {
        guard identity.referenceDoseRate > 0, let calibrated = identity.calibrationTime else { return nil }
        self.init(referenceDoseRate: identity.referenceDoseRate, calibratedAt: calibrated)
    }

    /// The reference decayed to `date` with a half-life of `halfLifeDays`, mGy/min.
    public func expectedRate(at date: Date, halfLifeDays: Double) -> Double {
        PhysicsChecks.decayedRate(
            reference: Double(referenceDoseRate), from: calibratedAt, to: date, halfLifeDays: halfLifeDays)
    }
}
