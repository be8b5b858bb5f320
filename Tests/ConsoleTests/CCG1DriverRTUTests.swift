import Console
import ConsoleRecords
import LinkAddress
import Modbus
import TestSupport
import Testing

@Suite struct CCG1DriverRTUTests {
    @Test func aSessionIsReadExactlyOnceOverRTU() async throws {
        let pty = try PtyPair()
        let harness = try Harness(
            scenario: sessionScenario(fault: "  - {at: 0, gateway: {torn: {events: 2, reads: 1}}}"),
            address: try ModbusAddress(parsing: PtyPair.address(pty.serverPath)))
        let driver = try harness.driver(
            timeout: .milliseconds(500), address: try ModbusAddress(parsing: PtyPair.address(pty.clientPath)))
        let collector = JournalCollector()
        await harness.stepThrough(polling: collector, with: driver, every: 2)
        #expect(await collector.read == harness.written)
        #expect(await collector.gaps.isEmpty)
        #expect(harness.simulator.counters.requests(otherThan: 0x04) == 0)
        withExtendedLifetime(pty) {}
    }

    @Test func anRTUGatewayRestartIsAGap() async throws {
        let pty = try PtyPair()
        let harness = try Harness(
            scenario: sessionScenario(during: "            - {after_s: 60, gateway: {restart: true}}"),
            address: try ModbusAddress(parsing: PtyPair.address(pty.serverPath)))
        let driver = try harness.driver(
            timeout: .milliseconds(500), address: try ModbusAddress(parsing: PtyPair.address(pty.clientPath)))
        let collector = JournalCollector()
        await harness.stepThrough(polling: collector, with: driver, every: 2)
        #expect(await collector.gaps.map(\.kind) == [.gatewayRestart])
        withExtendedLifetime(pty) {}
    }
}
