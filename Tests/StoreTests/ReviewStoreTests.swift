import ChargeCapture
import DeliveryLog
import Foundation
import Store
import TestSupport
import Testing

/// Sign-off, the same cases against SQLite and PostgreSQL.
@Suite struct ReviewStoreTests {
    @Test(arguments: StoreBackend.allCases)
    func theFirstSignatureReleasesAnAfterReviewChargeAndLaterOnesAreAddendaOfTheSameRecord(_ backend: StoreBackend)
        async throws
    {
        var settings = ChargeSettings()
        settings.release = .afterReview
        try await backend.withEmptyStore(charges: settings) { store, database in
            let created = try await closeSessions([closedTreatment(1)], in: store)
            #expect(created.first?.status == .pendingReview)
            let review = try await store.sign(session: "GK-4711-000001", by: "dr-p", note: "ok", at: start)
            let addendum = try await store.sign(session: "GK-4711-000001", by: "dr-q", note: "seen", at: start)
            #expect(review.kind == "review" && addendum.kind == "addendum")
            #expect(review.recordHash == addendum.recordHash && review.recordHash.count == 64)
            #expect(try await store.reviews(ofSession: "GK-4711-000001").map(\.by) == ["dr-p", "dr-q"])
            #expect(try await store.charge(id: "GK-4711-000001", at: start)?.status == .ready)
            #expect(try await store.history(ofCharge: "GK-4711-000001").map(\.action) == ["created", "released"])
            #expect(try await store.summaries(SessionQuery(unsigned: true)).isEmpty)
            // The signed record is what was signed: a later poll cannot change it, nor can the database's shell.
            var changed = closedTreatment(1)
            changed.deliveredMs = 1
            try await closeSessions([changed], in: store)
            #expect(try await store.session(id: "GK-4711-000001")?.deliveredMs == 1_800_000)
            let update = "UPDATE sessions SET body = 'x' WHERE id = 'GK-4711-000001'"
            #expect(try database.execute(sqlite: update, postgres: update).contains("cannot be changed"))
            let delete = "DELETE FROM reviews"
            #expect(try database.execute(sqlite: delete, postgres: delete).contains("a signature cannot be"))
            #expect(try await store.reviews(ofSession: "GK-4711-000001").count == 2)
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func anOpenOrUnknownSessionCannotBeSigned(_ backend: StoreBackend) async throws {
        try await backend.withEmptyStore { store, _ in
            var open = closedTreatment(2)
            open.final = false
            try await closeSessions([open], in: store)
            await #expect(throws: ChargeError.self) {
                _ = try await store.sign(session: "GK-4711-000002", by: "dr-p", note: "", at: start)
            }
            await #expect(throws: ChargeError.self) {
                _ = try await store.sign(session: "GK-4711-000404", by: "dr-p", note: "", at: start)
            }
            #expect(try await store.reviews(ofSessions: ["GK-4711-000002", "GK-4711-000404"]).isEmpty)
        }
    }
}
