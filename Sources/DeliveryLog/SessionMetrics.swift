import ConsoleRecords
import Foundation

/// The few numbers of a session that trends and monthly reports go across
/// sessions with, kept beside the record so that ten years of them read in
/// one query: when, what kind, how it ended, beam-on time, dose rate and
/// calibration, interruptions, faults and the worst shot.
public struct SessionMetrics: Sendable, Hashable {
    /// Session id.
    public var id: String
    /// Console name.
    public var console: String
    /// Treatment, QA or service.
    public var kind: SessionKind?
    /// How it ended.
    public var outcome: SessionOutcome
    /// Opened.
    public var openedAt: Date?
    /// Whether the record is complete.
    public var recordComplete: Bool
    /// Whether a physicist has signed it.
    public var signed: Bool
    /// Planned beam-on time, ms.
    public var plannedMs: Int64?
    /// Delivered beam-on time, ms.
    public var deliveredMs: Int64
    /// The session dose rate, mGy/min.
    public var doseRate: Int64?
    /// The calibration in force.
    public var calibration: Calibration?
    /// Each interruption's reason (`door_opened`…, or `code N`), in order.
    public var interruptions: [String]
    /// Faults raised during the session.
    public var faults: Int
    /// The largest delivered-against-planned deviation of a delivered shot, percent (signed); nil without one.
    public var worstShotDeviationPercent: Double?
    /// The session's warning and alert flag codes.
    public var warnings: [String]
    /// Fractions of its course (1 for a single session); nil when unknown.
    public var fractionsPlanned: Int?
    /// The patient's id, for finding the session's course; nil when unknown.
    public var patientID: String?

    /// The metrics of `session`, signed or not.
    public init(_ session: DeliverySession, console: String, signed: Bool = false) {
        id = session.id
        self.console = console
        kind = session.kind
        outcome = session.outcome
        openedAt = session.openedAt
        recordComplete = session.recordComplete
        self.signed = signed
        plannedMs = session.plannedMs
        deliveredMs = session.deliveredMs
        doseRate = session.sessionDoseRate
        calibration = session.calibration
        interruptions = session.interruptions.map { $0.reason?.rawValue ?? "code \($0.code)" }
        faults = session.faults.count
        worstShotDeviationPercent =
            session.shots
            .filter { $0.completedAt != nil && $0.plannedMs > 0 }
            .map { (Double($0.deliveredMs) - Double($0.plannedMs)) / Double($0.plannedMs) * 100 }
            .max { abs($0) < abs($1) }
        warnings = session.flags.filter { $0.severity != .info }.map(\.code)
        fractionsPlanned = session.fractionsPlanned
        patientID = session.patient.id
    }

    /// Metrics as stored.
    public init(
        id: String, console: String, kind: SessionKind?, outcome: SessionOutcome, openedAt: Date?,
        recordComplete: Bool, signed: Bool, plannedMs: Int64?, deliveredMs: Int64, doseRate: Int64?,
        calibration: Calibration?, interruptions: [String], faults: Int, worstShotDeviationPercent: Double?,
        warnings: [String], fractionsPlanned: Int?, patientID: String?
    ) {
        self.id = id
        self.console = console
        self.kind = kind
        self.outcome = outcome
        self.openedAt = openedAt
        self.recordComplete = recordComplete
        self.signed = signed
        self.plannedMs = plannedMs
        self.deliveredMs = deliveredMs
        self.doseRate = doseRate
        self.calibration = calibration
        self.interruptions = interruptions
        self.faults = faults
        self.worstShotDeviationPercent = worstShotDeviationPercent
        self.warnings = warnings
        self.fractionsPlanned = fractionsPlanned
        self.patientID = patientID
    }
}
