import ChargeCapture
import ConsoleRecords
import DeliveryLog
import Foundation
import PostgresNIO
import Store

extension PostgresStore {
    public func readerState(console name: String) async throws(StoreError) -> ReaderState? {
        let console = qualified(name)
        let body = try await read("readers.\(console)") { connection in
            try await connection.query("SELECT state FROM readers WHERE console = \(console)", logger: self.logger)
                .collect().first?.decode(String.self)
        }
        guard let body else { return nil }
        return try decode(ReaderState.self, from: body, at: "readers.\(console)")
    }

    @discardableResult
    public func commit(_ batch: PollBatch) async throws(StoreError) -> PollCommit {
        let console = qualified(batch.console)
        let (entries, stateBody, sessionRows) = try batch.encoded(at: "\(location) \(console)")
        let received = batch.receivedAt.timeIntervalSince1970
        let key = key
        let committed = try await transaction("commit \(console)") { connection -> PollCommit in
            // One writer per console chain: a second daemon polling the same console waits here.
            try await self.lock(connection, "console:" + console)
            let (head, lastOfSession) = try await self.appendJournal(
                connection, console: console, entries, receivedAt: received)
            for (session, body) in sessionRows {
                try await connection.query(
                    """
                    INSERT INTO sessions (id, console, serial, number, kind, outcome, opened_at, closed_at, final,
                        flagged, record_complete, patient_id, body, updated_at, seal)
                    VALUES (\(session.id), \(console), \(session.console.serial), \(Int64(session.number)),
                        \(session.kind?.rawValue), \(session.outcome.rawValue),
                        \(session.openedAt?.timeIntervalSince1970), \(session.closedAt?.timeIntervalSince1970),
                        \(session.final), \(JournalEntry.isFlagged(session)), \(session.recordComplete),
                        \(session.patient.id), \(body), \(received), \(key?.sessionSeal(id: session.id, body: body) ?? ""))
                    ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, outcome = excluded.outcome,
                        opened_at = excluded.opened_at, closed_at = excluded.closed_at, final = excluded.final,
                        flagged = excluded.flagged, record_complete = excluded.record_complete,
                        patient_id = excluded.patient_id, body = excluded.body, updated_at = excluded.updated_at,
                        seal = excluded.seal
                    WHERE NOT sessions.signed
                    """, logger: self.logger)
            }
            // The head moves with the links, sealed: cutting the journal's tail leaves it pointing past the end.
            let headSeal = key.flatMap { head?.seal(with: $0) }
            try await connection.query(
                """
                INSERT INTO readers (console, state, updated_at, head_id, head_hash, head_seal)
                VALUES (\(console), \(stateBody), \(received), \(head?.id), \(head?.hash), \(headSeal))
                ON CONFLICT (console) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at,
                    head_id = coalesce(excluded.head_id, readers.head_id),
                    head_hash = coalesce(excluded.head_hash, readers.head_hash),
                    head_seal = coalesce(excluded.head_seal, readers.head_seal)
                """, logger: self.logger)
            // The charge is decided in the transaction that closes its session: never one without the other.
            // Every patient's lock first, in one order, before the ready order's: no two commits wait on each other.
            let patients = Set(sessionRows.filter { $0.0.final }.compactMap { $0.0.patient.id })
            for patient in patients.sorted() { try await self.lockPatient(connection, patient) }
            var created: [Charge] = []
            for (session, _) in sessionRows where session.final {
                if let charge = try await self.createCharge(
                    connection, for: session, console: console, logHash: lastOfSession[session.number],
                    at: batch.receivedAt)
                {
                    created.append(charge)
                }
            }
            return PollCommit(charges: created, head: key == nil ? nil : head)
        }
        // This daemon's sender wakes at once; another daemon's finds the charge on its next look (1 s at most).
        if committed.charges.contains(where: { $0.status == .ready }) { readyBell.ring() }
        return committed
    }

    /// Appends `entries` to `console`'s hash chain, whose lock the caller's transaction holds: the links are made
    /// here, in order, and written in one statement. Returns the chain's new head (nil when there was nothing to
    /// write) and each session's last link in this batch.
    func appendJournal(
        _ connection: ServerConnection, console: String, _ entries: [JournalEntry], receivedAt received: Double
    ) async throws -> (head: ChainHead?, lastOfSession: [UInt32: String]) {
        guard !entries.isEmpty else { return (nil, [:]) }
        let last =
            try await connection.query(
                "SELECT hash FROM journal WHERE console = \(console) ORDER BY id DESC LIMIT 1", logger: logger
            ).collect().first?.decode(String.self) ?? HashChain.genesis
        let links = HashChain.links(of: entries, after: last, console: console, receivedAt: received, key: key)
        let (previousHashes, hashes) = (links.map(\.previous), links.map(\.hash))
        var lastOfSession: [UInt32: String] = [:]
        for (entry, hash) in zip(entries, hashes) { lastOfSession[entry.session] = hash }
        // -1 stands for no boot id or sequence number (both are unsigned on the console). Ids follow the order
        // of the links, so the last is the head.
        let lastID = try await connection.query(
            """
            WITH written AS (
                INSERT INTO journal (console, kind, boot_id, seq, session_number, received_at, body, prev_hash,
                    hash, key_id)
                SELECT \(console), kind, nullif(boot_id, -1), nullif(seq, -1), session_number, \(received), body,
                    prev_hash, hash, \(key?.id ?? "")
                FROM unnest(\(entries.map(\.kind))::text[], \(entries.map { $0.bootID.map(Int64.init) ?? -1 })::bigint[],
                    \(entries.map { $0.seq.map(Int64.init) ?? -1 })::bigint[],
                    \(entries.map { Int64($0.session) })::bigint[], \(entries.map(\.body))::text[],
                    \(previousHashes)::text[], \(hashes)::text[])
                    WITH ORDINALITY AS entry(kind, boot_id, seq, session_number, body, prev_hash, hash, place)
                ORDER BY place
                RETURNING id)
            SELECT max(id) FROM written
            """, logger: logger
        ).collect().first?.decode(Int64?.self)
        return ((lastID ?? nil).map { ChainHead(console: console, id: $0, hash: hashes.last ?? last) }, lastOfSession)
    }

    /// A write the server takes within `probeTimeout`; while the database is away (restarting, failing over),
    /// the pool keeps trying to reconnect and this says so at once instead of waiting with it.
    public func probeWrite() async throws(StoreError) {
        // The attempt is left to end in the background when the deadline passes: a task group would wait for
        // it, and a pool that is reconnecting may hold a request for a connection for longer than the deadline.
        let outcome = ProbeOutcome()
        let timeout = Self.probeTimeout
        let result = await withCheckedContinuation { (continuation: CheckedContinuation<StoreError?, Never>) in
            outcome.wait(continuation)
            let attempt = Task {
                do throws(StoreError) {
                    // A transaction id is only given where writes are taken: a read-only standby refuses.
                    try await self.transaction("probe") { connection in
                        try await connection.query("SELECT pg_current_xact_id()", logger: self.logger)
                    }
                    outcome.finish(nil)
                } catch {
                    outcome.finish(error)
                }
            }
            Task {
                try? await Task.sleep(for: timeout)
                attempt.cancel()
                outcome.finish(
                    StoreError(.unavailable, at: self.location, "the database did not answer within \(timeout)"))
            }
        }
        if let result { throw result }
    }

    /// How long ``probeWrite()`` waits for the database.
    static let probeTimeout = Duration.seconds(2)

    public func sessions(_ query: SessionQuery) async throws(StoreError) -> [DeliverySession] {
        var sessions: [DeliverySession] = []
        for (body, _, _) in try await sessionBodies(query) {
            sessions.append(try decode(DeliverySession.self, from: body, at: "sessions"))
        }
        return sessions
    }

    public func summaries(_ query: SessionQuery) async throws(StoreError) -> [SessionSummary] {
        var summaries: [SessionSummary] = []
        for (body, console, signed) in try await sessionBodies(query) {
            let session = try decode(DeliverySession.self, from: body, at: "sessions")
            summaries.append(SessionSummary(session, console: console, signed: signed))
        }
        return summaries
    }

    /// The body, console and sign-off of the sessions `query` selects, newest first.
    func sessionBodies(_ query: SessionQuery) async throws(StoreError) -> [(String, String, Bool)] {
        var filter = Filter()
        if let since = query.since { filter.add("opened_at >= ?", since.timeIntervalSince1970) }
        if let console = query.console { filter.add("console = ?", consoleFilter(console)) }
        if let until = query.until { filter.add("opened_at < ?", until.timeIntervalSince1970) }
        if let kind = query.kind { filter.add("kind = ?", kind.rawValue) }
        if let patient = query.patient { filter.add("patient_id = ?", patient) }
        if query.flagged { filter.conditions.append("flagged") }
        if query.unsigned { filter.conditions.append("NOT signed") }
        let sql = """
            SELECT body, console, signed FROM sessions \(filter.whereClause)
            ORDER BY opened_at DESC NULLS LAST, number DESC LIMIT \(query.limit) OFFSET \(query.offset)
            """
        let statement = PostgresQuery(unsafeSQL: sql, binds: filter.binds)
        return try await read("sessions") { connection in
            var rows: [(String, String, Bool)] = []
            for try await row in try await connection.query(statement, logger: self.logger).decode(
                (String, String, Bool).self)
            {
                rows.append(row)
            }
            return rows
        }
    }

    /// A console filter as the network names consoles: `site/name` as it is, a bare name at this site.
    func consoleFilter(_ console: String) -> String {
        console.contains("/") ? console : qualified(console)
    }

    public func session(id: String) async throws(StoreError) -> DeliverySession? {
        let body = try await read("sessions.\(id)") { connection in
            try await connection.query("SELECT body FROM sessions WHERE id = \(id)", logger: self.logger)
                .collect().first?.decode(String.self)
        }
        guard let body else { return nil }
        return try decode(DeliverySession.self, from: body, at: "sessions.\(id)")
    }

    public func records(forSession id: String) async throws(StoreError) -> [StoredRecord] {
        try await read("journal for \(id)") { connection in
            var records: [StoredRecord] = []
            let rows = try await connection.query(
                """
                SELECT j.id, j.console, j.kind, j.body, j.prev_hash, j.hash FROM journal j JOIN sessions s
                  ON j.console = s.console AND j.session_number = s.number
                WHERE s.id = \(id) ORDER BY j.id
                """, logger: self.logger)
            for try await (id, console, kind, body, previous, hash) in rows.decode(
                (Int64, String, String, String, String, String).self)
            {
                records.append(
                    StoredRecord(id: id, console: console, kind: kind, body: body, previousHash: previous, hash: hash))
            }
            return records
        }
    }

    public func metrics(console: String?, from: Date?, to: Date?) async throws(StoreError) -> [SessionMetrics] {
        var metrics: [SessionMetrics] = []
        let rows = try await read("session metrics") { connection in
            var rows: [(String, String, Bool)] = []
            let console = console.map(self.consoleFilter)
            let sequence = try await connection.query(
                """
                SELECT body, console, signed FROM sessions
                WHERE final AND (\(console)::text IS NULL OR console = \(console))
                    AND (\(from?.timeIntervalSince1970)::float8 IS NULL OR opened_at >= \(from?.timeIntervalSince1970))
                    AND (\(to?.timeIntervalSince1970)::float8 IS NULL OR opened_at < \(to?.timeIntervalSince1970))
                ORDER BY opened_at, number
                """, logger: self.logger)
            for try await row in sequence.decode((String, String, Bool).self) { rows.append(row) }
            return rows
        }
        for (body, console, signed) in rows {
            let session = try decode(DeliverySession.self, from: body, at: "sessions")
            metrics.append(SessionMetrics(session, console: console, signed: signed))
        }
        return metrics
    }

    /// Walks every chain from its genesis and names the first broken link: each console's, and each chain a
    /// site's SQLite store kept before `gammalog migrate-store` moved it here, with its hashes. A console's own
    /// links continue from the last link moved for it.
    public func verify(anchor: [String: ChainHead]) async throws(StoreError) -> ChainVerification {
        let key = key
        return try await read("integrity") { connection in
            var walk = ChainWalk(key: key, anchor: anchor)
            let links = try await connection.query(
                """
                SELECT id, console, chain, coalesce(hashed_console, console), kind, received_at, body, prev_hash, hash,
                    key_id
                FROM journal ORDER BY id
                """, logger: self.logger)
            for try await (id, console, chain, hashed, kind, received, body, previous, hash, keyID) in links.decode(
                (Int64, String, String?, String, String, Double, String, String, String, String).self)
            {
                guard walk.walking else { continue }
                // A moved link follows the link before it in its site's store; a console's own, its console's last.
                let follows = chain.map { "moved " + $0 } ?? console
                walk.visit(
                    ChainWalk.Link(
                        id: id, console: console, chain: follows, continues: [follows, console], hashedConsole: hashed,
                        kind: kind, receivedAt: received, body: body, previousHash: previous, hash: hash, keyID: keyID))
            }
            for try await (console, id, hash, seal) in try await connection.query(
                "SELECT console, head_id, head_hash, head_seal FROM readers", logger: self.logger
            ).decode((String, Int64?, String?, String?).self) {
                walk.reader(
                    console: console, head: id.map { ChainHead(console: console, id: $0, hash: hash ?? "") }, seal: seal
                )
            }
            for try await (id, body, seal, updated) in try await connection.query(
                "SELECT id, body, seal, updated_at FROM sessions", logger: self.logger
            ).decode((String, String, String, Double).self) {
                walk.session(id: id, body: body, seal: seal, updatedAt: updated)
            }
            for try await (console, number) in try await connection.query(
                PostgresQuery(unsafeSQL: ChainWalk.missingSessionsSQL), logger: self.logger
            ).decode((String, Int64).self) {
                walk.missingSession(console: console, number: number)
            }
            for try await (id, status, body, seal, historySeal) in try await connection.query(
                "SELECT id, status, body, seal, history_seal FROM charges", logger: self.logger
            ).decode((String, String, String, String, String).self) {
                walk.charge(id: id, status: status, body: body, seal: seal, historySeal: historySeal)
            }
            let history = try await connection.query(
                """
                SELECT charge_id, at, actor, action, from_status, to_status, reason, consumer, code_before, code_after,
                    mac
                FROM charge_history ORDER BY charge_id, id
                """, logger: self.logger)
            for try await row in history.decode(
                (String, Double, String, String, String?, String, String?, String?, String?, String?, String).self)
            {
                walk.history(
                    HistoryLink(
                        chargeID: row.0, at: row.1, actor: row.2, action: row.3, from: row.4, to: row.5, reason: row.6,
                        consumer: row.7, codeBefore: row.8, codeAfter: row.9, mac: row.10))
            }
            return walk.finish()
        }
    }
}
