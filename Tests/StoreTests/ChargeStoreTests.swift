import ChargeCapture
import ConsoleRecords
import DeliveryLog
import Foundation
import SQLiteStore
import Store
import TestSupport
import Testing

@Suite struct ChargeStoreTests {
    @Test(arguments: StoreBackend.allCases) func aClosingSessionGetsItsChargeInTheSameCommitAndNeverASecond(
        _ backend: StoreBackend
    ) async throws {
        try await backend.withEmptyStore { store, database in
            let session = closedTreatment(1)
            let created = try await closeSessions([session], in: store)
            #expect(created.map(\.id) == ["GK-4711-000001"] && created.first?.status == .ready)
            #expect(try await closeSessions([session], in: store).isEmpty)
            try await database.withAnotherStore { (reopened: any TestedStore) async throws in
                #expect(try await closeSessions([session], in: reopened).isEmpty)
                #expect(try await reopened.charges(ChargeQuery(), at: Date()).count == 1)
                #expect(try await reopened.history(ofCharge: "GK-4711-000001").map(\.action) == ["created"])
                #expect(
                    try await reopened.charged(sessions: ["GK-4711-000001", "GK-4711-000002"]) == ["GK-4711-000001"])
            }
        }
    }

    @Test(arguments: StoreBackend.allCases) func theDatabaseItselfRefusesASecondChargeForASession(
        _ backend: StoreBackend
    ) async throws {
        try await backend.withEmptyStore { store, database in
            try await closeSessions([closedTreatment(1)], in: store)
            let insert = """
                INSERT INTO charges (id, kind, serial, number, status, created_at, updated_at, body)
                VALUES ('other', 'charge', '4711', 1, 'ready', 0, 0, '{}')
                """
            let refusal = try database.execute(sqlite: insert, postgres: insert)
            #expect(refusal.contains("UNIQUE") || refusal.contains("charges_one_per_session"))
            #expect(try await store.charges(ChargeQuery(), at: Date()).map(\.id) == ["GK-4711-000001"])
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func aSecondChargeForThePatientOnTheServiceDateFromAnotherConsoleIsHeldUntilTheFirstIsVoided(
        _ backend: StoreBackend
    ) async throws {
        try await backend.withEmptyStore { store, database in
            try await closeSessions([closedTreatment(1, serial: "4711", patient: "MRN9")], in: store)
            let second = try await closeSessions(
                [closedTreatment(2, serial: "5822", patient: "MRN9", opened: start.addingTimeInterval(3600))],
                in: store,
                console: "gk2")
            #expect(second.first?.status == .held && second.first?.holdReasons == [.duplicateServiceDate])
            _ = try await store.void(
                id: "GK-4711-000001", by: "biller", reason: "entered on the wrong console", at: Date())
            let third = try await closeSessions(
                [closedTreatment(3, serial: "5822", patient: "MRN9", opened: start.addingTimeInterval(7200))],
                in: store,
                console: "gk2")
            #expect(third.first?.holdReasons == [.duplicateServiceDate], "the held second still counts")
            let other = try await closeSessions([closedTreatment(4, patient: "MRN10")], in: store)
            #expect(other.first?.status == .ready)
        }
    }

    @Test(arguments: StoreBackend.allCases) func concurrentClaimsNeverShareAChargeAndLeasesSurviveARestart(
        _ backend: StoreBackend
    ) async throws {
        try await backend.withEmptyStore { store, database in
            try await closeSessions((1...10).map { closedTreatment($0) }, in: store)
            let now = Date()
            async let first = store.claim(consumer: "a", by: "billing", max: 6, leaseSeconds: 60, at: now)
            async let second = store.claim(consumer: "b", by: "billing", max: 6, leaseSeconds: 60, at: now)
            let (a, b) = try await (first, second)
            let ids = a.charges.map(\.id) + b.charges.map(\.id)
            #expect(ids.count == 10 && Set(ids).count == 10)
            #expect(a.lease != b.lease)
            try await database.withAnotherStore { (reopened: any TestedStore) async throws in
                #expect(
                    try await reopened.claim(consumer: "c", by: "billing", max: 10, leaseSeconds: 60, at: now).charges
                        .isEmpty)
                #expect(try await reopened.charges(ChargeQuery(status: .claimed), at: now).count == 10)
                // Past the leases, every unacked charge is ready again, oldest first.
                let later = now.addingTimeInterval(61)
                #expect(try await reopened.charges(ChargeQuery(status: .ready), at: later).count == 10)
                let again = try await reopened.claim(consumer: "c", by: "billing", max: 10, leaseSeconds: 60, at: later)
                #expect(again.charges.map(\.id) == (1...10).map { DeliverySession.id(serial: "4711", number: $0) })
            }
        }
    }

    @Test(arguments: StoreBackend.allCases) func aClaimTakesTheOldestOfLapsedLeasesAndReadyChargesAndNoneStillLeased(
        _ backend: StoreBackend
    ) async throws {
        try await backend.withEmptyStore { store, _ in
            try await closeSessions((1...6).map { closedTreatment($0) }, in: store)
            let now = Date()
            let id = { (number: UInt32) in DeliverySession.id(serial: "4711", number: number) }
            let short = try await store.claim(consumer: "a", by: "billing", max: 2, leaseSeconds: 60, at: now)
            let long = try await store.claim(consumer: "b", by: "billing", max: 2, leaseSeconds: 600, at: now)
            #expect(short.charges.map(\.id) == [id(1), id(2)] && long.charges.map(\.id) == [id(3), id(4)])
            let later = now.addingTimeInterval(61)
            let next = try await store.claim(consumer: "c", by: "billing", max: 3, leaseSeconds: 60, at: later)
            #expect(next.charges.map(\.id) == [id(1), id(2), id(5)], "lapsed and ready, oldest first; 3 and 4 held")
            let last = try await store.claim(consumer: "d", by: "billing", max: 3, leaseSeconds: 60, at: later)
            #expect(last.charges.map(\.id) == [id(6)])
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func theHL7SenderTakesTheOldestOfLapsedLeasesAndReadyChargesAndNoneStillLeased(
        _ backend: StoreBackend
    ) async throws {
        try await backend.withEmptyStore { store, _ in
            try await closeSessions((1...4).map { closedTreatment($0) }, in: store)
            let now = Date()
            let id = { (number: UInt32) in DeliverySession.id(serial: "4711", number: number) }
            _ = try await store.claim(consumer: "a", by: "billing", max: 1, leaseSeconds: 60, at: now)
            _ = try await store.claim(consumer: "b", by: "billing", max: 1, leaseSeconds: 600, at: now)
            #expect(try await store.nextForHL7(at: now)?.charge.id == id(3), "1 and 2 are leased")
            let later = now.addingTimeInterval(61)
            #expect(try await store.nextForHL7(at: later)?.charge.id == id(1), "1's lease lapsed: it is oldest")
            try await store.hl7Accepted(charge: id(1), at: later)
            #expect(try await store.nextForHL7(at: later)?.charge.id == id(3), "2 is still leased")
        }
    }

    @Test(arguments: StoreBackend.allCases) func pagingFromAPlaceNeitherRepeatsNorSkipsChargesChangedInOneInstant(
        _ backend: StoreBackend
    ) async throws {
        try await backend.withEmptyStore { store, _ in
            try await closeSessions((1...150).map { closedTreatment($0) }, in: store)
            let now = Date()
            let claim = try await store.claim(consumer: "pb", by: "billing", max: 150, leaseSeconds: 60, at: now)
            try await store.ack(lease: claim.lease, ids: claim.charges.map(\.id), by: "billing", at: now)
            var seen: [String] = []
            var after: ChargePosition?
            for _ in 0..<10 {
                let page = try await store.charges(ChargeQuery(status: .exported, after: after, limit: 40), at: now)
                seen += page.map(\.id)
                guard let last = page.last, page.count == 40 else { break }
                after = ChargePosition(of: last)
            }
            #expect(seen.count == 150 && Set(seen).count == 150)
            let history = try await store.history(ofCharge: "GK-4711-000001")
            #expect(history.last?.actor == "billing" && history.last?.consumer == "pb")
            #expect(history.first?.actor == "gammalogd")
        }
    }

    @Test(arguments: StoreBackend.allCases) func aReleaseThatChangesTheCodeKeepsTheCodeBeforeAndAfter(
        _ backend: StoreBackend
    ) async throws {
        try await backend.withEmptyStore { store, _ in
            try await closeSessions([closedTreatment(1, outcome: .endedByOperator)], in: store)
            _ = try await store.release(
                id: "GK-4711-000001", by: "coder", signsRecords: false, reason: "coded as a fraction", modifiers: [],
                code: "77373", at: Date())
            let entry = try #require(try await store.history(ofCharge: "GK-4711-000001").last)
            #expect(entry.actor == "coder" && entry.codeBefore == "77371" && entry.codeAfter == "77373")
        }
    }

    @Test(arguments: StoreBackend.allCases) func anAckIsAllOrNothingAndAnAckedChargeIsNeverOfferedAgain(
        _ backend: StoreBackend
    ) async throws {
        try await backend.withEmptyStore { store, database in
            try await closeSessions([closedTreatment(1), closedTreatment(2)], in: store)
            let now = Date()
            let claim = try await store.claim(consumer: "a", by: "billing", max: 1, leaseSeconds: 60, at: now)
            let held = try #require(claim.charges.first?.id)
            await #expect(throws: ChargeError.self) {
                try await store.ack(lease: claim.lease, ids: [held, "GK-4711-000002"], by: "billing", at: now)
            }
            #expect(try await store.charge(id: held, at: .now)?.status == .claimed)
            await #expect(throws: ChargeError(.notFound, charge: "GK-4711-000404", "no such charge")) {
                try await store.ack(lease: claim.lease, ids: ["GK-4711-000404"], by: "billing", at: now)
            }
            try await store.ack(lease: claim.lease, ids: [held], by: "billing", at: now)
            try await store.ack(lease: claim.lease, ids: [held], by: "billing", at: now)
            let later = now.addingTimeInterval(3600)
            let next = try await store.claim(consumer: "b", by: "billing", max: 10, leaseSeconds: 60, at: later)
            #expect(next.charges.map(\.id) == ["GK-4711-000002"])
            #expect(try await store.history(ofCharge: held).map(\.action) == ["created", "claimed", "acked"])
        }
    }

    @Test(arguments: StoreBackend.allCases) func voidingAfterExportQueuesOneCreditThatFollowsInTheHL7Order(
        _ backend: StoreBackend
    ) async throws {
        try await backend.withEmptyStore { store, database in
            try await closeSessions([closedTreatment(1), closedTreatment(2)], in: store)
            let now = Date()
            #expect(try await store.nextForHL7(at: now)?.charge.id == "GK-4711-000001")
            try await store.hl7Accepted(charge: "GK-4711-000001", at: now)
            #expect(try await store.nextForHL7(at: now)?.charge.id == "GK-4711-000002")
            let (original, credit) = try await store.void(
                id: "GK-4711-000001", by: "biller", reason: "duplicate", at: now)
            #expect(original.status == .exported && original.creditedBy == "GK-4711-000001-CD")
            #expect(credit?.kind == .credit && credit?.creditOf == "GK-4711-000001")
            await #expect(throws: ChargeError.self) {
                _ = try await store.void(id: "GK-4711-000001", by: "biller", reason: "again", at: now)
            }
            try await store.hl7Accepted(charge: "GK-4711-000002", at: now)
            let next = try #require(try await store.nextForHL7(at: now))
            #expect(next.charge.id == "GK-4711-000001-CD" && next.message == nil)
            try await store.keepHL7Message(charge: next.charge.id, controlID: next.charge.controlID, message: "MSH|x")
            #expect(try await store.nextForHL7(at: now)?.message == "MSH|x")
        }
    }

    @Test(arguments: StoreBackend.allCases) func aHeldChargeIsNeverOfferedUntilAPersonReleasesIt(
        _ backend: StoreBackend
    ) async throws {
        try await backend.withEmptyStore { store, database in
            try await closeSessions([closedTreatment(1, opened: start, outcome: .endedByOperator)], in: store)
            let now = Date()
            #expect(try await store.nextForHL7(at: now) == nil)
            #expect(
                try await store.claim(consumer: "a", by: "billing", max: 5, leaseSeconds: 60, at: now).charges.isEmpty)
            let released = try await store.release(
                id: "GK-4711-000001", by: "dr-p", signsRecords: true, reason: "confirmed partial", modifiers: ["52"],
                code: nil, at: now)
            #expect(released.status == .ready && released.modifiers == ["52"])
            #expect(try await store.nextForHL7(at: now)?.charge.controlID == "GK-4711-000001-2")
            let history = try await store.history(ofCharge: "GK-4711-000001")
            #expect(history.last?.actor == "dr-p" && history.last?.reason?.contains("confirmed partial") == true)
        }
    }

    @Test(arguments: StoreBackend.allCases) func reconciliationNamesADeliveredSessionWithNoCharge(
        _ backend: StoreBackend
    ) async throws {
        try await backend.withEmptyStore { store, database in
            try await closeSessions([closedTreatment(1), closedTreatment(2)], in: store)
            // Simulate a lost charge: only possible by going around the daemon.
            let delete = "DELETE FROM charges WHERE id = 'GK-4711-000002'"
            _ = try database.execute(sqlite: delete, postgres: delete)
            let date = ChargeRules.localDate(start, in: database.charges.timeZone)
            let report = try await store.reconcile(date: date, settings: database.charges, at: Date())
            #expect(report.sessions.count == 2 && report.missing.map(\.number) == [2])
            await #expect(throws: ChargeError.self) {
                _ = try await store.reconcile(date: "2026-02-30", settings: database.charges, at: Date())
            }
        }
    }
}

/// What only the embedded store does.
@Suite struct SQLiteChargeStoreTests {
    @Test func sessionsRecordedBeforeChargesExistedGetThemOnceWhenTheStoreOpens() async throws {
        let store = try temporaryStore()
        try await closeSessions([closedTreatment(1), closedTreatment(2)], in: store)
        _ = try Shell.sqlite3(store.path, "DELETE FROM charges; INSERT INTO charge_backfill VALUES (1)")
        let reopened = try SQLiteStore(path: store.path)
        #expect(
            try await reopened.charges(ChargeQuery(), at: Date()).map(\.id).sorted() == [
                "GK-4711-000001", "GK-4711-000002",
            ])
        let again = try SQLiteStore(path: store.path)
        #expect(try await again.charges(ChargeQuery(), at: Date()).count == 2)
    }
}
