import ConsoleRecords
import DeliveryLog
import Foundation
import Store
import TestSupport
import Testing

let console = ConsoleRef(serial: "4711", model: "CO60-MS192", name: "gk1")
let start = Date(timeIntervalSince1970: 1_795_000_000)

func event(_ seq: UInt32, _ kind: EventKind, session: UInt32 = 7, shot: Int = 0) -> JournalRecord {
    .event(
        ConsoleEvent(
            seq: seq, time: start.addingTimeInterval(Double(seq) * 10), kind: kind, session: session, shot: shot,
            shotPlannedMs: shot == 0 ? 0 : 60_000, shotDeliveredMs: kind == .shotCompleted ? 60_000 : 0,
            sessionKind: kind == .sessionOpened ? .treatment : nil))
}

/// Applies `records` to `log` and makes the batch the daemon would commit.
func batch(_ records: [JournalRecord], log: inout DeliveryLog, lastSeq: UInt32) -> PollBatch {
    let changes = log.apply(records)
    return PollBatch(
        console: "gk1", records: records,
        state: ReaderState(cursor: JournalCursor(consoleSerial: "4711", bootID: 1, lastSeq: lastSeq), log: log),
        sessions: changes.updated + changes.finalized, receivedAt: start.addingTimeInterval(1000))
}

@Suite struct SQLiteStoreTests {
    @Test func aPollsRecordsSessionsAndCursorAreStoredTogether() async throws {
        let store = try temporaryStore()
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

    @Test func theSameEventIsNeverStoredTwiceAndAFailedCommitKeepsNothing() async throws {
        let store = try temporaryStore()
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

    @Test func theJournalRefusesUpdatesAndDeletes() async throws {
        let store = try temporaryStore()
        var log = DeliveryLog(console: console)
        try await store.commit(batch([event(1, .sessionOpened)], log: &log, lastSeq: 1))
        #expect(try Shell.sqlite3(store.path, "UPDATE journal SET body = 'x' WHERE id = 1").contains("append-only"))
        #expect(try Shell.sqlite3(store.path, "DELETE FROM journal").contains("append-only"))
        #expect(try await store.verify().holds)
    }

    @Test func verifyNamesTheFirstBrokenLink() async throws {
        let store = try temporaryStore()
        var log = DeliveryLog(console: console)
        try await store.commit(batch((1...5).map { event($0, .fault, session: 0) }, log: &log, lastSeq: 5))
        let intact = try await store.verify()
        #expect(intact.holds && intact.checked == 5)
        _ = try Shell.sqlite3(
            store.path,
            "DROP TRIGGER journal_no_update; UPDATE journal SET body = replace(body, '\"code\":0', '\"code\":9') WHERE id = 3"
        )
        let result = try await store.verify()
        #expect(result.firstBroken?.id == 3 && result.checked == 2)
        #expect(result.firstBroken?.reason.contains("content") == true)
    }

    @Test func verifyNamesARemovedLink() async throws {
        let store = try temporaryStore()
        var log = DeliveryLog(console: console)
        try await store.commit(batch((1...4).map { event($0, .fault, session: 0) }, log: &log, lastSeq: 4))
        _ = try Shell.sqlite3(store.path, "DROP TRIGGER journal_no_delete; DELETE FROM journal WHERE id = 2")
        #expect(try await store.verify().firstBroken?.id == 3)
    }

    @Test func sessionsAreListedNewestFirstAndFiltered() async throws {
        let store = try temporaryStore()
        var log = DeliveryLog(console: console)
        var seq: UInt32 = 0
        for number in UInt32(1)...5 {
            var records: [JournalRecord] = []
            for kind in [EventKind.sessionOpened, .sessionCompleted] {
                seq += 1
                records.append(event(seq, kind, session: number))
            }
            if number != 3 { records.insert(.session(SessionSnapshot(number: number, patientID: "P\(number)")), at: 1) }
            try await store.commit(batch(records, log: &log, lastSeq: seq))
        }
        #expect(try await store.sessions(SessionQuery()).map(\.number) == [5, 4, 3, 2, 1])
        #expect(try await store.sessions(SessionQuery(limit: 2)).map(\.number) == [5, 4])
        #expect(try await store.sessions(SessionQuery(flagged: true)).map(\.number) == [3])
        #expect(try await store.sessions(SessionQuery(since: start.addingTimeInterval(55))).map(\.number) == [5, 4])
        #expect(try await store.sessions(SessionQuery(console: "gk2")).isEmpty)
    }

    @Test func summariesListWhatTheSessionsSay() async throws {
        let store = try temporaryStore()
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

    @Test func aReopenedStoreHasEverything() async throws {
        let store = try temporaryStore()
        var log = DeliveryLog(console: console)
        try await store.commit(batch([event(1, .sessionOpened)], log: &log, lastSeq: 1))
        let reopened = try SQLiteStore(path: store.path)
        #expect(try await reopened.readerState(console: "gk1")?.cursor.lastSeq == 1)
        #expect(try await reopened.session(id: "GK-4711-000007")?.outcome == .open)
        #expect(try await reopened.verify().holds)
    }

    @Test func anUnopenableStoreSaysWhere() {
        #expect {
            _ = try SQLiteStore(path: "/proc/gammalog/x.sqlite")
        } throws: { error in
            (error as? StoreError)?.code == .unavailable
                && (error as? StoreError)?.location == "/proc/gammalog/x.sqlite"
        }
    }
}

@Suite struct ReadOnlyStoreTests {
    @Test func theCommandLineOpensReadOnlyAndWritesNothing() async throws {
        let store = try temporaryStore()
        var log = DeliveryLog(console: console)
        try await store.commit(batch([event(1, .sessionOpened)], log: &log, lastSeq: 1))
        let reader = try SQLiteStore(path: store.path, readOnly: true)
        #expect(try await reader.session(id: "GK-4711-000007") != nil)
        await #expect(throws: StoreError.self) {
            try await reader.commit(batch([event(2, .sessionCompleted)], log: &log, lastSeq: 2))
        }
    }

    @Test func aStoreFromANewerVersionIsRefusedSayingSo() async throws {
        let store = try temporaryStore()
        _ = try Shell.sqlite3(store.path, "INSERT INTO grdb_migrations VALUES ('v9: from the future')")
        #expect {
            _ = try SQLiteStore(path: store.path, readOnly: true)
        } throws: { error in
            (error as? StoreError)?.detail.contains("newer") == true
        }
    }
}
