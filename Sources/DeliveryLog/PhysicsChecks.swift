import ConsoleRecords
import Foundation

/// The checks a physicist runs on every closed session, as flags with numbers. Pure.
public enum PhysicsChecks {
    /// Flags for `session`, given the console's `identity` (for the decay check).
    public static func flags(
        for session: DeliverySession, identity: ConsoleIdentity?, settings: PhysicsSettings
    ) -> [SessionFlag] {
        var flags: [SessionFlag] = []
        let tolerance = settings.timeTolerancePercent
        for shot in session.shots where shot.plannedMs > 0 {
            let deviation = percent(Double(shot.deliveredMs), of: Double(shot.plannedMs))
            if abs(deviation) > tolerance {
                flags.append(
                    SessionFlag(
                        code: "shot_time_deviation", severity: .warning,
                        message: String(
                            format: "shot %d delivered %.1f s of %.1f s planned (%+.1f%%)", shot.index,
                            Double(shot.deliveredMs) / 1000, Double(shot.plannedMs) / 1000, deviation),
                        values: [
                            "shot": Double(shot.index), "planned_ms": Double(shot.plannedMs),
                            "delivered_ms": Double(shot.deliveredMs), "deviation_percent": deviation,
                        ]))
            }
        }
        if let planned = session.plannedMs, planned > 0 {
            let deviation = percent(Double(session.deliveredMs), of: Double(planned))
            let values = [
                "planned_ms": Double(planned), "delivered_ms": Double(session.deliveredMs),
                "deviation_percent": deviation,
            ]
            if abs(deviation) > tolerance {
                flags.append(
                    SessionFlag(
                        code: "total_time_deviation", severity: .warning,
                        message: String(
                            format: "delivered %.1f s of %.1f s planned (%+.1f%%)", Double(session.deliveredMs) / 1000,
                            Double(planned) / 1000, deviation),
                        values: values))
            }
            if session.kind == .treatment, let event = medicalEvent(session, deviation: deviation, settings: settings) {
                flags.append(
                    SessionFlag(code: "possible_medical_event", severity: .alert, message: event, values: values))
            }
        }
        if let check = doseRate(session, identity: identity, settings: settings) { flags.append(check) }
        if let skew = session.clockSkewSeconds, abs(skew) > settings.clockSkewBoundSeconds {
            flags.append(
                SessionFlag(
                    code: "clock_skew", severity: .warning,
                    message: String(
                        format: "console clock %+.0f s from the daemon's (bound %.0f s)", skew,
                        settings.clockSkewBoundSeconds),
                    values: ["skew_seconds": skew]))
        }
        if !session.interruptions.isEmpty {
            let paused = session.interruptions.reduce(0.0) { total, interruption in
                total + (interruption.resumedAt.map { $0.timeIntervalSince(interruption.at) } ?? 0)
            }
            let reasons = session.interruptions.map { $0.reason?.rawValue ?? "code \($0.code)" }
            flags.append(
                SessionFlag(
                    code: "interruptions", severity: .info,
                    message: String(
                        format: "%d interruption(s), %.0f s paused: %@", session.interruptions.count, paused,
                        reasons.joined(separator: ", ")),
                    values: ["count": Double(session.interruptions.count), "paused_seconds": paused]))
        }
        return flags
    }

    /// 10 CFR 35.3045: the course off by >= 20 %, or a single fraction by >= 50 %,
    /// estimated from delivered over planned beam-on time.
    static func medicalEvent(_ session: DeliverySession, deviation: Double, settings: PhysicsSettings) -> String? {
        let fractions = session.fractionsPlanned ?? 1
        if fractions <= 1 && abs(deviation) >= settings.courseMedicalEventPercent {
            return String(
                format: "single-session course delivered %+.1f%% from plan (>= %.0f%%): possible medical event",
                deviation, settings.courseMedicalEventPercent)
        }
        if fractions > 1 && abs(deviation) >= settings.fractionMedicalEventPercent {
            return String(
                format: "fraction delivered %+.1f%% from plan (>= %.0f%%): possible medical event", deviation,
                settings.fractionMedicalEventPercent)
        }
        return nil
    }

    /// The session dose rate against the reference decayed from calibration to the session.
    static func doseRate(_ session: DeliverySession, identity: ConsoleIdentity?, settings: PhysicsSettings)
        -> SessionFlag?
    {
        // The calibration in force when the session ran, not one read after it (a source exchange between).
        guard let rate = session.sessionDoseRate, rate > 0,
            let calibration = session.calibration ?? identity.flatMap(Calibration.init(identity:)),
            let opened = session.openedAt
        else { return nil }
        let expected = calibration.expectedRate(at: opened, halfLifeDays: settings.halfLifeDays)
        let deviation = percent(Double(rate), of: expected)
        guard abs(deviation) > settings.doseRateTolerancePercent else { return nil }
        return SessionFlag(
            code: "dose_rate_inconsistent", severity: .warning,
            message: String(
                format: "session dose rate %d mGy/min, %.0f expected from the decayed reference (%+.1f%%)",
                rate, expected, deviation),
            values: ["session_rate": Double(rate), "expected_rate": expected, "deviation_percent": deviation])
    }

    /// Co-60 decay: `reference` at `from`, decayed to `to`.
    public static func decayedRate(reference: Double, from: Date, to: Date, halfLifeDays: Double) -> Double {
        reference * pow(0.5, to.timeIntervalSince(from) / 86_400 / halfLifeDays)
    }

    static func percent(_ value: Double, of reference: Double) -> Double {
        (value - reference) / reference * 100
    }
}
