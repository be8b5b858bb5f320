import ChargeCapture
import Foundation
import GRDB
import Store

extension SQLiteStore: CoverageStore {
    public func forgetRawADTMessages(receivedBefore date: Date) async throws -> Int {
        try await write("adt_messages retention") { db in
            try db.execute(
                sql: "UPDATE adt_messages SET raw = '' WHERE received_at < ? AND raw <> ''",
                arguments: [date.timeIntervalSince1970])
            return db.changesCount
        }
    }

    /// Coverage, authorizations, merges and the ADT messages kept for audit.
    static func migrateCoverage(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE coverage (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    patient TEXT NOT NULL,
                    source TEXT NOT NULL,
                    body TEXT NOT NULL,
                    added_at REAL NOT NULL,
                    added_by TEXT NOT NULL,
                    removed_at REAL,
                    removed_by TEXT);
                CREATE INDEX coverage_patient ON coverage(patient, removed_at);
                CREATE TRIGGER coverage_no_delete BEFORE DELETE ON coverage
                    BEGIN SELECT RAISE(ABORT, 'coverage history is kept: mark an entry removed'); END;
                CREATE TRIGGER coverage_only_removed BEFORE UPDATE ON coverage
                    WHEN OLD.removed_at IS NOT NULL OR NEW.body IS NOT OLD.body OR NEW.patient IS NOT OLD.patient
                    BEGIN SELECT RAISE(ABORT, 'a coverage entry can only be marked removed, once'); END;
                CREATE TABLE authorizations (
                    id TEXT PRIMARY KEY,
                    patient TEXT NOT NULL,
                    body TEXT NOT NULL,
                    added_at REAL NOT NULL,
                    added_by TEXT NOT NULL,
                    revoked_at REAL,
                    revoked_by TEXT);
                CREATE INDEX authorizations_patient ON authorizations(patient);
                CREATE TRIGGER authorizations_no_delete BEFORE DELETE ON authorizations
                    BEGIN SELECT RAISE(ABORT, 'an authorization is revoked, never deleted'); END;
                CREATE TABLE patient_merges (
                    old TEXT PRIMARY KEY,
                    patient TEXT NOT NULL,
                    at REAL NOT NULL,
                    control_id TEXT NOT NULL);
                CREATE TABLE adt_messages (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    control_id TEXT NOT NULL,
                    received_at REAL NOT NULL,
                    peer TEXT NOT NULL,
                    outcome TEXT NOT NULL,
                    reason TEXT,
                    raw TEXT NOT NULL);
                CREATE UNIQUE INDEX adt_applied_once ON adt_messages(control_id) WHERE outcome = 'AA';
                CREATE TRIGGER adt_messages_no_update BEFORE UPDATE ON adt_messages
                    BEGIN SELECT RAISE(ABORT, 'ADT messages are kept as received'); END;
                CREATE TRIGGER adt_messages_no_delete BEFORE DELETE ON adt_messages
                    BEGIN SELECT RAISE(ABORT, 'ADT messages are kept as received'); END;
                """)
    }

    public func coverage(ofPatient patient: String) async throws -> PatientCoverage {
        try await read("coverage of a patient") { db in try Self.patientCoverage(db, patient) }
    }

    @discardableResult
    public func applyADT(_ change: CoverageChange, raw: String, peer: String, at now: Date) async throws -> Bool {
        let settings = chargeSettings
        let applied = try await write("ADT \(change.controlID)") { db -> Bool in
            let seen = try Bool.fetchOne(
                db, sql: "SELECT 1 FROM adt_messages WHERE control_id = ? AND outcome = 'AA'",
                arguments: [change.controlID])
            let steps = ADTApplication.steps(
                change, appliedBefore: seen == true, survivorResolvesTo: try Self.canonical(db, change.patient))
            for step in steps {
                switch step {
                case .keepMessage:
                    try db.execute(
                        sql: """
                            INSERT INTO adt_messages (control_id, received_at, peer, outcome, raw)
                            VALUES (?, ?, ?, 'AA', ?)
                            """, arguments: [change.controlID, now.timeIntervalSince1970, peer, raw])
                case .replaceFeedCoverage(let patient, let coverages):
                    try Self.removeCoverage(
                        db, of: try Self.patientIDs(db, patient), source: .adt, by: change.cause, at: now)
                    for coverage in coverages {
                        try Self.insertCoverage(db, coverage, patient: patient, by: change.cause, at: now)
                    }
                case .putAuthorization(let authorization, let patient):
                    try Self.insertAuthorization(
                        db, authorization, patient: patient, by: change.cause, at: now, replace: true)
                case .replaceFeedDiagnoses(let patient, let diagnoses):
                    try Self.replaceDiagnoses(
                        db, of: try Self.patientIDs(db, patient), source: .adt, with: diagnoses, patient: patient,
                        by: change.cause, at: now)
                case .recordMerge(let old, let patient):
                    try db.execute(
                        sql: "INSERT OR REPLACE INTO patient_merges (old, patient, at, control_id) VALUES (?, ?, ?, ?)",
                        arguments: [old, patient, now.timeIntervalSince1970, change.controlID])
                case .redecideHeld(let patient):
                    try Self.redecideHeld(
                        db, patient: patient, settings: settings, cause: change.cause, at: now, key: self.key)
                }
            }
            return !steps.isEmpty
        }
        if applied { readyBell.ring() }
        return applied
    }

    public func recordRefusedADT(
        raw: String, peer: String, controlID: String, code: String, reason: String, at now: Date
    ) async throws {
        try await write("ADT \(controlID) refused") { db in
            try db.execute(
                sql: """
                    INSERT INTO adt_messages (control_id, received_at, peer, outcome, reason, raw)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """, arguments: [controlID, now.timeIntervalSince1970, peer, code, reason, raw])
        }
    }

    public func replaceCoverage(ofPatient patient: String, with entries: [Coverage], by actor: String, at now: Date)
        async throws
    {
        let settings = chargeSettings
        try await chargeWrite("coverage of a patient") { db in
            let ids = try Self.patientIDs(db, patient)
            try Self.removeCoverage(db, of: ids, source: .api, by: actor, at: now)
            for var entry in entries {
                entry.source = .api
                try Self.insertCoverage(db, entry, patient: try Self.canonical(db, patient), by: actor, at: now)
            }
            try Self.redecideHeld(db, patient: patient, settings: settings, cause: actor, at: now, key: self.key)
        }
        readyBell.ring()
    }

    public func addAuthorization(
        _ authorization: Authorization, forPatient patient: String, by actor: String, at now: Date
    ) async throws -> Authorization {
        var stored = authorization
        if stored.id.isEmpty { stored.id = "AUTH-" + RandomToken.hex().prefix(12) }
        stored.source = .api
        let settings = chargeSettings
        try await chargeWrite("authorization \(stored.id)") { [stored] db in
            try Self.insertAuthorization(
                db, stored, patient: try Self.canonical(db, patient), by: actor, at: now, replace: false)
            try Self.redecideHeld(db, patient: patient, settings: settings, cause: actor, at: now, key: self.key)
        }
        readyBell.ring()
        return stored
    }

    public func revokeAuthorization(id: String, reason: String, by actor: String, at now: Date) async throws {
        let settings = chargeSettings
        try await chargeWrite("authorization \(id)") { db in
            guard
                let row = try Row.fetchOne(
                    db, sql: "SELECT patient, body FROM authorizations WHERE id = ?", arguments: [id])
            else { throw ChargeError.notOnFile("authorization", id: id) }
            var authorization = try Charge.decoder().decode(
                Authorization.self, from: Data((row["body"] as String).utf8))
            try authorization.revoke(reason: reason)
            try db.execute(
                sql: "UPDATE authorizations SET body = ?, revoked_at = ?, revoked_by = ? WHERE id = ?",
                arguments: [try Self.json(authorization), now.timeIntervalSince1970, actor, id])
            try Self.redecideHeld(db, patient: row["patient"], settings: settings, cause: actor, at: now, key: self.key)
        }
    }

    // MARK: rows

    /// The id `patient` was merged into, following merges; itself when none.
    static func canonical(_ db: Database, _ patient: String) throws -> String {
        var current = patient
        for _ in 0..<16 {
            guard
                let next = try String.fetchOne(
                    db, sql: "SELECT patient FROM patient_merges WHERE old = ?", arguments: [current])
            else { return current }
            current = next
        }
        return current
    }

    /// Every id that is the same patient as `patient`: its canonical id and all merged into it.
    static func patientIDs(_ db: Database, _ patient: String) throws -> [String] {
        let root = try canonical(db, patient)
        var ids = [root]
        var index = 0
        while index < ids.count && ids.count < 64 {
            ids += try String.fetchAll(
                db, sql: "SELECT old FROM patient_merges WHERE patient = ?", arguments: [ids[index]])
            index += 1
        }
        return ids
    }

    /// What is on file for `patient` and the ids merged with it, units used by live charges counted.
    static func patientCoverage(_ db: Database, _ patient: String) throws -> PatientCoverage {
        let ids = try patientIDs(db, patient)
        let marks = databaseQuestionMarks(count: ids.count)
        let decoder = Charge.decoder()
        let coverages = try String.fetchAll(
            db, sql: "SELECT body FROM coverage WHERE removed_at IS NULL AND patient IN (\(marks)) ORDER BY id",
            arguments: StatementArguments(ids)
        ).map { try decoder.decode(Coverage.self, from: Data($0.utf8)) }
        let authorizations = try String.fetchAll(
            db, sql: "SELECT body FROM authorizations WHERE patient IN (\(marks)) ORDER BY added_at, id",
            arguments: StatementArguments(ids)
        ).map { try decoder.decode(Authorization.self, from: Data($0.utf8)) }
        var used: [String: Int] = [:]
        for row in try Row.fetchAll(
            db,
            sql: """
                SELECT json_extract(body, '$.coverage.authorization.id') AS authorization, count(*) AS n FROM charges
                WHERE patient_id IN (\(marks)) AND kind = 'charge'
                    AND (status IN ('ready', 'claimed', 'exported') OR (status = 'held' AND EXISTS
                        (SELECT 1 FROM json_each(body, '$.hold_reasons') WHERE value = 'interface_rejected')))
                    AND json_extract(body, '$.credited_by') IS NULL
                    AND json_extract(body, '$.coverage.authorization.id') IS NOT NULL
                GROUP BY authorization
                """, arguments: StatementArguments(ids))
        {
            used[row["authorization"]] = row["n"]
        }
        let (diagnoses, abns) = try diagnosesAndABNs(db, of: ids)
        return PatientCoverage(
            coverages: coverages, authorizations: authorizations, used: used, diagnoses: diagnoses, abns: abns)
    }

    static func insertCoverage(_ db: Database, _ coverage: Coverage, patient: String, by actor: String, at now: Date)
        throws
    {
        try db.execute(
            sql: "INSERT INTO coverage (patient, source, body, added_at, added_by) VALUES (?, ?, ?, ?, ?)",
            arguments: [patient, coverage.source.rawValue, try json(coverage), now.timeIntervalSince1970, actor])
    }

    static func removeCoverage(
        _ db: Database, of ids: [String], source: Coverage.Source, by actor: String, at now: Date
    ) throws {
        try db.execute(
            sql: """
                UPDATE coverage SET removed_at = ?, removed_by = ?
                WHERE removed_at IS NULL AND source = ? AND patient IN (\(databaseQuestionMarks(count: ids.count)))
                """,
            arguments: StatementArguments(
                [now.timeIntervalSince1970, actor, source.rawValue] as [any DatabaseValueConvertible])
                + StatementArguments(ids))
    }

    /// Stores `authorization`; with `replace`, an authorization of the same id from the feed is refreshed.
    static func insertAuthorization(
        _ db: Database, _ authorization: Authorization, patient: String, by actor: String, at now: Date, replace: Bool
    ) throws {
        let exists = try Bool.fetchOne(
            db, sql: "SELECT 1 FROM authorizations WHERE id = ?", arguments: [authorization.id])
        if exists == true {
            guard replace else {
                throw ChargeError.idTaken("authorization", id: authorization.id)
            }
            try db.execute(
                sql: "UPDATE authorizations SET body = ? WHERE id = ? AND revoked_at IS NULL",
                arguments: [try json(authorization), authorization.id])
            return
        }
        try db.execute(
            sql: "INSERT INTO authorizations (id, patient, body, added_at, added_by) VALUES (?, ?, ?, ?, ?)",
            arguments: [authorization.id, patient, try json(authorization), now.timeIntervalSince1970, actor])
    }

    /// Decides every held charge of `patient` (and the ids merged with it) again for P1–P3.
    static func redecideHeld(
        _ db: Database, patient: String, settings: ChargeSettings, cause: String, at now: Date, key: ChainKey?
    ) throws {
        guard settings.payers != nil else { return }
        let ids = try patientIDs(db, patient)
        let held = try String.fetchAll(
            db,
            sql: """
                SELECT id FROM charges WHERE status = 'held' AND kind = 'charge'
                    AND patient_id IN (\(databaseQuestionMarks(count: ids.count))) ORDER BY created_at, id
                """, arguments: StatementArguments(ids))
        // One at a time, the coverage read again for each: a charge released uses units the next one sees.
        for id in held {
            guard let charge = try fetchCharge(db, id: id) else { continue }
            let signed =
                try Bool.fetchOne(db, sql: "SELECT signed FROM sessions WHERE id = ?", arguments: [charge.sessionID])
                ?? false
            guard
                let change = charge.redecided(
                    coverage: try patientCoverage(db, patient), signed: signed, settings: settings, cause: cause,
                    at: now)
            else { continue }
            try apply(db, change, key: key)
        }
    }

    static func json(_ value: some Encodable) throws -> String {
        String(decoding: try Charge.encoder().encode(value), as: UTF8.self)
    }
}
