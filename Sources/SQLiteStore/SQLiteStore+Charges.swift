import ChargeCapture
import DeliveryLog
import Foundation
import GRDB
import Store

extension SQLiteStore: ChargeStore {

    public func charges(_ query: ChargeQuery, at now: Date) async throws -> [Charge] {
        var conditions: [String] = []
        var built: StatementArguments = []
        if let status = query.status {
            let (condition, values) = Self.statusCondition(status, at: now)
            conditions.append(condition)
            built += values
        }
        if let since = query.since {
            conditions.append("updated_at >= ?")
            built += [since.timeIntervalSince1970]
        }
        if let after = query.after {
            let (lower, upper) = after.columnBounds
            conditions.append("(updated_at >= ? OR (updated_at > ? AND id > ?))")
            built += [upper, lower, after.id]
        }
        let arguments = built
        let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        let sql = "SELECT body FROM charges \(filter) ORDER BY updated_at, id LIMIT \(query.limit)"
        let bodies = try await read("charges") { db in try String.fetchAll(db, sql: sql, arguments: arguments) }
        var charges: [Charge] = []
        for body in bodies { charges.append(try decodeCharge(body).shown(at: now)) }
        return charges
    }

    public func charge(id: String, at now: Date) async throws -> Charge? {
        let body = try await read("charges.\(id)") { db in
            try String.fetchOne(db, sql: "SELECT body FROM charges WHERE id = ?", arguments: [id])
        }
        guard let body else { return nil }
        return try decodeCharge(body).shown(at: now)
    }

    public func charged(sessions ids: [String]) async throws -> Set<String> {
        guard !ids.isEmpty else { return [] }
        let marks = Array(repeating: "?", count: ids.count).joined(separator: ",")
        let found = try await read("charges of sessions") { db in
            try String.fetchAll(
                db, sql: "SELECT id FROM charges WHERE kind = 'charge' AND id IN (\(marks))",
                arguments: StatementArguments(ids))
        }
        return Set(found)
    }

    public func chargeCounts(at now: Date) async throws -> [Charge.Status: Int] {
        let rows = try await read("charge counts") { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT CASE WHEN status = 'claimed' AND lease_expires <= ? THEN 'ready' ELSE status END AS shown,
                        count(*) AS n FROM charges GROUP BY shown
                    """, arguments: [now.timeIntervalSince1970]
            ).map { ($0["shown"] as String, $0["n"] as Int) }
        }
        var counts: [Charge.Status: Int] = [:]
        for (status, count) in rows {
            if let status = Charge.Status(rawValue: status) { counts[status, default: 0] += count }
        }
        return counts
    }

    public func history(ofCharge id: String) async throws -> [ChargeHistoryEntry] {
        try await read("charge_history.\(id)") { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM charge_history WHERE charge_id = ? ORDER BY id", arguments: [id]
            ).map { row in
                ChargeHistoryEntry(
                    at: Date(timeIntervalSince1970: row["at"]), actor: row["actor"], action: row["action"],
                    from: (row["from_status"] as String?).flatMap(Charge.Status.init(rawValue:)),
                    to: Charge.Status(rawValue: row["to_status"]) ?? .held, reason: row["reason"],
                    consumer: row["consumer"], codeBefore: row["code_before"], codeAfter: row["code_after"])
            }
        }
    }

    public func claim(consumer: String, by actor: String, max: Int, leaseSeconds: Int, at now: Date) async throws
        -> ChargeClaim
    {
        let lease = Charge.Lease(
            token: RandomToken.hex(), consumer: consumer, expiresAt: now.addingTimeInterval(Double(leaseSeconds)))
        let (condition, values) = Self.statusCondition(.ready, at: now)
        let claimed = try await chargeWrite("claim") { db -> [Charge] in
            let ids = try String.fetchAll(
                db,
                sql: """
                    SELECT id FROM charges INDEXED BY charges_claim_order WHERE \(condition)
                    ORDER BY queue_seq LIMIT \(max)
                    """,
                arguments: values)
            var claimed: [Charge] = []
            for id in ids {
                guard var charge = try Self.fetchCharge(db, id: id) else { continue }
                let entry = try charge.claim(lease, by: actor, at: now)
                try Self.saveCharge(db, charge, enqueue: false, key: self.key)
                try Self.appendHistory(db, charge: id, entry, key: self.key)
                claimed.append(charge)
            }
            return claimed
        }
        return ChargeClaim(lease: lease.token, expiresAt: lease.expiresAt, charges: claimed)
    }

    public func ack(lease: String, ids: [String], by actor: String, at now: Date) async throws {
        try await chargeWrite("ack") { db in
            for id in ids {
                guard var charge = try Self.fetchCharge(db, id: id) else {
                    throw ChargeError(.notFound, charge: id, "no such charge")
                }
                guard let entry = try charge.ack(lease: lease, by: actor, at: now) else { continue }
                try Self.saveCharge(db, charge, enqueue: false, key: self.key)
                try Self.appendHistory(db, charge: id, entry, key: self.key)
            }
        }
    }

    public func nack(lease: String, ids: [String], reason: String, by actor: String, at now: Date) async throws {
        try await chargeWrite("nack") { db in
            for id in ids {
                guard var charge = try Self.fetchCharge(db, id: id) else {
                    throw ChargeError(.notFound, charge: id, "no such charge")
                }
                let entry = try charge.nack(lease: lease, reason: reason, by: actor, at: now)
                try Self.saveCharge(db, charge, enqueue: false, key: self.key)
                try Self.appendHistory(db, charge: id, entry, key: self.key)
            }
        }
        readyBell.ring()
    }

    public func release(
        id: String, by actor: String, signsRecords: Bool, reason: String, modifiers: [String], code: String?,
        at now: Date
    ) async throws -> Charge {
        let released = try await chargeWrite("release \(id)") { db -> Charge in
            guard var charge = try Self.fetchCharge(db, id: id) else {
                throw ChargeError(.notFound, charge: id, "no such charge")
            }
            let entry = try charge.release(
                by: actor, signsRecords: signsRecords, reason: reason, modifiers: modifiers, code: code, at: now)
            try Self.saveCharge(db, charge, enqueue: true, key: self.key)
            try Self.appendHistory(db, charge: id, entry, key: self.key)
            return charge
        }
        readyBell.ring()
        return released
    }

    public func void(id: String, by actor: String, reason: String, at now: Date) async throws -> (
        Charge, credit: Charge?
    ) {
        let result = try await chargeWrite("void \(id)") { db -> (Charge, Charge?) in
            guard let charge = try Self.fetchCharge(db, id: id) else {
                throw ChargeError(.notFound, charge: id, "no such charge")
            }
            let changes = try charge.voided(by: actor, reason: reason, at: now)
            for change in changes { try Self.apply(db, change, key: self.key) }
            return (changes[0].charge, changes.dropFirst().first?.charge)
        }
        if result.1 != nil { readyBell.ring() }
        return (result.0, credit: result.1)
    }

    public func reconciliationRecords(in interval: DateInterval) async throws -> (
        sessions: [DeliverySession], charges: [Charge]
    ) {
        let start = interval.start.timeIntervalSince1970
        let end = interval.end.timeIntervalSince1970
        let (sessionBodies, chargeBodies) = try await read("reconcile") { db in
            // Sessions lost in a gap have no open time: they count on the day they were recorded.
            let sessions = try String.fetchAll(
                db,
                sql: """
                    SELECT body FROM sessions WHERE final = 1 AND
                        ((opened_at >= ? AND opened_at < ?) OR (opened_at IS NULL AND updated_at >= ? AND updated_at < ?))
                    """, arguments: [start, end, start, end])
            let charges = try String.fetchAll(
                db,
                sql: """
                    SELECT c.body FROM charges c JOIN sessions s ON c.serial = s.serial AND c.number = s.number
                    WHERE c.kind = 'charge' AND s.final = 1 AND
                        ((s.opened_at >= ? AND s.opened_at < ?) OR (s.opened_at IS NULL AND s.updated_at >= ? AND s.updated_at < ?))
                    """, arguments: [start, end, start, end])
            return (sessions, charges)
        }
        return (
            try sessionBodies.map { body throws(StoreError) in
                try decode(DeliverySession.self, from: body, at: "sessions")
            },
            try chargeBodies.map { body throws(StoreError) in try decodeCharge(body) }
        )
    }

    /// The SQL condition for charges whose status at `now` is `status`: a lapsed lease counts as ready.
    static func statusCondition(_ status: Charge.Status, at now: Date) -> (String, StatementArguments) {
        let time = now.timeIntervalSince1970
        switch status {
        // The first term is the claim-order index's own condition (v9): the queue is walked in order from it,
        // a few rows read, not every ready charge read and sorted on every claim.
        case .ready:
            return (
                "(status IN ('ready', 'claimed') AND (status = 'ready' OR lease_expires <= ?))", [time]
            )
        case .claimed: return ("(status = 'claimed' AND lease_expires > ?)", [time])
        default: return ("status = ?", [status.rawValue])
        }
    }

    func decodeCharge(_ body: String) throws(StoreError) -> Charge {
        do {
            return try Charge.decoder().decode(Charge.self, from: Data(body.utf8))
        } catch {
            throw StoreError(.corrupt, at: "\(path) charges", "\(error)")
        }
    }

    /// A write whose refusals (``ChargeError``) reach the caller as they are.
    func chargeWrite<Value: Sendable>(_ what: String, _ body: @Sendable @escaping (Database) throws -> Value)
        async throws -> Value
    {
        do {
            return try await pool.write(body)
        } catch let error as ChargeError {
            throw error
        } catch {
            throw StoreError(.writeFailed, at: "\(path) \(what)", "\(error)")
        }
    }
}
