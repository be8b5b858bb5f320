import ChargeCapture
import DeliveryLog
import Foundation

/// A session's delivery record as CSV, one row per shot (RFC 4180 quoting;
/// text that a spreadsheet would run as a formula is neutralised).
public enum ShotCSV {
    /// The header and one row per shot.
    public static func render(_ session: DeliverySession) -> String {
        var lines = [
            "session,console_serial,plan,shot,sectors_mm,x_um,y_um,z_um,gamma_angle,planned_ms,delivered_ms,deviation_percent,started_at,completed_at"
        ]
        for shot in session.shots {
            let deviation = Formats.deviation(shot.deliveredMs, of: shot.plannedMs) ?? ""
            lines.append(
                [
                    field(session.id), field(session.console.serial), field(session.plan ?? ""), String(shot.index),
                    field(shot.sectors.map(String.init).joined(separator: " ")), String(shot.xUm), String(shot.yUm),
                    String(shot.zUm), String(shot.gammaAngle), String(shot.plannedMs), String(shot.deliveredMs),
                    deviation, shot.startedAt.map(RFC3339.format) ?? "", shot.completedAt.map(RFC3339.format) ?? "",
                ].joined(separator: ","))
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    static func field(_ text: String) -> String {
        var value = text
        if let first = value.first, "=+-@\t\r".contains(first) { value = "'" + value }
        guard value.contains(where: { ",\"\r\n".contains($0) }) || value != text else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
