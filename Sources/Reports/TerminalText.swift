import ChargeCapture
import DeliveryLog
import Foundation
import Store

/// What the command line prints: sessions, one session shot by shot, a day's reconciliation.
public enum TerminalText {
    /// The session list, times in the facility's `zone`.
    public static func sessions(_ sessions: [SessionSummary], zone: TimeZone) -> String {
        var table = TextTable(["SESSION", "OPENED", "KIND", "OUTCOME", "SHOTS", "BEAM-ON S", "RECORD", "FLAGS"])
        for session in sessions {
            table.append([
                session.id, Formats.time(session.openedAt, in: zone), session.kind?.rawValue ?? "?",
                session.outcome?.rawValue ?? "?",
                "\(session.shotsDelivered)/\(session.shotsPlanned.map(String.init) ?? "?")",
                "\(Formats.seconds(session.deliveredMs))/\(Formats.seconds(session.plannedMs))",
                session.recordComplete ? "complete" : "INCOMPLETE", session.warnings.joined(separator: ","),
            ])
        }
        return table.text + "\n\(sessions.count) session(s)"
    }

    /// One session shot by shot; the patient only when `showPatient`.
    public static func session(_ session: DeliverySession, showPatient: Bool, zone: TimeZone) -> String {
        func number(_ value: Int?) -> String { value.map(String.init) ?? "?" }
        var lines = [
            "session \(session.id) on \(session.console.name) (\(session.console.model) \(session.console.serial))"
        ]
        let patient =
            showPatient
            ? "\(session.patient.id ?? "-") \(session.patient.family ?? "") \(session.patient.given ?? "")"
            : "(hidden; --show-patient)"
        lines.append("patient    \(patient)")
        lines.append(
            "plan       \(session.plan ?? "-")  fraction \(number(session.fraction)) of \(number(session.fractionsPlanned)), \(number(session.targets)) target(s)"
        )
        lines.append(
            "kind       \(session.kind?.rawValue ?? "?")   outcome \(session.outcome.rawValue)\(session.endReason.map { " (\($0.rawValue))" } ?? "")"
        )
        lines.append(
            "opened     \(Formats.time(session.openedAt, in: zone))   closed \(Formats.time(session.closedAt, in: zone))"
        )
        lines.append(
            "beam-on    \(Formats.seconds(session.deliveredMs)) s delivered of \(Formats.seconds(session.plannedMs)) s planned"
        )
        lines.append("record     \(session.recordComplete ? "complete" : "INCOMPLETE")")
        for gap in session.gaps { lines.append("  gap      \(gap.kind): \(gap.detail)") }
        var shots = TextTable(["SHOT", "SECTORS (mm)", "X,Y,Z (mm)", "GAMMA", "PLANNED S", "DELIVERED S", "DEV %"])
        for shot in session.shots {
            shots.append([
                "\(shot.index)", shot.sectors.map(String.init).joined(separator: ","), position(shot),
                "\(shot.gammaAngle)", Formats.seconds(shot.plannedMs), Formats.seconds(shot.deliveredMs),
                Formats.deviation(shot.deliveredMs, of: shot.plannedMs) ?? "",
            ])
        }
        lines += ["", shots.text]
        if !session.interruptions.isEmpty {
            lines += ["", "interruptions"]
            for interruption in session.interruptions {
                lines.append(
                    "  shot \(interruption.shot) \(interruption.reason?.rawValue ?? "code \(interruption.code)") at \(Formats.time(interruption.at, in: zone)), resumed \(Formats.time(interruption.resumedAt, in: zone))"
                )
            }
        }
        if !session.flags.isEmpty {
            lines += ["", "flags"]
            for flag in session.flags { lines.append("  [\(flag.severity.rawValue)] \(flag.code): \(flag.message)") }
        }
        return lines.joined(separator: "\n")
    }

    /// A shot's position in mm, `x,y,z`.
    public static func position(_ shot: Shot, separator: String = ",") -> String {
        [shot.xUm, shot.yUm, shot.zUm].map { Formats.millimetres(Int64($0)) }.joined(separator: separator)
    }

    /// A service date's sessions against their charges.
    public static func reconciliation(_ report: Reconciliation) -> String {
        var table = TextTable([
            "SESSION", "CONSOLE", "KIND", "OUTCOME", "DELIVERED", "CHARGE", "STATUS / REASON", "PAYER", "AUTHORIZATION",
            "DIAGNOSIS", "NECESSITY",
        ])
        for line in report.sessions {
            let status =
                line.chargeStatus.map { status in
                    line.holdReasons.isEmpty ? status : "\(status) (\(line.holdReasons.joined(separator: ", ")))"
                }
                ?? (line.noChargeReason == "missing" ? "MISSING: no charge" : "no charge: \(line.noChargeReason ?? "")")
            table.append([
                line.session, line.console, line.kind ?? "unknown", line.outcome,
                "\(Formats.minutes(line.deliveredMs)) min", line.chargeID ?? "-", status, line.payer ?? "-",
                line.authorization ?? "-", line.diagnosis ?? "-", line.medicalNecessity ?? "-",
            ])
        }
        return "service date \(report.date): \(report.sessions.count) session(s)\n" + table.text
    }
}
