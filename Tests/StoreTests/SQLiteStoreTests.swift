import ConsoleRecords
import DeliveryLog
import Foundation
import SQLiteStore
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
    @Test func aReopenedStoreHasEverything() async throws {
        let store = try temporaryStore()
        var log = DeliveryLog(console: console)
        try await store.commit(batch([event(1, .sessionOpened)], log: &log, lastSeq: 1))
        let reopened = try SQLiteStore(path: store.path, key: testChainKey)
        #expect(try await reopened.readerState(console: "gk1")?.cursor.lastSeq == 1)
        #expect(try await reopened.session(id: "GK-4711-000007")?.outcome == .open)
        #expect(try await reopened.verify().holds)
        // Its links are keyed: without the key they cannot be checked, and verify says so.
        #expect(try await SQLiteStore(path: store.path).verify().firstBroken?.reason.contains("no chain key") == true)
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
