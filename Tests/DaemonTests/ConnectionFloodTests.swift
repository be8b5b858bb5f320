import Foundation
import Store
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// 1,100 idle connections against a daemon holding systemd's default 1,024 descriptors, while its console's
/// gateway drops the link: the cap on HTTP connections keeps descriptors for the console, which reconnects,
/// and every treatment is charged; idle connections time out, and the API answers again.
@Suite(.serialized) struct ConnectionFloodTests {
    /// Opens `count` TCP connections to `port` on loopback without waiting for them to be accepted. The test
    /// process may hold more descriptors than its limit allowed meanwhile; ``closing(_:restoring:)`` gives it back.
    static func flood(_ port: Int, count: Int) -> [Int32] {
        var limit = rlimit()
        getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        limit.rlim_cur = limit.rlim_max
        setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        var sockets: [Int32] = []
        for _ in 0..<count {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            guard fd >= 0 else { break }
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = in_port_t(UInt16(port).bigEndian)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            _ = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
            sockets.append(fd)
        }
        return sockets
    }

    /// Closes the flood's sockets and puts the descriptor limit back to `limit`, what it was before.
    static func closing(_ sockets: [Int32], restoring limit: rlimit) {
        sockets.forEach { close($0) }
        var previous = limit
        setrlimit(Int32(RLIMIT_NOFILE.rawValue), &previous)
    }

    @Test func elevenHundredIdleSocketsNeitherStarveTheConsoleNorKeepTheAPIAway() async throws {
        let scenario = chargeScenario + "\n  - {at: 200, gateway: {drop_connections: true}}\n"
        let (directory, simulator) = try DaemonProcess.simulator(playing: scenario, named: "flood")
        defer { simulator.stop(SIGKILL) }
        #expect(simulator.waitFor("steps"))
        let port = try #require(simulator.listeningPort)
        let storePath = directory.appendingPathComponent("gammalog.sqlite").path
        let httpPort = try LoopbackPort.free()
        let config = directory.appendingPathComponent("gammalog.yaml")
        try """
        store:
          sqlite: "\(storePath)"
        devices: "\(Harness.repositoryRoot.appendingPathComponent("Devices").path)"
        http:
          listen: "127.0.0.1:\(httpPort)"
          idle_timeout_s: 2
          max_connections: 256
        consoles:
          - name: gk1
            address: "tcp://127.0.0.1:\(port)"
            poll_interval_ms: 100
            response_timeout_ms: 300
        """.write(to: config, atomically: true, encoding: .utf8)
        // systemd's default limit, which the unit keeps: 1,024 descriptors.
        let daemon = try DaemonProcess(
            "/usr/bin/prlimit",
            [
                "--nofile=1024:1024", DaemonProcess.buildDirectory.appendingPathComponent("gammalogd").path, "--config",
                config.path,
            ])
        #expect(daemon.waitFor("listening"))
        var limit = rlimit()
        getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        let sockets = Self.flood(httpPort, count: 1_100)
        defer { Self.closing(sockets, restoring: limit) }
        #expect(sockets.count == 1_100)
        var charges = ""
        for _ in 0..<600 where charges != "5" {
            charges = (try? Shell.sqlite3(storePath, "SELECT count(*) FROM charges")) ?? ""
            usleep(100_000)
        }
        #expect(charges == "5", "every treatment charged while 1,100 sockets sit idle: \(daemon.text.suffix(2000))")
        // The idle ones are closed after 2 s, 256 at a time: the API answers again.
        var health: HTTPProbe.Response?
        for _ in 0..<60 {
            health = try? HTTPProbe.request(port: httpPort, "GET", "/healthz")
            if health?.status == 200 { break }
            usleep(500_000)
        }
        #expect(health?.status == 200, "\(health?.text ?? "no answer")")
        #expect(!daemon.text.contains("Too many open files"), "\(daemon.text.suffix(2000))")
        #expect(daemon.stop(SIGTERM) == 0)
    }
}
