import Foundation
import SQLiteStore
import Store
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Two patients whose sessions close 10 and 20 s in (real time), after the ADT feed has sent their coverage.
let payerScenario = """
    name: payers
    speed: 30
    first_session: 700
    timeline:
      - at: 300
        session:
          patient: {id: "MRN61", family: "UHC", given: "PATIENT"}
          plan: "PLAN 61"
          fractions_planned: 1
          immobilization: frame
          setup_s: 10
          shots:
            - {sectors: [16, 16, 16, 16, 16, 16, 16, 16], planned_s: 20}
      - at: 600
        session:
          patient: {id: "MRN62", family: "MEDICARE", given: "PATIENT"}
          plan: "PLAN 62"
          fractions_planned: 1
          immobilization: frame
          setup_s: 10
          shots:
            - {sectors: [16, 16, 16, 16, 16, 16, 16, 16], planned_s: 20}
    """

@Suite(.serialized) struct PayerEndToEndTests {
    @Test func aUHCChargeIsHeldForItsAuthorizationUntilAnA08BringsItAndItsDFTCarriesTheIN1() async throws {
        let peer = try HL7Peer()
        let (directory, simulator) = try DaemonProcess.simulator(playing: payerScenario, named: "payers")
        defer { simulator.stop(SIGKILL) }
        #expect(await simulator.waitForOutput("steps"))
        let port = try #require(simulator.listeningPort)
        let storePath = directory.appendingPathComponent("gammalog.sqlite").path
        let feedPort = try LoopbackPort.free()
        let example = try String(
            contentsOf: Harness.repositoryRoot.appendingPathComponent("systemd/gammalog.yaml"), encoding: .utf8)
        let payers = try #require(example.components(separatedBy: "\npayers:").last)
        let config = directory.appendingPathComponent("gammalog.yaml")
        try """
        store:
          sqlite: "\(storePath)"
        devices: "\(Harness.repositoryRoot.appendingPathComponent("Devices").path)"
        http:
          listen: "127.0.0.1:\(try LoopbackPort.free())"
        consoles:
          - name: gk1
            address: "tcp://127.0.0.1:\(port)"
            poll_interval_ms: 100
        hl7:
          destination: "127.0.0.1:\(peer.port)"
          ack_timeout_ms: 1500
        hl7_in:
          listen: "127.0.0.1:\(feedPort)"
          allowed_peers: ["127.0.0.1"]
        payers:\(payers)
        """.write(to: config, atomically: true, encoding: .utf8)
        let daemon = try DaemonProcess("gammalogd", ["--config", config.path])
        defer { daemon.stop(SIGKILL) }
        #expect(await daemon.waitForOutput("adt feed listening"), "\(daemon.text)")
        var medicare = uhcIN1
        (medicare["2"], medicare["3"], medicare["4"]) = ("MCARE-A", "CMS", "MEDICARE")
        let sent = try await sendADT(
            port: feedPort,
            [
                ["event": "A04", "control_id": "E1", "patient": "MRN61", "in1": [uhcIN1]],
                ["event": "A04", "control_id": "E2", "patient": "MRN62", "in1": [medicare]],
            ])
        #expect(sent.map { $0["code"] as? String } == ["AA", "AA"], "\(sent)")
        func status(_ number: Int) throws -> String {
            try Shell.sqlite3(
                storePath,
                "SELECT status || ':' || coalesce(json_extract(body, '$.hold_reasons[0]'), '') FROM charges WHERE number = \(number)"
            )
        }
        for _ in 0..<400 where (try? status(701)) != "exported:" { try await Task.sleep(for: .milliseconds(50)) }
        let held = try status(700)
        let body = try Shell.sqlite3(storePath, "SELECT body FROM charges WHERE number = 700")
        #expect(held == "held:authorization_missing", "\(held); \(body)")
        #expect(try status(701) == "exported:", "the Medicare patient's charge went out at once")
        var authorized = uhcIN1
        authorized["14"] = "A123^20261101^UHC"
        let a08 = try await sendADT(
            port: feedPort, [["event": "A08", "control_id": "E3", "patient": "MRN61", "in1": [authorized]]])
        #expect(a08.first?["code"] as? String == "AA")
        #expect(await peer.waitUntil(seconds: 30) { _ in peer.accepted().count >= 2 })
        let uhc = try #require(peer.received().first { $0.controlID == "GK-4711-000700" })
        #expect(uhc.valid, "\(uhc.error ?? "")")
        let in1 = try #require(uhc.message.split(separator: "\r").first { $0.hasPrefix("IN1|") })
        let fields = in1.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
        #expect(
            fields[1] == "1" && fields[2] == "UHC-CHOICE" && fields[3] == "87726" && fields[14] == "A123^20261101^adt")
        let ft1 = try #require(uhc.message.split(separator: "\r").first { $0.hasPrefix("FT1|") })
        #expect(ft1.split(separator: "|", omittingEmptySubsequences: false)[14] == "UHC-CHOICE")
        let history = try Shell.sqlite3(
            storePath, "SELECT reason FROM charge_history WHERE charge_id = 'GK-4711-000700' AND action = 'redecided'")
        #expect(history.contains("authorization_missing lifted by ADT E3"), "\(history)")
        for secret in ["MRN61", "MRN62"] { #expect(!daemon.text.contains(secret), "\(secret) logged") }
    }

    @Test func sigkillBetweenReceiptAndACKLosesNoMessageAndAppliesNoneTwice() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("gammalog-adt-kill-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let storePath = directory.appendingPathComponent("gammalog.sqlite").path
        let feedPort = try LoopbackPort.free()
        let config = directory.appendingPathComponent("gammalog.yaml")
        try """
        store:
          sqlite: "\(storePath)"
        devices: "\(Harness.repositoryRoot.appendingPathComponent("Devices").path)"
        http:
          listen: "127.0.0.1:\(try LoopbackPort.free())"
        consoles:
          - name: gk1
            address: "tcp://127.0.0.1:\(try LoopbackPort.free())"
        hl7_in:
          listen: "127.0.0.1:\(feedPort)"
        payers:
          list:
            - {id: "uhc", match: {company_ids: ["87726"]}, prior_authorization: true}
        """.write(to: config, atomically: true, encoding: .utf8)
        let step: [String: any Sendable] = ["event": "A08", "control_id": "K", "patient": "MRN7", "in1": [uhcIN1]]
        // The feed is killed mid-flood three times; each time the sender resends from the first message,
        // as an interface engine resends what it has no ACK for.
        var cutAt: [Int] = []
        for delay in [0.05, 0.15, 0.3] {
            let daemon = try DaemonProcess("gammalogd", ["--config", config.path])
            #expect(await daemon.waitForOutput("adt feed listening"), "\(daemon.text)")
            let flood = Task { try await sendADT(port: feedPort, [step], count: 400).last?["failed_at"] as? Int }
            // Killed a moment after the flood is flowing (the sender's start-up varies with the machine's load).
            #expect(await daemon.waitForOutput("adt applied", timeout: 30), "\(daemon.text)")
            try await Task.sleep(for: .seconds(delay))
            daemon.stop(SIGKILL)
            if let cut = try await flood.value { cutAt.append(cut) }
        }
        #expect(!cutAt.isEmpty, "the kills fell mid-flood")
        let daemon = try DaemonProcess("gammalogd", ["--config", config.path])
        defer { daemon.stop(SIGTERM) }
        #expect(await daemon.waitForOutput("adt feed listening"))
        let last = try await sendADT(port: feedPort, [step], count: 400)
        #expect(last.last?["sent"] as? Int == 400, "\(last)")
        let applied = try Shell.sqlite3(
            storePath, "SELECT count(*), count(DISTINCT control_id) FROM adt_messages WHERE outcome = 'AA'")
        #expect(applied == "400|400", "each message applied exactly once")
        let coverage = try Shell.sqlite3(
            storePath, "SELECT count(*) FROM coverage WHERE patient = 'MRN7' AND removed_at IS NULL")
        #expect(coverage == "1", "one coverage in force after 400 replacements")
        #expect(
            try await SQLiteStore(path: storePath).coverage(ofPatient: "MRN7").coverages.map(\.planID) == ["UHC-CHOICE"]
        )
    }
}
