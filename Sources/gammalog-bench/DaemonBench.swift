import ArgumentParser
import Console
import ConsoleRecords
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
    ///
    /// The executable is read through first, so that every page of it is in the page cache: the
    /// kernel then maps up to 64 KB around each page fault, the worst case for resident size.
    func rss() throws {
        _ = try Data(contentsOf: IdleDaemon.executable)
        let idle = try IdleDaemon.start()
        defer { idle.stop() }
        Thread.sleep(forTimeInterval: 10)
        idle.exercise()
        Thread.sleep(forTimeInterval: 2)
        let rss = idle.megabytes("VmRSS")
        let anonymous = idle.megabytes("RssAnon")
        let pss = Self.rollup(pid: idle.daemon.processIdentifier, "Pss")
        let own = Self.residentMegabytes(pid: idle.daemon.processIdentifier, path: IdleDaemon.executable.path)
        print("")
        print(
            "gammalogd idle with 4 consoles (4 gammalog-sim processes), HTTP on, after 12 s, MALLOC_ARENA_MAX=2 as in the unit"
        )
        print(
            String(
                format: "    RssAnon %.1f MB (goal <= 8 MB: %@): what the host cannot reclaim",
                anonymous, anonymous <= 8 ? "met" : "NOT met"))
        print(
            String(
                format: "    VmRSS   %.1f MB (goal <= 35 MB: %@): file-backed %.1f MB, of which the executable %.1f MB",
                rss, rss <= 35 ? "met" : "NOT met", idle.megabytes("RssFile"), own))
        print(String(format: "    PSS     %.1f MB (shared pages divided among their users)", pss))
    }

    /// A field of `/proc/PID/smaps_rollup`, in MB.
    static func rollup(pid: Int32, _ field: String) -> Double {
        let text = (try? String(contentsOfFile: "/proc/\(pid)/smaps_rollup", encoding: .utf8)) ?? ""
        let line = text.split(separator: "\n").first { $0.hasPrefix(field + ":") } ?? ""
        return (line.split(separator: " ").dropFirst().first { !$0.isEmpty }.flatMap { Double($0) } ?? 0) / 1024
    }

    /// Resident MB of the mappings of `path` in process `pid`.
    static func residentMegabytes(pid: Int32, path: String) -> Double {
        let smaps = (try? String(contentsOfFile: "/proc/\(pid)/smaps", encoding: .utf8)) ?? ""
        var inside = false
        var kilobytes = 0.0
        for line in smaps.split(separator: "\n") {
            if let range = line.split(separator: " ").first, range.allSatisfy({ $0.isHexDigit || $0 == "-" }) {
                inside = line.hasSuffix(path)
            } else if inside, line.hasPrefix("Rss:") {
                kilobytes += Double(line.split(separator: " ").dropFirst().first { !$0.isEmpty } ?? "0") ?? 0
            }
        }
        return kilobytes / 1024
    }
}
