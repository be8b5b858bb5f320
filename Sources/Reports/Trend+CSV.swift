import ChargeCapture
import Foundation

extension Trend {
    /// One row per session with a dose rate or a worst shot: the points of the dose rate and shot plots
    /// (RFC 4180, CRLF; times RFC 3339 UTC; rates in mGy/min with two decimals, percentages with three).
    public var csv: String {
        var rows: [String: (at: Date, dose: DosePoint?, shot: ShotPoint?)] = [:]
        for point in dose { rows[point.session] = (point.at, point, nil) }
        for point in shots { rows[point.session, default: (point.at, nil, nil)].shot = point }
        var lines = [
            "session,opened_at,dose_rate_mgy_min,expected_mgy_min,dose_rate_deviation_percent,reference_dose_rate_mgy_min,calibrated_at,worst_shot_deviation_percent"
        ]
        for (session, row) in rows.sorted(by: { ($0.value.at, $0.key) < ($1.value.at, $1.key) }) {
            let dose = row.dose
            lines.append(
                [
                    ShotCSV.field(session), RFC3339.format(row.at),
                    dose.map { String(format: "%.2f", $0.measured) } ?? "",
                    dose.map { String(format: "%.2f", $0.expected) } ?? "",
                    dose.map { String(format: "%.3f", $0.deviationPercent) } ?? "",
                    dose.map { String($0.calibration.referenceDoseRate) } ?? "",
                    dose.map { RFC3339.format($0.calibration.calibratedAt) } ?? "",
                    row.shot.map { String(format: "%.3f", $0.deviationPercent) } ?? "",
                ].joined(separator: ","))
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    /// One row per month: sessions, treatments, QA, interruptions by reason, faults and early ends.
    public var monthlyCSV: String {
        let reasons = self.reasons
        var lines = [
            (["month", "sessions", "treatments", "qa", "faults", "early_ends"]
                + reasons.map { "interruptions_\($0.replacingOccurrences(of: " ", with: "_"))" })
                .joined(separator: ",")
        ]
        for month in months {
            lines.append(
                ([month.month]
                    + [month.sessions, month.treatments, month.qa, month.faults, month.earlyEnds].map(String.init)
                    + reasons.map { String(month.interruptions[$0] ?? 0) })
                    .joined(separator: ","))
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }
}
