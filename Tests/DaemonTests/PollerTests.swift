import Console
import ConsoleRecords
import ConsoleSimulator
import DeliveryLog
import Foundation
import Logging
import Modbus
import SQLiteStore
import Settings
import Store
import TestSupport
import Testing

@testable import Daemon

func gatewayScenario(_ fault: String) -> String {
    """
    speed: 0
    first_session: 40
    timeline:
      - at: 0
        session:
          patient: {id: "MRN1", family: "ROE", given: "RICHARD"}
          plan: "PLAN"
          immobilization: frame
          setup_s: 30
          shots:
            - {sectors: [16, 16, 16, 16, 16, 16, 16, 16], planned_s: 100}
            - sectors: [8, 8, 8, 8, 8, 8, 8, 8]
              planned_s: 100
              during:
    \(fault)
            - {sectors: [4, 4, 4, 4, 4, 4, 4, 4], planned_s: 100}
    """
}

@Suite struct PollerTests {
    @Test(arguments: [
        ("            - {after_s: 50, gateway: {restart: true}}", ["gateway_restart"]),
        ("            - {after_s: 50, gateway: {overrun: 100}}", ["overrun"]),
        ("            - {after_s: 50, gateway: {busy_s: 30}}", []),
        ("            - {after_s: 50, gateway: {silence_s: 30}}", []),
        ("            - {after_s: 0, gateway: {torn: {events: 3, reads: 1}}}", []),
    ])
    func gatewayFaultsMakeIncompleteRecordsOnlyWhenDataIsLost(fault: String, gaps: [String]) async throws {
        let harness = try Harness(scenario: gatewayScenario(fault))
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "gammalog-poller-\(UUID().uuidString)")
        let store = try SQLiteStore(path: directory.appendingPathComponent("g.sqlite").path)
        var settings = DaemonConfiguration.ConsoleSettings(name: "gk1", address: harness.address)
        settings.responseTimeout = .milliseconds(100)
        let poller = ConsolePoller(
            settings: settings, profile: try Harness.profile(), store: store, physics: PhysicsSettings(),
            logger: Logger(label: "test"))
        var state: ReaderState? = nil
        while !harness.simulator.isFinished {
            harness.simulator.step(2)
            state = await poller.pollOnce(after: state)
            // Time passes for the gateway between polls (busy and silence windows end).
            harness.simulator.advance(to: harness.simulator.withModel { $0.offset } + 20)
        }
        for _ in 0..<5 { state = await poller.pollOnce(after: state) }
        let session = try #require(try await store.session(id: "GK-4711-000040"))
        #expect(session.final && session.outcome == .completed)
        #expect(session.gaps.map(\.kind) == gaps)
        #expect(session.recordComplete == gaps.isEmpty)
        let verified = try await store.verify()
        #expect(verified.holds, "\(verified.problems)")
        #expect(poller.health.lastGoodRead != nil)
    }
}
