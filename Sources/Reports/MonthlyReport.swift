import ChargeCapture
import ConsoleRecords
import DeliveryLog
import Foundation
import Store

/// One console's month for the radiation safety committee: what was
/// delivered, QA, interruptions by reason, what is incomplete, possible
/// medical events, what is still unsigned, and the charges held and why.
/// Pure once loaded: built from the month's session metrics and held charges.
public struct MonthlyReport: Sendable {
    /// The console.
    public var console: String
    /// `YYYY-MM`.
    public var month: String
    /// The month's sessions, oldest first.
    public var sessions: [SessionMetrics]
    /// The held charges of the month's sessions.
    public var held: [Charge]
    /// The month's trend numbers (interruptions, faults, QA).
    public var trend: Trend
    /// Multi-fraction courses with a fraction this month whose complete course crosses the course threshold.
    public var courseEvents: [Course] = []
    /// The charges of the console's month held and released, by reason and payer, with the charge lag.
    public var denialRisk: DenialRisk?

    /// Sessions of `kind`.
    public func count(_ kind: SessionKind) -> Int { sessions.filter { $0.kind == kind }.count }
    /// Treatment sessions that are fractions of multi-fraction courses.
    public var fractions: Int {
        sessions.filter { $0.kind == .treatment && ($0.fractionsPlanned ?? 1) > 1 }.count
    }
    /// Sessions whose record is incomplete.
    public var incomplete: [SessionMetrics] { sessions.filter { !$0.recordComplete } }
    /// Sessions flagged as a possible medical event.
    public var medicalEvents: [SessionMetrics] { sessions.filter { $0.warnings.contains("possible_medical_event") } }
    /// Sessions no physicist has signed.
    public var unsigned: [SessionMetrics] { sessions.filter { !$0.signed } }
    /// QA sessions with a warning or alert.
    public var qaFailed: [SessionMetrics] { sessions.filter { $0.kind == .qa && !$0.warnings.isEmpty } }
    /// Held charges by reason, most first.
    public var heldByReason: [(reason: String, count: Int)] {
        var counts: [String: Int] = [:]
        for charge in held {
            for reason in charge.holdReasons { counts[reason.rawValue, default: 0] += 1 }
        }
        return counts.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.map { ($0.key, $0.value) }
    }

    /// The report of `console` for `month` (the facility's, in `zone`) from `store` at `now`, judged by
    /// `physics`; nil when `month` is not `YYYY-MM`.
    public static func load(
        console: String, month: String, from store: any GammaLogStore, zone: TimeZone, physics: PhysicsSettings,
        at now: Date
    ) async throws -> MonthlyReport? {
        guard let range = Trend.interval(ofMonth: month, in: zone) else { return nil }
        let sessions = try await store.metrics(console: console, from: range.start, to: range.end)
        let ids = Set(sessions.map(\.id))
        let held = try await store.charges(ChargeQuery(status: .held, limit: 1000), at: now).filter {
            ids.contains($0.sessionID)
        }
        var report = MonthlyReport(
            console: console, month: month, sessions: sessions, held: held,
            trend: Trend(sessions, from: range.start, to: range.end, zone: zone, halfLifeDays: physics.halfLifeDays))
        report.denialRisk = try await DenialRisk.load(
            month: month, from: store, zone: zone, sessions: ids, at: now)
        var seen: Set<String> = []
        for session in sessions where session.kind == .treatment && (session.fractionsPlanned ?? 1) > 1 {
            guard !seen.contains(session.id), session.patientID != nil,
                let course = try await CourseDetail.load(session.id, from: store, settings: physics, at: now)?.course
            else { continue }
            seen.formUnion(course.fractions.map(\.session.id))
            if course.crossesCourseThreshold { report.courseEvents.append(course) }
        }
        return report
    }
}
