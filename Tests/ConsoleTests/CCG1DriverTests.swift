import Console
import ConsoleRecords
import ConsoleSimulator
import DeliveryLog
import Foundation
import Modbus
import TestSupport
import Testing

@Suite struct CCG1DriverTests {
    func demo(speed: Double = 0) throws -> Harness {
        let text = try Harness.scenarioFile("demo").replacingOccurrences(of: "speed: 120", with: "speed: \(speed)")
        return try Harness(scenario: text)
    }

    @Test func aWholeDayIsReadExactlyOnceInOrder() async throws {
        let harness = try demo()
        let collector = JournalCollector()
        await harness.stepThrough(polling: collector, with: try harness.driver())
        let read = await collector.read
        #expect(read.count > 50)
        #expect(read == harness.written)
        #expect(await collector.gaps.isEmpty)
        #expect(await collector.events.allSatisfy { $0.anomalies.isEmpty })
    }

    @Test func theDriverSendsNoFunctionCodeButReadInputRegisters() async throws {
        let harness = try demo()
        let collector = JournalCollector()
        await harness.stepThrough(polling: collector, with: try harness.driver(), every: 1)
        let counters = await harness.settledCounters()
        #expect(counters.requests > 100)
        #expect(counters.requests(otherThan: 0x04) == 0)
        #expect(counters.exceptionsSent.isEmpty)
    }

    @Test func sessionBlocksAreReadAtOpenAndAtClose() async throws {
        let harness = try demo()
        let collector = JournalCollector()
        await harness.stepThrough(polling: collector, with: try harness.driver(), every: 1)
        let snapshots = await collector.sessions
        let jane = snapshots.filter { $0.number == 4211 }
        #expect(jane.count == 2)
        #expect(jane.first?.outcome == .open && jane.first?.patientID == "MRN0012345")
        let closed = try #require(jane.last)
        #expect(closed.outcome == .completed && closed.closedAt != nil)
        #expect(closed.patientFamilyName == "DOE" && closed.patientGivenName == "JANE")
        #expect(closed.shotsCompleted == 5 && closed.shotsPlanned == 5)
        #expect(closed.plannedMs == 1_800_000 && closed.deliveredMs == 1_800_000)
        #expect(closed.immobilization == .frame && closed.kind == .treatment && closed.operatorID == "RTT1")
        let early = try #require(snapshots.last { $0.number == 4215 })
        #expect(early.outcome == .endedByOperator && early.shotsCompleted == 2)
    }

    @Test func anIdlePollIsOneTwentyRegisterRequest() async throws {
        let harness = try demo()
        let driver = try harness.driver()
        let collector = JournalCollector()
        await harness.stepThrough(polling: collector, with: driver)
        harness.simulator.resetCounters()
        await collector.poll(driver)
        let counters = await harness.settledCounters()
        #expect(counters.requests == 1)
        #expect(counters.bytesReceived == 12 && counters.bytesSent == 9 + 40)
    }

    @Test func aPollDuringRealTimePlayLosesNothing() async throws {
        let harness = try Harness(scenario: try Harness.scenarioFile("smoke"))
        let driver = try harness.driver()
        let collector = JournalCollector()
        async let play: Void = harness.simulator.run()
        await collector.drain(driver, simulator: harness.simulator)
        await play
        #expect(await collector.read == harness.written)
        #expect(await collector.gaps.isEmpty)
    }

    @Test func aSessionClosingBetweenThePollsJournalReadAndItsBlockReadIsClosedByItsOwnEventInThatPoll()
        async throws
    {
        let harness = try Harness(
            scenario: "speed: 0\ntimeline:\n" + Harness.oneShotSession(at: 0, patient: "MRN0012345"))
        let simulator = harness.simulator
        simulator.step(1)
        // The poll reads the journal (the session's open), then the session block: the console delivers the
        // shot and closes the session between those two reads.
        simulator.step(simulator.steps.count - 1, beforeReadAt: try Harness.profile().session.start)
        let collector = JournalCollector()
        #expect(await collector.poll(try harness.driver()) == nil)
        #expect(simulator.isFinished)
        #expect(await collector.read == harness.written)
        #expect(await collector.events.last?.kind == .sessionCompleted)

        var log = DeliveryLog(console: ConsoleRef(serial: "4711", model: "CO60-MS192", name: "gk1"))
        let session = try #require(log.apply(await collector.records).finalized.first)
        #expect(session.gaps.isEmpty)
        #expect(session.outcome == .completed && session.shots.count == 1 && session.recordComplete)
    }

    @Test func aDifferentConsoleBehindTheAddressIsRefused() async throws {
        let harness = try demo()
        let collector = JournalCollector(cursor: JournalCursor(consoleSerial: "9999", bootID: 1))
        let error = await collector.poll(try harness.driver())
        #expect(error?.code == .wrongConsole)
        #expect(await collector.records.isEmpty)
    }

    @Test(arguments: [("magic: 4660", ConsoleError.Code.notAGateway), ("map_revision: 2", .unsupportedRevision)])
    func aGatewayThatIsNotCCG1IsRefused(console: String, code: ConsoleError.Code) async throws {
        let harness = try Harness(scenario: "speed: 0\nconsole: {\(console)}\ntimeline: []")
        let error = await JournalCollector().poll(try harness.driver())
        #expect(error?.code == code)
    }

    @Test func aCalibrationChangeRereadsTheIdentity() async throws {
        let harness = try Harness(
            scenario: """
                speed: 0
                timeline:
                  - {at: 10, calibration: {reference_dose_rate: 3600}}
                """)
        let collector = JournalCollector()
        await harness.stepThrough(polling: collector, with: try harness.driver())
        let identities = await collector.records.compactMap { if case .identity(let id) = $0 { id } else { nil } }
        #expect(identities.map(\.referenceDoseRate) == [3400, 3600])
    }
}
