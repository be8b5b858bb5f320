import ChargeCapture
import DeliveryLog
import Foundation
import GRDB
import Store

/// Row-level helpers for charges, used inside write transactions.
extension SQLiteStore {
    static func fetchCharge(_ db: Database, id: String) throws -> Charge? {
        let statement = try db.cachedStatement(sql: "SELECT body FROM charges WHERE id = ?")
        guard let body = try String.fetchOne(statement, arguments: [id]) else {
            return nil
        }
        return try Charge.decoder().decode(Charge.self, from: Data(body.utf8))
    }

    /// Applies what a decision returned: the charge written and its history entry appended.
    static func apply(_ db: Database, _ change: ChargeChange, key: ChainKey?) throws {
        try saveCharge(db, change.charge, enqueue: change.enqueue, key: key)
        try appendHistory(db, charge: change.charge.id, change.entry, key: key)
    }

    /// Writes `charge`, sealed with `key`; `enqueue` gives it the next place in the ready order.
    static func saveCharge(_ db: Database, _ charge: Charge, enqueue: Bool, key: ChainKey?) throws {
        let body = String(decoding: try Charge.encoder().encode(charge), as: UTF8.self)
        let seq: Int64? =
            enqueue ? (try Int64.fetchOne(db, sql: "SELECT coalesce(max(queue_seq), 0) + 1 FROM charges") ?? 1) : nil
        // The hot path's statements are prepared once per connection (GRDB's statement cache): parsing and
        // authorizing them again on every claim and ack cost more than the writes.
        try db.cachedStatement(
            sql: """
                INSERT INTO charges (id, kind, serial, number, credit_of, status, lease, lease_expires, queue_seq,
                    patient_id, code, service_date, created_at, updated_at, body, seal)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(id) DO UPDATE SET status = excluded.status, lease = excluded.lease,
                    lease_expires = excluded.lease_expires, queue_seq = coalesce(excluded.queue_seq, queue_seq),
                    code = excluded.code, updated_at = excluded.updated_at, body = excluded.body, seal = excluded.seal
                """
        ).execute(
            arguments: [
                charge.id, charge.kind.rawValue, charge.console.serial, Int64(charge.session.number), charge.creditOf,
                charge.status.rawValue, charge.lease?.token, charge.lease?.expiresAt.timeIntervalSince1970, seq,
                charge.patient.id, charge.code, charge.serviceDate, charge.createdAt.timeIntervalSince1970,
                ChargePosition.column(charge.updatedAt), body,
                key.map { $0.chargeSeal(id: charge.id, body: body) } ?? "",
            ])
    }

    /// Appends `entry` to the history of charge `id`, chained to the entry before it and with the charge row's
    /// sealed end moved to it (``HistoryLink``).
    static func appendHistory(_ db: Database, charge id: String, _ entry: ChargeHistoryEntry, key: ChainKey?) throws {
        let end = try Row.fetchOne(
            db.cachedStatement(
                sql: """
                    SELECT count(*) AS entries,
                        (SELECT mac FROM charge_history WHERE charge_id = ?1 ORDER BY id DESC LIMIT 1) AS last
                    FROM charge_history WHERE charge_id = ?1
                    """), arguments: [id])
        let count: Int = end?["entries"] ?? 0
        let link = HistoryLink(charge: id, entry, after: end?["last"] ?? "", key: key)
        try db.cachedStatement(
            sql: """
                INSERT INTO charge_history (charge_id, at, actor, action, from_status, to_status, reason, consumer,
                    code_before, code_after, mac)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """
        ).execute(
            arguments: [
                id, link.at, link.actor, link.action, link.from, link.to, link.reason, link.consumer, link.codeBefore,
                link.codeAfter, link.mac,
            ])
        if let key {
            try db.cachedStatement(sql: "UPDATE charges SET history_seal = ? WHERE id = ?").execute(
                arguments: [HistoryLink.headSeal(charge: id, count: count + 1, last: link.mac, key: key), id])
        }
    }

    /// Decides and stores the charge of a session that just became final, in
    /// the transaction that stores the session. At most one per (serial,
    /// number): a charge already on file is left alone. Returns it when new.
    static func createCharge(
        _ db: Database, for session: DeliverySession, console: String, settings: ChargeSettings, at now: Date,
        key: ChainKey?
    ) throws -> Charge? {
        guard session.final else { return nil }
        let exists = try Bool.fetchOne(
            db, sql: "SELECT 1 FROM charges WHERE serial = ? AND number = ? AND kind = 'charge'",
            arguments: [session.console.serial, Int64(session.number)])
        guard exists != true else { return nil }
        var prior: [ChargeRules.PriorCharge] = []
        if let patient = session.patient.id, let opened = session.openedAt {
            let day = ChargeRules.localDate(opened, in: settings.timeZone)
            prior = try Row.fetchAll(
                db,
                sql: """
                    SELECT id, code, status FROM charges
                    WHERE patient_id = ? AND service_date = ? AND kind = 'charge'
                    """, arguments: [patient, day]
            ).map {
                ChargeRules.PriorCharge(
                    id: $0["id"], patientID: patient, code: $0["code"], serviceDate: day, voided: $0["status"] == "void"
                )
            }
        }
        let logHash = try String.fetchOne(
            db, sql: "SELECT hash FROM journal WHERE console = ? AND session_number = ? ORDER BY id DESC LIMIT 1",
            arguments: [console, Int64(session.number)])
        var coverage = PatientCoverage()
        if settings.payers != nil, let patient = session.patient.id {
            coverage = try patientCoverage(db, patient)
        }
        guard
            let creation = ChargeRules.creation(
                for: session, settings: settings, priorCharges: prior, coverage: coverage, logHash: logHash, at: now)
        else { return nil }
        try apply(db, creation, key: key)
        return creation.charge
    }

    /// Gives sessions recorded before charges existed their charges, once.
    func backfillCharges() throws {
        let (settings, key) = (chargeSettings, key)
        try pool.write { db in
            guard try Bool.fetchOne(db, sql: "SELECT 1 FROM charge_backfill") == true else { return }
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT s.console, s.body FROM sessions s
                    WHERE s.final = 1 AND NOT EXISTS
                        (SELECT 1 FROM charges c WHERE c.serial = s.serial AND c.number = s.number AND c.kind = 'charge')
                    ORDER BY s.opened_at
                    """)
            let now = Date()
            for row in rows {
                let body: String = row["body"]
                let session = try HashChain.decoder().decode(DeliverySession.self, from: Data(body.utf8))
                _ = try Self.createCharge(
                    db, for: session, console: row["console"], settings: settings, at: now, key: key)
            }
            try db.execute(sql: "DELETE FROM charge_backfill")
        }
    }
}
