import ConsoleRecords
import DeliveryLog
import Foundation

/// The technical-component record a charge is derived from (charge-rules.md,
/// "What a charge carries"): the facts of the delivery, frozen at close.
public struct TechnicalRecord: Sendable, Hashable, Codable {
    /// When the session opened (console clock).
    public var openedAt: Date?
    /// When it closed.
    public var closedAt: Date?
    /// How it ended.
    public var outcome: SessionOutcome
    /// Targets treated.
    public var targets: Int?
    /// Shots in the plan.
    public var shotsPlanned: Int?
    /// Shots fully delivered.
    public var shotsDelivered: Int
    /// Planned beam-on time, ms.
    public var plannedMs: Int64?
    /// Delivered beam-on time, ms.
    public var deliveredMs: Int64
    /// Delivered over planned, percent.
    public var deliveredPercent: Double?
    /// Prescription dose, mGy.
    public var prescribedDoseMgy: Int64?
    /// Session dose rate, mGy/min.
    public var sessionDoseRateMgyMin: Int64?
    /// Frame or mask.
    public var immobilization: Immobilization?
    /// Console operator.
    public var operatorID: String?
    /// Interruptions while open.
    public var interruptions: Int
    /// Whether nothing is missing from the record.
    public var recordComplete: Bool
    /// What is missing, by kind.
    public var gaps: [String]
    /// Hash of the session's stored log at close (the last link of its records).
    public var logHash: String?

    private enum CodingKeys: String, CodingKey {
        case openedAt = "opened_at", closedAt = "closed_at", outcome, targets, shotsPlanned = "shots_planned"
        case shotsDelivered = "shots_delivered", plannedMs = "planned_ms", deliveredMs = "delivered_ms"
        case deliveredPercent = "delivered_percent", prescribedDoseMgy = "prescribed_dose_mgy"
        case sessionDoseRateMgyMin = "session_dose_rate_mgy_min", immobilization, operatorID = "operator"
        case interruptions = "interruption_count", recordComplete = "record_complete", gaps, logHash = "log_hash"
    }

    /// The record of `session`, whose stored log ends in `logHash`.
    public init(session: DeliverySession, logHash: String?) {
        openedAt = session.openedAt
        closedAt = session.closedAt
        outcome = session.outcome
        targets = session.targets
        shotsPlanned = session.shotsPlanned
        shotsDelivered = session.shotsDelivered
        plannedMs = session.plannedMs
        deliveredMs = session.deliveredMs
        if let planned = session.plannedMs, planned > 0 {
            deliveredPercent = (Double(session.deliveredMs) / Double(planned) * 1000).rounded() / 10
        }
        prescribedDoseMgy = session.prescribedDoseMgy
        sessionDoseRateMgyMin = session.sessionDoseRate
        immobilization = session.immobilization
        operatorID = session.operatorID
        interruptions = session.interruptions.count
        recordComplete = session.recordComplete
        gaps = session.gaps.map(\.kind)
        self.logHash = logHash
    }
}
