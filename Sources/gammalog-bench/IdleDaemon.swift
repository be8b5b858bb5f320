import Foundation
import Store
import TestSupport

#if canImport(Glibc)
    import Glibc
#endif

/// The real `gammalogd` from this build folder with four consoles (four
/// `gammalog-sim` processes playing the demo scenario), HTTP on, as a
/// deployment runs it: what the memory figures and the hot-text profile are taken of.
struct IdleDaemon {
    /// The daemon process.
    let daemon: Process
    /// The simulators it polls.
    let simulators: [SimulatorProcess]
    /// The HTTP port.
    let port: Int
    /// A physicist token the daemon accepts.
    static let token = "bench-physicist-token"

    /// The `gammalogd` executable next to this benchmark.
    static var executable: URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("gammalogd")
            .resolvingSymlinksInPath()
    }

    /// Starts the simulators and the daemon.
    static func start() throws -> IdleDaemon {
        var simulators: [SimulatorProcess] = []
        do {
            for _ in 0..<4 { simulators.append(try SimulatorProcess.start(scenario: nil)) }
        } catch {
            simulators.forEach { $0.stop() }
            throw error
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "gammalog-idle-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let port = Int.random(in: 20_000..<30_000)
        var config = """
            store:
              sqlite: "\(directory.path)/g.sqlite"
            http:
              listen: "127.0.0.1:\(port)"
              tokens:
                - {name: bench, role: physicist, sha256: "\(HashChain.sha256(Self.token))"}
            consoles:

            """
        for (index, simulator) in simulators.enumerated() {
            config += "  - {name: gk\(index + 1), address: \"tcp://127.0.0.1:\(simulator.port)\"}\n"
        }
        let configPath = directory.appendingPathComponent("g.yaml").path
        try config.write(toFile: configPath, atomically: true, encoding: .utf8)
        let daemon = Process()
        daemon.executableURL = executable
        daemon.arguments = ["--config", configPath]
        // As the systemd unit runs it: glibc's per-thread malloc arenas capped.
        daemon.environment = ProcessInfo.processInfo.environment.merging(["MALLOC_ARENA_MAX": "2"]) { _, new in new }
        daemon.standardError = FileHandle.nullDevice
        daemon.standardOutput = FileHandle.nullDevice
        do {
            try daemon.run()
        } catch {
            simulators.forEach { $0.stop() }
            throw error
        }
        return IdleDaemon(daemon: daemon, simulators: simulators, port: port)
    }

    /// Asks what a billing system, a physicist and a monitor ask.
    func exercise() {
        for path in ["/healthz", "/metrics", "/api/v1/sessions", "/api/v1/charges", "/api/v1/sessions?flagged=true"] {
            _ = try? HTTPProbe.request(port: port, "GET", path, token: Self.token)
        }
    }

    /// A field of the daemon's `/proc/PID/status`, in MB.
    func megabytes(_ field: String) -> Double { Self.megabytes(field, of: daemon.processIdentifier) }

    /// A field of `/proc/PID/status` of process `pid`, in MB.
    static func megabytes(_ field: String, of pid: Int32) -> Double {
        let status = (try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)) ?? ""
        let line = status.split(separator: "\n").first { $0.hasPrefix(field + ":") } ?? ""
        return (line.split(separator: " ").dropFirst().first { !$0.isEmpty }.flatMap { Double($0) } ?? 0) / 1024
    }

    /// Stops the daemon and the simulators.
    func stop() {
        kill(daemon.processIdentifier, SIGTERM)
        simulators.forEach { $0.stop() }
    }
}
