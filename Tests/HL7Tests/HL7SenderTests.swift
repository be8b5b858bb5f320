import ChargeCapture
import Foundation
import HL7
import HL7Interface
import Logging
import SQLiteStore
import Store
import TestSupport
import Testing

/// Runs a sender to `peer` for as long as `body` runs.
func withSender(
    _ store: SQLiteStore, to peer: HL7Peer, maxAttempts: Int = 5, ackTimeout: Duration = .milliseconds(400),
    _ body: () async throws -> Void
) async throws {
    var settings = HL7Settings(host: "127.0.0.1", port: peer.port)
    settings.maxAttempts = maxAttempts
    settings.ackTimeout = ackTimeout
    var logger = Logger(label: "test")
    logger.logLevel = .critical
    let sender = HL7Sender(
        store: store, bell: store.readyBell, settings: settings,
        zone: TimeZone(identifier: "America/Chicago") ?? .current, logger: logger,
        backoff: .milliseconds(20)...(.milliseconds(200)))
    let task = Task { try await sender.run() }
    defer { task.cancel() }
    try await body()
}

func ids(_ numbers: ClosedRange<Int>) -> [String] { numbers.map { "GK-4711-" + String(format: "%06d", $0) } }

@Suite(.serialized) struct HL7SenderTests {
    @Test func everyReadyChargeIsAcknowledgedOnceInOrderAndValidatesStrictly() async throws {
        let store = try await storeWithCharges(ready: 4, held: 1)
        let peer = try HL7Peer()
        // The peer answers every message; a generous ACK wait keeps a loaded machine from causing a resend.
        try await withSender(store, to: peer, ackTimeout: .seconds(5)) {
            #expect(await peer.waitUntil { $0.count >= 4 })
            #expect(await waitForExported(store, 4))
        }
        let received = peer.received()
        #expect(received.map(\.controlID) == ids(1...4), "in order, once each; the held charge never sent")
        for message in received { #expect(message.valid, "\(message.controlID): \(message.error ?? "")") }
        #expect(try await store.charge(id: "GK-4711-000005", at: .now)?.status == .held)
        #expect(try await store.history(ofCharge: "GK-4711-000001").last?.action == "hl7_accepted")
    }

    @Test func coverageEnteredByBillingGoesOutWithIN1_3AndValidatesStrictly() async throws {
        var settings = ChargeSettings()
        settings.payers = .example
        let store = try temporaryStore(charges: settings)
        // Entered by a person through the API: a payer and a plan, no company id (payers.md 1.1).
        try await store.replaceCoverage(
            ofPatient: "MRN4711-1",
            with: [Coverage(priority: 1, payerID: "medicare", planID: "MCARE-A", memberID: "1EG4", source: .api)],
            by: "anna", at: Date())
        let created = try await closeSessions([closedTreatment(1)], in: store)
        #expect(created.first?.status == .ready)
        let peer = try HL7Peer()
        try await withSender(store, to: peer, ackTimeout: .seconds(5)) {
            #expect(await waitForExported(store, 1))
        }
        let message = try #require(peer.received().first)
        #expect(message.valid, "\(message.error ?? "")")
        let in1 = try #require(message.message.split(separator: "\r").first { $0.hasPrefix("IN1|") })
        #expect(in1.split(separator: "|", omittingEmptySubsequences: false)[3] == "CMS", "\(in1)")
    }

    @Test func refusalsAreRetriedThenHeldAsInterfaceRejectedAndTheQueueGoesOn() async throws {
        let store = try await storeWithCharges(ready: 2)
        let peer = try HL7Peer(script: ["AE", "AE", "AE"])
        try await withSender(store, to: peer, maxAttempts: 3) {
            #expect(await waitForExported(store, 1))
        }
        let first = try #require(try await store.charge(id: "GK-4711-000001", at: .now))
        #expect(first.status == .held && first.holdReasons == [.interfaceRejected] && first.hl7Rejections == 3)
        #expect(first.lastReason?.contains("AE") == true)
        #expect(try await store.charge(id: "GK-4711-000002", at: .now)?.status == .exported)
        let sent = peer.received().map(\.controlID)
        #expect(sent == ["GK-4711-000001", "GK-4711-000001", "GK-4711-000001", "GK-4711-000002"])
    }

    @Test func aRefusalThenAnAcceptanceExportsWithTheSameControlID() async throws {
        let store = try await storeWithCharges(ready: 1)
        let peer = try HL7Peer(script: ["AR"])
        try await withSender(store, to: peer) { #expect(await waitForExported(store, 1)) }
        let messages = peer.received()
        #expect(messages.map(\.action) == ["AR", "AA"] && Set(messages.map(\.message)).count == 1)
    }

    @Test(arguments: ["NOACK", "DROP"])
    func withNoACKTheSameMessageIsResentOnANewConnectionAndOrderIsKept(fault: String) async throws {
        let store = try await storeWithCharges(ready: 3)
        let peer = try HL7Peer(script: ["AA", fault, fault])
        try await withSender(store, to: peer) { #expect(await waitForExported(store, 3)) }
        let messages = peer.received()
        #expect(messages.map(\.controlID) == ids(1...1) + ids(2...2) + ids(2...2) + ids(2...3))
        let resent = messages.filter { $0.controlID == "GK-4711-000002" }.map(\.message)
        #expect(Set(resent).count == 1, "a resend is the same bytes")
        #expect(peer.accepted() == ids(1...3))
    }

    @Test func aChargeReleasedAfterItsRefusalsGoesOutWithItsNewContent() async throws {
        let store = try await storeWithCharges(ready: 1)
        let peer = try HL7Peer(script: ["AE"])
        try await withSender(store, to: peer, maxAttempts: 1) {
            #expect(await peer.waitUntil { $0.count == 1 })
            for _ in 0..<200 where try await store.charge(id: "GK-4711-000001", at: .now)?.status != .held {
                try await Task.sleep(for: .milliseconds(10))
            }
            _ = try await store.release(
                id: "GK-4711-000001", by: "biller", signsRecords: false, reason: "payer contract needs TC",
                modifiers: ["TC"], code: nil,
                at: Date())
            #expect(await waitForExported(store, 1))
        }
        #expect(peer.received().map(\.controlID) == ["GK-4711-000001", "GK-4711-000001-2"])
        #expect(peer.received().last?.message.contains("TC^^C4") == true)
    }

    @Test func aCreditGoesOutAsCDAfterTheCharge() async throws {
        let store = try await storeWithCharges(ready: 1)
        let peer = try HL7Peer()
        try await withSender(store, to: peer) {
            #expect(await waitForExported(store, 1))
            _ = try await store.void(id: "GK-4711-000001", by: "biller", reason: "billed in error", at: Date())
            #expect(await peer.waitUntil { $0.count == 2 })
        }
        let credit = try #require(peer.received().last)
        #expect(credit.controlID == "GK-4711-000001-CD" && credit.valid && credit.message.contains("|CD|"))
    }
}

/// Waits until `count` charges are exported.
func waitForExported(_ store: SQLiteStore, _ count: Int) async -> Bool {
    for _ in 0..<1000 {
        if let exported = try? await store.charges(ChargeQuery(status: .exported), at: Date()), exported.count >= count
        {
            return true
        }
        try? await Task.sleep(for: .milliseconds(20))
    }
    return false
}
