import ChargeCapture
import ConsoleRecords
import DeliveryLog
import Foundation
import PostgresStore
import SQLiteStore
import Store
import TestSupport
import Testing

/// `gammalog migrate-store`'s move of one site's SQLite store onto the shared store (multi-site.md).
@Suite struct SiteImportTests {
    static let second = ConsoleRef(serial: "4712", model: "CO60-MS192", name: "gk2")

    /// A site's store as its daemon leaves it: two consoles' journals, sessions and charges, a claimed charge, an
    /// HL7 message waiting for its ACK, a signature, coverage from the ADT feed and an authorization.
    static func siteStore() async throws -> (SQLiteStore, lease: String, claimed: [String]) {
        let store = try temporaryStore()
        var first = DeliveryLog(console: console)
        try await store.commit(
            batch(
                [
                    event(1, .sessionOpened),
                    .session(SessionSnapshot(number: 7, patientID: "MRN1", plannedMs: 60_000)),
                    event(2, .shotStarted, shot: 1), event(3, .shotCompleted, shot: 1), event(4, .sessionCompleted),
                ], log: &first, lastSeq: 4))
        var other = DeliveryLog(console: second)
        let records: [JournalRecord] = [.event(ConsoleEvent(seq: 1, time: start, kind: .fault, session: 0, shot: 0))]
        let changes = other.apply(records)
        try await store.commit(
            PollBatch(
                console: "gk2", records: records,
                state: ReaderState(cursor: JournalCursor(consoleSerial: "4712", bootID: 1, lastSeq: 1), log: other),
                sessions: changes.updated + changes.finalized, receivedAt: start.addingTimeInterval(1001)))
        try await store.applyADT(
            .coverage(controlID: "M1", patient: "MRN-MEDICARE", coverages: [medicare], authorizations: []),
            raw: "MSH|…", peer: "127.0.0.1", at: now)
        _ = try await store.addAuthorization(
            uhcAuthorization(units: 3), forPatient: "MRN-UHC", by: "admin", at: now)
        try await closeSessions(
            (1...6).map { closedTreatment($0, patient: $0 == 1 ? "MRN-MEDICARE" : nil) }, in: store)
        let claim = try await store.claim(consumer: "pb", by: "billing", max: 2, leaseSeconds: 3600, at: Date())
        let waiting = try #require(try await store.nextForHL7(at: Date()))
        try await store.keepHL7Message(
            charge: waiting.charge.id, controlID: waiting.charge.controlID, message: "MSH|^~\\&|GAMMALOG|…")
        _ = try await store.sign(session: "GK-4711-000002", by: "physicist", note: "reviewed", at: now)
        return (store, claim.lease, claim.charges.map(\.id))
    }

    @Test func aSiteMovesWithItsHashesAndEverythingBillingAndPhysicistsSeeAndItsDaemonGoesOnWhereItStopped()
        async throws
    {
        let (source, lease, claimed) = try await Self.siteStore()
        let database = try PostgresServer.freshDatabase()
        try await withPostgresStore(database: database) { target in
            let report = try await target.importSite(from: source, batchSize: 3)
            #expect(report.consoles == ["north/gk1", "north/gk2"] && !report.resumed && !report.alreadyDone)
            let journal = try await source.count(of: "journal")
            #expect(report.verification.holds && report.verification.checked == journal)
            #expect(report.tables.first { $0.table == "charges" }?.copied == 7)

            // Nothing a billing system or a physicist sees changes, but for the consoles' site.
            let all = SessionQuery(limit: 1000)
            #expect(try await target.sessions(all) == source.sessions(all))
            #expect(try await target.summaries(all).map(\.console).sorted().first == "north/gk1")
            let moment = Date()
            let before = try await source.charges(ChargeQuery(limit: 1000), at: moment)
            let after = try await target.charges(ChargeQuery(limit: 1000), at: moment)
            #expect(after.map(\.id).sorted() == before.map(\.id).sorted())
            #expect(Set(after) == Set(before))
            for charge in before {
                #expect(try await target.history(ofCharge: charge.id) == source.history(ofCharge: charge.id))
            }
            #expect(
                try await target.records(forSession: "GK-4711-000007").map(\.hash)
                    == source.records(forSession: "GK-4711-000007").map(\.hash))
            #expect(
                try await target.reviews(ofSession: "GK-4711-000002") == source.reviews(ofSession: "GK-4711-000002"))
            #expect(try await target.coverage(ofPatient: "MRN-MEDICARE") == source.coverage(ofPatient: "MRN-MEDICARE"))
            #expect(try await target.coverage(ofPatient: "MRN-UHC") == source.coverage(ofPatient: "MRN-UHC"))
            #expect(try await target.readerState(console: "gk1") == source.readerState(console: "gk1"))

            // The lease taken at the site is acked through the network; the kept HL7 message goes out as it was.
            try await target.ack(lease: lease, ids: claimed, by: "billing", at: Date())
            #expect(try await target.charges(ChargeQuery(status: .exported), at: Date()).count == 2)
            #expect(try await target.nextForHL7(at: Date()) == source.nextForHL7(at: Date()))

            // The site's daemon, now on the shared store, goes on: its console's chain continues the moved one.
            var log = try #require(try await target.readerState(console: "gk1")).log
            try await target.commit(batch([event(5, .sessionOpened, session: 8)], log: &log, lastSeq: 5))
            let continued = try await target.verify()
            #expect(continued.holds && continued.checked == journal + 1)

            // Run again: already done, nothing copied twice.
            let again = try await target.importSite(from: source)
            #expect(again.alreadyDone && again.verification.holds)
            #expect(try PostgresServer.psql(database, "SELECT count(*) FROM journal").output == "\(journal + 1)")

            // A moved link's hash still covers what it says.
            _ = try PostgresServer.psql(
                database,
                """
                ALTER TABLE journal DISABLE TRIGGER journal_append_only;
                UPDATE journal SET body = replace(body, '"seq":2', '"seq":9') WHERE console = 'north/gk1' AND seq = 2
                """)
            let tampered = try await target.verify()
            #expect(tampered.firstBroken?.reason.contains("content") == true && tampered.checked == 2)
        }
    }

    @Test func coverageFromAnADTMessageTheNetworkAlreadyAppliedIsNotCopiedASecondTime() async throws {
        let (source, _, _) = try await Self.siteStore()
        try await withPostgresStore(site: "south") { south in
            // The hospital's feed reached the network's other site too.
            try await south.applyADT(
                .coverage(controlID: "M1", patient: "MRN-MEDICARE", coverages: [medicare], authorizations: []),
                raw: "MSH|…", peer: "127.0.0.1", at: now)
            let before = try await south.coverage(ofPatient: "MRN-MEDICARE")
            let report = try await south.importSite(from: source)
            #expect(report.tables.first { $0.table == "coverage" }.map { ($0.copied, $0.kept) } ?? (0, 0) == (0, 1))
            #expect(report.tables.first { $0.table == "adt_messages" }?.kept == 1)
            #expect(try await south.coverage(ofPatient: "MRN-MEDICARE") == before, "one coverage, not two")
            #expect(try await south.coverage(ofPatient: "MRN-UHC") == source.coverage(ofPatient: "MRN-UHC"))
        }
    }

    @Test func anInterruptedMoveGoesOnWhereItStoppedAndCopiesNothingTwice() async throws {
        let (source, _, _) = try await Self.siteStore()
        try await withPostgresStore() { target in
            let batches = Counter()
            let interrupted = Task {
                try await target.importSite(from: source, batchSize: 2) { _, _ in
                    if batches.increment() == 4 { withUnsafeCurrentTask { $0?.cancel() } }
                }
            }
            await #expect(throws: StoreError.self) { try await interrupted.value }
            let report = try await target.importSite(from: source, batchSize: 2)
            #expect(report.resumed && !report.alreadyDone && report.verification.holds)
            for table in ["journal", "sessions", "charges", "charge_history", "reviews", "coverage", "readers"] {
                let moved = report.tables.first { $0.table == table }
                let rows = try await source.count(of: table)
                #expect(moved?.copied == rows, "\(table)")
            }
            let journal = try await source.count(of: "journal")
            #expect(report.verification.checked == journal)
        }
    }

    @Test func aMoveOntoConsolesTheNetworkAlreadyHasIsRefusedAndCopiesNothing() async throws {
        let (source, _, _) = try await Self.siteStore()
        let database = try PostgresServer.freshDatabase()
        // Its daemon already ran on the shared store.
        try await withPostgresStore(database: database) { target in
            var log = DeliveryLog(console: console)
            try await target.commit(batch([event(1, .sessionOpened)], log: &log, lastSeq: 1))
            let error = await #expect(throws: StoreError.self) { try await target.importSite(from: source) }
            #expect(
                error?.code == .refused && error?.detail.contains("north/gk1") == true, "\(String(describing: error))")
        }
        #expect(try PostgresServer.psql(database, "SELECT count(*) FROM store_imports").output == "0")
        // The same file moved once as one site cannot be moved again as another: its serials are on the network.
        let other = try PostgresServer.freshDatabase()
        try await withPostgresStore(database: other) { north in _ = try await north.importSite(from: source) }
        try await withPostgresStore(database: other, site: "south") { south in
            let error = await #expect(throws: StoreError.self) { try await south.importSite(from: source) }
            #expect(error?.detail.contains("4711") == true, "\(String(describing: error))")
        }
    }

    @Test func aSiteStoreWhoseChainIsBrokenIsNotMoved() async throws {
        let (source, _, _) = try await Self.siteStore()
        _ = try Shell.sqlite3(
            source.path, "DROP TRIGGER journal_no_update; UPDATE journal SET body = body || ' ' WHERE id = 2")
        try await withPostgresStore { target in
            let error = await #expect(throws: StoreError.self) { try await target.importSite(from: source) }
            #expect(error?.detail.contains("journal record 2") == true, "\(String(describing: error))")
            let walked = try await target.verify()
            #expect(walked.checked == 0)
        }
    }
}

/// A count shared with a callback.
final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0

    func increment() -> Int {
        lock.withLock {
            value += 1; return value
        }
    }
}
