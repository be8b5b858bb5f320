import ConsoleRecords
import Foundation

/// The fractions of one patient's plan, in order: what each delivered
/// against its plan, the running total, and the course's deviation against
/// 10 CFR 35.3045's thresholds (20 % on the course, 50 % on a fraction),
/// estimated from beam-on time as the session checks do. Pure.
public struct Course: Sendable, Hashable {
    /// One fraction's session and the running totals after it.
    public struct Fraction: Sendable, Hashable {
        /// The session.
        public var session: DeliverySession
        /// Delivered against planned beam-on time of this fraction, percent; nil without a plan.
        public var deviationPercent: Double?
        /// Planned beam-on time of the fractions so far, ms.
        public var plannedToDateMs: Int64
        /// Delivered beam-on time of the fractions so far, ms.
        public var deliveredToDateMs: Int64
        /// Whether this fraction alone is off by the fraction threshold or more.
        public var crossesFractionThreshold: Bool
    }

    /// The patient id.
    public var patient: String
    /// The plan's name.
    public var plan: String?
    /// Fractions prescribed (1 for a single-session course).
    public var fractionsPlanned: Int
    /// The fractions recorded, in order of fraction number and time.
    public var fractions: [Fraction]
    /// The course's planned beam-on time, ms: the recorded fractions' plans, and the last plan for each fraction
    /// not yet recorded.
    public var plannedMs: Int64
    /// Delivered beam-on time of all recorded fractions, ms.
    public var deliveredMs: Int64
    /// The thresholds applied.
    public var settings: PhysicsSettings

    /// Whether every prescribed fraction is recorded.
    public var isComplete: Bool { fractions.count >= fractionsPlanned }

    /// Delivered against the course's planned time, percent; nil until the course is complete (a course in
    /// progress is not short, it is unfinished) or without a plan.
    public var deviationPercent: Double? {
        guard isComplete, plannedMs > 0 else { return nil }
        return (Double(deliveredMs) - Double(plannedMs)) / Double(plannedMs) * 100
    }

    /// Delivered against planned of the fractions recorded so far, percent.
    public var deviationToDatePercent: Double? {
        guard let last = fractions.last, last.plannedToDateMs > 0 else { return nil }
        return (Double(last.deliveredToDateMs) - Double(last.plannedToDateMs)) / Double(last.plannedToDateMs) * 100
    }

    /// Whether the complete course is off by the course threshold or more: a possible medical event.
    public var crossesCourseThreshold: Bool {
        deviationPercent.map { abs($0) >= settings.courseMedicalEventPercent } ?? false
    }

    /// The course `session` belongs to among `candidates` (the patient's sessions, any order): the treatment
    /// sessions of the same patient, plan and number of fractions. Nil when `session` is not a treatment of a
    /// known patient.
    public init?(of session: DeliverySession, among candidates: [DeliverySession], settings: PhysicsSettings) {
        guard session.kind == .treatment, let patient = session.patient.id else { return nil }
        func sameCourse(_ other: DeliverySession) -> Bool {
            other.kind == .treatment && other.patient.id == patient && other.plan == session.plan
                && other.fractionsPlanned == session.fractionsPlanned
        }
        var members = candidates.filter { sameCourse($0) && $0.id != session.id } + [session]
        members.sort {
            ($0.fraction ?? 0, $0.openedAt ?? .distantPast, $0.id) < (
                $1.fraction ?? 0, $1.openedAt ?? .distantPast, $1.id
            )
        }
        self.patient = patient
        self.plan = session.plan
        self.fractionsPlanned = max(session.fractionsPlanned ?? 1, 1)
        self.settings = settings
        var planned: Int64 = 0
        var delivered: Int64 = 0
        fractions = members.map { member in
            planned += member.plannedMs ?? 0
            delivered += member.deliveredMs
            let deviation = member.plannedMs.flatMap { plan in
                plan > 0 ? (Double(member.deliveredMs) - Double(plan)) / Double(plan) * 100 : nil
            }
            return Fraction(
                session: member, deviationPercent: deviation, plannedToDateMs: planned, deliveredToDateMs: delivered,
                crossesFractionThreshold: deviation.map { abs($0) >= settings.fractionMedicalEventPercent } ?? false)
        }
        let remaining = Int64(max(fractionsPlanned - members.count, 0))
        plannedMs = planned + remaining * (members.last?.plannedMs ?? 0)
        deliveredMs = delivered
    }
}
