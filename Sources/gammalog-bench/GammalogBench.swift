import ArgumentParser
import CModbusRawLoop
import Console
import ConsoleRecords
import ConsoleSimulator
import Foundation
import Logging
import Modbus

#if canImport(Glibc)
    import Glibc
#endif

/// `gammalog-bench`: prints the console link's figures. A benchmark, not a
/// test: it asserts nothing and prints numbers for the closing note.
@main
struct GammalogBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gammalog-bench", abstract: "Print GammaLog's figures; asserts nothing.",
        subcommands: [
            LinkBench.self, DaemonBench.self, HistoryBench.self, ChargeBench.self, PagesBench.self, ADTBench.self,
            TrendsBench.self, NetworkBench.self,
        ],
        defaultSubcommand: LinkBench.self)
}

/// The console link: read rate against plain C libmodbus, and bytes on the wire.
struct LinkBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "link", abstract: "Measure the console link against plain C libmodbus.")

    @Option(help: "Reads per round.")
    var reads = 20_000

    @Option(help: "Rounds; the median is reported.")
    var rounds = 5

    mutating func run() async throws {
        let simulator = try SimulatorProcess.start()
        defer { simulator.stop() }
        print("simulator: gammalog-sim pid \(simulator.pid) on 127.0.0.1:\(simulator.port)")
        try await readRate(port: simulator.port)
        try await wireBytes()
    }

    /// (a) Reads per second and CPU per 1,000 reads of the 20-register status block.
    func readRate(port: Int) async throws {
        let logger = Logger(label: "bench")
        let client = ModbusClient(
            configuration: .init(address: .tcp(host: "127.0.0.1", port: port)), logger: logger)
        let profile = try DeviceProfile.load(named: "ccg1", searching: DeviceProfile.defaultSearchPath())
        let driver = CCG1Driver(name: "bench", profile: profile, client: client, logger: logger)
        var cursor = try await driver.poll(from: nil).cursor
        for _ in 0..<1000 { _ = try await client.readInputRegisters(address: 100, count: 20) }

        let loop = PollLoop(driver: driver, client: client, cursor: cursor)
        var raw: [Measure] = []
        var swift: [Measure] = []
        var polls: [Measure] = []
        var linked: [Measure] = []
        var linkReads: [Measure] = []
        let count = reads
        for _ in 0..<rounds {
            raw.append(
                try Measure.run(count) {
                    var error: Int32 = 0
                    if gammalog_raw_read_loop("127.0.0.1", Int32(port), 1, 100, 20, Int32(count), &error) < 0 {
                        throw POSIXError(POSIXErrorCode(rawValue: error) ?? .EIO)
                    }
                })
            swift.append(
                try await Measure.runAsync(count) {
                    for _ in 0..<count { _ = try await client.readInputRegisters(address: 100, count: 20) }
                })
            polls.append(
                try await Measure.runAsync(count) {
                    for _ in 0..<count { cursor = try await driver.poll(from: cursor).cursor }
                })
            linked.append(try await Measure.runAsync(count) { try await loop.run(count) })
            linkReads.append(try await Measure.runAsync(count) { try await loop.reads(count) })
        }
        let rawMedian = Measure.median(raw)
        let swiftMedian = Measure.median(swift)
        let pollMedian = Measure.median(polls)
        let linkedMedian = Measure.median(linked)
        let linkReadMedian = Measure.median(linkReads)
        print("    client read, link loop      \(linkReadMedian.rateText)  cpu \(linkReadMedian.cpuPerThousandText)")
        print("")
        print("(a) read rate, 20-register status block, loopback TCP, median of \(rounds) rounds of \(count)")
        print("    raw C libmodbus loop        \(rawMedian.rateText)  cpu \(rawMedian.cpuPerThousandText)")
        print("    Swift ModbusClient          \(swiftMedian.rateText)  cpu \(swiftMedian.cpuPerThousandText)")
        print("    CCG1Driver poll, caller hop \(pollMedian.rateText)  cpu \(pollMedian.cpuPerThousandText)")
        print("    CCG1Driver poll, link loop  \(linkedMedian.rateText)  cpu \(linkedMedian.cpuPerThousandText)")
        print(
            String(
                format:
                    "    ratio to raw: client %.3f, poll with a hop %.3f, poll loop on the link %.3f (goal >= 0.95)",
                swiftMedian.rate / rawMedian.rate, pollMedian.rate / rawMedian.rate, linkedMedian.rate / rawMedian.rate)
        )
        print(
            String(
                format: "    cpu ratio to raw: poll with a hop %.2f, poll loop on the link %.2f",
                pollMedian.cpuPerThousand / rawMedian.cpuPerThousand,
                linkedMedian.cpuPerThousand / rawMedian.cpuPerThousand))
    }

    /// (b) Bytes on the wire per idle poll and per journal event, against
    /// reading every block each cycle.
    func wireBytes() async throws {
        let profile = try DeviceProfile.load(named: "ccg1", searching: DeviceProfile.defaultSearchPath())
        let scenarioPath =
            DeviceProfile.defaultSearchPath().map { "\($0)/scenarios/demo.yaml" }
            .first { FileManager.default.fileExists(atPath: $0) } ?? "Devices/scenarios/demo.yaml"
        var scenario = try Scenario.load(path: scenarioPath)
        scenario.speed = 0
        let simulator = try ConsoleSimulator(scenario: scenario, profile: profile)
        let address = try simulator.serve(.tcp(host: "127.0.0.1", port: 0))
        let logger = Logger(label: "bench")
        let client = ModbusClient(configuration: .init(address: address), logger: logger)
        let driver = CCG1Driver(name: "bench", profile: profile, client: client, logger: logger)

        var cursor = try await driver.poll(from: nil).cursor
        simulator.resetCounters()
        var events = 0
        var polls = 0
        while !simulator.isFinished {
            simulator.step(1)
            let poll = try await driver.poll(from: cursor)
            cursor = poll.cursor
            events += poll.records.filter { if case .event = $0 { true } else { false } }.count
            polls += 1
        }
        let active = simulator.counters
        simulator.resetCounters()
        for _ in 0..<100 { cursor = try await driver.poll(from: cursor).cursor }
        let idle = simulator.counters

        simulator.resetCounters()
        let naive = ModbusClient(configuration: .init(address: address), logger: logger)
        for block in [profile.identity, profile.status, profile.session] {
            _ = try await naive.readInputRegisters(address: block.start, count: block.count)
        }
        let journalRegisters = scenario.console.journal_capacity * scenario.console.journal_slot_size
        let perRead = (125 / scenario.console.journal_slot_size) * scenario.console.journal_slot_size
        var offset = 0
        while offset < journalRegisters {
            let count = min(perRead, journalRegisters - offset)
            _ = try await naive.readInputRegisters(address: profile.journalStart + offset, count: count)
            offset += count
        }
        let everything = simulator.counters
        simulator.stop()

        let idleBytes = Double(idle.bytesReceived + idle.bytesSent) / 100
        let eventBytes = Double(active.bytesReceived + active.bytesSent) - idleBytes * Double(polls)
        let naiveBytes = everything.bytesReceived + everything.bytesSent
        print("")
        print("(b) bytes on the wire (Modbus TCP frames, both directions)")
        print(
            String(
                format: "    idle poll cycle             %.0f bytes in %.2f requests of 20 registers", idleBytes,
                Double(idle.requests) / 100))
        print(
            String(
                format:
                    "    per journal event           %.1f bytes over the idle cost (demo day: %d events, %d polls, %d requests)",
                eventBytes / Double(max(events, 1)), events, polls, active.requests))
        print("    reading every block a cycle \(naiveBytes) bytes in \(everything.requests) requests")
        print(String(format: "    idle cycle / every block    %.3f", idleBytes / Double(naiveBytes)))
    }
}

/// Polls back to back on the driver's own link thread, as a console's poller does.
actor PollLoop {
    let driver: CCG1Driver
    let client: ModbusClient
    var cursor: JournalCursor

    nonisolated var unownedExecutor: UnownedSerialExecutor { client.unownedExecutor }

    init(driver: CCG1Driver, client: ModbusClient, cursor: JournalCursor) {
        self.driver = driver
        self.client = client
        self.cursor = cursor
    }

    func run(_ count: Int) async throws {
        for _ in 0..<count { cursor = try await driver.poll(from: cursor).cursor }
    }

    func reads(_ count: Int) async throws {
        for _ in 0..<count { _ = try await client.readInputRegisters(address: 100, count: 20) }
    }
}

/// Wall and CPU time of one measured run.
struct Measure {
    var count: Int
    var wall: Double
    var cpu: Double

    var rate: Double { Double(count) / wall }
    var cpuPerThousand: Double { cpu / Double(count) * 1000 }
    var rateText: String { String(format: "%9.0f reads/s", rate) }
    var cpuPerThousandText: String { String(format: "%.1f ms per 1,000", cpuPerThousand * 1000) }

    static func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
            + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    }

    static func run(_ count: Int, _ body: () throws -> Void) throws -> Measure {
        let (start, cpu) = (ContinuousClock.now, cpuSeconds())
        try body()
        return Measure(count: count, wall: (ContinuousClock.now - start).seconds, cpu: cpuSeconds() - cpu)
    }

    static func runAsync(_ count: Int, _ body: () async throws -> Void) async throws -> Measure {
        let (start, cpu) = (ContinuousClock.now, cpuSeconds())
        try await body()
        return Measure(count: count, wall: (ContinuousClock.now - start).seconds, cpu: cpuSeconds() - cpu)
    }

    static func median(_ measures: [Measure]) -> Measure {
        measures.sorted { $0.rate < $1.rate }[measures.count / 2]
    }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
