import Console
import ConsoleRecords
import ConsoleSimulator
import Foundation
import LinkAddress
import Logging
import Modbus

/// A simulator served on loopback and the means to read it, for tests.
public struct Harness: Sendable {
    /// The repository's root, found from this file.
    public static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The CCG-1 profile from `Devices/`.
    public static func profile() throws -> DeviceProfile {
        try DeviceProfile.load(path: repositoryRoot.appendingPathComponent("Devices/ccg1.yaml").path)
    }

    /// The simulator.
    public let simulator: ConsoleSimulator
    /// Where it serves.
    public let address: ModbusAddress

    /// Serves `yaml` (a scenario) on 127.0.0.1 at a free port, or at `address`.
    public init(scenario yaml: String, address: ModbusAddress = .tcp(host: "127.0.0.1", port: 0)) throws {
        let profile = try Harness.profile()
        let scenario = try Scenario(yaml: yaml, source: "test")
        simulator = try ConsoleSimulator(scenario: scenario, profile: profile)
        self.address = try simulator.serve(address)
    }

    /// A scenario timeline entry: at simulated second `at`, a single-fraction treatment of `patient` with one
    /// 60-second shot, the shortest session that opens, delivers and closes.
    public static func oneShotSession(at: Int, patient: String, family: String = "DOE", given: String = "JANE")
        -> String
    {
        """
          - at: \(at)
            session:
              patient: {id: "\(patient)", family: "\(family)", given: "\(given)"}
              plan: "P"
              fractions_planned: 1
              shots:
                - {sectors: [8, 8, 8, 8, 8, 8, 8, 8], planned_s: 60}

        """
    }

    /// Loads a scenario file from `Devices/scenarios`.
    public static func scenarioFile(_ name: String) throws -> String {
        try String(
            contentsOf: repositoryRoot.appendingPathComponent("Devices/scenarios/\(name).yaml"), encoding: .utf8)
    }

    /// The server's counters once they stop moving: a reply is counted just
    /// after it is sent, so a client can be done before the count is.
    public func settledCounters() async -> ServerCounters {
        var last = simulator.counters
        for _ in 0..<50 {
            try? await Task.sleep(for: .milliseconds(20))
            let now = simulator.counters
            if now == last { return now }
            last = now
        }
        return last
    }

    /// A client of the simulator.
    public func client(timeout: Duration = .milliseconds(300), address: ModbusAddress? = nil, unit: UInt8 = 1)
        -> ModbusClient
    {
        ModbusClient(
            configuration: .init(
                address: address ?? self.address, unit: unit, responseTimeout: timeout,
                reconnect: Backoff(initial: .milliseconds(20), maximum: .milliseconds(200))),
            logger: Logger(label: "test"))
    }

    /// A CCG-1 driver reading the simulator.
    public func driver(timeout: Duration = .milliseconds(300), address: ModbusAddress? = nil) throws -> CCG1Driver {
        CCG1Driver(
            name: "gk-test", profile: try Harness.profile(), client: client(timeout: timeout, address: address),
            logger: Logger(label: "test"))
    }
}

/// Polls a driver and keeps what it returned, the way the daemon will:
/// records and cursor taken together, failures leaving both untouched.
public actor JournalCollector {
    /// Records so far.
    public private(set) var records: [JournalRecord] = []
    /// The cursor after them.
    public private(set) var cursor: JournalCursor?
    /// Failed polls, by error.
    public private(set) var failures: [ConsoleError] = []

    /// A collector starting from `cursor`.
    public init(cursor: JournalCursor? = nil) { self.cursor = cursor }

    /// One poll; returns the error when it failed.
    @discardableResult
    public func poll(_ driver: any ConsoleDriver) async -> ConsoleError? {
        do {
            let poll = try await driver.poll(from: cursor)
            records += poll.records
            cursor = poll.cursor
            return nil
        } catch {
            failures.append(error)
            return error
        }
    }

    /// The events collected.
    public var events: [ConsoleEvent] {
        records.compactMap { if case .event(let event) = $0 { event } else { nil } }
    }

    /// The gaps collected.
    public var gaps: [JournalGap] {
        records.compactMap { if case .gap(let gap) = $0 { gap } else { nil } }
    }

    /// The session snapshots collected.
    public var sessions: [SessionSnapshot] {
        records.compactMap { if case .session(let snapshot) = $0 { snapshot } else { nil } }
    }
}

extension JournalCollector {
    /// Polls until the simulator's scenario is finished and the journal read
    /// to its head, at most `limit` polls, `interval` apart.
    public func drain(
        _ driver: any ConsoleDriver, simulator: ConsoleSimulator, interval: Duration = .milliseconds(20),
        limit: Int = 2000
    ) async {
        for _ in 0..<limit {
            await poll(driver)
            let head = simulator.withModel { ($0.bootID, $0.head) }
            if simulator.isFinished, let cursor, cursor.bootID == head.0, cursor.lastSeq == head.1 { return }
            try? await Task.sleep(for: interval)
        }
    }
}
