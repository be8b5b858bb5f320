import Foundation
import LinkAddress
import Logging
import Modbus
import TestSupport
import Testing

@Suite struct ModbusRTUTests {
    @Test func readsTheIdentityBlockOverRTUThroughAPtyPair() async throws {
        let pty = try PtyPair()
        let harness = try Harness(
            scenario: idleScenario, address: try ModbusAddress(parsing: PtyPair.address(pty.serverPath)))
        let client = harness.client(
            timeout: .milliseconds(500), address: try ModbusAddress(parsing: PtyPair.address(pty.clientPath)))
        let registers = try await client.readInputRegisters(address: 0, count: 40)
        #expect(registers[0] == 0x4343)
        let status = try await client.readInputRegisters(address: 100, count: 20)
        #expect(status.count == 20)
        let statistics = await client.statistics()
        #expect(statistics.bytesSent == 16 && statistics.bytesReceived == 5 + 80 + 5 + 40)
        withExtendedLifetime(pty) {}
    }

    @Test func anRTUExceptionIsTypedAndTheLineStaysUsable() async throws {
        let pty = try PtyPair()
        let harness = try Harness(
            scenario: idleScenario, address: try ModbusAddress(parsing: PtyPair.address(pty.serverPath)))
        let client = harness.client(
            timeout: .milliseconds(500), address: try ModbusAddress(parsing: PtyPair.address(pty.clientPath)))
        await #expect {
            _ = try await client.readInputRegisters(address: 50, count: 2)
        } throws: { error in
            (error as? ModbusError)?.exception == .illegalDataAddress
        }
        #expect(try await client.readInputRegisters(address: 200, count: 80).count == 80)
        withExtendedLifetime(pty) {}
    }
}

@Suite struct MbpollTests {
    @Test func mbpollReadsTheIdentityBlockAndIsRefusedAWrite() async throws {
        let harness = try Harness(scenario: idleScenario)
        guard case .tcp(_, let port) = harness.address else { return }
        let (readStatus, read) = try Shell.run(
            "/usr/bin/mbpoll",
            [
                "-m", "tcp", "-a", "1", "-p", "\(port)", "-t", "3", "-r", "1", "-c", "2", "-1", "127.0.0.1",
            ])
        #expect(readStatus == 0)
        #expect(read.contains("[1]: \t17219"))  // 0x4343, the magic
        #expect(read.contains("[2]: \t1"))  // map revision
        let (writeStatus, write) = try Shell.run(
            "/usr/bin/mbpoll",
            [
                "-m", "tcp", "-a", "1", "-p", "\(port)", "-t", "4", "-r", "1", "-1", "127.0.0.1", "42",
            ])
        #expect(writeStatus != 0)
        #expect(write.contains("Illegal function"))
        let counters = await harness.settledCounters()
        #expect(counters.exceptionsSent[0x01] == 1)
        #expect(counters.requestsByFunction[0x06] == 1)
    }
}
