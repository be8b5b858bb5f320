import Foundation
import PostgresNIO
import SQLiteStore
import Store

extension PostgresStore {
    /// Moves one site's SQLite store onto the shared store, as `gammalog migrate-store` does (multi-site.md):
    /// the journal with its hashes, sessions, charges with their history, leases and HL7 state, reviews,
    /// coverage, and the readers' cursors, so the site's daemon goes on where it stopped.
    ///
    /// The source is only read, and must verify first. A target that already holds any of its consoles or
    /// console serials is refused. Each batch of `batchSize` rows commits with the place it reached, so a run
    /// interrupted anywhere (cancelled, killed, the database gone) goes on from there when run again; a move
    /// that finished is not repeated. While it runs it holds the consoles' locks, so no daemon writes them.
    /// At the end every chain on the shared store is walked. `progress` hears each table and its rows so far.
    public func importSite(
        from source: SQLiteStore, batchSize: Int = 500, progress: @Sendable (String, Int) -> Void = { _, _ in }
    ) async throws(StoreError) -> SiteImport.Report {
        let origin = try await source.verify()
        if let broken = origin.firstBroken {
            throw StoreError(
                .refused, at: source.path,
                "its chain is broken at journal record \(broken.id): \(broken.reason); nothing was copied")
        }
        if let problem = origin.problems.first {
            throw StoreError(.refused, at: source.path, "it does not verify: \(problem); nothing was copied")
        }
        let first = try await source.rows(of: "journal", columns: ["hash"], after: 0, limit: 1).first?.values.first
        // The chain's first hash names the store wherever its file is moved; an empty journal, its path.
        let name = "\(configuration.site) sqlite " + (first?.text.map { String($0.prefix(16)) } ?? source.path)
        var consoles = Set<String>()
        for table in ["journal", "readers", "sessions"] {
            consoles.formUnion(try await source.distinct("console", of: table))
        }
        var serials = Set(try await source.distinct("serial", of: "sessions"))
        serials.formUnion(try await source.distinct("serial", of: "charges"))
        let move = Move(
            source: source, name: name, consoles: consoles.sorted().map(qualified), serials: serials.sorted(),
            places: try await source.maximum("queue_seq", of: "charges"), batchSize: max(1, batchSize))

        let connection = try await connect()
        let moved: Moved
        do {
            moved = try await self.move(move, on: connection, progress: progress)
            try? await connection.close()
        } catch {
            try? await connection.close()
            throw error
        }
        // The consoles' locks went with the connection; the walk reads what every daemon sees.
        return SiteImport.Report(
            source: move.name, consoles: move.consoles, tables: moved.tables, resumed: moved.resumed,
            alreadyDone: moved.alreadyDone, verification: try await verify())
    }

    /// What one run of a move did: the rows by table, and whether an earlier run had begun or finished it.
    typealias Moved = (tables: [(table: String, copied: Int, kept: Int)], resumed: Bool, alreadyDone: Bool)

    /// One move's particulars.
    struct Move {
        var source: SQLiteStore
        var name: String
        var consoles: [String]
        var serials: [String]
        var places: Int64
        var batchSize: Int
    }

    func move(_ move: Move, on connection: ServerConnection, progress: (String, Int) -> Void)
        async throws(StoreError) -> Moved
    {
        let here = "\(location) migrate-store \(move.source.path)"
        let alone = try await query(connection, here, Bool.self) {
            "SELECT pg_try_advisory_lock(hashtextextended(\("gammalog.import:" + move.name), 0))"
        }
        guard alone.first == true else {
            throw StoreError(.refused, at: here, "another migrate-store is moving this store now")
        }
        // The daemons' per-console lock, held to the end: a daemon polling one of these consoles waits.
        for console in move.consoles {
            _ = try await query(connection, here, String.self) {
                "SELECT pg_advisory_lock(hashtextextended(\("gammalog.console:" + console), 0))::text"
            }
        }
        let started = try await query(connection, here, (Int64, Double?).self) {
            "SELECT queue_base, finished_at FROM store_imports WHERE source = \(move.name)"
        }.first
        // A finished move is never repeated, nor added to: the site's daemon has gone on since.
        if let started, started.1 != nil { return ([], resumed: true, alreadyDone: true) }
        try await refuseHeldConsoles(move, resumed: started != nil, on: connection, at: here)
        let queueBase: Int64
        if let started {
            queueBase = started.0
        } else {
            // The site's queued charges keep their order, after every place the network has given.
            queueBase = try await transaction(on: connection, here) { connection in
                try await self.lock(connection, Self.readyOrder)
                let base =
                    try await connection.query("SELECT nextval('charge_queue_seq')", logger: self.logger)
                    .collect().first?.decode(Int64.self) ?? 0
                try await connection.query(
                    "SELECT setval('charge_queue_seq', \(base + move.places))", logger: self.logger)
                try await connection.query(
                    """
                    INSERT INTO store_imports (source, site, path, consoles, queue_base, started_at)
                    VALUES (\(move.name), \(self.configuration.site), \(move.source.path), \(move.consoles), \(base),
                        \(Date().timeIntervalSince1970))
                    """, logger: self.logger)
                return base
            }
        }
        var tables: [(table: String, copied: Int, kept: Int)] = []
        for table in SiteImport.tables {
            tables.append(
                try await copy(table, of: move, queueBase: queueBase, on: connection, at: here, progress: progress))
        }
        let key = key
        try await transaction(on: connection, here) { connection in
            // A moved console's head is its last link here, sealed anew: the site's was its SQLite row id.
            if let key {
                let ends = try await connection.query(
                    """
                    SELECT DISTINCT ON (console) console, id, hash FROM journal WHERE console = ANY(\(move.consoles))
                    ORDER BY console, id DESC
                    """, logger: self.logger
                ).decode((String, Int64, String).self)
                for try await (console, id, hash) in ends {
                    let head = ChainHead(console: console, id: id, hash: hash)
                    try await connection.query(
                        """
                        UPDATE readers SET head_id = \(id), head_hash = \(hash), head_seal = \(head.seal(with: key))
                        WHERE console = \(console)
                        """, logger: self.logger)
                }
            }
            try await connection.query(
                "UPDATE store_imports SET finished_at = \(Date().timeIntervalSince1970) WHERE source = \(move.name)",
                logger: self.logger)
        }
        return (tables, resumed: started != nil, alreadyDone: false)
    }

    /// Refuses a target that holds any of the site's consoles or serials from elsewhere. A move that was
    /// interrupted holds its own rows; then only a console's own link, written by a daemon since, refuses.
    func refuseHeldConsoles(_ move: Move, resumed: Bool, on connection: ServerConnection, at here: String)
        async throws(StoreError)
    {
        let own = try await query(connection, here, String.self) {
            "SELECT console FROM journal WHERE console = ANY(\(move.consoles)) AND chain IS NULL LIMIT 1"
        }
        if let console = own.first {
            throw StoreError(
                .refused, at: here,
                "the shared store already records console \(console); a site moves once, before its daemon uses it")
        }
        guard !resumed else { return }
        let held = try await query(connection, here, String.self) {
            """
            SELECT console FROM journal WHERE console = ANY(\(move.consoles))
            UNION ALL SELECT console FROM readers WHERE console = ANY(\(move.consoles))
            UNION ALL SELECT console || ' (serial ' || serial || ')' FROM sessions
                WHERE console = ANY(\(move.consoles)) OR serial = ANY(\(move.serials))
            UNION ALL SELECT 'serial ' || serial FROM charges WHERE serial = ANY(\(move.serials))
            LIMIT 1
            """
        }
        if let console = held.first {
            throw StoreError(
                .refused, at: here, "the shared store already holds \(console); nothing was copied")
        }
    }

    /// Copies `table` from where an earlier run stopped, one committed batch at a time.
    func copy(
        _ table: SiteImport.Table, of move: Move, queueBase: Int64, on connection: ServerConnection,
        at here: String, progress: (String, Int) -> Void
    ) async throws(StoreError) -> (table: String, copied: Int, kept: Int) {
        let reached = try await query(connection, here, (Int64, Int64, Int64).self) {
            """
            SELECT last_rowid, copied, skipped FROM store_import_progress
            WHERE source = \(move.name) AND table_name = \(table.name)
            """
        }.first
        var (last, copied, kept): (Int64, Int64, Int64) = reached ?? (0, 0, 0)
        let targets = table.columns.map(\.target).joined(separator: ", ")
        while true {
            if Task.isCancelled {
                throw StoreError(
                    .writeFailed, at: here,
                    "interrupted in \(table.name) after its row \(last); run it again to go on from there")
            }
            let rows = try await move.source.rows(
                of: table.name, columns: table.columns.map(\.source), after: last, limit: move.batchSize)
            guard let end = rows.last?.rowid else { break }
            var binds = PostgresBindings(capacity: rows.count * table.columns.count)
            var tuples: [String] = []
            for (rowid, values) in rows {
                var places: [String] = []
                for (column, value) in zip(table.columns, values) {
                    try column.bind(
                        value, into: &binds, site: configuration.site, chain: move.name, queueBase: queueBase,
                        at: "\(move.source.path) \(table.name) row \(rowid)")
                    places.append("$\(binds.count)::\(column.type)")
                }
                tuples.append("(" + places.joined(separator: ", ") + ")")
            }
            let insert = PostgresQuery(
                unsafeSQL: """
                    INSERT INTO \(table.name) (\(targets))
                    SELECT * FROM (VALUES \(tuples.joined(separator: ", "))) AS v (\(targets))
                    \(table.alreadyHeld.map { "WHERE NOT (\($0))" } ?? "")
                    \(table.keepsExisting ? "ON CONFLICT DO NOTHING" : "") RETURNING 1
                    """, binds: binds)
            let written = Int64(rows.count)
            let inserted = try await transaction(on: connection, "\(here) \(table.name)") { connection in
                let inserted = Int64(try await connection.query(insert, logger: self.logger).collect().count)
                try await connection.query(
                    """
                    INSERT INTO store_import_progress (source, table_name, last_rowid, copied, skipped)
                    VALUES (\(move.name), \(table.name), \(end), \(copied + inserted), \(kept + written - inserted))
                    ON CONFLICT (source, table_name) DO UPDATE SET last_rowid = excluded.last_rowid,
                        copied = excluded.copied, skipped = excluded.skipped
                    """, logger: self.logger)
                return inserted
            }
            (last, copied, kept) = (end, copied + inserted, kept + written - inserted)
            progress(table.name, Int(copied + kept))
        }
        return (table.name, Int(copied), Int(kept))
    }

    /// The rows of one statement on `connection`, decoded as `columns`.
    func query<each Column: PostgresDecodable & Sendable>(
        _ connection: ServerConnection, _ here: String, _ columns: (repeat each Column).Type,
        _ sql: () -> PostgresQuery
    ) async throws(StoreError) -> [(repeat each Column)] {
        do {
            var rows: [(repeat each Column)] = []
            for try await row in try await connection.query(sql(), logger: logger).decode(columns) {
                rows.append(row)
            }
            return rows
        } catch {
            throw Self.storeError(error, .writeFailed, at: here)
        }
    }

    /// Runs `body` in one transaction on `connection`.
    @discardableResult
    func transaction<Value: Sendable>(
        on connection: ServerConnection, _ what: String, _ body: (ServerConnection) async throws -> sending Value
    ) async throws(StoreError) -> Value {
        do {
            return try await connection.withTransaction(logger: logger, body)
        } catch {
            throw Self.storeError(error, .writeFailed, at: what)
        }
    }
}
