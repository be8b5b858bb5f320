import ChargeCapture
import ConsoleRecords
import DeliveryLog
import Foundation
import Store
import TestSupport
import Testing

/// Whoever can write the database behind the store's back (triggers dropped, the owner's rights) but cannot
/// read the chain key: each thing such a writer can do is named by verify, the same on either store.
@Suite struct TamperEvidenceTests {
    /// Turns the append-only guards off, as the database's owner can.
    static let guardsOff = (
        sqlite: """
        DROP TRIGGER journal_no_update; DROP TRIGGER journal_no_delete; DROP TRIGGER charge_history_no_update;
        DROP TRIGGER charge_history_no_delete;
        """,
        postgres: "ALTER TABLE journal DISABLE TRIGGER USER; ALTER TABLE charge_history DISABLE TRIGGER USER;"
    )

    /// A treatment recorded in two polls (its journal, its session, its charge claimed and acknowledged).
    func record(_ store: any TestedStore) async throws -> (first: PollCommit, second: PollCommit) {
        var log = DeliveryLog(console: console)
        let first = try await store.commit(
            batch(
                [event(1, .sessionOpened), .session(SessionSnapshot(number: 7, patientID: "MRN1", plannedMs: 60_000))],
                log: &log, lastSeq: 1))
        let second = try await store.commit(
            batch(
                [event(2, .shotStarted, shot: 1), event(3, .shotCompleted, shot: 1), event(4, .sessionCompleted)],
                log: &log, lastSeq: 4))
        let claim = try await store.claim(
            consumer: "billing", by: "billing-system", max: 10, leaseSeconds: 60, at: Date())
        try await store.ack(lease: claim.lease, ids: claim.charges.map(\.id), by: "billing-system", at: Date())
        let intact = try await store.verify()
        #expect(intact.holds, "\(intact.problems)")
        #expect(first.head != nil && second.head.map { $0.id > first.head?.id ?? 0 } == true)
        return (first, second)
    }

    func problems(_ store: any TestedStore, anchor: [String: ChainHead] = [:]) async throws -> [String] {
        try await store.verify(anchor: anchor).problems.map(\.description)
    }

    @Test(arguments: StoreBackend.allCases) func aJournalLinkEditedIsNamed(_ backend: StoreBackend) async throws {
        try await backend.withEmptyStore { store, database in
            _ = try await record(store)
            let edit = "UPDATE journal SET body = replace(body, '\"shot\":1', '\"shot\":2') WHERE seq = 3"
            _ = try database.execute(sqlite: Self.guardsOff.sqlite + edit, postgres: Self.guardsOff.postgres + edit)
            let found = try await store.verify()
            #expect(found.firstBroken?.reason == "its content does not match its hash", "\(found.problems)")
        }
    }

    @Test(arguments: StoreBackend.allCases) func aJournalRewrittenWholeAsPlainHashesIsNamedByItsSealedHead(
        _ backend: StoreBackend
    ) async throws {
        try await backend.withEmptyStore { store, database in
            _ = try await record(store)
            // Without the key a writer can only make plain SHA-256 links: every one, from the first, rewritten.
            let rows = try database.execute(
                sqlite: "SELECT id, console, kind, received_at, body FROM journal ORDER BY id",
                postgres: "SELECT id, console, kind, received_at, body FROM journal ORDER BY id")
            var previous = HashChain.genesis
            var statements: [String] = []
            for line in rows.split(separator: "\n") {
                let fields = line.split(separator: "|", maxSplits: 4).map(String.init)
                guard fields.count == 5, let at = Double(fields[3]) else { continue }
                let hash = HashChain.link(
                    previous: previous, console: fields[1], kind: fields[2], receivedAt: at, body: fields[4])
                statements.append(
                    "UPDATE journal SET prev_hash = '\(previous)', hash = '\(hash)', key_id = '' WHERE id = \(fields[0]);"
                )
                previous = hash
            }
            #expect(statements.count == 5)
            let rewrite = statements.joined(separator: " ")
            _ = try database.execute(
                sqlite: Self.guardsOff.sqlite + rewrite, postgres: Self.guardsOff.postgres + rewrite)
            let found = try await store.verify()
            #expect(found.firstBroken == nil && found.checked == 5)
            #expect(
                found.problems.map(\.description) == [
                    "journal tail \(backend.console("gk1")): its last link is not its sealed head"
                ])
        }
    }

    @Test(arguments: StoreBackend.allCases) func theLastRecordsDeletedWithTriggersDroppedAreNamed(
        _ backend: StoreBackend
    ) async throws {
        try await backend.withEmptyStore { store, database in
            let (first, second) = try await record(store)
            let cut = "DELETE FROM journal WHERE id > \(first.head?.id ?? 0);"
            _ = try database.execute(sqlite: Self.guardsOff.sqlite + cut, postgres: Self.guardsOff.postgres + cut)
            let found = try await problems(store)
            #expect(
                found.contains(
                    "journal tail \(backend.console("gk1")): its journal ends at link #\(first.head?.id ?? 0), its "
                        + "sealed head is link #\(second.head?.id ?? 0): the tail was cut"), "\(found)")
        }
    }

    @Test(arguments: StoreBackend.allCases) func aStoreRolledBackWithItsReaderStateIsNamedByTheAnchor(
        _ backend: StoreBackend
    ) async throws {
        try await backend.withEmptyStore { store, database in
            let (first, second) = try await record(store)
            let anchor = [backend.console("gk1"): try #require(second.head)]
            #expect(try await problems(store, anchor: anchor).isEmpty)
            // The second poll undone whole: its links gone and the reader's sealed head put back as it was.
            let firstHead = try #require(first.head)
            let seal = firstHead.seal(with: testChainKey)
            let rollback = """
                DELETE FROM journal WHERE id > \(firstHead.id);
                UPDATE readers SET head_id = \(firstHead.id), head_hash = '\(firstHead.hash)', head_seal = '\(seal)';
                """
            _ = try database.execute(
                sqlite: Self.guardsOff.sqlite + rollback, postgres: Self.guardsOff.postgres + rollback)
            #expect(try await problems(store).filter { $0.hasPrefix("journal") }.isEmpty)
            #expect(
                try await problems(store, anchor: anchor).contains(
                    "anchor \(backend.console("gk1")): its journal ends at link #\(firstHead.id), behind the anchor "
                        + "file's link #\(second.head?.id ?? 0): cut or rolled back"))
        }
    }

    @Test(arguments: StoreBackend.allCases) func aDeletedSessionRowIsNamed(_ backend: StoreBackend) async throws {
        try await backend.withEmptyStore { store, database in
            _ = try await record(store)
            _ = try database.execute(
                sqlite: "DELETE FROM sessions WHERE number = 7", postgres: "DELETE FROM sessions WHERE number = 7")
            #expect(
                try await problems(store) == [
                    "session \(backend.console("gk1")) #7: the journal holds its records and its row is gone: deleted"
                ])
        }
    }

    @Test(arguments: StoreBackend.allCases) func anEditedSessionOrChargeRowIsNamed(_ backend: StoreBackend)
        async throws
    {
        try await backend.withEmptyStore { store, database in
            _ = try await record(store)
            let edit = """
                UPDATE sessions SET body = replace(body, 'MRN1', 'MRN2');
                UPDATE charges SET body = replace(body, '77371', '77373');
                """
            _ = try database.execute(sqlite: edit, postgres: edit)
            #expect(
                try await problems(store) == [
                    "session GK-4711-000007: its row does not match its seal: changed outside GammaLog",
                    "charge GK-4711-000007: its row does not match its seal: changed outside GammaLog",
                ])
        }
    }

    @Test(arguments: StoreBackend.allCases) func aChargesHistoryEditedOrCutIsNamed(_ backend: StoreBackend)
        async throws
    {
        try await backend.withEmptyStore { store, database in
            _ = try await record(store)
            let edit = "UPDATE charge_history SET actor = 'someone else' WHERE action = 'claimed';"
            _ = try database.execute(sqlite: Self.guardsOff.sqlite + edit, postgres: Self.guardsOff.postgres + edit)
            #expect(
                try await problems(store) == [
                    "charge history GK-4711-000007: entry 2 (claimed) does not match its seal: edited, removed or reordered"
                ])
            // The last entry removed and the status put back: the history's sealed end is not its last entry.
            let cut = """
                UPDATE charge_history SET actor = 'billing-system' WHERE action = 'claimed';
                DELETE FROM charge_history WHERE action = 'acked';
                UPDATE charges SET status = 'claimed';
                """
            _ = try database.execute(sqlite: cut, postgres: cut)
            let found = try await problems(store)
            #expect(
                found.contains(
                    "charge history GK-4711-000007: its sealed end is not its last entry (2 entries): entries were "
                        + "removed or added"), "\(found)")
        }
    }
}
