import Console
import ConsoleRecords
import ConsoleSimulator
import Foundation
import SQLiteStore
import Store
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

let crashScenario = """
    name: crash
    speed: 60
    first_session: 300
    timeline:
      - at: 1
        session:
          patient: {id: "MRN7", family: "ROE", given: "ANN"}
          plan: "PLAN A"
          immobilization: frame
          setup_s: 30
          shots:
            - {sectors: [16, 16, 16, 16, 16, 16, 16, 16], planned_s: 60}
            - sectors: [8, 8, 8, 8, 8, 8, 8, 8]
              planned_s: 60
              during:
                - {after_s: 20, interrupt: door_opened, pause_s: 20}
            - {sectors: [4, 4, 4, 4, 4, 4, 4, 4], planned_s: 60}
      - at: 300
        session:
          patient: {id: "MRN8", family: "POE", given: "EDGAR"}
          plan: "PLAN B"
          immobilization: mask
          setup_s: 30
          shots:
            - {sectors: [8, 8, 8, 8, 8, 8, 8, 8], planned_s: 60}
            - {sectors: [4, 4, 4, 4, 4, 4, 4, 4], planned_s: 60}
    """

@Suite(.serialized) struct CrashRecoveryTests {
    @Test func sigkillDuringSessionsLosesAndRepeatsNoEvent() async throws {
        let expected = try ScenarioCompiler.compile(
            try Scenario(yaml: crashScenario, source: "crash"), profile: try Harness.profile()
        )
        .filter { if case .event = $0.action { true } else { false } }.count

        let (directory, simulator) = try DaemonProcess.simulator(playing: crashScenario, named: "crash")
        defer { simulator.stop(SIGKILL) }
        #expect(simulator.waitFor("steps"))
        let port = try #require(simulator.listeningPort)
        let storePath = directory.appendingPathComponent("gammalog.sqlite").path
        let config = directory.appendingPathComponent("gammalog.yaml")
        try """
        store:
          sqlite: "\(storePath)"
        devices: "\(Harness.repositoryRoot.appendingPathComponent("Devices").path)"
        consoles:
          - name: gk1
            address: "tcp://127.0.0.1:\(port)"
            poll_interval_ms: 100
            response_timeout_ms: 300
        """.write(to: config, atomically: true, encoding: .utf8)

        // Kill the daemon with SIGKILL at several points while the sessions run, restarting it each time.
        var kills = 0
        var logs = ""
        for delay in [0.35, 0.6, 0.45, 0.8, 0.5, 0.7, 0.4, 0.9] {
            let daemon = try DaemonProcess("gammalogd", ["--config", config.path])
            #expect(daemon.waitFor("poller started"))
            usleep(useconds_t(delay * 1_000_000))
            daemon.stop(SIGKILL)
            _ = daemon.waitFor("\u{0}", timeout: 0.2)  // drain what it wrote
            logs += daemon.text
            kills += 1
        }
        // Let a last run catch up, then stop it the polite way.
        let daemon = try DaemonProcess("gammalogd", ["--config", config.path])
        for _ in 0..<300 {
            if (try? Shell.sqlite3(storePath, "SELECT count(*) FROM journal WHERE kind = 'event'")) == "\(expected)" {
                break
            }
            usleep(50_000)
        }
        usleep(300_000)
        #expect(daemon.stop(SIGTERM) == 0)
        #expect(daemon.text.contains("everything committed") || daemon.waitFor("everything committed", timeout: 1))

        #expect(kills == 8)
        logs += daemon.text
        #expect(logs.contains("session recorded"))
        for secret in ["MRN7", "MRN8", "ROE", "POE", "EDGAR"] { #expect(!logs.contains(secret), "\(secret) logged") }
        #expect(try Shell.sqlite3(storePath, "SELECT count(*) FROM journal WHERE kind = 'event'") == "\(expected)")
        #expect(
            try Shell.sqlite3(
                storePath, "SELECT count(DISTINCT boot_id || '/' || seq) FROM journal WHERE kind = 'event'")
                == "\(expected)")
        #expect(
            try Shell.sqlite3(storePath, "SELECT min(seq) || '-' || max(seq) FROM journal WHERE kind = 'event'")
                == "1-\(expected)")
        #expect(try Shell.sqlite3(storePath, "SELECT count(*) FROM journal WHERE kind = 'gap'") == "0")
        let store = try SQLiteStore(path: storePath, readOnly: true)
        let sessions = try await store.sessions(SessionQuery())
        #expect(sessions.map(\.number) == [301, 300])
        #expect(sessions.allSatisfy { $0.final && $0.recordComplete && $0.outcome == .completed })
        #expect(sessions.map(\.shotsDelivered) == [2, 3])
        // The daemon keyed its links with the key it made beside its configuration, and anchored its head.
        let verified = try DaemonProcess.run(["verify", "--config", config.path], executable: "gammalog")
        #expect(verified.status == 0 && verified.output.contains("chain verified"), "\(verified.output)")
        #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("chain.anchor").path))
    }
}
