import ChargeCapture
import Foundation
import PostgresNIO
import Store

/// Diagnoses and ABNs (diagnoses.md) on the shared store, under the patient's advisory lock like coverage:
/// entries are never deleted, only marked removed or revoked, and every change re-decides the patient's held
/// charges in the same transaction, so two sites never decide the same patient's charges on different facts.
extension PostgresStore {
    public func replaceDiagnoses(ofPatient patient: String, with entries: [Diagnosis], by actor: String, at now: Date)
        async throws
    {
        try await chargeTransaction("diagnoses of a patient") { connection in
            try await self.lockPatient(connection, patient)
            try await self.replaceDiagnoses(
                connection, of: try await self.patientIDs(connection, patient), source: .api, with: entries,
                patient: try await self.canonical(connection, patient), by: actor, at: now)
            try await self.redecideHeld(connection, patient: patient, cause: actor, at: now)
        }
        readyBell.ring()
    }

    public func addABN(_ abn: ABN, forPatient patient: String, by actor: String, at now: Date) async throws -> ABN {
        try await chargeTransaction("ABN \(abn.id)") { connection in
            try await self.lockPatient(connection, patient)
            let exists = try await connection.query("SELECT 1 FROM abns WHERE id = \(abn.id)", logger: self.logger)
                .collect()
            guard exists.isEmpty else { throw ChargeError.idTaken("ABN", id: abn.id) }
            try await connection.query(
                """
                INSERT INTO abns (id, patient, body, added_at, added_by)
                VALUES (\(abn.id), \(try await self.canonical(connection, patient)), \(try Self.json(abn)),
                    \(now.timeIntervalSince1970), \(actor))
                """, logger: self.logger)
            try await self.redecideHeld(connection, patient: patient, cause: actor, at: now)
        }
        readyBell.ring()
        return abn
    }

    public func revokeABN(id: String, reason: String, by actor: String, at now: Date) async throws {
        try await chargeTransaction("ABN \(id)") { connection in
            guard
                let (patient, body) = try await connection.query(
                    "SELECT patient, body FROM abns WHERE id = \(id) FOR UPDATE", logger: self.logger
                ).collect().first?.decode((String, String).self)
            else { throw ChargeError.notOnFile("ABN", id: id) }
            try await self.lockPatient(connection, patient)
            var abn = try Charge.decoder().decode(ABN.self, from: Data(body.utf8))
            try abn.revoke(reason: reason)
            try await connection.query(
                """
                UPDATE abns SET body = \(try Self.json(abn)), revoked_at = \(now.timeIntervalSince1970),
                    revoked_by = \(actor) WHERE id = \(id)
                """, logger: self.logger)
            try await self.redecideHeld(connection, patient: patient, cause: actor, at: now)
        }
    }

    /// Marks the entries of `source` under `ids` removed and stores `entries` for `patient` in their place.
    func replaceDiagnoses(
        _ connection: ServerConnection, of ids: [String], source: Coverage.Source, with entries: [Diagnosis],
        patient: String, by actor: String, at now: Date
    ) async throws {
        try await connection.query(
            """
            UPDATE diagnoses SET removed_at = \(now.timeIntervalSince1970), removed_by = \(actor)
            WHERE removed_at IS NULL AND source = \(source.rawValue) AND patient = ANY(\(ids))
            """, logger: logger)
        for var entry in entries {
            entry.source = source
            try await connection.query(
                """
                INSERT INTO diagnoses (patient, source, body, added_at, added_by)
                VALUES (\(patient), \(source.rawValue), \(try Self.json(entry)), \(now.timeIntervalSince1970), \(actor))
                """, logger: logger)
        }
    }
}
