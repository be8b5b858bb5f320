import ChargeCapture
import ConsoleRecords
import DeliveryLog
import Foundation
import Store

/// A session in the shape of billing-interfaces.md: snake_case keys, RFC 3339
/// times, null where unknown. More fields may be added; none renamed.
public struct SessionJSON: Encodable, Sendable {
    /// The session.
    public let session: DeliverySession
    /// The session's charge, when it has one.
    public var chargeID: String?
    /// The signatures, oldest first; `review` shows the latest.
    public var reviews: [SessionReview]

    /// The JSON of `session`.
    public init(session: DeliverySession, chargeID: String? = nil, reviews: [SessionReview] = []) {
        self.session = session
        self.chargeID = chargeID
        self.reviews = reviews
    }

    private enum Key: String, CodingKey {
        case id, console, number, kind, patient, plan, fraction, targets, outcome, immobilization, flags, shots, review
        case fractionsPlanned = "fractions_planned", openedAt = "opened_at", closedAt = "closed_at"
        case shotsPlanned = "shots_planned", shotsDelivered = "shots_delivered", plannedMs = "planned_ms"
        case deliveredMs = "delivered_ms", prescribedDose = "prescribed_dose_mgy"
        case doseRate = "session_dose_rate_mgy_min", operatorID = "operator", interruptions
        case recordComplete = "record_complete", chargeID = "charge_id", gaps, faults
        case endReason = "end_reason", clockSkew = "clock_skew_s", addenda
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        try c.encode(session.id, forKey: .id)
        try c.encode(
            ["serial": session.console.serial, "model": session.console.model, "name": session.console.name],
            forKey: .console)
        try c.encode(session.number, forKey: .number)
        try c.encode(session.kind?.rawValue, forKey: .kind)
        try c.encode(
            ["id": session.patient.id, "family": session.patient.family, "given": session.patient.given],
            forKey: .patient)
        try c.encode(session.plan, forKey: .plan)
        try c.encode(session.fraction, forKey: .fraction)
        try c.encode(session.fractionsPlanned, forKey: .fractionsPlanned)
        try c.encode(session.targets, forKey: .targets)
        try c.encode(session.outcome.rawValue, forKey: .outcome)
        try c.encode(session.endReason?.rawValue, forKey: .endReason)
        try c.encode(session.openedAt.map(Self.time), forKey: .openedAt)
        try c.encode(session.closedAt.map(Self.time), forKey: .closedAt)
        try c.encode(session.shotsPlanned, forKey: .shotsPlanned)
        try c.encode(session.shotsDelivered, forKey: .shotsDelivered)
        try c.encode(session.plannedMs, forKey: .plannedMs)
        try c.encode(session.deliveredMs, forKey: .deliveredMs)
        try c.encode(session.prescribedDoseMgy, forKey: .prescribedDose)
        try c.encode(session.sessionDoseRate, forKey: .doseRate)
        try c.encode(session.immobilization?.rawValue, forKey: .immobilization)
        try c.encode(session.operatorID, forKey: .operatorID)
        try c.encode(session.interruptions.map(InterruptionJSON.init), forKey: .interruptions)
        try c.encode(session.recordComplete, forKey: .recordComplete)
        try c.encode(session.gaps.map { ["kind": $0.kind, "detail": $0.detail] }, forKey: .gaps)
        try c.encode(session.flags.map(FlagJSON.init), forKey: .flags)
        try c.encode(session.faults.map(FaultJSON.init), forKey: .faults)
        try c.encode(session.clockSkewSeconds, forKey: .clockSkew)
        try c.encode(session.shots.map(ShotJSON.init), forKey: .shots)
        try c.encode(reviews.last.map(ReviewJSON.init), forKey: .review)
        try c.encode(reviews.map(ReviewJSON.init), forKey: .addenda)
        try c.encode(chargeID, forKey: .chargeID)
    }

    static func time(_ date: Date) -> String { RFC3339.format(date) }
}

struct InterruptionJSON: Encodable {
    let interruption: Interruption
    init(_ interruption: Interruption) { self.interruption = interruption }

    private enum Key: String, CodingKey {
        case shot, reason, code, at, resumedAt = "resumed_at", deliveredMs = "delivered_ms"
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        try c.encode(interruption.shot, forKey: .shot)
        try c.encode(interruption.reason?.rawValue, forKey: .reason)
        try c.encode(interruption.code, forKey: .code)
        try c.encode(SessionJSON.time(interruption.at), forKey: .at)
        try c.encode(interruption.resumedAt.map(SessionJSON.time), forKey: .resumedAt)
        try c.encode(interruption.deliveredMs, forKey: .deliveredMs)
    }
}

struct ShotJSON: Encodable {
    let shot: Shot
    init(_ shot: Shot) { self.shot = shot }

    private enum Key: String, CodingKey {
        case index, sectors, plannedMs = "planned_ms", deliveredMs = "delivered_ms", x = "x_um", y = "y_um", z = "z_um"
        case gammaAngle = "gamma_angle", startedAt = "started_at", completedAt = "completed_at"
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        try c.encode(shot.index, forKey: .index)
        try c.encode(shot.sectors, forKey: .sectors)
        try c.encode(shot.plannedMs, forKey: .plannedMs)
        try c.encode(shot.deliveredMs, forKey: .deliveredMs)
        try c.encode(shot.xUm, forKey: .x)
        try c.encode(shot.yUm, forKey: .y)
        try c.encode(shot.zUm, forKey: .z)
        try c.encode(shot.gammaAngle, forKey: .gammaAngle)
        try c.encode(shot.startedAt.map(SessionJSON.time), forKey: .startedAt)
        try c.encode(shot.completedAt.map(SessionJSON.time), forKey: .completedAt)
    }
}

struct FlagJSON: Encodable {
    let code: String
    let severity: String
    let message: String
    let values: [String: Double]
    init(_ flag: SessionFlag) {
        (code, severity, message, values) = (flag.code, flag.severity.rawValue, flag.message, flag.values)
    }
}

struct FaultJSON: Encodable {
    let fault: FaultEpisode
    init(_ fault: FaultEpisode) { self.fault = fault }

    private enum Key: String, CodingKey { case code, at, clearedAt = "cleared_at" }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        try c.encode(fault.code, forKey: .code)
        try c.encode(SessionJSON.time(fault.at), forKey: .at)
        try c.encode(fault.clearedAt.map(SessionJSON.time), forKey: .clearedAt)
    }
}

/// A signature, the one shape the API, the session JSON and the exports give it:
/// `{"by", "at", "note", "kind", "record_hash"}`.
public struct ReviewJSON: Encodable, Sendable {
    /// The signature.
    public let review: SessionReview

    /// The JSON of `review`.
    public init(_ review: SessionReview) { self.review = review }

    private enum Key: String, CodingKey { case by, at, note, kind, recordHash = "record_hash" }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        try c.encode(review.by, forKey: .by)
        try c.encode(SessionJSON.time(review.at), forKey: .at)
        try c.encode(review.note, forKey: .note)
        try c.encode(review.kind, forKey: .kind)
        try c.encode(review.recordHash, forKey: .recordHash)
    }
}
