import ArgumentParser
import Console
import ConsoleSimulator
import Daemon
import DeliveryLog
import Foundation
import Logging
import Modbus
import ServiceLifecycle
import Store
import TestSupport

#if canImport(Glibc)
    import Glibc
#endif

/// Session close at the console → session stored, in poll intervals; and the
/// daemon's resident memory with four idle consoles.
struct DaemonBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "daemon", abstract: "Close-to-stored latency and idle memory.")

    @Option(help: "Sessions to close.")
    var sessions = 40

    @Option(help: "Poll interval, ms.")
    var intervalMs = 200

    func run() async throws {
        try await latency()
        try rss()
    }

    func latency() async throws {
        var day = try BenchDay(sessions: sessions)
        let store = try temporaryStore()
        let poller = try day.poller(storing: store, every: intervalMs)
        let task = Task { try await poller.run() }
        var latencies: [Double] = []
        for number in 1...sessions {
            // Apply every step up to and including this session's close, at a random phase of the poll timer.
            try await Task.sleep(for: .milliseconds(Int.random(in: 0..<intervalMs)))
            day.closeNextSession()
            let closed = ContinuousClock.now
            let id = DeliverySession.id(serial: "4711", number: UInt32(number))
            while try await store.session(id: id)?.final != true { try await Task.sleep(for: .milliseconds(2)) }
            latencies.append((ContinuousClock.now - closed).seconds * 1000)
        }
        task.cancel()
        let interval = Double(intervalMs)
        BenchDay.report(
            "session close at the console -> session stored (final), \(sessions) sessions, poll interval \(intervalMs) ms",
            latencies, interval: interval, goal: interval + 50)
        day.simulator.stop()
    }

    /// Runs the real daemon with four consoles (four simulator processes) and reads its RSS when idle.
    func rss() throws {
        let build = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        var simulators: [SimulatorProcess] = []
        defer { simulators.forEach { $0.stop() } }
        for _ in 0..<4 { simulators.append(try SimulatorProcess.start(scenario: nil)) }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "gammalog-rss-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var config =
            "store:\n  sqlite: \"\(directory.path)/g.sqlite\"\nhttp:\n  listen: \"127.0.0.1:\(Int.random(in: 20_000..<30_000))\"\nconsoles:\n"
        for (index, simulator) in simulators.enumerated() {
            config += "  - {name: gk\(index + 1), address: \"tcp://127.0.0.1:\(simulator.port)\"}\n"
        }
        let configPath = directory.appendingPathComponent("g.yaml").path
        try config.write(toFile: configPath, atomically: true, encoding: .utf8)
        let daemon = Process()
        daemon.executableURL = build.appendingPathComponent("gammalogd")
        daemon.arguments = ["--config", configPath]
        // As the systemd unit runs it: glibc's per-thread malloc arenas capped.
        daemon.environment = ProcessInfo.processInfo.environment.merging(["MALLOC_ARENA_MAX": "2"]) { _, new in new }
        daemon.standardError = FileHandle.nullDevice
        daemon.standardOutput = FileHandle.nullDevice
        try daemon.run()
        defer { kill(daemon.processIdentifier, SIGTERM) }
        Thread.sleep(forTimeInterval: 10)
        let status = (try? String(contentsOfFile: "/proc/\(daemon.processIdentifier)/status", encoding: .utf8)) ?? ""
        func kilobytes(_ field: String) -> Double {
            let line = status.split(separator: "\n").first { $0.hasPrefix(field + ":") } ?? ""
            return Double(line.split(separator: " ").dropFirst().first { !$0.isEmpty }.flatMap { Double($0) } ?? 0)
        }
        let rss = kilobytes("VmRSS") / 1024
        print("")
        print(
            "gammalogd idle with 4 consoles (4 gammalog-sim processes), HTTP on, after 10 s, MALLOC_ARENA_MAX=2 as in the unit"
        )
        print(
            String(
                format: "    VmRSS %.1f MB (goal <= 30 MB: %@): anonymous %.1f MB, file-backed code and data %.1f MB",
                rss, rss <= 30 ? "met" : "NOT met", kilobytes("RssAnon") / 1024, kilobytes("RssFile") / 1024))
    }
}
