import Foundation
import Store
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

let chargeScenario = """
    name: charges
    speed: 60
    first_session: 500
    timeline:
      - at: 1
        session:
          patient: {id: "MRN51", family: "ROE", given: "ANN"}
          plan: "PLAN 1"
          fractions_planned: 1
          immobilization: frame
          operator: "RTT1"
          setup_s: 10
          shots:
            - {sectors: [16, 16, 16, 16, 16, 16, 16, 16], planned_s: 20}
            - {sectors: [8, 8, 8, 8, 8, 8, 8, 8], planned_s: 20}
      - at: 80
        session:
          plan: "DAILY QA"
          kind: qa
          setup_s: 10
          shots:
            - {sectors: [16, 16, 16, 16, 16, 16, 16, 16], planned_s: 20}
      - at: 160
        session:
          patient: {id: "MRN53", family: "POE", given: "EDGAR"}
          plan: "PLAN 3"
          fractions_planned: 3
          fraction: 2
          immobilization: mask
          setup_s: 10
          shots:
            - {sectors: [8, 8, 8, 8, 8, 8, 8, 8], planned_s: 20}
            - {sectors: [4, 4, 4, 4, 4, 4, 4, 4], planned_s: 20}
      - at: 240
        session:
          patient: {id: "MRN54", family: "DOE", given: "JOHN"}
          plan: "PLAN 4"
          fractions_planned: 1
          immobilization: frame
          setup_s: 10
          end_after_shot: 1
          end_reason: operator
          shots:
            - {sectors: [8, 8, 8, 8, 8, 8, 8, 8], planned_s: 20}
            - {sectors: [4, 4, 4, 4, 4, 4, 4, 4], planned_s: 20}
      - at: 320
        session:
          patient: {id: "MRN55", family: "LEE", given: "KIM"}
          plan: "PLAN 5"
          fractions_planned: 1
          immobilization: mask
          setup_s: 10
          shots:
            - {sectors: [16, 8, 16, 8, 16, 8, 16, 8], planned_s: 20}
      - at: 400
        session:
          patient: {id: "MRN56", family: "ROSS", given: "BOB"}
          plan: "PLAN 6"
          fractions_planned: 1
          immobilization: frame
          setup_s: 10
          shots:
            - {sectors: [4, 4, 4, 4, 4, 4, 4, 4], planned_s: 20}
    """

@Suite(.serialized) struct ChargeEndToEndTests {
    @Test func sigkillBetweenSessionCloseAndHL7AckLosesNoChargeAndSendsNoneTwice() async throws {
        // The receiver accepts the first message and never answers the second: the daemon is killed while it
        // waits. Then it refuses once (AE) and drops the connection once before accepting everything.
        let peer = try HL7Peer(script: ["AA", "NOACK", "AE", "DROP"])
        let (directory, simulator) = try DaemonProcess.simulator(playing: chargeScenario, named: "charges")
        defer { simulator.stop(SIGKILL) }
        #expect(simulator.waitFor("steps"))
        let port = try #require(simulator.listeningPort)
        let storePath = directory.appendingPathComponent("gammalog.sqlite").path
        let httpPort = try LoopbackPort.free()
        let config = directory.appendingPathComponent("gammalog.yaml")
        try """
        store:
          sqlite: "\(storePath)"
        devices: "\(Harness.repositoryRoot.appendingPathComponent("Devices").path)"
        http:
          listen: "127.0.0.1:\(httpPort)"
          tokens:
            - {name: "pb", role: "billing", sha256: "\(HashChain.sha256("billing-secret"))"}
        consoles:
          - name: gk1
            address: "tcp://127.0.0.1:\(port)"
            poll_interval_ms: 100
            response_timeout_ms: 300
        billing:
          chargemaster: {"77371": "33371000", "77373": "33373000"}
        hl7:
          destination: "127.0.0.1:\(peer.port)"
          sending_facility: "HOSP"
          receiving_application: "PB"
          ack_timeout_ms: 1500
          max_attempts: 3
        """.write(to: config, atomically: true, encoding: .utf8)

        var logs = ""
        // First run: killed while the second message waits for its ACK.
        let first = try DaemonProcess("gammalogd", ["--config", config.path])
        #expect(await peer.waitUntil(seconds: 30) { $0.count >= 2 })
        first.stop(SIGKILL)
        _ = first.waitFor("\u{0}", timeout: 0.2)
        logs += first.text
        // Then killed at other points while sessions close and messages go out.
        for delay in [0.4, 0.9, 0.3, 0.7, 0.5, 1.1] {
            let daemon = try DaemonProcess("gammalogd", ["--config", config.path])
            #expect(daemon.waitFor("poller started"))
            usleep(useconds_t(delay * 1_000_000))
            daemon.stop(SIGKILL)
            _ = daemon.waitFor("\u{0}", timeout: 0.2)
            logs += daemon.text
        }
        // A last run finishes the day.
        let daemon = try DaemonProcess("gammalogd", ["--config", config.path])
        #expect(daemon.waitFor("listening"))
        #expect(await peer.waitUntil(seconds: 60) { _ in peer.accepted().count >= 4 })
        for _ in 0..<600 {
            if (try? Shell.sqlite3(storePath, "SELECT count(*) FROM charges WHERE status = 'exported'")) == "4" {
                break
            }
            usleep(50_000)
        }
        let queue = try HTTPProbe.request(
            port: httpPort, "GET", "/api/v1/charges?status=exported", token: "billing-secret")
        #expect(daemon.stop(SIGTERM) == 0)
        logs += daemon.text

        // One charge per delivered treatment session, decided by the database's uniqueness too.
        let charges = try Shell.sqlite3(storePath, "SELECT id || ':' || status FROM charges ORDER BY number")
            .split(separator: "\n").map(String.init)
        #expect(charges.count == 5, "\(charges)")
        #expect(charges.contains { $0.hasSuffix("000503:held") }, "the early end is held")
        let ready = try Shell.sqlite3(storePath, "SELECT id FROM charges WHERE status != 'held' ORDER BY queue_seq")
            .split(separator: "\n").map(String.init)
        #expect(ready.count == 4)
        // Acknowledged exactly once each, in order of becoming ready, never the held one.
        #expect(peer.accepted() == ready)
        let received = peer.received()
        #expect(!received.contains { $0.controlID.hasSuffix("000503") })
        for message in received { #expect(message.valid, "\(message.controlID): \(message.error ?? "")") }
        for id in Set(received.map(\.controlID)) {
            #expect(Set(received.filter { $0.controlID == id }.map(\.message)).count == 1, "\(id) resent as is")
        }
        #expect(received.filter { $0.controlID == ready[1] }.count >= 2, "the unanswered message was resent")
        #expect(received.map(\.action).prefix(4) == ["AA", "NOACK", "AE", "DROP"])
        #expect(try Shell.sqlite3(storePath, "SELECT count(*) FROM charges WHERE status = 'exported'") == "4")
        #expect((queue.object?["charges"] as? [Any])?.count == 4)
        #expect(logs.contains("charge captured") && logs.contains("hl7 accepted"))
        for secret in ["MRN51", "MRN53", "ROE", "POE", "EDGAR"] { #expect(!logs.contains(secret), "\(secret) logged") }
        let verified = try DaemonProcess.run(["verify", "--config", config.path], executable: "gammalog")
        #expect(verified.status == 0 && verified.output.contains("chain verified"), "\(verified.output)")
    }
}
