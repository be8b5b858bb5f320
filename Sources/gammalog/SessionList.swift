import CSQLite
import Civil

/// The session list read with the SQLite C API, formatted exactly as the
/// full tool formats it. Returns nil whenever the store is not one this
/// version knows, so the full tool can say what is wrong.
enum SessionList {
    /// Migrations of the schema this fast path reads; any other count means another version.
    static let knownMigrations: Int64 = 4

    static func render(_ request: SessionsRequest) -> String? {
        var handle: OpaquePointer?
        guard sqlite3_open_v2(request.path, &handle, SQLITE_OPEN_READONLY, nil) == SQLITE_OK, let db = handle else {
            sqlite3_close(handle)
            return nil
        }
        defer { sqlite3_close(db) }
        sqlite3_busy_timeout(db, 10_000)
        guard scalar(db, "SELECT count(*) FROM grdb_migrations") == knownMigrations else { return nil }
        var conditions: [String] = []
        if request.since != nil { conditions.append("opened_at >= ?") }
        if request.console != nil { conditions.append("console = ?") }
        if request.flagged { conditions.append("flagged = 1") }
        let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        let sql = """
            SELECT id, kind, outcome, opened_at, record_complete, shots_delivered, shots_planned, delivered_ms,
                planned_ms, warnings FROM sessions \(filter) ORDER BY opened_at DESC, number DESC LIMIT \(request.limit)
            """
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(db, sql, -1, &statement, nil) == SQLITE_OK, let query = statement else { return nil }
        defer { sqlite3_finalize(query) }
        var parameter: Int32 = 1
        if let since = request.since {
            sqlite3_bind_double(query, parameter, since)
            parameter += 1
        }
        if let console = request.console {
            sqlite3_bind_text(query, parameter, console, -1, unsafeBitCast(-1, to: sqlite3_destructor_type.self))
        }
        var lines = [
            [
                pad("SESSION", 16), pad("OPENED", 21), pad("KIND", 10), pad("OUTCOME", 18), pad("SHOTS", 6),
                pad("BEAM-ON S", 16), pad("RECORD", 11), "FLAGS",
            ].joined(separator: " ")
        ]
        var count = 0
        while true {
            let step = sqlite3_step(query)
            if step == SQLITE_DONE { break }
            guard step == SQLITE_ROW else { return nil }
            let opened =
                sqlite3_column_type(query, 3) == SQLITE_NULL
                ? "-"
                : CivilTime.formatWholeSeconds(milliseconds: Int64((sqlite3_column_double(query, 3) * 1000).rounded()))
            let planned = optionalInt(query, 6).map(String.init) ?? "?"
            let beam = "\(seconds(optionalInt(query, 7)))/\(seconds(optionalInt(query, 8)))"
            lines.append(
                [
                    pad(text(query, 0) ?? "", 16), pad(opened, 21), pad(text(query, 1) ?? "?", 10),
                    pad(text(query, 2) ?? "?", 18), pad("\(sqlite3_column_int64(query, 5))/\(planned)", 6),
                    pad(beam, 16),
                    pad(sqlite3_column_int64(query, 4) != 0 ? "complete" : "INCOMPLETE", 11), text(query, 9) ?? "",
                ].joined(separator: " "))
            count += 1
        }
        lines.append("\(count) session(s)")
        return lines.joined(separator: "\n")
    }

    static func scalar(_ db: OpaquePointer, _ sql: String) -> Int64? {
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(db, sql, -1, &statement, nil) == SQLITE_OK, let query = statement else { return nil }
        defer { sqlite3_finalize(query) }
        return sqlite3_step(query) == SQLITE_ROW ? sqlite3_column_int64(query, 0) : nil
    }

    static func text(_ query: OpaquePointer, _ column: Int32) -> String? {
        sqlite3_column_text(query, column).map { String(cString: $0) }
    }

    static func optionalInt(_ query: OpaquePointer, _ column: Int32) -> Int64? {
        sqlite3_column_type(query, column) == SQLITE_NULL ? nil : sqlite3_column_int64(query, column)
    }

    /// Milliseconds as seconds with one decimal, rounded as `%.1f` rounds.
    static func seconds(_ ms: Int64?) -> String {
        guard let ms else { return "-" }
        let tenths = Int64((Double(ms) / 100).rounded(.toNearestOrEven))
        return "\(tenths / 10).\(abs(tenths % 10))"
    }

    static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }
}
