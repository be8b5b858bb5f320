import Civil
import DeliveryLog
import Foundation
import Store

/// Plain-text tables for the terminal.
enum Formats {
    /// A `--since` value: an RFC 3339 time or a calendar date (UTC midnight), parsed as the fast path parses it.
    static func parseDate(_ text: String) -> Date? {
        CivilTime.parseTimeOrDate(text).map(Date.init(timeIntervalSince1970:))
    }

    /// A time as the session table shows it, whole seconds, as the fast path shows it.
    static func time(_ date: Date?) -> String {
        guard let date else { return "-" }
        return CivilTime.formatWholeSeconds(milliseconds: Int64((date.timeIntervalSince1970 * 1000).rounded()))
    }

    static func seconds(_ ms: Int64?) -> String {
        guard let ms else { return "-" }
        return String(format: "%.1f", Double(ms) / 1000)
    }

    static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }

    static func sessionTable(_ sessions: [SessionSummary]) -> String {
        var lines = [
            [
                pad("SESSION", 16), pad("OPENED", 21), pad("KIND", 10), pad("OUTCOME", 18), pad("SHOTS", 6),
                pad("BEAM-ON S", 16), pad("RECORD", 11), "FLAGS",
            ].joined(separator: " ")
        ]
        for session in sessions {
            let shots = "\(session.shotsDelivered)/\(session.shotsPlanned.map(String.init) ?? "?")"
            let beam = "\(seconds(session.deliveredMs))/\(seconds(session.plannedMs))"
            let flags = session.warnings
            lines.append(
                [
                    pad(session.id, 16), pad(time(session.openedAt), 21), pad(session.kind?.rawValue ?? "?", 10),
                    pad(session.outcome?.rawValue ?? "?", 18), pad(shots, 6), pad(beam, 16),
                    pad(session.recordComplete ? "complete" : "INCOMPLETE", 11), flags.joined(separator: ","),
                ]
                .joined(separator: " "))
        }
        lines.append("\(sessions.count) session(s)")
        return lines.joined(separator: "\n")
    }

    static func sessionDetail(_ session: DeliverySession, showPatient: Bool) -> String {
        var lines: [String] = []
        lines.append(
            "session \(session.id) on \(session.console.name) (\(session.console.model) \(session.console.serial))")
        let patient =
            showPatient
            ? "\(session.patient.id ?? "-") \(session.patient.family ?? "") \(session.patient.given ?? "")"
            : "(hidden; --show-patient)"
        lines.append("patient    \(patient)")
        lines.append(
            "plan       \(session.plan ?? "-")  fraction \(session.fraction.map(String.init) ?? "?") of \(session.fractionsPlanned.map(String.init) ?? "?"), \(session.targets.map(String.init) ?? "?") target(s)"
        )
        lines.append(
            "kind       \(session.kind?.rawValue ?? "?")   outcome \(session.outcome.rawValue)\(session.endReason.map { " (\($0.rawValue))" } ?? "")"
        )
        lines.append("opened     \(time(session.openedAt))   closed \(time(session.closedAt))")
        lines.append(
            "beam-on    \(seconds(session.deliveredMs)) s delivered of \(seconds(session.plannedMs)) s planned")
        lines.append("record     \(session.recordComplete ? "complete" : "INCOMPLETE")")
        for gap in session.gaps { lines.append("  gap      \(gap.kind): \(gap.detail)") }
        lines.append("")
        lines.append(
            [
                pad("SHOT", 5), pad("SECTORS (mm)", 26), pad("X,Y,Z (mm)", 24), pad("GAMMA", 6),
                pad("PLANNED S", 10), pad("DELIVERED S", 12), "DEV %",
            ].joined(separator: " "))
        for shot in session.shots {
            let deviation =
                shot.plannedMs > 0 ? Double(shot.deliveredMs - shot.plannedMs) / Double(shot.plannedMs) * 100 : 0
            let position = String(
                format: "%.1f,%.1f,%.1f", Double(shot.xUm) / 1000, Double(shot.yUm) / 1000, Double(shot.zUm) / 1000)
            lines.append(
                [
                    pad("\(shot.index)", 5), pad(shot.sectors.map(String.init).joined(separator: ","), 26),
                    pad(position, 24),
                    pad("\(shot.gammaAngle)", 6), pad(seconds(shot.plannedMs), 10), pad(seconds(shot.deliveredMs), 12),
                    String(format: "%+.1f", deviation),
                ].joined(separator: " "))
        }
        if !session.interruptions.isEmpty {
            lines.append("")
            lines.append("interruptions")
            for interruption in session.interruptions {
                lines.append(
                    "  shot \(interruption.shot) \(interruption.reason?.rawValue ?? "code \(interruption.code)") at \(time(interruption.at)), resumed \(time(interruption.resumedAt))"
                )
            }
        }
        if !session.flags.isEmpty {
            lines.append("")
            lines.append("flags")
            for flag in session.flags { lines.append("  [\(flag.severity.rawValue)] \(flag.code): \(flag.message)") }
        }
        return lines.joined(separator: "\n")
    }
}
