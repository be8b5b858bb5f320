import Foundation
import Store
import TestSupport
import Testing

/// The access log on each store: kept in order, read back by actor, patient and place, never changed.
@Suite(.serialized) struct AccessLogStoreTests {
    static let start = Date(timeIntervalSince1970: 1_795_000_000)

    static func entry(_ second: Double, _ actor: String, patients: [String] = [], outcome: String = "ok")
        -> AccessEntry
    {
        AccessEntry(
            at: start.addingTimeInterval(second), actor: actor, peer: "127.0.0.1",
            route: "GET /api/v1/sessions/{id}", resource: "GK-4711-000001", patients: patients, outcome: outcome)
    }

    @Test(arguments: StoreBackend.allCases) func entriesAreKeptInOrderAndReadBackByActorPatientAndPlace(
        backend: StoreBackend
    ) async throws {
        try await backend.withEmptyStore { store, _ in
            try await store.recordAccess([Self.entry(0, "dr-p", patients: ["MRN1"])])
            try await store.recordAccess([
                Self.entry(1, "billing", patients: ["MRN1", "MRN12"]),
                Self.entry(2, "anonymous", outcome: "refused_credential"),
            ])
            let all = try await store.accessEntries(AccessQuery())
            #expect(all.map(\.actor) == ["dr-p", "billing", "anonymous"])
            #expect(all.first?.patients == ["MRN1"] && all.first?.peer == "127.0.0.1")
            #expect(all.first?.route == "GET /api/v1/sessions/{id}" && all.first?.resource == "GK-4711-000001")
            #expect(
                try await store.accessEntries(AccessQuery(actor: "billing")).map(\.patients) == [["MRN1", "MRN12"]])
            #expect(try await store.accessEntries(AccessQuery(patient: "MRN1")).count == 2)
            #expect(try await store.accessEntries(AccessQuery(patient: "MRN12")).map(\.actor) == ["billing"])
            #expect(try await store.accessEntries(AccessQuery(since: Self.start.addingTimeInterval(1.5))).count == 1)
            let first = try await store.accessEntries(AccessQuery(limit: 2))
            let rest = try await store.accessEntries(AccessQuery(after: first.last?.id, limit: 2))
            #expect(first.count == 2 && rest.map(\.actor) == ["anonymous"])
        }
    }

    @Test(arguments: StoreBackend.allCases) func theDatabaseRefusesToChangeOrDeleteAnEntry(backend: StoreBackend)
        async throws
    {
        try await backend.withEmptyStore { store, database in
            try await store.recordAccess([Self.entry(0, "dr-p", patients: ["MRN1"])])
            let update = try database.execute(
                sqlite: "UPDATE access_log SET actor = 'nobody';", postgres: "UPDATE access_log SET actor = 'nobody'")
            let delete = try database.execute(
                sqlite: "DELETE FROM access_log;", postgres: "DELETE FROM access_log")
            #expect(update.contains("append-only") && delete.contains("append-only"), "\(update) \(delete)")
            #expect(try await store.accessEntries(AccessQuery()).map(\.actor) == ["dr-p"])
        }
    }
}
