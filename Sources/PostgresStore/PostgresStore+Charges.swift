import ChargeCapture
import DeliveryLog
import Foundation
import PostgresNIO
import Store

/// The charge queue on the shared store: any daemon claims, acks and releases; a claim locks the rows it
/// takes (`FOR UPDATE SKIP LOCKED`), so two claims through two daemons never receive the same charge.
extension PostgresStore: ChargeStore {

    public func charges(_ query: ChargeQuery, at now: Date) async throws -> [Charge] {
        var filter = Filter()
        if let status = query.status { filter.status(status, at: now) }
        if let since = query.since { filter.add("updated_at >= ?", since.timeIntervalSince1970) }
        if let after = query.after {
            let (lower, upper) = after.columnBounds
            filter.add("(updated_at >= ? OR (updated_at > ? AND id > ?))", upper, lower, after.id)
        }
        let statement = PostgresQuery(
            unsafeSQL: "SELECT body FROM charges \(filter.whereClause) ORDER BY updated_at, id LIMIT \(query.limit)",
            binds: filter.binds)
        return try await chargeBodies("charges", statement).map { try decodeCharge($0).shown(at: now) }
    }

    public func charge(id: String, at now: Date) async throws -> Charge? {
        try await chargeBodies("charges.\(id)", "SELECT body FROM charges WHERE id = \(id)").first
            .map { try decodeCharge($0).shown(at: now) }
    }

    public func charged(sessions ids: [String]) async throws -> Set<String> {
        guard !ids.isEmpty else { return [] }
        return Set(
            try await chargeBodies(
                "charges of sessions", "SELECT id FROM charges WHERE kind = 'charge' AND id = ANY(\(ids))"))
    }

    public func chargeCounts(at now: Date) async throws -> [Charge.Status: Int] {
        let time = now.timeIntervalSince1970
        let rows = try await read("charge counts") { connection in
            var rows: [(String, Int64)] = []
            let sequence = try await connection.query(
                """
                SELECT CASE WHEN status = 'claimed' AND lease_expires <= \(time) THEN 'ready' ELSE status END AS shown,
                    count(*) FROM charges GROUP BY shown
                """, logger: self.logger)
            for try await row in sequence.decode((String, Int64).self) { rows.append(row) }
            return rows
        }
        var counts: [Charge.Status: Int] = [:]
        for (status, count) in rows {
            if let status = Charge.Status(rawValue: status) { counts[status, default: 0] += Int(count) }
        }
        return counts
    }

    public func history(ofCharge id: String) async throws -> [ChargeHistoryEntry] {
        try await read("charge_history.\(id)") { connection in
            var entries: [ChargeHistoryEntry] = []
            let rows = try await connection.query(
                """
                SELECT at, actor, action, from_status, to_status, reason, consumer, code_before, code_after
                FROM charge_history WHERE charge_id = \(id) ORDER BY id
                """, logger: self.logger)
            for try await (at, actor, action, from, to, reason, consumer, codeBefore, codeAfter) in rows.decode(
                (Double, String, String, String?, String, String?, String?, String?, String?).self)
            {
                entries.append(
                    ChargeHistoryEntry(
                        at: Date(timeIntervalSince1970: at), actor: actor, action: action,
                        from: from.flatMap(Charge.Status.init(rawValue:)), to: Charge.Status(rawValue: to) ?? .held,
                        reason: reason, consumer: consumer, codeBefore: codeBefore, codeAfter: codeAfter))
            }
            return entries
        }
    }

    public func claim(consumer: String, by actor: String, max: Int, leaseSeconds: Int, at now: Date) async throws
        -> ChargeClaim
    {
        let lease = Charge.Lease(
            token: RandomToken.hex(), consumer: consumer, expiresAt: now.addingTimeInterval(Double(leaseSeconds)))
        let claimed = try await chargeTransaction("claim") { connection -> [Charge] in
            let candidates = try await self.queueHead(
                connection, "body", max: max, at: now, lockingRows: true)
            var claimed: [Charge] = []
            var entries: [ChargeHistoryEntry] = []
            for row in candidates {
                var charge = try self.decodeCharge(try row.decode((Int64, String).self).1)
                entries.append(try charge.claim(lease, by: actor, at: now))
                claimed.append(charge)
            }
            try await self.saveLeases(connection, claimed, entries)
            return claimed
        }
        return ChargeClaim(lease: lease.token, expiresAt: lease.expiresAt, charges: claimed)
    }

    public func ack(lease: String, ids: [String], by actor: String, at now: Date) async throws {
        try await chargeTransaction("ack") { connection in
            let bodies = try await self.strings(
                connection, "SELECT body FROM charges WHERE id = ANY(\(ids)) ORDER BY id FOR UPDATE")
            var found: [String: Charge] = [:]
            for body in bodies {
                let charge = try self.decodeCharge(body)
                found[charge.id] = charge
            }
            var acked: [Charge] = []
            var entries: [ChargeHistoryEntry] = []
            for id in ids {
                guard var charge = found[id] else { throw ChargeError(.notFound, charge: id, "no such charge") }
                guard let entry = try charge.ack(lease: lease, by: actor, at: now) else { continue }
                found[id] = charge
                acked.append(charge)
                entries.append(entry)
            }
            try await self.saveLeases(connection, acked, entries)
        }
    }

    /// Writes the lease changes of `charges` (claimed or acked: status, lease, body) and one history entry
    /// each, in two statements however many there are (the histories' ends read, then the rows and the entries
    /// written): each row is written once, its history's sealed end with it.
    func saveLeases(_ connection: ServerConnection, _ charges: [Charge], _ entries: [ChargeHistoryEntry])
        async throws
    {
        guard !charges.isEmpty else { return }
        let ids = charges.map(\.id)
        let (links, ends) = try await historyLinks(connection, Array(zip(ids, entries)))
        let statuses = charges.map(\.status.rawValue)
        let leases = charges.map { $0.lease?.token ?? "" }
        let expiries = charges.map { $0.lease?.expiresAt.timeIntervalSince1970 ?? -1 }
        let updated = charges.map { ChargePosition.column($0.updatedAt) }
        var bodies: [String] = []
        for charge in charges { bodies.append(String(decoding: try Charge.encoder().encode(charge), as: UTF8.self)) }
        let seals = zip(ids, bodies).map { id, body in key?.chargeSeal(id: id, body: body) ?? "" }
        let historyEnds = ids.map { ends[$0] ?? "" }
        try await connection.query(
            """
            WITH history AS (\(historyInsert: links))
            UPDATE charges SET status = u.status, lease = NULLIF(u.lease, ''),
                lease_expires = NULLIF(u.lease_expires, -1), updated_at = u.updated_at, body = u.body, seal = u.seal,
                history_seal = u.history_seal
            FROM unnest(\(ids)::text[], \(statuses)::text[], \(leases)::text[], \(expiries)::float8[],
                \(updated)::float8[], \(bodies)::text[], \(seals)::text[], \(historyEnds)::text[])
                AS u(id, status, lease, lease_expires, updated_at, body, seal, history_seal)
            WHERE charges.id = u.id
            """, logger: logger)
    }

    public func nack(lease: String, ids: [String], reason: String, by actor: String, at now: Date) async throws {
        try await chargeTransaction("nack") { connection in
            for id in ids {
                try await self.change(connection, id) { charge in
                    try charge.nack(lease: lease, reason: reason, by: actor, at: now)
                }
            }
        }
        readyBell.ring()
    }

    public func release(
        id: String, by actor: String, signsRecords: Bool, reason: String, modifiers: [String], code: String?,
        at now: Date
    ) async throws -> Charge {
        let released = try await chargeTransaction("release \(id)") { connection in
            try await self.change(connection, id, enqueue: true) { charge in
                try charge.release(
                    by: actor, signsRecords: signsRecords, reason: reason, modifiers: modifiers, code: code, at: now)
            }
        }
        readyBell.ring()
        return released
    }

    public func void(id: String, by actor: String, reason: String, at now: Date) async throws -> (
        Charge, credit: Charge?
    ) {
        let (voided, credit) = try await chargeTransaction("void \(id)") { connection -> (Charge, Charge?) in
            guard let charge = try await self.fetchCharge(connection, id: id) else {
                throw ChargeError(.notFound, charge: id, "no such charge")
            }
            let changes = try charge.voided(by: actor, reason: reason, at: now)
            for change in changes { try await self.apply(connection, change) }
            return (changes[0].charge, changes.dropFirst().first?.charge)
        }
        if credit != nil { readyBell.ring() }
        return (voided, credit: credit)
    }

    public func reconciliationRecords(in interval: DateInterval) async throws -> (
        sessions: [DeliverySession], charges: [Charge]
    ) {
        let start = interval.start.timeIntervalSince1970
        let end = interval.end.timeIntervalSince1970
        // Sessions lost in a gap have no open time: they count on the day they were recorded.
        let sessionBodies = try await chargeBodies(
            "reconcile",
            """
            SELECT body FROM sessions WHERE final AND
                ((opened_at >= \(start) AND opened_at < \(end)) OR (opened_at IS NULL AND updated_at >= \(start) AND updated_at < \(end)))
            """)
        let chargeBodies = try await chargeBodies(
            "reconcile",
            """
            SELECT c.body FROM charges c JOIN sessions s ON c.serial = s.serial AND c.number = s.number
            WHERE c.kind = 'charge' AND s.final AND
                ((s.opened_at >= \(start) AND s.opened_at < \(end)) OR (s.opened_at IS NULL AND s.updated_at >= \(start) AND s.updated_at < \(end)))
            """)
        return (
            try sessionBodies.map { body throws(StoreError) in
                try decode(DeliverySession.self, from: body, at: "sessions")
            },
            try chargeBodies.map { body throws(StoreError) in try decodeCharge(body) }
        )
    }

    /// The first ready charge in the network's ready order. The read holds the ready order's lock exclusively,
    /// so it waits for every transaction that has taken a place and not yet ended: no place before the charge it
    /// returns can commit after it (``saveCharge(_:_:enqueue:history:historyEnd:)``), and charges go out in the order
    /// they became ready across the network, however their sites' commits interleave. The first ready charge and
    /// the first whose lease lapsed each come from their own index, as a claim's do, so the read never walks past
    /// charges a billing system holds.
    public func nextForHL7(at now: Date) async throws -> HL7Outbound? {
        let found = try await transaction("hl7 queue", failing: .readFailed) { connection in
            try await self.lock(connection, Self.readyOrder)
            return try await self.queueHead(
                connection, "body, hl7_control_id, hl7_message", max: 1, at: now, lockingRows: false
            ).first?.decode((Int64, String, String?, String?).self)
        }
        guard let (_, body, kept, message) = found else { return nil }
        let charge = try decodeCharge(body)
        return HL7Outbound(charge: charge, message: kept == charge.controlID ? message : nil)
    }

    /// The place (`queue_seq`) and `columns` of the oldest `max` charges in the queue at `now`, oldest first: the
    /// ready charges and the claimed charges whose lease lapsed, each set read from its own index
    /// (`charges_ready_order`, `charges_lease_lapse`) so that neither walks past the charges leases still hold,
    /// and merged by place, in one statement. `lockingRows` locks the rows read and skips rows another
    /// transaction has locked (a claim); the rows of either set beyond the oldest `max` of both stay locked only
    /// until the claim commits.
    func queueHead(
        _ connection: ServerConnection, _ columns: String, max: Int, at now: Date, lockingRows: Bool
    ) async throws -> [PostgresRow] {
        var binds = PostgresBindings()
        binds.append(now.timeIntervalSince1970)
        let locking = lockingRows ? " FOR UPDATE SKIP LOCKED" : ""
        let statement = PostgresQuery(
            unsafeSQL: """
                WITH ready AS (
                    SELECT queue_seq, \(columns) FROM charges WHERE status = 'ready'
                    ORDER BY queue_seq LIMIT \(max)\(locking)),
                lapsed AS (
                    SELECT queue_seq, \(columns) FROM charges WHERE status = 'claimed' AND lease_expires <= $1
                    ORDER BY queue_seq LIMIT \(max)\(locking))
                SELECT * FROM ready UNION ALL SELECT * FROM lapsed ORDER BY queue_seq LIMIT \(max)
                """, binds: binds)
        var rows: [PostgresRow] = []
        for try await row in try await connection.query(statement, logger: logger) { rows.append(row) }
        return rows
    }

    public func keepHL7Message(charge id: String, controlID: String, message: String) async throws {
        try await chargeTransaction("hl7 message \(id)") { connection in
            try await connection.query(
                "UPDATE charges SET hl7_control_id = \(controlID), hl7_message = \(message) WHERE id = \(id)",
                logger: self.logger)
        }
    }

    public func hl7Accepted(charge id: String, at now: Date) async throws {
        try await chargeTransaction("hl7 accepted \(id)") { connection in
            try await self.change(connection, id) { charge in charge.hl7Accepted(at: now) }
        }
    }

    public func hl7Rejected(charge id: String, error: String, maxAttempts: Int, at now: Date) async throws -> Charge? {
        try await chargeTransaction("hl7 rejected \(id)") { connection -> Charge? in
            guard var charge = try await self.fetchCharge(connection, id: id) else { return nil }
            let entry = charge.hl7Rejected(error, maxAttempts: maxAttempts, at: now)
            try await self.saveCharge(connection, charge, enqueue: false, entry: entry)
            return charge
        }
    }

    /// The channel every commit that makes a charge ready notifies, for the network's HL7 sender.
    static let readyChannel = "gammalog_ready"

    /// The advisory lock that orders places in the ready queue: held shared by every transaction that takes a
    /// place, exclusively by the HL7 sender's read and by a site's import reserving places.
    static let readyOrder = "ready-order"

    /// One sender per destination across the network: a session advisory lock on a connection of its own, tried
    /// every `standingBy` until free (a sender that dies loses its session, and the lock with it; a stand-by
    /// daemon costs the server one statement each time). While `body` runs the lock's connection is checked every
    /// quarter second: `body` is cancelled and this throws when that connection closes, when the server does not
    /// answer within a second (out of reach: it may already count the session as gone), or when the store has
    /// moved to another primary. A sender so stops within 1.25 s of losing its turn, far sooner than a failover
    /// tool promotes a standby (Patroni's default TTL is 30 s). The same connection listens on
    /// ``readyChannel``, so a charge made ready at another site rings ``readyBell`` as one made here does.
    public func whileSoleSender(
        to destination: String, standingBy: Duration, _ body: @escaping @Sendable () async throws -> Void
    ) async throws {
        let key = "gammalog.hl7-sender:" + destination
        let (check, answer) = (Duration.milliseconds(250), Duration.seconds(1))
        try await pool.withConnection { connection in
            @Sendable func onThePrimary() throws {
                guard pool.isCurrent(connection) else {
                    throw ServerConnection.Lost(description: "the store moved to another primary")
                }
            }
            var waiting = false
            while true {
                try Task.checkCancellation()
                try onThePrimary()
                let got = try await connection.query(
                    "SELECT pg_try_advisory_lock(hashtextextended(\(key), 0))", logger: self.logger, deadline: answer
                ).collect().first?.decode(Bool.self)
                if got == true { break }
                if !waiting {
                    self.logger.info(
                        "hl7 sender standing by: another daemon sends", metadata: ["hl7": "\(destination)"])
                    waiting = true
                }
                try await Task.sleep(for: standingBy)
            }
            self.logger.info("hl7 sender: this daemon sends", metadata: ["hl7": "\(destination)"])
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await body() }
                group.addTask {
                    while true {
                        try await Task.sleep(for: check)
                        try onThePrimary()
                        try await connection.query("SELECT 1", logger: self.logger, deadline: answer)
                    }
                }
                group.addTask {
                    // A charge made ready at any site wakes this sender when its commit does.
                    try await connection.listen(on: Self.readyChannel) { notifications in
                        for try await _ in notifications { self.readyBell.ring() }
                    }
                }
                defer { group.cancelAll() }
                try await group.next()
            }
            _ = try? await connection.query(
                "SELECT pg_advisory_unlock(hashtextextended(\(key), 0))", logger: self.logger, deadline: answer)
        }
    }

    /// Locks charge `id`, applies `action` (a lifecycle step of ``Charge``) and, when it returns a history
    /// entry, stores the charge and the entry. Returns the charge as it now is.
    @discardableResult
    func change(
        _ connection: ServerConnection, _ id: String, enqueue: Bool = false,
        _ action: (inout Charge) throws -> ChargeHistoryEntry?
    ) async throws -> Charge {
        guard var charge = try await fetchCharge(connection, id: id) else {
            throw ChargeError(.notFound, charge: id, "no such charge")
        }
        guard let entry = try action(&charge) else { return charge }
        try await saveCharge(connection, charge, enqueue: enqueue, entry: entry)
        return charge
    }

    /// Charge `id`, its row locked until the transaction ends.
    func fetchCharge(_ connection: ServerConnection, id: String) async throws -> Charge? {
        try await strings(connection, "SELECT body FROM charges WHERE id = \(id) FOR UPDATE").first.map(decodeCharge)
    }

    func decodeCharge(_ body: String) throws(StoreError) -> Charge {
        do {
            return try Charge.decoder().decode(Charge.self, from: Data(body.utf8))
        } catch {
            throw StoreError(.corrupt, at: "\(location) charges", "\(error)")
        }
    }

    /// The first column of each row `statement` returns.
    func strings(_ connection: ServerConnection, _ statement: PostgresQuery) async throws -> [String] {
        var values: [String] = []
        for try await value in try await connection.query(statement, logger: logger).decode(String.self) {
            values.append(value)
        }
        return values
    }

    func chargeBodies(_ what: String, _ statement: PostgresQuery) async throws(StoreError) -> [String] {
        try await read(what) { connection in try await self.strings(connection, statement) }
    }

    /// A transaction whose refusals (``ChargeError``) reach the caller as they are.
    @discardableResult
    func chargeTransaction<Value: Sendable>(
        _ what: String, _ body: (ServerConnection) async throws -> sending Value
    ) async throws -> Value {
        do {
            return try await pool.withTransaction(logger: logger, body)
        } catch {
            if let refusal = error as? ChargeError { throw refusal }
            throw Self.storeError(error, .writeFailed, at: "\(location) \(what)")
        }
    }

    /// A WHERE clause built condition by condition, its values bound in order.
    struct Filter {
        var conditions: [String] = []
        var binds = PostgresBindings()

        /// Adds the condition `sql`, each `?` in it bound to the next of `values`.
        mutating func add(_ sql: String, _ values: any PostgresNonThrowingEncodable...) {
            var condition = ""
            var next = values.makeIterator()
            for character in sql {
                if character == "?", let value = next.next() {
                    binds.append(value)
                    condition += "$\(binds.count)"
                } else {
                    condition.append(character)
                }
            }
            conditions.append(condition)
        }

        /// Charges whose status at `now` is `status`: a lapsed lease counts as ready.
        mutating func status(_ status: Charge.Status, at now: Date) {
            let time = now.timeIntervalSince1970
            switch status {
            case .ready: add("(status = 'ready' OR (status = 'claimed' AND lease_expires <= ?))", time)
            case .claimed: add("(status = 'claimed' AND lease_expires > ?)", time)
            default: add("status = ?", status.rawValue)
            }
        }

        var whereClause: String { conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ") }
    }
}
