import ChargeCapture
import DeliveryLog
import Foundation
import PostgresNIO
import Store

/// Row-level helpers for charges, used inside transactions.
extension PostgresStore {
    /// Decides and stores the charge of a session that just became final, in the transaction that stores the
    /// session. At most one per (serial, number), which the database enforces. The caller holds the patient's
    /// advisory lock, so two sites closing sessions of one patient at the same moment decide one after the other
    /// and the second sees the first's charge and the authorization units it used (charge-rules.md row 8 and
    /// payers.md across the network). `logHash` is the session's last journal link when this transaction wrote
    /// it. Returns the charge when new.
    func createCharge(
        _ connection: ServerConnection, for session: DeliverySession, console: String, logHash written: String?,
        at now: Date
    ) async throws -> Charge? {
        guard session.final else { return nil }
        let settings = chargeSettings
        let (serial, number) = (session.console.serial, Int64(session.number))
        let day = session.openedAt.map { ChargeRules.localDate($0, in: settings.timeZone) }
        let patient = day == nil ? nil : session.patient.id
        // The session's own charge, if any, and the patient's charges that day, in one read.
        var prior: [ChargeRules.PriorCharge] = []
        var exists = false
        let rows = try await connection.query(
            """
            SELECT id, code, status, serial = \(serial) AND number = \(number) FROM charges
            WHERE kind = 'charge' AND ((serial = \(serial) AND number = \(number))
                OR (patient_id = \(patient) AND service_date = \(day)))
            """, logger: logger)
        for try await (id, code, status, own) in rows.decode((String, String?, String, Bool).self) {
            exists = exists || own
            if let patient, let day, !own {
                prior.append(
                    ChargeRules.PriorCharge(
                        id: id, patientID: patient, code: code, serviceDate: day, voided: status == "void"))
            }
        }
        // A charge already on file is left alone; the unique index refuses a second one in any case.
        guard !exists else { return nil }
        var logHash = written
        if logHash == nil {
            logHash = try await connection.query(
                """
                SELECT hash FROM journal WHERE console = \(console) AND session_number = \(number)
                ORDER BY id DESC LIMIT 1
                """, logger: logger
            ).collect().first?.decode(String.self)
        }
        var coverage = PatientCoverage()
        if settings.payers != nil, let patient = session.patient.id {
            coverage = try await patientCoverage(connection, patient)
        }
        guard
            let creation = ChargeRules.creation(
                for: session, settings: settings, priorCharges: prior, coverage: coverage, logHash: logHash, at: now)
        else { return nil }
        try await apply(connection, creation)
        return creation.charge
    }

    /// Applies what a decision returned: the charge written and its history entry appended.
    func apply(_ connection: ServerConnection, _ change: ChargeChange) async throws {
        try await saveCharge(connection, change.charge, enqueue: change.enqueue, entry: change.entry)
    }

    /// Writes `charge` with `entry` appended to its history: the row, its history's sealed end with it, once.
    func saveCharge(_ connection: ServerConnection, _ charge: Charge, enqueue: Bool, entry: ChargeHistoryEntry)
        async throws
    {
        let (links, ends) = try await historyLinks(connection, [(charge.id, entry)])
        try await saveCharge(connection, charge, enqueue: enqueue, history: links, historyEnd: ends[charge.id] ?? "")
    }

    /// Writes `charge`; `enqueue` gives it the next place in the network's ready order. That place is taken
    /// holding the ready order's lock shared until the transaction commits: writers never wait on each other,
    /// and the HL7 sender, which takes the lock exclusively to read its next charge (``nextForHL7(at:)``), so
    /// never sees a later place while an earlier one is still uncommitted. The network's HL7 sender, at
    /// whichever site, is told when the transaction commits (``readyChannel``).
    /// `history` are the links appended with it, written in the same statement.
    func saveCharge(
        _ connection: ServerConnection, _ charge: Charge, enqueue: Bool, history: [HistoryLink], historyEnd: String
    ) async throws {
        if enqueue {
            var binds = PostgresBindings()
            binds.append(Self.readyOrder)
            binds.append(Self.readyChannel)
            try await connection.query(
                PostgresQuery(
                    unsafeSQL: "SELECT \(Self.advisoryLock("$1", shared: true))::text, pg_notify($2, '')::text",
                    binds: binds),
                logger: logger)
        }
        let body = String(decoding: try Charge.encoder().encode(charge), as: UTF8.self)
        try await connection.query(
            """
            WITH history AS (\(historyInsert: history))
            INSERT INTO charges (id, kind, serial, number, credit_of, status, lease, lease_expires, queue_seq,
                patient_id, code, service_date, created_at, updated_at, body, seal, history_seal)
            VALUES (\(charge.id), \(charge.kind.rawValue), \(charge.console.serial), \(Int64(charge.session.number)),
                \(charge.creditOf), \(charge.status.rawValue), \(charge.lease?.token),
                \(charge.lease?.expiresAt.timeIntervalSince1970), CASE WHEN \(enqueue) THEN nextval('charge_queue_seq') END,
                \(charge.patient.id), \(charge.code), \(charge.serviceDate), \(charge.createdAt.timeIntervalSince1970),
                \(ChargePosition.column(charge.updatedAt)), \(body), \(key?.chargeSeal(id: charge.id, body: body) ?? ""),
                \(historyEnd))
            ON CONFLICT (id) DO UPDATE SET status = excluded.status, lease = excluded.lease,
                lease_expires = excluded.lease_expires, queue_seq = coalesce(excluded.queue_seq, charges.queue_seq),
                code = excluded.code, updated_at = excluded.updated_at, body = excluded.body, seal = excluded.seal,
                history_seal = excluded.history_seal
            """, logger: logger)
    }

    /// Each entry as a link of its charge's history, chained to the entry before it (``HistoryLink``), and each
    /// charge's sealed end after them ("" without a key), for the caller to store with the charge's row. The
    /// charges' rows are locked by the caller's transaction, so no other writer appends to these histories
    /// meanwhile.
    func historyLinks(_ connection: ServerConnection, _ entries: [(charge: String, entry: ChargeHistoryEntry)])
        async throws -> (links: [HistoryLink], ends: [String: String])
    {
        guard !entries.isEmpty else { return ([], [:]) }
        var ends: [String: (count: Int, last: String)] = [:]
        for try await (id, count, last) in try await connection.query(
            """
            SELECT charge_id, count(*)::bigint, (array_agg(mac ORDER BY id DESC))[1] FROM charge_history
            WHERE charge_id = ANY(\(entries.map(\.charge))) GROUP BY charge_id
            """, logger: logger
        ).decode((String, Int64, String).self) {
            ends[id] = (Int(count), last)
        }
        var links: [HistoryLink] = []
        var seals: [String: String] = [:]
        for (id, entry) in entries {
            let end = ends[id] ?? (0, "")
            let link = HistoryLink(charge: id, entry, after: end.last, key: key)
            ends[id] = (end.count + 1, link.mac)
            links.append(link)
            seals[id] =
                key.map { HistoryLink.headSeal(charge: id, count: end.count + 1, last: link.mac, key: $0) } ?? ""
        }
        return (links, seals)
    }
}
