import Foundation
import PostgresStore
import Store
import TestSupport
import Testing

/// multi-site.md 1.1 through the real commands: a daemon whose login role does not own the schema exits 2
/// naming `gammalog migrate`; the owner runs it; the daemon then starts; an older schema stops it again.
@Suite struct LeastPrivilegeEndToEndTests {
    @Test func aDaemonThatDoesNotOwnTheSchemaNeverMigratesAndNamesTheCommand() async throws {
        let roles = try PostgresRoles()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "gammalog-roles-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let config = directory.appendingPathComponent("gammalog.yaml").path
        let url = try PostgresServer.url(database: roles.database).replacingOccurrences(
            of: "://gammalog@", with: "://\(roles.login)@")
        try """
        store:
          postgres: "\(url)"
          password_file: "\(roles.loginPasswordFile)"
          tls: "verify-full"
          ca: "\(try PostgresServer.caFile())"
          site: "north"
        http:
          listen: "127.0.0.1:\(try LoopbackPort.free())"
        consoles:
          - {name: gk1, address: "tcp://127.0.0.1:\(try LoopbackPort.free())"}
        """.write(toFile: config, atomically: true, encoding: .utf8)

        let refused = try DaemonProcess.run(["--config", config])
        #expect(refused.status == 2 && refused.output.contains("gammalog migrate --config FILE"), "\(refused.output)")

        let migrated = try DaemonProcess.run(
            ["migrate", "--config", config, "--owner", roles.owner, "--owner-password-file", roles.ownerPasswordFile],
            executable: "gammalog")
        #expect(migrated.status == 0 && migrated.output.contains("granted \(roles.login)"), "\(migrated.output)")

        let daemon = try DaemonProcess("gammalogd", ["--config", config])
        #expect(await daemon.waitForOutput("poller started", timeout: 20), "\(daemon.text)")
        #expect(daemon.stop(SIGTERM) == 0)
        #expect(try roles.psqlAsLogin("TRUNCATE journal").output.contains("permission denied"))

        _ = try PostgresServer.psql(
            roles.database, "DELETE FROM schema_migrations WHERE version = '\(PostgresStore.schemaVersions.last ?? "")'"
        )
        let behind = try DaemonProcess.run(["--config", config])
        #expect(behind.status == 2, "\(behind.output)")
        #expect(
            behind.output.contains("lacks \(PostgresStore.schemaVersions.last ?? "")")
                && behind.output.contains("gammalog migrate --config FILE --owner \(roles.owner)"), "\(behind.output)")
    }
}
