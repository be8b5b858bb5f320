import Console
import ConsoleRecords
import DeliveryLog
import Foundation
import TestSupport
import Testing

/// Register values no honest gateway gives, served by the real simulator over Modbus TCP: each is a refused
/// read or a recorded gap, never a trap, and once the gateway answers honestly again nothing is missing.
@Suite struct CCG1DriverHostileTests {
    @Test(arguments: [UInt32.max, UInt32.max - 5, 1_000_000, 0])
    func aJournalHeadTheJournalDoesNotHoldIsRefusedAndNothingIsLostOrTakenTwice(value: UInt32) async throws {
        let harness = try Harness(
            scenario: sessionScenario(fault: "  - {at: 150, gateway: {false_head: {value: \(value), for_s: 30}}}"))
        let driver = try harness.driver()
        let collector = JournalCollector()
        harness.simulator.advance(to: 140)
        #expect(await collector.poll(driver) == nil)
        let before = try #require(await collector.cursor)
        harness.simulator.advance(to: 151)
        let refused = try #require(await collector.poll(driver), "a head of \(value) was taken as true")
        #expect(refused.code == .badData)
        #expect(refused.description.contains("journal_head"))
        #expect(await collector.cursor == before)
        // The gateway tells the truth again: every event read once, in order, and no gap invented.
        harness.simulator.advance(to: 185)
        await harness.stepThrough(polling: collector, with: driver)
        #expect(await collector.gaps.isEmpty)
        #expect(await collector.read == harness.written)
    }

    @Test func aCalibrationChangeReadWithTheSessionsAfterItIsAppliedBeforeThem() async throws {
        let harness = try Harness(
            scenario: """
                speed: 0
                timeline:
                  - {at: 10, calibration: {reference_dose_rate: 3600}}
                  - at: 20
                    session:
                      patient: {id: "MRN1", family: "ROE", given: "RICHARD"}
                      plan: "PLAN"
                      shots:
                        - {sectors: [16, 16, 16, 16, 16, 16, 16, 16], planned_s: 100}
                """)
        let driver = try harness.driver()
        let collector = JournalCollector()
        // First contact before the change, then the daemon is away: the change and the whole session
        // come in one poll, as after a restart or an outage.
        await collector.poll(driver)
        harness.simulator.advance(to: 10_000)
        await collector.poll(driver)
        var log = DeliveryLog(console: ConsoleRef(serial: "4711", model: "CO60-MS192", name: "gk-test"))
        let changes = log.apply(await collector.records)
        let session = try #require(changes.finalized.first)
        #expect(session.calibration?.referenceDoseRate == 3600)
        #expect(!session.flags.contains { $0.code == "dose_rate_inconsistent" })
    }
}
