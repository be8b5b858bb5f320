import Console
import ConsoleRecords
import ConsoleSimulator
import Daemon
import DeliveryLog
import Foundation
import LinkAddress
import Logging
import Modbus
import Settings
import Store
import TestSupport

/// A stepped simulator day of one-shot single-session treatments, closed one
/// at a time by the benchmark so it knows when each close happened.
struct BenchDay {
    let simulator: ConsoleSimulator
    let profile: DeviceProfile
    /// The address it serves on, as configuration writes it.
    let address: String
    private var next = 0

    /// A day of `sessions` treatments on the console `serial` (each of its own patient), served on loopback.
    init(sessions: Int, serial: String = "4711") throws {
        profile = try DeviceProfile.load(named: "ccg1", searching: DeviceProfile.defaultSearchPath())
        let timeline = (0..<sessions).map { index in
            Harness.oneShotSession(at: index * 1000, patient: "MRN\(serial)-\(index)", family: "BENCH", given: "B")
        }.joined()
        let scenario = try Scenario(
            yaml: "speed: 0\nfirst_session: 1\nconsole: {serial: \"\(serial)\"}\ntimeline:\n" + timeline,
            source: "bench")
        simulator = try ConsoleSimulator(scenario: scenario, profile: profile)
        address = "\(try simulator.serve(.tcp(host: "127.0.0.1", port: 0)))"
    }

    /// A quiet poller of this day's console, polling every `intervalMs` and storing into `store`.
    func poller(storing store: any DeliveryStore, every intervalMs: Int) throws -> ConsolePoller {
        var settings = DaemonConfiguration.ConsoleSettings(name: "gk1", address: try ModbusAddress(parsing: address))
        settings.pollInterval = .milliseconds(intervalMs)
        var logger = Logger(label: "bench")
        logger.logLevel = .error
        return ConsolePoller(
            settings: settings, profile: profile, store: store, physics: PhysicsSettings(), logger: logger)
    }

    /// Applies every step up to and including the next session's close.
    mutating func closeNextSession() {
        while next < simulator.steps.count {
            simulator.step(1)
            next += 1
            if case .event(let event) = simulator.steps[next - 1].action, event.kind == .sessionCompleted { return }
        }
    }

    /// The `q` quantile of `samples` (the nearest sample at or above it); NaN when there are none.
    static func percentile(_ samples: [Double], _ q: Double) -> Double {
        let sorted = samples.sorted()
        return sorted.isEmpty ? .nan : sorted[min(sorted.count - 1, Int(Double(sorted.count) * q))]
    }

    /// Percentiles of `samples` (ms) in poll intervals, printed with the goal.
    static func report(_ title: String, _ samples: [Double], interval: Double, goal: Double) {
        guard let max = samples.max() else { return }
        let p50 = percentile(samples, 0.5)
        let p99 = percentile(samples, 0.99)
        print(title)
        print(
            String(
                format: "    p50 %.1f ms (%.2f intervals)   p99 %.1f ms (%.2f intervals)   max %.1f ms", p50,
                p50 / interval, p99, p99 / interval, max))
        print(String(format: "    goal p99 <= %.0f ms: %@", goal, p99 <= goal ? "met" : "NOT met"))
    }
}
