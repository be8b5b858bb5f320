import ArgumentParser
import Console
import ConsoleSimulator
import Foundation
import Logging
import Modbus

/// `gammalogd`: with no arguments, the embedded default: the simulator plays
/// the demo scenario on loopback and a poller reads it, printing each decoded
/// event, gap and session block as it arrives.
@main
struct Gammalogd: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gammalogd", abstract: "Record what a multi-source Co-60 radiosurgery console delivers.")

    @Option(help: "A scenario for the embedded simulator (default: Devices/scenarios/demo.yaml).")
    var scenario: String?

    @Option(help: "Simulated seconds per real second (overrides the scenario).")
    var speed: Double?

    @Option(help: "Poll interval in milliseconds.")
    var pollIntervalMs = 500

    @Flag(help: "Show patient ids and names in the output.")
    var showPatients = false

    mutating func run() async throws {
        var logger = Logger(label: "gammalogd")
        logger.logLevel = .info
        let searchPath = DeviceProfile.defaultSearchPath()
        let profile = try DeviceProfile.load(named: "ccg1", searching: searchPath)
        let path =
            scenario ?? searchPath.map { "\($0)/scenarios/demo.yaml" }
            .first { FileManager.default.fileExists(atPath: $0) } ?? "Devices/scenarios/demo.yaml"
        var script = try Scenario.load(path: path)
        if let speed { script.speed = speed }
        let simulator = try ConsoleSimulator(scenario: script, profile: profile)
        let address = try simulator.serve(.tcp(host: "127.0.0.1", port: 0))
        say("gammalogd: embedded default; simulator playing '\(script.name)' (x\(script.speed)) on \(address)")
        say("gammalogd: polling every \(pollIntervalMs) ms with the ccg1 profile; Ctrl-C stops")

        let client = ModbusClient(configuration: .init(address: address), logger: logger)
        let driver = CCG1Driver(name: "gk1", profile: profile, client: client, logger: logger)
        let printer = EventPrinter(showPatients: showPatients)
        let interval = Duration.milliseconds(pollIntervalMs)
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                await simulator.run()
                await simulator.idle()
            }
            group.addTask {
                var cursor: JournalCursor?
                while !Task.isCancelled {
                    do {
                        let poll = try await driver.poll(from: cursor)
                        cursor = poll.cursor
                        poll.records.forEach { say(printer.line(for: $0)) }
                    } catch {
                        say("gammalogd: poll failed: \(error)")
                    }
                    try? await Task.sleep(for: interval)
                }
            }
        }
    }
}

/// Writes a line to standard output unbuffered.
func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}
