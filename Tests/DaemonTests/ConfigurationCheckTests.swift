import Foundation
import Stores
import TestSupport
import Testing

/// The real `gammalogd` given a configuration: `--check-config`, `--version`, and a bad file refused before
/// anything is touched. The parsing itself is tested in SettingsTests.
@Suite struct ConfigurationCheckTests {
    @Test func checkConfigPassesTheShippedExample() throws {
        let example = Harness.repositoryRoot.appendingPathComponent("systemd/gammalog.yaml").path
        let run = try DaemonProcess.run(["--check-config", example])
        #expect(run.status == 0, "\(run.output)")
        #expect(run.output.contains("ok (1 console; SQLite store /var/lib/gammalog/gammalog.sqlite)"), "\(run.output)")
    }

    @Test func checkConfigSaysHowManyConnectionsADaemonHoldsOnTheSharedStore() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "gammalog-check-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let config = directory.appendingPathComponent("shared.yaml")
        try """
        store:
          postgres: "postgres://gammalog@db.example:5432/gammalog"
          site: "north"
        consoles:
          - name: gk1
            address: "tcp://127.0.0.1:1502"
        hl7:
          destination: "127.0.0.1:2575"
        """.write(to: config, atomically: true, encoding: .utf8)
        let run = try DaemonProcess.run(["--check-config", config.path])
        #expect(run.status == 0, "\(run.output)")
        #expect(
            run.output.contains("holds at most 4 connections to it, one of them the HL7 sender's lock and listener"),
            "\(run.output)")
    }

    @Test func checkConfigNamesEveryErrorWithItsLineAndTouchesNothing() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "gammalog-check-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let storePath = directory.appendingPathComponent("store.sqlite").path
        let config = directory.appendingPathComponent("many.yaml")
        // A store (two lines) before the consoles, and a fourth console with an unknown profile after them.
        let text = ConfigurationFixtures.manyErrors.replacingOccurrences(
            of: "consoles:\n", with: "store:\n  sqlite: \"\(storePath)\"\nconsoles:\n"
        ).replacingOccurrences(
            of: "1503\"\n", with: "1503\"\n  - name: gk3\n    address: \"tcp://127.0.0.1:1504\"\n    profile: ccg9\n")
        try text.write(to: config, atomically: true, encoding: .utf8)
        let run = try DaemonProcess.run(["--check-config", config.path])
        #expect(run.status == 2, "\(run.output)")
        for key in [
            ":2: facility.time_zone", ":3: facility.colour", ":7: http.tokens[0].role", ":14: consoles[0].unit",
            ":16: consoles[1].address", ":17: consoles[2].name", ":21: consoles[3].profile",
            ":23: billing.revenue_code", ":28: payers.list[0].prior_authorization",
        ] {
            #expect(run.output.contains("\(config.path)\(key)"), "\(key): \(run.output)")
        }
        #expect(run.output.contains("gammalogd: 10 errors"), "\(run.output)")
        #expect(!FileManager.default.fileExists(atPath: storePath))
    }

    @Test func versionNamesTheReleaseTheCommitAndTheSchema() throws {
        let run = try DaemonProcess.run(["--version"])
        #expect(run.status == 0)
        #expect(run.output.hasPrefix("\(BuildInfo.version) (commit "), "\(run.output)")
        #expect(run.output.contains("SQLite: \(BuildInfo.sqliteSchema.count) migrations"), "\(run.output)")
        #expect(BuildInfo.sqliteSchema.first?.hasPrefix("v1:") == true)
        #expect(run.output.contains("PostgreSQL: \(BuildInfo.postgresSchema.count) migration"), "\(run.output)")
    }

    @Test(arguments: ["ccg9", "../../../etc/passwd", "/etc/passwd"])
    func anUnknownOrOutOfFolderProfileExitsTwoNamingItsKeyAndLine(profile: String) throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "gammalog-profile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let storePath = directory.appendingPathComponent("store.sqlite").path
        let config = directory.appendingPathComponent("profile.yaml")
        try """
        store:
          sqlite: "\(storePath)"
        consoles:
          - name: gk1
            address: "tcp://127.0.0.1:1502"
            profile: "\(profile)"
        """.write(to: config, atomically: true, encoding: .utf8)
        let run = try DaemonProcess.run(["--config", config.path])
        #expect(run.status == 2, "\(run.output)")
        #expect(run.output.contains("consoles[0].profile") && run.output.contains(":6:"), "\(run.output)")
        #expect(!FileManager.default.fileExists(atPath: storePath))
    }

    @Test func theDaemonRefusesABadConfigurationBeforeTouchingAnything() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "gammalog-conf-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let storePath = directory.appendingPathComponent("store.sqlite").path
        let config = directory.appendingPathComponent("bad.yaml")
        try "store:\n  sqlite: \"\(storePath)\"\nconsoles:\n  - name: gk1\n    address: \"tcp://127.0.0.1:0\"\n"
            .write(to: config, atomically: true, encoding: .utf8)
        let run = try DaemonProcess.run(["--config", config.path])
        #expect(run.status == 2)
        #expect(run.output.contains("consoles[0].address") && run.output.contains(":5:"))
        #expect(!FileManager.default.fileExists(atPath: storePath))
    }
}
