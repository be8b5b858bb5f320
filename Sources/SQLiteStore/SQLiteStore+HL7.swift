import ChargeCapture
import Foundation
import GRDB
import Store

extension SQLiteStore {
    /// A SQLite file has one daemon: it is always the sender.
    public func whileSoleSender(
        to destination: String, standingBy: Duration, _ body: @escaping @Sendable () async throws -> Void
    ) async throws {
        try await body()
    }

    public func nextForHL7(at now: Date) async throws -> HL7Outbound? {
        let (condition, values) = Self.statusCondition(.ready, at: now)
        let found = try await read("hl7 queue") { db -> (String, String?, String?)? in
            let row = try Row.fetchOne(
                db,
                sql:
                    """
                    SELECT body, hl7_control_id, hl7_message FROM charges INDEXED BY charges_claim_order
                    WHERE \(condition) ORDER BY queue_seq LIMIT 1
                    """,
                arguments: values)
            return row.map { ($0["body"], $0["hl7_control_id"], $0["hl7_message"]) }
        }
        guard let (body, kept, message) = found else { return nil }
        let charge = try decodeCharge(body)
        return HL7Outbound(charge: charge, message: kept == charge.controlID ? message : nil)
    }

    public func keepHL7Message(charge id: String, controlID: String, message: String) async throws {
        try await chargeWrite("hl7 message \(id)") { db in
            try db.execute(
                sql: "UPDATE charges SET hl7_control_id = ?, hl7_message = ? WHERE id = ?",
                arguments: [controlID, message, id])
        }
    }

    public func hl7Accepted(charge id: String, at now: Date) async throws {
        try await chargeWrite("hl7 accepted \(id)") { db in
            guard var charge = try Self.fetchCharge(db, id: id) else {
                throw ChargeError(.notFound, charge: id, "no such charge")
            }
            guard let entry = charge.hl7Accepted(at: now) else { return }
            try Self.saveCharge(db, charge, enqueue: false, key: self.key)
            try Self.appendHistory(db, charge: id, entry, key: self.key)
        }
    }

    public func hl7Rejected(charge id: String, error: String, maxAttempts: Int, at now: Date) async throws -> Charge? {
        try await chargeWrite("hl7 rejected \(id)") { db -> Charge? in
            guard var charge = try Self.fetchCharge(db, id: id) else { return nil }
            let entry = charge.hl7Rejected(error, maxAttempts: maxAttempts, at: now)
            try Self.saveCharge(db, charge, enqueue: false, key: self.key)
            try Self.appendHistory(db, charge: id, entry, key: self.key)
            return charge
        }
    }
}
