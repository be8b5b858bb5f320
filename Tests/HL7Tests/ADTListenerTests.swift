import ChargeCapture
import Foundation
import HL7
import HL7Interface
import Logging
import SQLiteStore
import Store
import Synchronization
import TestSupport
import Testing

/// Runs the ADT listener over `store` on a free loopback port for as long as `body` runs.
func withFeed(
    _ store: SQLiteStore, allowed: [String] = ["127.0.0.1"], _ body: @escaping @Sendable (Int) async throws -> Void
) async throws {
    var logger = Logger(label: "test")
    logger.logLevel = .critical
    let port = Mutex(0)
    let listener = ADTListener(
        store: store, settings: ADTFeedSettings(host: "127.0.0.1", port: 0, allowedPeers: allowed),
        payers: .example, assigningAuthority: "HOSP", zone: TimeZone(identifier: "America/Chicago") ?? .current,
        logger: logger, onListening: { bound in port.withLock { $0 = bound } })
    let task = Task { try await listener.run() }
    defer { task.cancel() }
    for _ in 0..<500 where port.withLock({ $0 }) == 0 { try await Task.sleep(for: .milliseconds(10)) }
    try await body(port.withLock { $0 })
}

@Suite struct ADTListenerTests {
    func store() throws -> SQLiteStore {
        var settings = ChargeSettings()
        settings.payers = .example
        return try temporaryStore(charges: settings)
    }

    @Test func anA04ThenAnA08ReplacesTheCoverageAndAnA40MergesIt() async throws {
        let store = try store()
        try await withFeed(store) { port in
            var medicare = uhcIN1
            (medicare["2"], medicare["3"], medicare["4"]) = ("MCARE-A", "CMS", "MEDICARE")
            let answers = try await sendADT(
                port: port,
                [
                    ["event": "A04", "control_id": "M1", "patient": "OLD1", "in1": [uhcIN1]],
                    ["event": "A08", "control_id": "M2", "patient": "OLD1", "in1": [medicare]],
                    ["event": "A40", "control_id": "M3", "patient": "NEW1", "old": "OLD1"],
                ])
            #expect(answers.map { $0["code"] as? String } == ["AA", "AA", "AA"], "\(answers)")
            #expect(answers.map { $0["control_id"] as? String } == ["M1", "M2", "M3"])
        }
        #expect(try await store.coverage(ofPatient: "OLD1").coverages.map(\.planID) == ["MCARE-A"])
        #expect(try await store.coverage(ofPatient: "NEW1").coverages.map(\.planID) == ["MCARE-A"])
    }

    @Test func dg1sFromAnIndependentSenderReplaceTheFeedsDiagnosesABadCodeAppliesNothingAndAMergeCarriesThem()
        async throws
    {
        let store = try store()
        try await withFeed(store) { port in
            var medicare = uhcIN1
            (medicare["2"], medicare["3"], medicare["4"]) = ("MCARE-A", "CMS", "MEDICARE")
            let brain = ["1": "1", "3": "C79.31^Secondary malignant neoplasm of brain^I10", "6": "F", "15": "1"]
            let nerve = ["1": "2", "3": "G50.0^Trigeminal neuralgia^I10", "6": "W"]
            let answers = try await sendADT(
                port: port,
                [
                    ["event": "A04", "control_id": "D1", "patient": "OLD1", "in1": [medicare], "dg1": [brain, nerve]],
                    ["event": "A08", "control_id": "D2", "patient": "OLD1", "in1": [medicare], "dg1": [nerve]],
                    ["event": "A08", "control_id": "D3", "patient": "OLD1", "in1": [medicare]],
                    [
                        "event": "A08", "control_id": "D4", "patient": "OLD1", "in1": [uhcIN1],
                        "dg1": [brain, ["1": "2", "3": "NOT-A-CODE^x^I10"]],
                    ],
                    ["event": "A40", "control_id": "D5", "patient": "NEW1", "old": "OLD1"],
                ])
            #expect(answers.map { $0["code"] as? String } == ["AA", "AA", "AA", "AE", "AA"], "\(answers)")
            #expect((answers[3]["text"] as? String)?.contains("DG1[2]-3.1") == true, "\(answers[3])")
        }
        // The A08 with one DG1 replaced the two; the one without DG1 left it; the refused one changed nothing,
        // not even the coverage it carried.
        let old = try await store.coverage(ofPatient: "OLD1")
        #expect(old.diagnoses.map(\.code) == ["G50.0"] && old.diagnoses.first?.type == "W")
        #expect(old.coverages.map(\.planID) == ["MCARE-A"])
        #expect(try await store.coverage(ofPatient: "NEW1").diagnoses.map(\.code) == ["G50.0"])
    }

    @Test func aResendOfAnAppliedControlIdIsAcknowledgedAndNotAppliedAgain() async throws {
        let store = try store()
        try await withFeed(store) { port in
            var medicare = uhcIN1
            medicare["3"] = "CMS"
            let answers = try await sendADT(
                port: port,
                [
                    ["event": "A08", "control_id": "M1", "patient": "MRN1", "in1": [uhcIN1]],
                    ["event": "A08", "control_id": "M2", "patient": "MRN1", "in1": [medicare]],
                    ["event": "A08", "control_id": "M1", "patient": "MRN1", "in1": [uhcIN1]],
                ])
            #expect(answers.map { $0["code"] as? String } == ["AA", "AA", "AA"])
        }
        #expect(try await store.coverage(ofPatient: "MRN1").coverages.map(\.companyID) == ["CMS"])
    }

    @Test func anORUIsRejectedAndAMessageWithoutPID3IsAnError() async throws {
        let store = try store()
        try await withFeed(store) { port in
            let answers = try await sendADT(
                port: port,
                [
                    ["type": "ORU^R01", "control_id": "M1", "patient": "MRN1"],
                    ["event": "A08", "control_id": "M2"],
                    ["event": "A08", "control_id": "M3", "patient": "MRN1", "in1": [uhcIN1]],
                ])
            #expect(answers.map { $0["code"] as? String } == ["AR", "AE", "AA"], "\(answers)")
            #expect((answers.dropFirst().first?["text"] as? String)?.contains("PID-3") == true)
        }
        let kept = try Shell.run(
            "/usr/bin/sqlite3", [store.path, "SELECT control_id, outcome FROM adt_messages ORDER BY id"])
        #expect(kept.output == "M1|AR\nM2|AE\nM3|AA\n")
    }

    @Test(arguments: ["garbage", "big", "raw"])
    func badBytesCloseOnlyThatConnection(kind: String) async throws {
        let store = try store()
        let steps: [String: [String: any Sendable]] = [
            "garbage": ["garbage": "GET / HTTP/1.1\r\n\r\n"], "big": ["big": 2 << 20], "raw": ["raw": "not hl7 at all"],
        ]
        let step = try #require(steps[kind])
        try await withFeed(store) { port in
            let bad = try await sendADT(port: port, [step, ["event": "A08", "control_id": "M9", "patient": "MRN1"]])
            #expect(bad.first?["closed"] as? Bool == true && bad.first?["error"] as? String != "timed out", "\(bad)")
            let good = try await sendADT(
                port: port, [["event": "A08", "control_id": "M1", "patient": "MRN1", "in1": [uhcIN1]]])
            #expect(good.first?["code"] as? String == "AA")
        }
    }

    @Test func aPeerNotAllowedIsClosedAtOnce() async throws {
        let store = try store()
        try await withFeed(store, allowed: ["10.0.0.9"]) { port in
            let answers = try await sendADT(
                port: port, [["event": "A08", "control_id": "M1", "patient": "MRN1", "in1": [uhcIN1]]])
            #expect(answers.first?["closed"] as? Bool == true)
        }
        #expect(try await store.coverage(ofPatient: "MRN1").coverages.isEmpty)
    }

    @Test func anA08BringingIN1_14ReleasesAHeldUHCCharge() async throws {
        let store = try store()
        try await closeSessions([closedTreatment(1, patient: "MRN1")], in: store)
        #expect(try await store.charge(id: "GK-4711-000001", at: .now)?.holdReasons == [.coverageUnknown])
        try await withFeed(store) { port in
            let answers = try await sendADT(
                port: port, [["event": "A08", "control_id": "M1", "patient": "MRN1", "in1": [uhcIN1]]])
            #expect(answers.first?["code"] as? String == "AA")
            #expect(try await store.charge(id: "GK-4711-000001", at: .now)?.holdReasons == [.authorizationMissing])
            var authorized = uhcIN1
            authorized["14"] = "A123^20261101^UHC"
            _ = try await sendADT(
                port: port, [["event": "A08", "control_id": "M2", "patient": "MRN1", "in1": [authorized]]])
        }
        let charge = try #require(try await store.charge(id: "GK-4711-000001", at: .now))
        #expect(charge.status == .ready && charge.coverage?.authorization?.number == "A123")
        let history = try await store.history(ofCharge: charge.id)
        #expect(history.last?.reason?.contains("ADT M2") == true)
    }

    @Test func twoPatientsWhoseMessagesCarryThePlaceholderPENDINGEachKeepTheirOwnAuthorization() async throws {
        let store = try store()
        try await withFeed(store) { port in
            var pending = uhcIN1
            pending["14"] = "PENDING^20261101^UHC"
            var later = uhcIN1
            later["14"] = "PENDING^20261201^UHC"
            let answers = try await sendADT(
                port: port,
                [
                    ["event": "A08", "control_id": "P1", "patient": "MRN-A", "in1": [pending]],
                    ["event": "A08", "control_id": "P2", "patient": "MRN-B", "in1": [later]],
                ])
            #expect(answers.map { $0["code"] as? String } == ["AA", "AA"])
        }
        let first = try await store.coverage(ofPatient: "MRN-A").authorizations
        let second = try await store.coverage(ofPatient: "MRN-B").authorizations
        #expect(first.map(\.validFrom) == ["2026-11-01"], "patient A's authorization is A's, as sent")
        #expect(second.map(\.validFrom) == ["2026-12-01"])
        #expect(Set(first.map(\.id)).isDisjoint(with: second.map(\.id)))
    }
}
