import ChargeCapture
import DeliveryLog
import Foundation
import PostgresStore
import Store
import TestSupport
import Testing

/// multi-site.md 1.1: the schema belongs to an owner; the daemons' login role reads, inserts and updates,
/// and can neither cut the journal nor turn its guards off; a daemon never migrates a schema it does not own.
@Suite struct LeastPrivilegeTests {
    func store(_ roles: PostgresRoles, as user: String, passwordFile: String) throws -> PostgresStore {
        try PostgresStore(
            configuration: roles.configuration(user: user, passwordFile: passwordFile), key: testChainKey)
    }

    @Test func theLoginRoleDoesItsWorkAndCannotCutTheJournalOrTurnItsGuardsOff() async throws {
        let roles = try PostgresRoles()
        let owner = try store(roles, as: roles.owner, passwordFile: roles.ownerPasswordFile)
        // A pool runs once: each start of the daemon is a store of its own.
        func daemonStore() throws -> PostgresStore {
            try store(roles, as: roles.login, passwordFile: roles.loginPasswordFile)
        }
        // Before the owner has migrated, the daemon makes nothing and says what to run.
        let early = try daemonStore()
        do {
            try await early.whileRunning { try await early.migrate() }
            Issue.record("a daemon without the right to create the schema went on")
        } catch let error as StoreError {
            #expect(error.code == .migrationNeeded && error.detail.contains("gammalog migrate"), "\(error)")
        }
        let daemon = try daemonStore()
        try await owner.whileRunning { try await owner.migrate(grantingTo: roles.login) }
        try await daemon.whileRunning {
            try await daemon.migrate()
            var log = DeliveryLog(console: console)
            try await daemon.commit(
                batch(
                    [
                        event(1, .sessionOpened), event(2, .shotStarted, shot: 1), event(3, .shotCompleted, shot: 1),
                        event(4, .sessionCompleted),
                    ], log: &log, lastSeq: 4))
            let claim = try await daemon.claim(consumer: "b", by: "billing", max: 5, leaseSeconds: 60, at: Date())
            try await daemon.ack(lease: claim.lease, ids: claim.charges.map(\.id), by: "billing", at: Date())
            try await daemon.recordAccess([
                AccessEntry(
                    at: Date(), actor: "billing", peer: "127.0.0.1", route: "GET /api/v1/charges", resource: nil,
                    patients: [], outcome: "ok")
            ])
            #expect(try await daemon.verify().holds)
        }
        for (sql, refusal) in [
            ("DELETE FROM journal", "permission denied"),
            ("TRUNCATE journal", "permission denied"),
            ("DELETE FROM charge_history", "permission denied"),
            ("DELETE FROM access_log", "permission denied"),
            ("ALTER TABLE journal DISABLE TRIGGER USER", "must be owner"),
            ("DROP TRIGGER journal_append_only ON journal", "must be owner"),
            ("DROP TABLE charges", "must be owner"),
            ("CREATE TABLE journal_copy (id bigint)", "permission denied"),
            ("UPDATE journal SET body = ''", "permission denied"),
        ] {
            let result = try roles.psqlAsLogin(sql)
            #expect(result.status != 0 && result.output.contains(refusal), "\(sql): \(result.output)")
        }
        // A schema older than this version, owned by another role: the daemon refuses, naming the command.
        _ = try PostgresServer.psql(
            roles.database, "DELETE FROM schema_migrations WHERE version = '\(PostgresStore.schemaVersions.last ?? "")'"
        )
        let restarted = try daemonStore()
        do {
            try await restarted.whileRunning { try await restarted.migrate() }
            Issue.record("a daemon migrated a schema it does not own")
        } catch let error as StoreError {
            #expect(
                error.code == .migrationNeeded
                    && error.detail.contains("gammalog migrate --config FILE --owner \(roles.owner)"))
        }
    }
}
