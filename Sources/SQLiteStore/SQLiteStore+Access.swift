import Foundation
import GRDB
import Store

extension SQLiteStore: AccessLogStore {
    public func recordAccess(_ entries: [AccessEntry]) async throws(StoreError) {
        guard !entries.isEmpty else { return }
        try await write("access_log") { db in
            let insert = try db.cachedStatement(
                sql: """
                    INSERT INTO access_log (at, actor, peer, route, resource, patients, outcome)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """)
            for entry in entries {
                try insert.execute(
                    arguments: [
                        entry.at.timeIntervalSince1970, entry.actor, entry.peer, entry.route, entry.resource,
                        entry.patientsColumn, entry.outcome,
                    ])
            }
        }
    }

    public func accessEntries(_ query: AccessQuery) async throws(StoreError) -> [AccessEntry] {
        var conditions: [String] = []
        var arguments: StatementArguments = []
        if let since = query.since {
            conditions.append("at >= ?")
            arguments += [since.timeIntervalSince1970]
        }
        if let actor = query.actor {
            conditions.append("actor = ?")
            arguments += [actor]
        }
        if let patient = query.patient {
            conditions.append("instr(patients, ',' || ? || ',') > 0")
            arguments += [patient]
        }
        if let after = query.after {
            conditions.append("id > ?")
            arguments += [after]
        }
        let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        let sql = "SELECT * FROM access_log \(filter) ORDER BY id LIMIT \(max(0, query.limit))"
        let bound = arguments
        return try await read("access_log") { db in
            try Row.fetchAll(db, sql: sql, arguments: bound).map { row in
                AccessEntry(
                    id: row["id"], at: Date(timeIntervalSince1970: row["at"]), actor: row["actor"], peer: row["peer"],
                    route: row["route"], resource: row["resource"],
                    patients: AccessEntry.patients(fromColumn: row["patients"]), outcome: row["outcome"])
            }
        }
    }
}
