import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

@Suite struct SystemdTests {
    /// The unit with ExecStart pointing at the built daemon, in a temporary folder.
    func unit() throws -> String {
        let text = try String(
            contentsOf: Harness.repositoryRoot.appendingPathComponent("systemd/gammalogd.service"), encoding: .utf8)
        #expect(text.contains("ExecStart=/usr/bin/gammalogd --config /etc/gammalog/gammalog.yaml"))
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "gammalog-unit-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent("gammalogd.service").path
        let daemon = DaemonProcess.buildDirectory.appendingPathComponent("gammalogd").path
        try text.replacingOccurrences(of: "/usr/bin/gammalogd", with: daemon).write(
            toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func theUnitVerifies() throws {
        let (status, output) = try Shell.run("/usr/bin/systemd-analyze", ["verify", try unit()])
        #expect(status == 0, "\(output)")
    }

    @Test func theUnitsExposureIsAtMostTwo() throws {
        let (_, output) = try Shell.run("/usr/bin/systemd-analyze", ["security", "--offline=true", try unit()])
        let line = try #require(output.split(separator: "\n").first { $0.contains("Overall exposure level") })
        let number = line.split(separator: ":").last?.split(separator: " ").first.flatMap { Double($0) }
        let exposure = try #require(number)
        #expect(exposure <= 2.0, "\(line)")
    }

    @Test func theUnitIsANotifyServiceWithWatchdogAndState() throws {
        let text = try String(
            contentsOf: Harness.repositoryRoot.appendingPathComponent("systemd/gammalogd.service"), encoding: .utf8)
        for setting in [
            "Type=notify", "WatchdogSec=", "Restart=on-failure", "StateDirectory=gammalog",
            "SupplementaryGroups=dialout",
            "DeviceAllow=char-ttyUSB rw",
        ] {
            #expect(text.contains(setting), "\(setting)")
        }
    }

    @Test func theDaemonSaysReadyPetsTheWatchdogAndSaysStopping() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "gammalog-notify-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let socketPath = directory.appendingPathComponent("notify").path
        let listener = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
        defer { close(listener) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { buffer in
            for (index, byte) in socketPath.utf8.enumerated() { buffer[index] = byte }
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(listener, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        #expect(bound == 0)
        var timeout = timeval(tv_sec: 0, tv_usec: 200_000)
        setsockopt(listener, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))

        let daemon = try DaemonProcess(
            "gammalogd", ["--state", directory.path, "--http-port", "0", "--speed", "0.001"],
            environment: ["NOTIFY_SOCKET": socketPath, "WATCHDOG_USEC": "200000"])
        var messages: [String] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline && !(messages.contains { $0.hasPrefix("READY=1") } && messages.contains("WATCHDOG=1")) {
            let count = recv(listener, &buffer, buffer.count, 0)
            if count > 0 { messages.append(String(decoding: buffer[0..<count], as: UTF8.self)) }
        }
        #expect(messages.contains { $0.hasPrefix("READY=1") })
        #expect(messages.contains("WATCHDOG=1"))
        #expect(daemon.stop(SIGTERM) == 0)
        var stopping = false
        for _ in 0..<20 where !stopping {
            let count = recv(listener, &buffer, buffer.count, 0)
            if count > 0 { stopping = String(decoding: buffer[0..<count], as: UTF8.self) == "STOPPING=1" }
        }
        #expect(stopping)
    }

    @Test(arguments: [true, false])
    func underTheJournalLinesCarryAPriorityAndNoTimestamp(journal: Bool) throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "gammalog-journal-\(UUID().uuidString)")
        let daemon = try DaemonProcess(
            "gammalogd", ["--state", directory.path, "--http-port", "0", "--speed", "0.001"], journal: journal)
        #expect(daemon.waitFor("poller started"))
        #expect(daemon.stop(SIGTERM) == 0)
        let line = try #require(daemon.text.split(separator: "\n").first { $0.contains("poller started") })
        if journal {
            #expect(line.hasPrefix("<6>info gammalogd: address=tcp://127.0.0.1:"), "\(line)")
            #expect(line.hasSuffix("console=gk1 cursor=none [Daemon] poller started"), "\(line)")
        } else {
            // The same fields after a timestamp when standard error is not the journal.
            #expect(
                line.first?.isNumber == true && line.contains(" info gammalogd: address=tcp://127.0.0.1:"), "\(line)")
            #expect(line.hasSuffix("console=gk1 cursor=none [Daemon] poller started"), "\(line)")
        }
    }
}
