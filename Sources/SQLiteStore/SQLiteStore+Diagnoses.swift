import ChargeCapture
import Foundation
import GRDB
import Store

/// Diagnoses and ABNs (diagnoses.md) on the SQLite store: entries are never deleted, only marked removed or
/// revoked, and every change re-decides the patient's held charges in the same transaction.
extension SQLiteStore {
    static func migrateDiagnoses(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE diagnoses (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    patient TEXT NOT NULL,
                    source TEXT NOT NULL,
                    body TEXT NOT NULL,
                    added_at REAL NOT NULL,
                    added_by TEXT NOT NULL,
                    removed_at REAL,
                    removed_by TEXT);
                CREATE INDEX diagnoses_patient ON diagnoses(patient, removed_at);
                CREATE TRIGGER diagnoses_no_delete BEFORE DELETE ON diagnoses
                    BEGIN SELECT RAISE(ABORT, 'diagnosis history is kept: mark an entry removed'); END;
                CREATE TRIGGER diagnoses_only_removed BEFORE UPDATE ON diagnoses
                    WHEN OLD.removed_at IS NOT NULL OR NEW.body IS NOT OLD.body OR NEW.patient IS NOT OLD.patient
                    BEGIN SELECT RAISE(ABORT, 'a diagnosis entry can only be marked removed, once'); END;
                CREATE TABLE abns (
                    id TEXT PRIMARY KEY,
                    patient TEXT NOT NULL,
                    body TEXT NOT NULL,
                    added_at REAL NOT NULL,
                    added_by TEXT NOT NULL,
                    revoked_at REAL,
                    revoked_by TEXT);
                CREATE INDEX abns_patient ON abns(patient);
                CREATE TRIGGER abns_no_delete BEFORE DELETE ON abns
                    BEGIN SELECT RAISE(ABORT, 'an ABN is revoked, never deleted'); END;
                """)
    }

    public func replaceDiagnoses(ofPatient patient: String, with entries: [Diagnosis], by actor: String, at now: Date)
        async throws
    {
        let settings = chargeSettings
        try await chargeWrite("diagnoses of a patient") { db in
            let canonical = try Self.canonical(db, patient)
            try Self.replaceDiagnoses(
                db, of: try Self.patientIDs(db, patient), source: .api, with: entries, patient: canonical, by: actor,
                at: now)
            try Self.redecideHeld(db, patient: patient, settings: settings, cause: actor, at: now, key: self.key)
        }
        readyBell.ring()
    }

    public func addABN(_ abn: ABN, forPatient patient: String, by actor: String, at now: Date) async throws -> ABN {
        let stored = abn
        let settings = chargeSettings
        try await chargeWrite("ABN \(stored.id)") { db in
            guard try Bool.fetchOne(db, sql: "SELECT 1 FROM abns WHERE id = ?", arguments: [stored.id]) != true else {
                throw ChargeError.idTaken("ABN", id: stored.id)
            }
            try db.execute(
                sql: "INSERT INTO abns (id, patient, body, added_at, added_by) VALUES (?, ?, ?, ?, ?)",
                arguments: [
                    stored.id, try Self.canonical(db, patient), try Self.json(stored), now.timeIntervalSince1970, actor,
                ])
            try Self.redecideHeld(db, patient: patient, settings: settings, cause: actor, at: now, key: self.key)
        }
        readyBell.ring()
        return stored
    }

    public func revokeABN(id: String, reason: String, by actor: String, at now: Date) async throws {
        let settings = chargeSettings
        try await chargeWrite("ABN \(id)") { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT patient, body FROM abns WHERE id = ?", arguments: [id])
            else { throw ChargeError.notOnFile("ABN", id: id) }
            var abn = try Charge.decoder().decode(ABN.self, from: Data((row["body"] as String).utf8))
            try abn.revoke(reason: reason)
            try db.execute(
                sql: "UPDATE abns SET body = ?, revoked_at = ?, revoked_by = ? WHERE id = ?",
                arguments: [try Self.json(abn), now.timeIntervalSince1970, actor, id])
            try Self.redecideHeld(db, patient: row["patient"], settings: settings, cause: actor, at: now, key: self.key)
        }
    }

    /// Marks the entries of `source` under `ids` removed and stores `entries` for `patient` in their place.
    static func replaceDiagnoses(
        _ db: Database, of ids: [String], source: Coverage.Source, with entries: [Diagnosis], patient: String,
        by actor: String, at now: Date
    ) throws {
        try db.execute(
            sql: """
                UPDATE diagnoses SET removed_at = ?, removed_by = ?
                WHERE removed_at IS NULL AND source = ? AND patient IN (\(databaseQuestionMarks(count: ids.count)))
                """,
            arguments: StatementArguments(
                [now.timeIntervalSince1970, actor, source.rawValue] as [any DatabaseValueConvertible])
                + StatementArguments(ids))
        for var entry in entries {
            entry.source = source
            try db.execute(
                sql: "INSERT INTO diagnoses (patient, source, body, added_at, added_by) VALUES (?, ?, ?, ?, ?)",
                arguments: [patient, source.rawValue, try json(entry), now.timeIntervalSince1970, actor])
        }
    }

    /// The diagnoses and ABNs on file under `ids`.
    static func diagnosesAndABNs(_ db: Database, of ids: [String]) throws -> ([Diagnosis], [ABN]) {
        let marks = databaseQuestionMarks(count: ids.count)
        let decoder = Charge.decoder()
        let diagnoses = try String.fetchAll(
            db, sql: "SELECT body FROM diagnoses WHERE removed_at IS NULL AND patient IN (\(marks)) ORDER BY id",
            arguments: StatementArguments(ids)
        ).map { try decoder.decode(Diagnosis.self, from: Data($0.utf8)) }
        let abns = try String.fetchAll(
            db, sql: "SELECT body FROM abns WHERE patient IN (\(marks)) ORDER BY added_at, id",
            arguments: StatementArguments(ids)
        ).map { try decoder.decode(ABN.self, from: Data($0.utf8)) }
        return (diagnoses, abns)
    }
}
