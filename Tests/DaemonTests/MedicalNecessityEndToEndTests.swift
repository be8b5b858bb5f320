import Foundation
import Store
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Three patients whose sessions close 10, 15 and 20 s in (real time), after the ADT feed has sent their
/// coverage and diagnoses.
let necessityScenario = """
    name: necessity
    speed: 30
    first_session: 800
    timeline:
      - at: 300
        session:
          patient: {id: "MRN71", family: "COVERED", given: "PATIENT"}
          plan: "PLAN 71"
          fractions_planned: 1
          immobilization: frame
          setup_s: 10
          shots:
            - {sectors: [16, 16, 16, 16, 16, 16, 16, 16], planned_s: 20}
      - at: 450
        session:
          patient: {id: "MRN72", family: "UNCOVERED", given: "PATIENT"}
          plan: "PLAN 72"
          fractions_planned: 1
          immobilization: frame
          setup_s: 10
          shots:
            - {sectors: [16, 16, 16, 16, 16, 16, 16, 16], planned_s: 20}
      - at: 600
        session:
          patient: {id: "MRN73", family: "COMMERCIAL", given: "PATIENT"}
          plan: "PLAN 73"
          fractions_planned: 1
          immobilization: frame
          setup_s: 10
          shots:
            - {sectors: [16, 16, 16, 16, 16, 16, 16, 16], planned_s: 20}
    """

/// diagnoses.md end to end: the real daemon, the simulator, the independent ADT sender (hl7apy) and the strict
/// DFT receiver (hl7apy), with the shipped example's payers and diagnoses required.
@Suite(.serialized) struct MedicalNecessityEndToEndTests {
    @Test func aCoveredChargeGoesOutWithItsDiagnosesAnABNReleasesAnUncoveredOneWithGAAndAnA08BringsAMissingOne()
        async throws
    {
        let peer = try HL7Peer()
        let (directory, simulator) = try DaemonProcess.simulator(playing: necessityScenario, named: "necessity")
        defer { simulator.stop(SIGKILL) }
        #expect(await simulator.waitForOutput("steps"))
        let port = try #require(simulator.listeningPort)
        let storePath = directory.appendingPathComponent("gammalog.sqlite").path
        let (feedPort, httpPort) = (try LoopbackPort.free(), try LoopbackPort.free())
        let example = try String(
            contentsOf: Harness.repositoryRoot.appendingPathComponent("systemd/gammalog.yaml"), encoding: .utf8)
        let payers = try #require(example.components(separatedBy: "\npayers:").last)
            .replacingOccurrences(of: "diagnosis_required: false", with: "diagnosis_required: true")
        let config = directory.appendingPathComponent("gammalog.yaml")
        try """
        store:
          sqlite: "\(storePath)"
        devices: "\(Harness.repositoryRoot.appendingPathComponent("Devices").path)"
        http:
          listen: "127.0.0.1:\(httpPort)"
          tokens:
            - {name: "coder-carla", role: "billing", sha256: "\(HashChain.sha256("billing-secret"))"}
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
        var aetna = uhcIN1
        (aetna["2"], aetna["3"], aetna["4"], aetna["14"]) = ("AET-OAP", "60054", "AETNA", "AET-1^20261101^EVICORE")
        let brain = ["1": "1", "3": "C79.31^Secondary malignant neoplasm of brain^I10", "15": "1"]
        let sent = try await sendADT(
            port: feedPort,
            [
                ["event": "A04", "control_id": "N1", "patient": "MRN71", "in1": [medicare], "dg1": [brain]],
                [
                    "event": "A04", "control_id": "N2", "patient": "MRN72", "in1": [medicare],
                    "dg1": [["1": "1", "3": "G40.909^Epilepsy^I10"]],
                ],
                ["event": "A04", "control_id": "N3", "patient": "MRN73", "in1": [aetna]],
            ])
        #expect(sent.map { $0["code"] as? String } == ["AA", "AA", "AA"], "\(sent)")
        func status(_ number: Int) throws -> String {
            try Shell.sqlite3(
                storePath,
                "SELECT status || ':' || coalesce(json_extract(body, '$.hold_reasons[0]'), '') FROM charges WHERE number = \(number)"
            )
        }
        for _ in 0..<600 where (try? status(802)) == "" { try await Task.sleep(for: .milliseconds(50)) }
        for _ in 0..<100 where (try? status(800)) != "exported:" { try await Task.sleep(for: .milliseconds(50)) }
        #expect(try status(800) == "exported:", "the covered Medicare charge went out at once")
        #expect(try status(801) == "held:medical_necessity")
        #expect(try status(802) == "held:diagnosis_missing")

        // Billing enters the ABN the patient signed before the service: the charge goes out with GA.
        let abn = try await HTTPProbe.send(
            port: httpPort, "POST", "/api/v1/patients/MRN72/abns", token: "billing-secret",
            json: #"{"payer": "medicare", "signed": "2026-11-01"}"#)
        #expect(abn.status == 201, "\(abn.text)")
        // The hospital's A08 brings the commercial patient's diagnosis.
        let a08 = try await sendADT(
            port: feedPort, [["event": "A08", "control_id": "N4", "patient": "MRN73", "in1": [aetna], "dg1": [brain]]])
        #expect(a08.first?["code"] as? String == "AA")
        #expect(await peer.waitUntil(seconds: 30) { _ in peer.accepted().count >= 3 })
        func message(_ id: String) throws -> HL7Peer.Received {
            try #require(peer.received().first { $0.controlID == id }, "\(peer.received().map(\.controlID))")
        }
        func segments(_ received: HL7Peer.Received, _ id: String) -> [[String]] {
            received.message.split(separator: "\r").filter { $0.hasPrefix(id + "|") }.map {
                $0.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
            }
        }
        let covered = try message("GK-4711-000800")
        #expect(covered.valid, "\(covered.error ?? "")")
        #expect(segments(covered, "FT1").first?[19] == "C79.31^Secondary malignant neoplasm of brain^I10")
        #expect(
            segments(covered, "DG1").map { [$0[1], $0[3], $0[6], $0[15]] } == [
                ["1", "C79.31^Secondary malignant neoplasm of brain^I10", "F", "1"]
            ])
        // GA changed what the bill says: its content revision, and so its control id, moved on.
        let withABN = try message("GK-4711-000801-2")
        #expect(withABN.valid, "\(withABN.error ?? "")")
        #expect(segments(withABN, "FT1").first?[26] == "GA^^C4", "\(withABN.message)")
        let commercial = try message("GK-4711-000802")
        #expect(commercial.valid, "\(commercial.error ?? "")")
        #expect(segments(commercial, "DG1").count == 1)
        let history = try Shell.sqlite3(
            storePath,
            "SELECT charge_id || ' ' || reason FROM charge_history WHERE action = 'redecided' ORDER BY charge_id")
        #expect(history.contains("GK-4711-000801 medical_necessity lifted by coder-carla"), "\(history)")
        #expect(history.contains("GK-4711-000802 diagnosis_missing lifted by ADT N4"), "\(history)")
        for secret in ["MRN71", "MRN72", "MRN73", "C79.31", "G40.909"] {
            #expect(!daemon.text.contains(secret), "\(secret) logged")
        }
    }
}
