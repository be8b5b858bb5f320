import ChargeCapture
import DeliveryLog
import Foundation
import Store

/// Everything a course's page and document show: the course and each fraction's charge.
public struct CourseDetail: Sendable {
    /// The course.
    public var course: Course
    /// The charge of each fraction's session, by session id.
    public var charges: [String: Charge]

    /// The course of session `id` in `store` as of `now`; nil when there is no such session or it is not a
    /// treatment of a known patient.
    public static func load(
        _ id: String, from store: any GammaLogStore, settings: PhysicsSettings, at now: Date
    ) async throws -> CourseDetail? {
        guard let session = try await store.session(id: id), let patient = session.patient.id else { return nil }
        var query = SessionQuery(limit: 1000)
        query.patient = patient
        let candidates = try await store.sessions(query)
        guard let course = Course(of: session, among: candidates, settings: settings) else { return nil }
        var charges: [String: Charge] = [:]
        for fraction in course.fractions {
            if let charge = try await store.charge(id: fraction.session.id, at: now) {
                charges[fraction.session.id] = charge
            }
        }
        return CourseDetail(course: course, charges: charges)
    }

    /// The course as the API's document.
    public var json: CourseJSON { CourseJSON(self) }
}

/// `GET /api/v1/courses/{id}`: a course, its totals against the thresholds, and each fraction.
public struct CourseJSON: Encodable, Sendable {
    struct Fraction: Encodable {
        var fraction: Int?
        var session: String
        var openedAt: String?
        var outcome: String
        var plannedMs: Int64?
        var deliveredMs: Int64
        var deviationPercent: Double?
        var plannedToDateMs: Int64
        var deliveredToDateMs: Int64
        var crossesFractionThreshold: Bool
        var charge: ChargeRef?

        enum CodingKeys: String, CodingKey {
            case fraction, session, outcome, charge
            case openedAt = "opened_at", plannedMs = "planned_ms", deliveredMs = "delivered_ms"
            case deviationPercent = "deviation_percent", plannedToDateMs = "planned_to_date_ms"
            case deliveredToDateMs = "delivered_to_date_ms", crossesFractionThreshold = "crosses_fraction_threshold"
        }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(fraction, forKey: .fraction)
            try c.encode(session, forKey: .session)
            try c.encode(openedAt, forKey: .openedAt)
            try c.encode(outcome, forKey: .outcome)
            try c.encode(plannedMs, forKey: .plannedMs)
            try c.encode(deliveredMs, forKey: .deliveredMs)
            try c.encode(deviationPercent.map(CourseJSON.rounded), forKey: .deviationPercent)
            try c.encode(plannedToDateMs, forKey: .plannedToDateMs)
            try c.encode(deliveredToDateMs, forKey: .deliveredToDateMs)
            try c.encode(crossesFractionThreshold, forKey: .crossesFractionThreshold)
            try c.encode(charge, forKey: .charge)
        }
    }

    struct ChargeRef: Encodable {
        var id: String
        var status: String
        var code: String?
    }

    let detail: CourseDetail

    init(_ detail: CourseDetail) { self.detail = detail }

    enum CodingKeys: String, CodingKey {
        case id, patient, plan, fractions
        case fractionsPlanned = "fractions_planned", fractionsRecorded = "fractions_recorded"
        case plannedMs = "planned_ms", deliveredMs = "delivered_ms", complete
        case deviationPercent = "deviation_percent", deviationToDatePercent = "deviation_to_date_percent"
        case crossesCourseThreshold = "crosses_course_threshold"
        case courseThresholdPercent = "course_threshold_percent"
        case fractionThresholdPercent = "fraction_threshold_percent"
    }

    /// Percentages to three decimals, as the CSVs give them.
    static func rounded(_ value: Double) -> Double { (value * 1000).rounded() / 1000 }

    public func encode(to encoder: any Encoder) throws {
        let course = detail.course
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(course.fractions.first?.session.id, forKey: .id)
        try c.encode(course.patient, forKey: .patient)
        try c.encode(course.plan, forKey: .plan)
        try c.encode(course.fractionsPlanned, forKey: .fractionsPlanned)
        try c.encode(course.fractions.count, forKey: .fractionsRecorded)
        try c.encode(course.isComplete, forKey: .complete)
        try c.encode(course.plannedMs, forKey: .plannedMs)
        try c.encode(course.deliveredMs, forKey: .deliveredMs)
        try c.encode(course.deviationPercent.map(Self.rounded), forKey: .deviationPercent)
        try c.encode(course.deviationToDatePercent.map(Self.rounded), forKey: .deviationToDatePercent)
        try c.encode(course.crossesCourseThreshold, forKey: .crossesCourseThreshold)
        try c.encode(course.settings.courseMedicalEventPercent, forKey: .courseThresholdPercent)
        try c.encode(course.settings.fractionMedicalEventPercent, forKey: .fractionThresholdPercent)
        try c.encode(
            course.fractions.map { fraction in
                let charge = detail.charges[fraction.session.id]
                return Fraction(
                    fraction: fraction.session.fraction, session: fraction.session.id,
                    openedAt: fraction.session.openedAt.map(RFC3339.format), outcome: fraction.session.outcome.rawValue,
                    plannedMs: fraction.session.plannedMs, deliveredMs: fraction.session.deliveredMs,
                    deviationPercent: fraction.deviationPercent, plannedToDateMs: fraction.plannedToDateMs,
                    deliveredToDateMs: fraction.deliveredToDateMs,
                    crossesFractionThreshold: fraction.crossesFractionThreshold,
                    charge: charge.map { ChargeRef(id: $0.id, status: $0.status.rawValue, code: $0.code) })
            }, forKey: .fractions)
    }
}
