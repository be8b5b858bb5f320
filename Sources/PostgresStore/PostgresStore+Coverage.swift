import ChargeCapture
import Foundation
import PostgresNIO
import Store

/// Coverage, authorizations and the ADT feed on the shared store: network-wide, so an authorization entered
/// through any daemon covers charges from every site. Every decision that reads a patient's coverage takes
/// that patient's advisory lock first, so an authorization's units are never used twice by two sites at once.
extension PostgresStore: CoverageStore {
    public func forgetRawADTMessages(receivedBefore date: Date) async throws -> Int {
        try await transaction("adt_messages retention") { connection in
            var cleared = 0
            let rows = try await connection.query(
                """
                WITH cleared AS (UPDATE adt_messages SET raw = '' WHERE received_at < \(date.timeIntervalSince1970)
                    AND raw <> '' RETURNING 1)
                SELECT count(*) FROM cleared
                """, logger: self.logger)
            for try await count in rows.decode(Int64.self) { cleared = Int(count) }
            return cleared
        }
    }

    public func coverage(ofPatient patient: String) async throws -> PatientCoverage {
        try await read("coverage of a patient") { connection in try await self.patientCoverage(connection, patient) }
    }

    @discardableResult
    public func applyADT(_ change: CoverageChange, raw: String, peer: String, at now: Date) async throws -> Bool {
        let applied = try await chargeTransaction("ADT \(change.controlID)") { connection -> Bool in
            // Two daemons given the same message (a resend after a takeover) apply it once; one patient's
            // coverage is changed by one transaction at a time.
            try await self.lock(connection, "adt:" + change.controlID)
            let seen = try await connection.query(
                "SELECT 1 FROM adt_messages WHERE control_id = \(change.controlID) AND outcome = 'AA'",
                logger: self.logger
            ).collect()
            try await self.lockPatient(connection, change.patient)
            let steps = ADTApplication.steps(
                change, appliedBefore: !seen.isEmpty,
                survivorResolvesTo: try await self.canonical(connection, change.patient))
            for step in steps {
                switch step {
                case .keepMessage:
                    try await connection.query(
                        """
                        INSERT INTO adt_messages (control_id, received_at, peer, outcome, raw)
                        VALUES (\(change.controlID), \(now.timeIntervalSince1970), \(peer), 'AA', \(raw))
                        """, logger: self.logger)
                case .replaceFeedCoverage(let patient, let coverages):
                    let ids = try await self.patientIDs(connection, patient)
                    try await self.removeCoverage(connection, of: ids, source: .adt, by: change.cause, at: now)
                    for coverage in coverages {
                        try await self.insertCoverage(connection, coverage, patient: patient, by: change.cause, at: now)
                    }
                case .putAuthorization(let authorization, let patient):
                    try await self.insertAuthorization(
                        connection, authorization, patient: patient, by: change.cause, at: now, replace: true)
                case .replaceFeedDiagnoses(let patient, let diagnoses):
                    try await self.replaceDiagnoses(
                        connection, of: try await self.patientIDs(connection, patient), source: .adt, with: diagnoses,
                        patient: patient, by: change.cause, at: now)
                case .recordMerge(let old, let patient):
                    try await connection.query(
                        """
                        INSERT INTO patient_merges (old, patient, at, control_id)
                        VALUES (\(old), \(patient), \(now.timeIntervalSince1970), \(change.controlID))
                        ON CONFLICT (old) DO UPDATE SET patient = excluded.patient, at = excluded.at,
                            control_id = excluded.control_id
                        """, logger: self.logger)
                case .redecideHeld(let patient):
                    try await self.redecideHeld(connection, patient: patient, cause: change.cause, at: now)
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
        try await chargeTransaction("ADT \(controlID) refused") { connection in
            try await connection.query(
                """
                INSERT INTO adt_messages (control_id, received_at, peer, outcome, reason, raw)
                VALUES (\(controlID), \(now.timeIntervalSince1970), \(peer), \(code), \(reason), \(raw))
                """, logger: self.logger)
        }
    }

    public func replaceCoverage(ofPatient patient: String, with entries: [Coverage], by actor: String, at now: Date)
        async throws
    {
        try await chargeTransaction("coverage of a patient") { connection in
            try await self.lockPatient(connection, patient)
            let ids = try await self.patientIDs(connection, patient)
            try await self.removeCoverage(connection, of: ids, source: .api, by: actor, at: now)
            let canonical = try await self.canonical(connection, patient)
            for var entry in entries {
                entry.source = .api
                try await self.insertCoverage(connection, entry, patient: canonical, by: actor, at: now)
            }
            try await self.redecideHeld(connection, patient: patient, cause: actor, at: now)
        }
        readyBell.ring()
    }

    public func addAuthorization(
        _ authorization: Authorization, forPatient patient: String, by actor: String, at now: Date
    ) async throws -> Authorization {
        var stored = authorization
        if stored.id.isEmpty { stored.id = "AUTH-" + RandomToken.hex().prefix(12) }
        stored.source = .api
        try await chargeTransaction("authorization \(stored.id)") { [stored] connection in
            try await self.lockPatient(connection, patient)
            let canonical = try await self.canonical(connection, patient)
            try await self.insertAuthorization(
                connection, stored, patient: canonical, by: actor, at: now, replace: false)
            try await self.redecideHeld(connection, patient: patient, cause: actor, at: now)
        }
        readyBell.ring()
        return stored
    }

    public func revokeAuthorization(id: String, reason: String, by actor: String, at now: Date) async throws {
        try await chargeTransaction("authorization \(id)") { connection in
            guard
                let (patient, body) = try await connection.query(
                    "SELECT patient, body FROM authorizations WHERE id = \(id) FOR UPDATE", logger: self.logger
                ).collect().first?.decode((String, String).self)
            else { throw ChargeError.notOnFile("authorization", id: id) }
            try await self.lockPatient(connection, patient)
            var authorization = try Charge.decoder().decode(Authorization.self, from: Data(body.utf8))
            try authorization.revoke(reason: reason)
            try await connection.query(
                """
                UPDATE authorizations SET body = \(try Self.json(authorization)), revoked_at = \(now.timeIntervalSince1970),
                    revoked_by = \(actor) WHERE id = \(id)
                """, logger: self.logger)
            try await self.redecideHeld(connection, patient: patient, cause: actor, at: now)
        }
    }

    // MARK: rows

    /// Holds `key`'s advisory lock until the transaction ends.
    func lock(_ connection: ServerConnection, _ key: String) async throws {
        var binds = PostgresBindings()
        binds.append(key)
        try await connection.query(
            PostgresQuery(unsafeSQL: "SELECT \(Self.advisoryLock("$1"))::text", binds: binds), logger: logger)
    }

    /// The call that holds, until the transaction ends, the advisory lock named by the SQL text expression
    /// `name` (a bound value or a column), exclusively or `shared`: the one mapping of a lock's name to the
    /// server's lock (`gammalog.` + name, hashed), for every statement that takes one.
    static func advisoryLock(_ name: String, shared: Bool = false) -> String {
        "pg_advisory_xact_lock\(shared ? "_shared" : "")(hashtextextended('gammalog.' || \(name), 0))"
    }

    /// Serializes every decision about `patient` (and whoever it was merged into) across the network: the
    /// canonical id found and its lock taken in one statement.
    func lockPatient(_ connection: ServerConnection, _ patient: String) async throws {
        try await connection.query(
            Self.canonical(patient, then: Self.advisoryLock("'patient:' || id") + "::text"), logger: logger)
    }

    /// The id `patient` was merged into, following merges; itself when none.
    func canonical(_ connection: ServerConnection, _ patient: String) async throws -> String {
        try await strings(connection, Self.canonical(patient, then: "id")).first ?? patient
    }

    /// A statement that finds `patient`'s canonical id, following at most 16 merges, and selects `then` of it
    /// (`id`).
    static func canonical(_ patient: String, then select: String) -> PostgresQuery {
        var binds = PostgresBindings()
        binds.append(patient)
        return PostgresQuery(
            unsafeSQL: """
                WITH RECURSIVE chain (id, depth) AS (
                    SELECT $1::text, 0
                    UNION ALL
                    SELECT m.patient, chain.depth + 1 FROM patient_merges m JOIN chain ON m.old = chain.id
                    WHERE chain.depth < 16)
                SELECT \(select) FROM (SELECT id FROM chain ORDER BY depth DESC LIMIT 1) AS canonical
                """, binds: binds)
    }

    /// Every id that is the same patient as `patient`: its canonical id and all merged into it.
    func patientIDs(_ connection: ServerConnection, _ patient: String) async throws -> [String] {
        var ids = [try await canonical(connection, patient)]
        var index = 0
        while index < ids.count && ids.count < 64 {
            ids += try await strings(connection, "SELECT old FROM patient_merges WHERE patient = \(ids[index])")
            index += 1
        }
        return ids
    }

    /// What is on file for `patient` and the ids merged with it, units used by live charges counted.
    func patientCoverage(_ connection: ServerConnection, _ patient: String) async throws -> PatientCoverage {
        let ids = try await patientIDs(connection, patient)
        let decoder = Charge.decoder()
        let coverages = try await strings(
            connection, "SELECT body FROM coverage WHERE removed_at IS NULL AND patient = ANY(\(ids)) ORDER BY id"
        ).map { try decoder.decode(Coverage.self, from: Data($0.utf8)) }
        let authorizations = try await strings(
            connection, "SELECT body FROM authorizations WHERE patient = ANY(\(ids)) ORDER BY added_at, id"
        ).map { try decoder.decode(Authorization.self, from: Data($0.utf8)) }
        var used: [String: Int] = [:]
        let rows = try await connection.query(
            """
            SELECT body::jsonb #>> '{coverage,authorization,id}' AS authorization_id, count(*) FROM charges
            WHERE patient_id = ANY(\(ids)) AND kind = 'charge'
                AND (status IN ('ready', 'claimed', 'exported')
                    OR (status = 'held' AND body::jsonb -> 'hold_reasons' ? 'interface_rejected'))
                AND body::jsonb ->> 'credited_by' IS NULL
                AND body::jsonb #>> '{coverage,authorization,id}' IS NOT NULL
            GROUP BY authorization_id
            """, logger: logger)
        for try await (authorization, count) in rows.decode((String, Int64).self) { used[authorization] = Int(count) }
        let diagnoses = try await strings(
            connection, "SELECT body FROM diagnoses WHERE removed_at IS NULL AND patient = ANY(\(ids)) ORDER BY id"
        ).map { try decoder.decode(Diagnosis.self, from: Data($0.utf8)) }
        let abns = try await strings(
            connection, "SELECT body FROM abns WHERE patient = ANY(\(ids)) ORDER BY added_at, id"
        ).map { try decoder.decode(ABN.self, from: Data($0.utf8)) }
        return PatientCoverage(
            coverages: coverages, authorizations: authorizations, used: used, diagnoses: diagnoses, abns: abns)
    }

    func insertCoverage(
        _ connection: ServerConnection, _ coverage: Coverage, patient: String, by actor: String, at now: Date
    ) async throws {
        try await connection.query(
            """
            INSERT INTO coverage (patient, source, body, added_at, added_by)
            VALUES (\(patient), \(coverage.source.rawValue), \(try Self.json(coverage)), \(now.timeIntervalSince1970), \(actor))
            """, logger: logger)
    }

    func removeCoverage(
        _ connection: ServerConnection, of ids: [String], source: Coverage.Source, by actor: String, at now: Date
    ) async throws {
        try await connection.query(
            """
            UPDATE coverage SET removed_at = \(now.timeIntervalSince1970), removed_by = \(actor)
            WHERE removed_at IS NULL AND source = \(source.rawValue) AND patient = ANY(\(ids))
            """, logger: logger)
    }

    /// Stores `authorization`; with `replace`, an authorization of the same id from the feed is refreshed.
    func insertAuthorization(
        _ connection: ServerConnection, _ authorization: Authorization, patient: String, by actor: String,
        at now: Date, replace: Bool
    ) async throws {
        let body = try Self.json(authorization)
        let exists = try await connection.query(
            "SELECT 1 FROM authorizations WHERE id = \(authorization.id)", logger: logger
        ).collect()
        if !exists.isEmpty {
            guard replace else {
                throw ChargeError.idTaken("authorization", id: authorization.id)
            }
            try await connection.query(
                "UPDATE authorizations SET body = \(body) WHERE id = \(authorization.id) AND revoked_at IS NULL",
                logger: logger)
            return
        }
        try await connection.query(
            """
            INSERT INTO authorizations (id, patient, body, added_at, added_by)
            VALUES (\(authorization.id), \(patient), \(body), \(now.timeIntervalSince1970), \(actor))
            """, logger: logger)
    }

    /// Decides every held charge of `patient` (and the ids merged with it) again for P1–P3.
    func redecideHeld(_ connection: ServerConnection, patient: String, cause: String, at now: Date) async throws {
        guard chargeSettings.payers != nil else { return }
        let ids = try await patientIDs(connection, patient)
        let held = try await strings(
            connection,
            """
            SELECT id FROM charges WHERE status = 'held' AND kind = 'charge' AND patient_id = ANY(\(ids))
            ORDER BY created_at, id
            """)
        // One at a time, the coverage read again for each: a charge released uses units the next one sees.
        for id in held {
            guard let charge = try await fetchCharge(connection, id: id) else { continue }
            let signed =
                try await connection.query(
                    "SELECT signed FROM sessions WHERE id = \(charge.sessionID)", logger: logger
                ).collect().first?.decode(Bool.self) ?? false
            guard
                let change = charge.redecided(
                    coverage: try await patientCoverage(connection, patient), signed: signed,
                    settings: chargeSettings, cause: cause, at: now)
            else { continue }
            try await apply(connection, change)
        }
    }

    static func json(_ value: some Encodable) throws -> String {
        String(decoding: try Charge.encoder().encode(value), as: UTF8.self)
    }
}
