import DeliveryLog
import Foundation

/// The monthly report's context.
struct MonthlyReportPage {
    struct Count {
        var label: String
        var count: Int
    }

    struct Listed {
        var session: String
        var time: String
        var detail: String
    }

    struct HeldRow {
        var id: String
        var date: String
        var reasons: String
    }

    var console: String
    var consoles: [String]
    var month: String
    var generated: String
    var totals: [Count]
    var interruptions: [Count]
    var noInterruptions: Bool
    var incomplete: [Listed]
    var medicalEvents: [Listed]
    var courseEvents: [Listed]
    var unsigned: [Listed]
    var qaFailed: [Listed]
    var heldByReason: [Count]
    var held: [HeldRow]
    var risk: DenialRiskPage?

    init(_ report: MonthlyReport, consoles: [String], zone: TimeZone, now: Date) {
        console = report.console
        risk = report.denialRisk.map(DenialRiskPage.init)
        self.consoles = consoles
        month = report.month
        generated = Formats.time(now, in: zone)
        let month = report.trend.months.first ?? Trend.Month(month: report.month)
        totals = [
            Count(label: "Sessions", count: report.sessions.count),
            Count(label: "Treatments", count: report.count(.treatment)),
            Count(label: "of which fractions of multi-fraction courses", count: report.fractions),
            Count(label: "QA sessions", count: report.count(.qa)),
            Count(label: "QA sessions with a warning", count: report.qaFailed.count),
            Count(label: "Service sessions", count: report.count(.service)),
            Count(label: "Faults during sessions", count: month.faults),
            Count(label: "Sessions ended early", count: month.earlyEnds),
            Count(label: "Incomplete records", count: report.incomplete.count),
            Count(label: "Possible medical events", count: report.medicalEvents.count + report.courseEvents.count),
            Count(label: "Unsigned sessions", count: report.unsigned.count),
            Count(label: "Charges held", count: report.held.count),
        ]
        interruptions = report.trend.reasons.map { Count(label: $0, count: month.interruptions[$0] ?? 0) }
        noInterruptions = interruptions.isEmpty
        func listed(_ sessions: [SessionMetrics]) -> [Listed] {
            sessions.map {
                Listed(
                    session: $0.id, time: Formats.time($0.openedAt, in: zone),
                    detail: ([$0.kind?.rawValue ?? "unknown", $0.outcome.rawValue] + $0.warnings).joined(
                        separator: ", "))
            }
        }
        incomplete = listed(report.incomplete)
        medicalEvents = listed(report.medicalEvents)
        courseEvents = report.courseEvents.map { course in
            Listed(
                session: course.fractions.first?.session.id ?? "",
                time: Formats.time(course.fractions.first?.session.openedAt, in: zone),
                detail:
                    "course \(course.plan ?? "-"), \(course.fractions.count) fractions, delivered \(course.deviationPercent.map(Formats.percent) ?? "-") from plan"
            )
        }
        unsigned = listed(report.unsigned)
        qaFailed = listed(report.qaFailed)
        heldByReason = report.heldByReason.map { Count(label: $0.reason, count: $0.count) }
        held = report.held.map {
            HeldRow(
                id: $0.id, date: $0.serviceDate ?? "-", reasons: $0.holdReasons.map(\.rawValue).joined(separator: ", "))
        }
    }
}
