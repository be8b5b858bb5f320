import Foundation
import LinkAddress
import Logging
import Modbus
import TestSupport
import Testing

let idleScenario = """
    name: idle
    speed: 0
    console: {serial: "4711"}
    timeline: []
    """

@Suite struct ModbusClientTests {
    @Test func readsTheIdentityBlockOverLoopbackTCP() async throws {
        let harness = try Harness(scenario: idleScenario)
        let client = harness.client()
        let registers = try await client.readInputRegisters(address: 0, count: 40)
        #expect(registers.count == 40)
        #expect(registers[0] == 0x4343)
        #expect(registers[1] == 1)
        #expect(registers[2] == 0x3437)  // "47"
        #expect(registers[3] == 0x3131)  // "11"
        let statistics = await client.statistics()
        #expect(statistics.transactions == 1 && statistics.connects == 1)
        #expect(statistics.bytesSent == 12 && statistics.bytesReceived == 9 + 80)
    }

    @Test func anAddressOutsideTheBlocksIsIllegalDataAddress() async throws {
        let harness = try Harness(scenario: idleScenario)
        let client = harness.client()
        await #expect {
            _ = try await client.readInputRegisters(address: 30, count: 20)
        } throws: { error in
            (error as? ModbusError)?.exception == .illegalDataAddress
        }
        // The link survives an exception.
        #expect(try await client.readInputRegisters(address: 100, count: 20).count == 20)
    }

    @Test func holdingRegistersAreAnsweredWithIllegalFunction() async throws {
        let harness = try Harness(scenario: idleScenario)
        await #expect {
            _ = try await harness.client().readHoldingRegisters(address: 0, count: 1)
        } throws: { error in
            let error = error as? ModbusError
            return error?.code == .exception && error?.exception == .illegalFunction
                && error?.description.contains("illegal function") == true
        }
    }

    @Test func aCountOver125IsRefusedBeforeSending() async throws {
        let harness = try Harness(scenario: idleScenario)
        let client = harness.client()
        await #expect {
            _ = try await client.readInputRegisters(address: 1000, count: 126)
        } throws: { error in
            (error as? ModbusError)?.code == .invalidRequest
        }
        #expect(harness.simulator.counters.requests == 0)
    }

    @Test func aWrongUnitIdIsRefusedByTheGateway() async throws {
        let harness = try Harness(scenario: idleScenario)
        await #expect {
            _ = try await harness.client(unit: 7).readInputRegisters(address: 0, count: 1)
        } throws: { error in
            (error as? ModbusError)?.exception == .gatewayTargetFailedToRespond
        }
    }

    @Test func aRefusedConnectionBacksOffBeforeTheNextAttempt() async throws {
        let harness = try Harness(scenario: idleScenario)
        guard case .tcp(_, let port) = harness.address else { return }
        harness.simulator.stop()
        let client = ModbusClient(
            configuration: .init(
                address: .tcp(host: "127.0.0.1", port: port),
                reconnect: Backoff(initial: .seconds(120), maximum: .seconds(120))),
            logger: Logger(label: "test"))
        await #expect(throws: ModbusError.self) { _ = try await client.readInputRegisters(address: 0, count: 1) }
        await #expect {
            _ = try await client.readInputRegisters(address: 0, count: 1)
        } throws: { error in
            (error as? ModbusError)?.code == .notConnected
        }
        let statistics = await client.statistics()
        #expect(statistics.failedConnects == 1)
    }

    @Test func aSilentGatewayTimesOutAndTheLinkRecoversAfterwards() async throws {
        let harness = try Harness(
            scenario: """
                speed: 0
                timeline:
                  - {at: 0, gateway: {silence_s: 10}}
                """)
        harness.simulator.advance(to: 0)
        let client = harness.client(timeout: .milliseconds(100))
        let started = ContinuousClock.now
        await #expect {
            _ = try await client.readInputRegisters(address: 100, count: 20)
        } throws: { error in
            (error as? ModbusError)?.code == .timeout
        }
        #expect(ContinuousClock.now - started < .seconds(20))  // bounded by the timeout, not stuck
        harness.simulator.advance(to: 11)
        #expect(try await client.readInputRegisters(address: 100, count: 20).count == 20)
        #expect(await client.statistics().connects == 2)
    }

    @Test func aBusyGatewayAnswersException06() async throws {
        let harness = try Harness(
            scenario: """
                speed: 0
                timeline:
                  - {at: 0, gateway: {busy_s: 5}}
                """)
        harness.simulator.advance(to: 0)
        await #expect {
            _ = try await harness.client().readInputRegisters(address: 100, count: 20)
        } throws: { error in
            (error as? ModbusError)?.exception == .serverDeviceBusy
        }
    }

    @Test func concurrentReadsOnOneClientAreSerialised() async throws {
        let harness = try Harness(scenario: idleScenario)
        let client = harness.client()
        try await withThrowingTaskGroup(of: [UInt16].self) { group in
            for _ in 0..<20 { group.addTask { try await client.readInputRegisters(address: 0, count: 40) } }
            for try await registers in group { #expect(registers[0] == 0x4343) }
        }
        #expect(await client.statistics().transactions == 20)
    }
}
