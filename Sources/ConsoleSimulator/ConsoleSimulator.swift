import Console
import ConsoleRecords
import Foundation
import LinkAddress
import Modbus
import Synchronization

/// A console and its CCG-1 gateway, played from a scenario and served over
/// real Modbus TCP or RTU, to any number of addresses at once.
///
/// Time runs at the scenario's speed under ``run()``, or is moved by hand with
/// ``advance(to:)`` when a test wants every step under its control.
public final class ConsoleSimulator: Sendable {
    /// The scenario played.
    public let scenario: Scenario
    /// Its compiled steps, in order.
    public let steps: [ScriptStep]
    /// The profile served.
    public let profile: DeviceProfile
    private let core: SimulatorCore
    private let servers = Mutex<[ModbusServer]>([])

    /// A simulator of `scenario` serving `profile`'s map.
    public init(scenario: Scenario, profile: DeviceProfile) throws(SimulatorError) {
        self.scenario = scenario
        self.profile = profile
        self.steps = try ScenarioCompiler.compile(scenario, profile: profile)
        self.core = SimulatorCore(model: try ConsoleModel(scenario: scenario, profile: profile), steps: steps)
    }

    deinit { stop() }

    /// Serves the console at `address` (TCP port 0 picks a free port) and
    /// returns the address actually bound.
    @discardableResult
    public func serve(_ address: ModbusAddress, unit: UInt8 = 1, maxClients: Int = 4) throws(SimulatorError)
        -> ModbusAddress
    {
        let size = profile.journalStart + scenario.console.journal_capacity * scenario.console.journal_slot_size
        let server = ModbusServer(
            address: address, unit: unit, maxClients: maxClients, mappingSize: size, serving: core)
        try server.start()
        servers.withLock { $0.append(server) }
        if case .tcp(let host, _) = address { return .tcp(host: host, port: server.boundPort) }
        return address
    }

    /// Stops every server.
    public func stop() {
        let all = servers.withLock { servers in
            defer { servers = [] }
            return servers
        }
        all.forEach { $0.stop() }
    }

    /// Applies every step due by simulated second `offset`.
    public func advance(to offset: Double) {
        core.state.withLock { state in
            while state.nextStep < steps.count && steps[state.nextStep].offset <= offset {
                state.model.apply(steps[state.nextStep])
                state.nextStep += 1
            }
            state.model.advance(to: offset)
            state.model.refreshStatus()
        }
    }

    /// Applies the next `count` steps, whatever their time.
    public func step(_ count: Int = 1) {
        core.state.withLock { state in state.apply(count, of: steps) }
    }

    /// Applies the next `count` steps just before the next read that starts at register `address` is answered,
    /// once: a console that moves on between two reads of one poll, as a real one does whenever a poll straddles
    /// an event.
    public func step(_ count: Int, beforeReadAt address: Int) {
        core.state.withLock { $0.beforeRead = (address, count) }
    }

    /// Plays the scenario in real time at its speed until every step is
    /// applied, then returns. Cancelling the task stops it early.
    public func run() async {
        let speed = scenario.speed > 0 ? scenario.speed : 1
        let simulated = simulatedTime()
        while !Task.isCancelled {
            let offset = simulated()
            advance(to: offset)
            if isFinished { return }
            let next = steps[core.state.withLock { $0.nextStep }].offset
            let wait = min(0.05, max(0.001, (next - offset) / speed))
            try? await Task.sleep(for: .milliseconds(Int(wait * 1000) + 1))
        }
    }

    /// Keeps the console clock running after the scenario ends, until cancelled.
    public func idle() async {
        let simulated = simulatedTime()
        while !Task.isCancelled {
            advance(to: simulated())
            try? await Task.sleep(for: .milliseconds(250))
        }
    }

    /// The simulated second that real time has reached at the scenario's speed, counted from now.
    private func simulatedTime() -> @Sendable () -> Double {
        let speed = scenario.speed > 0 ? scenario.speed : 1
        let begin = ContinuousClock.now
        let from = core.state.withLock { $0.model.offset }
        return {
            let elapsed = ContinuousClock.now - begin
            return from + (Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18) * speed
        }
    }

    /// Whether every step has been applied.
    public var isFinished: Bool { core.state.withLock { $0.nextStep >= steps.count } }

    /// The counters summed over every server.
    public var counters: ServerCounters {
        servers.withLock { servers in
            servers.reduce(into: ServerCounters()) { total, server in
                let counts = server.counters.withLock { $0 }
                total.requestsByFunction.merge(counts.requestsByFunction, uniquingKeysWith: +)
                total.exceptionsSent.merge(counts.exceptionsSent, uniquingKeysWith: +)
                total.unanswered += counts.unanswered
                total.bytesReceived += counts.bytesReceived
                total.bytesSent += counts.bytesSent
                total.connectionsAccepted += counts.connectionsAccepted
                total.connectionsRefused += counts.connectionsRefused
            }
        }
    }

    /// Resets every server's counters.
    public func resetCounters() {
        servers.withLock { $0.forEach { $0.counters.withLock { $0 = ServerCounters() } } }
    }

    /// Reads or changes the model directly (tests: restart now, inspect the head).
    public func withModel<Result: Sendable>(_ body: (inout ConsoleModel) -> Result) -> Result {
        core.state.withLock { body(&$0.model) }
    }
}

/// The simulator's state, shared by its servers; it holds no server, so
/// dropping the simulator stops them.
final class SimulatorCore: RegisterServing {
    struct State {
        var model: ConsoleModel
        var nextStep = 0
        /// Steps to apply before answering the next read at an address (``ConsoleSimulator/step(_:beforeReadAt:)``).
        var beforeRead: (address: Int, count: Int)?

        /// Applies the next `count` of `steps`.
        mutating func apply(_ count: Int, of steps: [ScriptStep]) {
            for _ in 0..<count where nextStep < steps.count {
                model.apply(steps[nextStep])
                nextStep += 1
            }
        }
    }

    let state: Mutex<State>
    let steps: [ScriptStep]
    private let started = ContinuousClock.now

    init(model: ConsoleModel, steps: [ScriptStep]) {
        state = Mutex(State(model: model))
        self.steps = steps
    }

    func answer(function: UInt8, address: Int, count: Int) -> ConsoleModel.Answer {
        let elapsed = ContinuousClock.now - started
        let quarterSeconds = elapsed.components.seconds * 4 + elapsed.components.attoseconds / 250_000_000_000_000_000
        let heartbeat = UInt16(truncatingIfNeeded: quarterSeconds)
        return state.withLock { state in
            if let due = state.beforeRead, due.address == address {
                state.beforeRead = nil
                state.apply(due.count, of: steps)
            }
            return state.model.answer(function: function, address: address, count: count, heartbeat: heartbeat)
        }
    }

    var connectionGeneration: Int { state.withLock { $0.model.connectionGeneration } }
}
