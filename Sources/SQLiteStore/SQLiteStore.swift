import ChargeCapture
import ConsoleRecords
import DeliveryLog
import Foundation
import GRDB
import Store

/// The embedded store: one SQLite file in WAL mode, written through GRDB.
/// Each poll commits in one transaction, so neither a crash nor `kill -9`
/// loses or repeats an event.
public final class SQLiteStore: DeliveryStore {
    /// The database file.
    public let path: String
    let pool: DatabasePool
    /// What the facility configured about its charges.
    public let chargeSettings: ChargeSettings
    /// Rung when a charge becomes ready; the HL7 sender waits on the same bell.
    public let readyBell: ChargeBell
    /// What links and seals are keyed with; without one (a store made by a test), plain SHA-256 links.
    public let key: ChainKey?

    /// Opens (creating if needed) the store at `path` and migrates it. A
    /// `readOnly` store (the command line's) neither creates nor migrates,
    /// and refuses a schema it does not know. Charges are decided with `charges`; links and seals are keyed
    /// with `key`; `bell` rings when a charge becomes ready.
    public init(
        path: String, readOnly: Bool = false, charges: ChargeSettings = ChargeSettings(), key: ChainKey? = nil,
        bell: ChargeBell = ChargeBell()
    ) throws(StoreError) {
        self.path = path
        self.chargeSettings = charges
        self.readyBell = bell
        self.key = key
        do {
            var configuration = Configuration()
            if readOnly {
                configuration.readonly = true
                pool = try DatabasePool(path: path, configuration: configuration)
                let (complete, superseded) = try pool.read { db in
                    (try Self.migrator.hasCompletedMigrations(db), try Self.migrator.hasBeenSuperseded(db))
                }
                if superseded {
                    throw StoreError(.unavailable, at: path, "written by a newer GammaLog; use that version")
                }
                guard complete else {
                    throw StoreError(.unavailable, at: path, "needs migrating: start gammalogd of this version once")
                }
                return
            }
            let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            configuration.busyMode = .timeout(10)
            // Two readers serve the API and the command line; each connection costs memory.
            configuration.maximumReaderCount = 2
            configuration.prepareDatabase { db in
                // Charges rest on these rows: a power cut must not lose a committed poll.
                try db.execute(sql: "PRAGMA synchronous = FULL")
            }
            pool = try DatabasePool(path: path, configuration: configuration)
            try Self.migrator.migrate(pool)
            try backfillCharges()
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(.unavailable, at: path, "\(error)")
        }
    }

    public func readerState(console name: String) async throws(StoreError) -> ReaderState? {
        let body = try await read("readers") { db in
            try String.fetchOne(db, sql: "SELECT state FROM readers WHERE console = ?", arguments: [name])
        }
        guard let body else { return nil }
        return try decode(ReaderState.self, from: body, at: "readers.\(name)")
    }

    @discardableResult
    public func commit(_ batch: PollBatch) async throws(StoreError) -> PollCommit {
        let (rows, stateBody, sessionRows) = try batch.encoded(at: "\(path) \(batch.console)")
        let received = batch.receivedAt.timeIntervalSince1970
        let (settings, key) = (chargeSettings, key)
        let committed = try await write("commit \(batch.console)") { db -> PollCommit in
            let last =
                try String.fetchOne(db, sql: "SELECT hash FROM journal ORDER BY id DESC LIMIT 1") ?? HashChain.genesis
            var head: ChainHead?
            let links = HashChain.links(
                of: rows, after: last, console: batch.console, receivedAt: received, key: key)
            for (row, (previous, hash)) in zip(rows, links) {
                try db.execute(
                    sql: """
                        INSERT INTO journal (console, kind, boot_id, seq, session_number, received_at, body, prev_hash,
                            hash, key_id)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        batch.console, row.kind, row.bootID.map { Int64($0) }, row.seq.map { Int64($0) },
                        Int64(row.session), received, row.body, previous, hash, key?.id ?? "",
                    ])
                head = ChainHead(console: batch.console, id: db.lastInsertedRowID, hash: hash)
            }
            for (session, body) in sessionRows {
                try db.execute(
                    sql: """
                        INSERT INTO sessions (id, console, serial, number, kind, outcome, opened_at, closed_at, final,
                            flagged, record_complete, body, updated_at, shots_delivered, shots_planned, delivered_ms,
                            planned_ms, warnings, seal, patient_id, dose_rate, reference_rate, calibrated_at,
                            interruptions, faults, worst_shot_pct, fractions_planned)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        ON CONFLICT(id) DO UPDATE SET kind = excluded.kind, outcome = excluded.outcome,
                            opened_at = excluded.opened_at, closed_at = excluded.closed_at, final = excluded.final,
                            flagged = excluded.flagged, record_complete = excluded.record_complete,
                            body = excluded.body, updated_at = excluded.updated_at,
                            shots_delivered = excluded.shots_delivered, shots_planned = excluded.shots_planned,
                            delivered_ms = excluded.delivered_ms, planned_ms = excluded.planned_ms,
                            warnings = excluded.warnings, seal = excluded.seal, patient_id = excluded.patient_id,
                            dose_rate = excluded.dose_rate, reference_rate = excluded.reference_rate,
                            calibrated_at = excluded.calibrated_at, interruptions = excluded.interruptions,
                            faults = excluded.faults, worst_shot_pct = excluded.worst_shot_pct,
                            fractions_planned = excluded.fractions_planned
                        WHERE sessions.signed = 0
                        """,
                    arguments: [
                        session.id, batch.console, session.console.serial, Int64(session.number),
                        session.kind?.rawValue, session.outcome.rawValue,
                        session.openedAt?.timeIntervalSince1970, session.closedAt?.timeIntervalSince1970,
                        session.final, JournalEntry.isFlagged(session), session.recordComplete, body, received,
                        session.shotsDelivered, session.shotsPlanned, session.deliveredMs, session.plannedMs,
                        session.flags.filter { $0.severity != .info }.map(\.code).joined(separator: ","),
                        key?.sessionSeal(id: session.id, body: body) ?? "",
                    ] + StatementArguments(Self.metricsArguments(session)))
            }
            // The head moves with the links, sealed: cutting the journal's tail leaves it pointing past the end.
            try db.execute(
                sql: """
                    INSERT INTO readers (console, state, updated_at, head_id, head_hash, head_seal) VALUES (?, ?, ?, ?, ?, ?)
                    ON CONFLICT(console) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at,
                        head_id = coalesce(excluded.head_id, readers.head_id),
                        head_hash = coalesce(excluded.head_hash, readers.head_hash),
                        head_seal = coalesce(excluded.head_seal, readers.head_seal)
                    """,
                arguments: [
                    batch.console, stateBody, received, head?.id, head?.hash, key.flatMap { head?.seal(with: $0) },
                ])
            // The charge is decided in the transaction that closes its session: never one without the other.
            var created: [Charge] = []
            for (session, _) in sessionRows where session.final {
                if let charge = try Self.createCharge(
                    db, for: session, console: batch.console, settings: settings, at: batch.receivedAt, key: key)
                {
                    created.append(charge)
                }
            }
            return PollCommit(charges: created, head: key == nil ? nil : head)
        }
        if committed.charges.contains(where: { $0.status == .ready }) { readyBell.ring() }
        return committed
    }

    /// A write to the main database file (a TEMP table would live in memory and say nothing of the disk),
    /// then the disk's room: in WAL mode a small write can reuse the log while the next poll's would need room
    /// the disk no longer has, so a disk with less than ``lowWaterBytes`` free fails the probe too.
    public func probeWrite() async throws(StoreError) {
        try await write("probe") { db in
            try db.execute(
                sql: "UPDATE health_probe SET at = ? WHERE id = 1", arguments: [Date().timeIntervalSince1970])
        }
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        var stats = statvfs()
        guard statvfs(directory, &stats) == 0 else { return }
        let free = UInt64(stats.f_bavail).multipliedReportingOverflow(by: UInt64(stats.f_frsize))
        if !free.overflow, free.partialValue < Self.lowWaterBytes {
            throw StoreError(.writeFailed, at: path, "the disk holding the store has \(free.partialValue) bytes free")
        }
    }

    /// Below this much free room on its disk the store says it is not writable: a poll, its charge and its
    /// audit lines need room to commit.
    public static let lowWaterBytes: UInt64 = 4 * 1024 * 1024

    public func sessions(_ query: SessionQuery) async throws(StoreError) -> [DeliverySession] {
        let (sql, arguments) = Self.select("body", query)
        let bodies = try await read("sessions") { db in try String.fetchAll(db, sql: sql, arguments: arguments) }
        var sessions: [DeliverySession] = []
        for body in bodies { sessions.append(try decode(DeliverySession.self, from: body, at: "sessions")) }
        return sessions
    }

    public func summaries(_ query: SessionQuery) async throws(StoreError) -> [SessionSummary] {
        let (sql, arguments) = Self.select(
            """
            id, console, number, kind, outcome, opened_at, closed_at, final, record_complete, shots_delivered,
            shots_planned, delivered_ms, planned_ms, warnings, signed
            """, query)
        return try await read("sessions") { db in
            try Row.fetchAll(db, sql: sql, arguments: arguments).map(SessionSummary.init(row:))
        }
    }

    static func select(_ columns: String, _ query: SessionQuery) -> (String, StatementArguments) {
        var conditions: [String] = []
        var arguments: StatementArguments = []
        if let since = query.since {
            conditions.append("opened_at >= ?")
            _ = arguments.append(contentsOf: [since.timeIntervalSince1970])
        }
        if let console = query.console {
            conditions.append("console = ?")
            _ = arguments.append(contentsOf: [console])
        }
        if let until = query.until {
            conditions.append("opened_at < ?")
            _ = arguments.append(contentsOf: [until.timeIntervalSince1970])
        }
        if let kind = query.kind {
            conditions.append("kind = ?")
            _ = arguments.append(contentsOf: [kind.rawValue])
        }
        if let patient = query.patient {
            conditions.append("patient_id = ?")
            _ = arguments.append(contentsOf: [patient])
        }
        if query.flagged { conditions.append("flagged = 1") }
        if query.unsigned { conditions.append("signed = 0") }
        let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        let sql =
            "SELECT \(columns) FROM sessions \(filter) ORDER BY opened_at DESC, number DESC LIMIT \(query.limit)"
            + (query.offset > 0 ? " OFFSET \(query.offset)" : "")
        return (sql, arguments)
    }

    public func session(id: String) async throws(StoreError) -> DeliverySession? {
        let body = try await read("sessions.\(id)") { db in
            try String.fetchOne(db, sql: "SELECT body FROM sessions WHERE id = ?", arguments: [id])
        }
        guard let body else { return nil }
        return try decode(DeliverySession.self, from: body, at: "sessions.\(id)")
    }

    public func records(forSession id: String) async throws(StoreError) -> [StoredRecord] {
        try await read("journal for \(id)") { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT j.* FROM journal j JOIN sessions s
                      ON j.console = s.console AND j.session_number = s.number
                    WHERE s.id = ? ORDER BY j.id
                    """, arguments: [id])
            return rows.map(Self.storedRecord)
        }
    }

    public func verify(anchor: [String: ChainHead]) async throws(StoreError) -> ChainVerification {
        let key = key
        return try await read("integrity") { db in
            var walk = ChainWalk(key: key, anchor: anchor)
            let links = try Row.fetchCursor(
                db, sql: "SELECT id, console, kind, received_at, body, prev_hash, hash, key_id FROM journal ORDER BY id"
            )
            // One chain through every console's links, in the order they were written.
            while walk.walking, let row = try links.next() {
                walk.visit(
                    ChainWalk.Link(
                        id: row["id"], console: row["console"], chain: "", continues: [""],
                        hashedConsole: row["console"],
                        kind: row["kind"], receivedAt: row["received_at"], body: row["body"],
                        previousHash: row["prev_hash"], hash: row["hash"], keyID: row["key_id"]))
            }
            for row in try Row.fetchAll(db, sql: "SELECT console, head_id, head_hash, head_seal FROM readers") {
                let console: String = row["console"]
                let id: Int64? = row["head_id"]
                let head = id.map { ChainHead(console: console, id: $0, hash: row["head_hash"] ?? "") }
                walk.reader(console: console, head: head, seal: row["head_seal"])
            }
            let sessions = try Row.fetchCursor(db, sql: "SELECT id, body, seal, updated_at FROM sessions")
            while let row = try sessions.next() {
                walk.session(id: row["id"], body: row["body"], seal: row["seal"], updatedAt: row["updated_at"])
            }
            for row in try Row.fetchAll(db, sql: ChainWalk.missingSessionsSQL) {
                walk.missingSession(console: row["console"], number: row["session_number"])
            }
            let charges = try Row.fetchCursor(db, sql: "SELECT id, status, body, seal, history_seal FROM charges")
            while let row = try charges.next() {
                walk.charge(
                    id: row["id"], status: row["status"], body: row["body"], seal: row["seal"],
                    historySeal: row["history_seal"])
            }
            let history = try Row.fetchCursor(
                db,
                sql: """
                    SELECT charge_id, at, actor, action, from_status, to_status, reason, consumer, code_before,
                        code_after, mac
                    FROM charge_history ORDER BY charge_id, id
                    """)
            while let row = try history.next() {
                walk.history(
                    HistoryLink(
                        chargeID: row["charge_id"], at: row["at"], actor: row["actor"], action: row["action"],
                        from: row["from_status"], to: row["to_status"], reason: row["reason"],
                        consumer: row["consumer"],
                        codeBefore: row["code_before"], codeAfter: row["code_after"], mac: row["mac"]))
            }
            return walk.finish()
        }
    }

    static func storedRecord(_ row: Row) -> StoredRecord {
        StoredRecord(
            id: row["id"], console: row["console"], kind: row["kind"], body: row["body"],
            previousHash: row["prev_hash"], hash: row["hash"])
    }

    func read<Value: Sendable>(_ what: String, _ body: @Sendable @escaping (Database) throws -> Value)
        async throws(StoreError) -> Value
    {
        do {
            return try await pool.read(body)
        } catch {
            throw StoreError(.readFailed, at: "\(path) \(what)", "\(error)")
        }
    }

    func write<Value: Sendable>(_ what: String, _ body: @Sendable @escaping (Database) throws -> Value)
        async throws(StoreError) -> Value
    {
        do {
            return try await pool.write(body)
        } catch {
            throw StoreError(.writeFailed, at: "\(path) \(what)", "\(error)")
        }
    }

    func decode<Value: Decodable>(_ type: Value.Type, from body: String, at location: String)
        throws(StoreError) -> Value
    {
        do {
            return try HashChain.decoder().decode(type, from: Data(body.utf8))
        } catch {
            throw StoreError(.corrupt, at: "\(path) \(location)", "\(error)")
        }
    }
}
