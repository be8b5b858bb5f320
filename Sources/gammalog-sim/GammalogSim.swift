import ArgumentParser
import Console
import ConsoleRecords
import ConsoleSimulator
import Foundation
import LinkAddress
import Logging
import Modbus

/// `gammalog-sim`: a CCG-1 console simulator served over real Modbus.
@main
struct GammalogSim: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gammalog-sim",
        abstract: "Serve a simulated CCG-1 console gateway over Modbus TCP or RTU.")

    @Option(help: "tcp://HOST:PORT or rtu:///dev/pts/N?baud=19200&parity=N&data=8&stop=1")
    var address: String = "tcp://127.0.0.1:1502"

    @Option(help: "A scenario YAML file (default: Devices/scenarios/demo.yaml).")
    var scenario: String?

    @Option(help: "Modbus unit id, 1-247.")
    var unit: UInt8 = 1

    @Option(help: "Simulated seconds per real second (overrides the scenario).")
    var speed: Double?

    @Option(help: "The device profile.")
    var profile: String = "ccg1"

    @Flag(help: "Exit when the scenario ends instead of idling.")
    var exitAtEnd = false

    mutating func run() async throws {
        let profile = try DeviceProfile.load(named: profile, searching: DeviceProfile.defaultSearchPath())
        let path = scenario ?? Self.defaultScenario()
        var scenario = try Scenario.load(path: path)
        if let speed { scenario.speed = speed }
        let simulator = try ConsoleSimulator(scenario: scenario, profile: profile)
        let bound = try simulator.serve(try ModbusAddress(parsing: address, allowingAnyPort: true), unit: unit)
        say(
            "gammalog-sim: console \(scenario.console.serial) (\(scenario.name), \(simulator.steps.count) steps, x\(scenario.speed)) on \(bound)"
        )
        await simulator.run()
        say("gammalog-sim: scenario finished; \(simulator.counters.requests) requests served")
        if !exitAtEnd { await simulator.idle() }
        simulator.stop()
    }

    static func defaultScenario() -> String {
        for directory in DeviceProfile.defaultSearchPath() {
            let path = "\(directory)/scenarios/demo.yaml"
            if FileManager.default.fileExists(atPath: path) { return path }
        }
        return "Devices/scenarios/demo.yaml"
    }
}

/// Writes a line to standard output unbuffered, so a parent reading a pipe sees it at once.
func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}
