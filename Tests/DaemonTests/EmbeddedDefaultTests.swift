import ChargeCapture
import Foundation
import SQLiteStore
import Store
import Testing

/// `gammalogd` with no configuration: the demo on its simulator, as a newcomer first runs it.
@Suite struct EmbeddedDefaultTests {
    @Test func theDemoPlaysOnTodaysDateAndItsSessionsAreNotFlaggedForClockSkew() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("gammalog-demo-\(UUID())")
        let daemon = try DaemonProcess(
            "gammalogd", ["--state", directory.path, "--http-port", "0", "--speed", "600"])
        defer { daemon.stop(SIGTERM) }
        var recorded: [Substring] = []
        let deadline = Date().addingTimeInterval(60)
        while recorded.count < 2 && Date() < deadline {
            _ = await daemon.waitForOutput("\u{0}", timeout: 0.5)
            recorded = daemon.text.split(separator: "\n").filter { $0.contains("session recorded") }
        }
        #expect(recorded.count >= 2, "\(daemon.text)")
        #expect(!recorded.contains { $0.contains("clock_skew") }, "\(recorded)")
        daemon.stop(SIGTERM)
        let store = try SQLiteStore(path: directory.appendingPathComponent("gammalog.sqlite").path, readOnly: true)
        let sessions = try await store.summaries(SessionQuery(limit: 10))
        let zone = try #require(TimeZone(identifier: "America/Chicago"))
        let today = ChargeRules.localDate(Date(), in: zone)
        #expect(sessions.count >= 2)
        for session in sessions {
            #expect(session.openedAt.map { ChargeRules.localDate($0, in: zone) } == today, "\(session.id)")
        }
    }

    @Test func theDemosHospitalGivesItsPatientsCoverageAndItsUHCChargeWaitsForTheAuthorizationThatComesLate()
        async throws
    {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("gammalog-demo-\(UUID())")
        let daemon = try DaemonProcess(
            "gammalogd", ["--state", directory.path, "--http-port", "0", "--speed", "1200"])
        defer { daemon.stop(SIGTERM) }
        var (sent, recorded): ([Substring], Int) = ([], 0)
        let deadline = Date().addingTimeInterval(90)
        while (sent.count < 7 || recorded < 6) && Date() < deadline {
            _ = await daemon.waitForOutput("\u{0}", timeout: 0.5)
            let lines = daemon.text.split(separator: "\n")
            sent = lines.filter { $0.contains("demo hospital: adt sent") }
            recorded = lines.filter { $0.contains("session recorded") }.count
        }
        #expect(sent.count == 7 && sent.allSatisfy { $0.contains("ack=AA") }, "\(daemon.text)")
        #expect(daemon.stop(SIGTERM) == 0)
        let store = try SQLiteStore(path: directory.appendingPathComponent("gammalog.sqlite").path, readOnly: true)
        let charges = try await store.charges(ChargeQuery(), at: Date())
        func charge(of patient: String) throws -> Charge {
            try #require(charges.first { $0.patient.id == patient }, "no charge for \(patient)")
        }
        // diagnoses.md: DOE arrives with a diagnosis Medicare's example policy does not cover, and is held until
        // the coder's corrected diagnosis comes.
        let medicare = try charge(of: "MRN0012345")
        #expect(medicare.status == .ready && medicare.coverage?.payer == "medicare", "\(medicare)")
        #expect(medicare.diagnoses.map(\.code) == ["C71.9"] && medicare.medicalNecessity?.coveredBy == "C71.9")
        let held = try await store.history(ofCharge: medicare.id)
        #expect(held.first?.to == .held && held.first?.reason == "medical_necessity", "\(held)")
        #expect(
            held.contains { $0.to == .ready && $0.reason?.contains("medical_necessity lifted by ADT DEMO") == true },
            "\(held)")
        let aetna = try charge(of: "MRN0067890")
        #expect(aetna.diagnoses.map(\.code) == ["C79.31"] && aetna.medicalNecessity?.coveredBy == "C79.31")
        #expect(aetna.coverage?.payer == "aetna" && aetna.coverage?.authorization?.number == "AET-SRS-1187")
        let cigna = try charge(of: "MRN0097531")
        #expect(cigna.coverage?.all.map(\.companyID) == ["62308", "CMS"], "primary Cigna, secondary Medicare")
        #expect(!cigna.holdReasons.contains(.authorizationMissing), "the early end holds it, not its payer")
        let uhc = try charge(of: "MRN0013579")
        #expect(uhc.status == .ready, "\(uhc)")
        #expect(uhc.coverage?.payer == "uhc" && uhc.coverage?.authorization?.number == "UHC-SRS-0042")
        let history = try await store.history(ofCharge: uhc.id)
        #expect(history.first?.to == .held, "held when its session closed: \(history)")
        #expect(
            history.contains {
                $0.to == .ready && $0.reason?.contains("authorization_missing lifted by ADT DEMO") == true
            },
            "\(history)")
        for patient in ["MRN0012345", "MRN0067890", "MRN0024680", "MRN0013579", "MRN0097531"] {
            #expect(!daemon.text.contains(patient), "\(patient) logged")
        }
    }
}
