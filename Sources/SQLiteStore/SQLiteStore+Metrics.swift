import ConsoleRecords
import DeliveryLog
import Foundation
import GRDB
import Store

extension SQLiteStore {
    /// Migration v6: the metrics columns of `SessionMetrics` and the patient id, filled from every stored body.
    static func migrateMetrics(_ db: Database) throws {
        try db.execute(
            sql: """
                ALTER TABLE sessions ADD COLUMN patient_id TEXT;
                ALTER TABLE sessions ADD COLUMN dose_rate INTEGER;
                ALTER TABLE sessions ADD COLUMN reference_rate INTEGER;
                ALTER TABLE sessions ADD COLUMN calibrated_at REAL;
                ALTER TABLE sessions ADD COLUMN interruptions TEXT NOT NULL DEFAULT '';
                ALTER TABLE sessions ADD COLUMN faults INTEGER NOT NULL DEFAULT 0;
                ALTER TABLE sessions ADD COLUMN worst_shot_pct REAL;
                ALTER TABLE sessions ADD COLUMN fractions_planned INTEGER;
                CREATE INDEX sessions_patient ON sessions(patient_id, opened_at);
                -- Trends read ten years of these columns at once: from this index alone, never past the bodies.
                CREATE INDEX sessions_metrics ON sessions(console, opened_at, number, final, id, kind, outcome,
                    record_complete, signed, planned_ms, delivered_ms, dose_rate, reference_rate, calibrated_at,
                    interruptions, faults, worst_shot_pct, warnings, fractions_planned, patient_id);
                """)
        let rows = try Row.fetchAll(db, sql: "SELECT id, body FROM sessions")
        let decoder = HashChain.decoder()
        for row in rows {
            let body: String = row["body"]
            guard let session = try? decoder.decode(DeliverySession.self, from: Data(body.utf8)) else { continue }
            let arguments = StatementArguments(Self.metricsArguments(session)) + [row["id"] as String]
            try db.execute(
                sql: """
                    UPDATE sessions SET patient_id = ?, dose_rate = ?, reference_rate = ?, calibrated_at = ?,
                        interruptions = ?, faults = ?, worst_shot_pct = ?, fractions_planned = ? WHERE id = ?
                    """, arguments: arguments)
        }
    }

    /// The metrics columns' values for `session`, in the order migration v6 added them.
    static func metricsArguments(_ session: DeliverySession) -> [(any DatabaseValueConvertible)?] {
        let metrics = SessionMetrics(session, console: "")
        return [
            session.patient.id, metrics.doseRate, metrics.calibration?.referenceDoseRate,
            metrics.calibration?.calibratedAt.timeIntervalSince1970, metrics.interruptions.joined(separator: ","),
            metrics.faults, metrics.worstShotDeviationPercent, metrics.fractionsPlanned,
        ]
    }

    public func metrics(console: String?, from: Date?, to: Date?) async throws(StoreError) -> [SessionMetrics] {
        var conditions = ["final = 1"]
        var arguments: StatementArguments = []
        if let console {
            conditions.append("console = ?")
            _ = arguments.append(contentsOf: [console])
        }
        if let from {
            conditions.append("opened_at >= ?")
            _ = arguments.append(contentsOf: [from.timeIntervalSince1970])
        }
        if let to {
            conditions.append("opened_at < ?")
            _ = arguments.append(contentsOf: [to.timeIntervalSince1970])
        }
        let sql = """
            SELECT id, console, kind, outcome, opened_at, record_complete, signed, planned_ms, delivered_ms,
                dose_rate, reference_rate, calibrated_at, interruptions, faults, worst_shot_pct, warnings, fractions_planned, patient_id
            FROM sessions WHERE \(conditions.joined(separator: " AND ")) ORDER BY opened_at, number
            """
        let bound = arguments
        return try await read("session metrics") { db in
            try Array(Row.fetchCursor(db, sql: sql, arguments: bound).map(Self.metrics(row:)))
        }
    }

    /// A metrics row, read by position in the order `metrics(console:from:to:)` selects (ten years of
    /// sessions are read at once: no lookups by name).
    static func metrics(row: Row) -> SessionMetrics {
        func list(_ index: Int) -> [String] {
            let text: String = row[index] ?? ""
            return text.isEmpty ? [] : text.components(separatedBy: ",")
        }
        let kind: String? = row[2]
        let outcome: String = row[3]
        let opened: Double? = row[4]
        let reference: Int? = row[10]
        let calibrated: Double? = row[11]
        return SessionMetrics(
            id: row[0], console: row[1], kind: kind.flatMap(SessionKind.init(rawValue:)),
            outcome: SessionOutcome(rawValue: outcome) ?? .open,
            openedAt: opened.map(Date.init(timeIntervalSince1970:)),
            recordComplete: row[5], signed: row[6], plannedMs: row[7], deliveredMs: row[8], doseRate: row[9],
            calibration: zip(reference, calibrated).map {
                Calibration(referenceDoseRate: $0, calibratedAt: Date(timeIntervalSince1970: $1))
            },
            interruptions: list(12), faults: row[13], worstShotDeviationPercent: row[14], warnings: list(15),
            fractionsPlanned: row[16], patientID: row[17])
    }
}

private func zip<A, B>(_ a: A?, _ b: B?) -> (A, B)? {
    guard let a, let b else { return nil }
    return (a, b)
}
