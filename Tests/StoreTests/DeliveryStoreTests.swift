import ConsoleRecords
import DeliveryLog
import Foundation
import Store
import TestSupport
import Testing

/// The delivery store's contract, the same cases against SQLite and PostgreSQL.
@Suite struct DeliveryStoreTests {
    @Test(arguments: StoreBackend.allCases) func aPollsRecordsSessionsAndCursorAreStoredTogether(
        _ backend: StoreBackend
    ) async throws {
        try await backend.withEmptyStore { store, database in
            var log = DeliveryLog(console: console)
            #expect(try await store.readerState(console: "gk1") == nil)
            let records = [
                event(1, .sessionOpened), .session(SessionSnapshot(number: 7, patientID: "MRN1", plannedMs: 60_000)),
                event(2, .shotStarted, shot: 1), event(3, .shotCompleted, shot: 1), event(4, .sessionCompleted),
            ]
            try await store.commit(batch(records, log: &log, lastSeq: 4))
            let state = try #require(try await store.readerState(console: "gk1"))
            #expect(state.cursor.lastSeq == 4 && state.log == log)
            let session = try #require(try await store.session(id: "GK-4711-000007"))
            #expect(session.outcome == .completed && session.final && session.patient.id == "MRN1")
            #expect(
                try await store.records(forSession: "GK-4711-000007").map(\.kind) == [
                    "event", "session", "event", "event", "event",
                ])
        }
    }

    @Test(arguments: StoreBackend.allCases) func theSameEventIsNeverStoredTwiceAndAFailedCommitKeepsNothing(
        _ backend: StoreBackend
    ) async throws {
        try await backend.withEmptyStore { store, database in
            var log = DeliveryLog(console: console)
            try await store.commit(batch([event(1, .sessionOpened)], log: &log, lastSeq: 1))
            var replay = log
            await #expect(throws: StoreError.self) {
                try await store.commit(
                    batch([event(2, .shotStarted, shot: 1), event(1, .sessionOpened)], log: &replay, lastSeq: 2))
            }
            #expect(try await store.readerState(console: "gk1")?.cursor.lastSeq == 1)
            #expect(try await store.verify().checked == 1)
        }
    }

    @Test(arguments: StoreBackend.allCases) func theJournalRefusesUpdatesAndDeletes(_ backend: StoreBackend)
        async throws
    {
        try await backend.withEmptyStore { store, database in
            var log = DeliveryLog(console: console)
            try await store.commit(batch([event(1, .sessionOpened)], log: &log, lastSeq: 1))
            let update = "UPDATE journal SET body = 'x' WHERE id = 1"
            #expect(try database.execute(sqlite: update, postgres: update).contains("append-only"))
            #expect(
                try database.execute(sqlite: "DELETE FROM journal", postgres: "DELETE FROM journal").contains(
                    "append-only"))
            #expect(
                try database.execute(sqlite: "DELETE FROM journal", postgres: "TRUNCATE journal").contains(
                    "append-only"))
            #expect(try await store.verify().holds)
        }
    }

    @Test(arguments: StoreBackend.allCases) func verifyNamesTheFirstBrokenLink(_ backend: StoreBackend) async throws {
        try await backend.withEmptyStore { store, database in
            var log = DeliveryLog(console: console)
            try await store.commit(batch((1...5).map { event($0, .fault, session: 0) }, log: &log, lastSeq: 5))
            let intact = try await store.verify()
            #expect(intact.holds && intact.checked == 5)
            let tamper = "UPDATE journal SET body = replace(body, '\"code\":0', '\"code\":9') WHERE id = 3"
            _ = try database.execute(
                sqlite: "DROP TRIGGER journal_no_update; " + tamper,
                postgres: "ALTER TABLE journal DISABLE TRIGGER journal_append_only; " + tamper)
            let result = try await store.verify()
            #expect(result.firstBroken?.id == 3 && result.checked == 2)
            #expect(result.firstBroken?.reason.contains("content") == true)
        }
    }

    @Test(arguments: StoreBackend.allCases) func verifyNamesARemovedLink(_ backend: StoreBackend) async throws {
        try await backend.withEmptyStore { store, database in
            var log = DeliveryLog(console: console)
            try await store.commit(batch((1...4).map { event($0, .fault, session: 0) }, log: &log, lastSeq: 4))
            _ = try database.execute(
                sqlite: "DROP TRIGGER journal_no_delete; DELETE FROM journal WHERE id = 2",
                postgres: "ALTER TABLE journal DISABLE TRIGGER journal_append_only; DELETE FROM journal WHERE id = 2")
            #expect(try await store.verify().firstBroken?.id == 3)
        }
    }

    @Test(arguments: StoreBackend.allCases) func sessionsAreListedNewestFirstAndFiltered(_ backend: StoreBackend)
        async throws
    {
        try await backend.withEmptyStore { store, database in
            var log = DeliveryLog(console: console)
            var seq: UInt32 = 0
            for number in UInt32(1)...5 {
                var records: [JournalRecord] = []
                for kind in [EventKind.sessionOpened, .sessionCompleted] {
                    seq += 1
                    records.append(event(seq, kind, session: number))
                }
                if number != 3 {
                    records.insert(.session(SessionSnapshot(number: number, patientID: "P\(number)")), at: 1)
                }
                try await store.commit(batch(records, log: &log, lastSeq: seq))
            }
            #expect(try await store.sessions(SessionQuery()).map(\.number) == [5, 4, 3, 2, 1])
            #expect(try await store.sessions(SessionQuery(limit: 2)).map(\.number) == [5, 4])
            #expect(try await store.sessions(SessionQuery(flagged: true)).map(\.number) == [3])
            #expect(
                try await store.sessions(SessionQuery(since: start.addingTimeInterval(55))).map(\.number) == [5, 4])
            #expect(try await store.sessions(SessionQuery(console: "gk2")).isEmpty)
        }
    }

    @Test(arguments: StoreBackend.allCases) func summariesListWhatTheSessionsSay(_ backend: StoreBackend) async throws {
        try await backend.withEmptyStore { store, database in
            var log = DeliveryLog(console: console)
            let records = [
                event(1, .sessionOpened),
                .session(SessionSnapshot(number: 7, patientID: "MRN1", shotsPlanned: 2, plannedMs: 120_000)),
                event(2, .shotStarted, shot: 1), event(3, .shotCompleted, shot: 1), event(4, .sessionCompleted),
            ]
            try await store.commit(batch(records, log: &log, lastSeq: 4))
            let summary = try #require(try await store.summaries(SessionQuery()).first)
            let session = try #require(try await store.session(id: "GK-4711-000007"))
            #expect(summary.id == session.id && summary.outcome == session.outcome && summary.final)
            #expect(summary.shotsDelivered == 1 && summary.shotsPlanned == 2)
            #expect(summary.deliveredMs == 60_000 && summary.plannedMs == 120_000)
            #expect(summary.warnings == session.flags.filter { $0.severity != .info }.map(\.code))
            #expect(summary.warnings.contains("total_time_deviation"))
            #expect(summary.openedAt == session.openedAt)
        }
    }
}
