import Foundation
import PostgresNIO
import Store

extension PostgresStore: AccessLogStore {
    public func recordAccess(_ entries: [AccessEntry]) async throws(StoreError) {
        guard !entries.isEmpty else { return }
        let at = entries.map(\.at.timeIntervalSince1970)
        let actors = entries.map(\.actor)
        let peers = entries.map { $0.peer ?? "" }
        let routes = entries.map(\.route)
        let resources = entries.map { $0.resource ?? "" }
        let patients = entries.map { $0.patientsColumn ?? "" }
        let outcomes = entries.map(\.outcome)
        // One INSERT of every entry, committed by itself: the answer waits for one round trip to the server.
        try await write(
            "access_log",
            """
            INSERT INTO access_log (at, actor, peer, route, resource, patients, outcome)
            SELECT at, actor, NULLIF(peer, ''), route, NULLIF(resource, ''), NULLIF(patients, ''), outcome
            FROM unnest(\(at)::float8[], \(actors)::text[], \(peers)::text[], \(routes)::text[],
                \(resources)::text[], \(patients)::text[], \(outcomes)::text[])
                AS e(at, actor, peer, route, resource, patients, outcome)
            """)
    }

    public func accessEntries(_ query: AccessQuery) async throws(StoreError) -> [AccessEntry] {
        var filter = Filter()
        if let since = query.since { filter.add("at >= ?", since.timeIntervalSince1970) }
        if let actor = query.actor { filter.add("actor = ?", actor) }
        if let patient = query.patient { filter.add("position(',' || ? || ',' in patients) > 0", patient) }
        if let after = query.after { filter.add("id > ?", after) }
        let statement = PostgresQuery(
            unsafeSQL: """
                SELECT id, at, actor, peer, route, resource, patients, outcome FROM access_log \(filter.whereClause)
                ORDER BY id LIMIT \(max(0, query.limit))
                """, binds: filter.binds)
        return try await read("access_log") { connection in
            var entries: [AccessEntry] = []
            let rows = try await connection.query(statement, logger: self.logger)
            for try await (id, at, actor, peer, route, resource, patients, outcome) in rows.decode(
                (Int64, Double, String, String?, String, String?, String?, String).self)
            {
                entries.append(
                    AccessEntry(
                        id: id, at: Date(timeIntervalSince1970: at), actor: actor, peer: peer, route: route,
                        resource: resource, patients: AccessEntry.patients(fromColumn: patients), outcome: outcome))
            }
            return entries
        }
    }
}
