import ChargeCapture
import Foundation
import Store
import TestSupport
import Testing

@testable import PostgresStore

/// The network's ready order (multi-site.md guarantee 5): sites' writers take their places without waiting on
/// each other, and the HL7 sender never reads past a place whose transaction has not ended.
@Suite(.timeLimit(.minutes(1))) struct ReadyOrderTests {
    let now = Date(timeIntervalSince1970: 1_795_100_000)

    @Test func aChargeMadeReadyEarlierButCommittedLaterIsStillSentFirstAndNoSiteWaitsForIt() async throws {
        let database = try PostgresServer.freshDatabase()
        try await withPostgresStore(database: database, site: "north") { north in
            try await withPostgresStore(database: database, site: "south") { south in
                let held = try #require(
                    try await closeSessions([closedTreatment(1, serial: "4711", outcome: .endedByFault)], in: north)
                        .first)
                #expect(held.status == .held)
                // A biller releases north's held charge: its transaction takes its place and has not committed.
                let releasing = try await north.connect()
                try await releasing.query("BEGIN", logger: north.logger)
                _ = try await north.change(releasing, held.id, enqueue: true) { charge in
                    try charge.release(by: "biller", signsRecords: false, reason: "checked", modifiers: [], at: now)
                }
                // Meanwhile south's treatment is charged, with a later place, without waiting for north's commit.
                let started = ContinuousClock.now
                let later = try #require(try await closeSessions([closedTreatment(1, serial: "5811")], in: south).first)
                #expect(later.status == .ready)
                #expect(ContinuousClock.now - started < .seconds(5), "writers do not wait on each other")
                // The sender's read waits for the earlier place rather than sending the later one first.
                let read = Task { try await south.nextForHL7(at: now)?.charge.id }
                try await Task.sleep(for: .milliseconds(500))
                let waiting = try PostgresServer.psql(
                    database,
                    "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND mode = 'ExclusiveLock'"
                ).output
                #expect(waiting == "1", "the sender's read waits for the uncommitted place")
                try await releasing.query("COMMIT", logger: north.logger)
                #expect(try await read.value == held.id, "the charge that took its place first goes first")
                try await releasing.close()
                _ = try await south.hl7Accepted(charge: held.id, at: now)
                #expect(try await south.nextForHL7(at: now)?.charge.id == later.id)
            }
        }
    }
}
