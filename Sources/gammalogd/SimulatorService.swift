import ConsoleSimulator
import ServiceLifecycle

/// The embedded default's console: the simulator playing its scenario, then
/// idling with its clock running, until the daemon stops.
public struct SimulatorService: Service {
    let simulator: ConsoleSimulator

    /// Runs `simulator`.
    public init(simulator: ConsoleSimulator) { self.simulator = simulator }

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            await simulator.run()
            await simulator.idle()
        }
        simulator.stop()
    }
}
