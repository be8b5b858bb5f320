import Foundation
import TestSupport

#if canImport(Glibc)
    import Glibc
#endif

/// The real `gammalogd` and `gammalog-sim` executables, run as processes.
final class DaemonProcess: @unchecked Sendable {
    static let buildDirectory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()

    let process = Process()
    let output = Pipe()
    private(set) var text = ""

    /// Starts `executable` (a sibling of the test bundle, or an absolute path) with `arguments`. With `journal`, its output pipe is
    /// named in `JOURNAL_STREAM`, as systemd names the journal's stream for a service.
    init(
        _ executable: String, _ arguments: [String], environment extra: [String: String] = [:], journal: Bool = false
    ) throws {
        process.executableURL =
            executable.hasPrefix("/")
            ? URL(fileURLWithPath: executable) : Self.buildDirectory.appendingPathComponent(executable)
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment.merging(extra) { _, new in new }
        environment["JOURNAL_STREAM"] = nil
        if journal {
            var status = stat()
            guard fstat(output.fileHandleForWriting.fileDescriptor, &status) == 0 else {
                throw CocoaError(.fileReadUnknown)
            }
            environment["JOURNAL_STREAM"] = "\(status.st_dev):\(status.st_ino)"
        }
        process.environment = environment
        process.standardOutput = output
        process.standardError = output
        try process.run()
        // The child has its copy; this end would only keep the pipe open (and count against FD_SETSIZE).
        try? output.fileHandleForWriting.close()
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        try? output.fileHandleForReading.close()
    }

    /// A fresh temporary folder holding `scenario` (YAML) as a file, and `gammalog-sim` playing it on loopback.
    static func simulator(playing scenario: String, named name: String) throws -> (
        directory: URL, simulator: DaemonProcess
    ) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "gammalog-\(name)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let file = directory.appendingPathComponent("\(name).yaml")
        try scenario.write(to: file, atomically: true, encoding: .utf8)
        let simulator = try DaemonProcess("gammalog-sim", ["--address", "tcp://127.0.0.1:0", "--scenario", file.path])
        return (directory, simulator)
    }

    /// The loopback port a started simulator printed, once it has.
    var listeningPort: Substring? { text.components(separatedBy: "127.0.0.1:").last?.prefix { $0.isNumber } }

    /// Runs `gammalogd` to completion and returns its status and output.
    static func run(_ arguments: [String], executable: String = "gammalogd") throws -> (status: Int32, output: String) {
        try Shell.run(buildDirectory.appendingPathComponent(executable).path, arguments)
    }

    /// Reads what the process has written so far, waiting up to `timeout` for `marker`.
    func waitFor(_ marker: String, timeout: Double = 10) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        let handle = output.fileHandleForReading
        let descriptor = handle.fileDescriptor
        while Date() < deadline {
            var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            if poll(&poller, 1, 50) > 0 {
                let data = handle.availableData
                if data.isEmpty { return text.contains(marker) }
                text += String(decoding: data, as: UTF8.self)
            }
            if text.contains(marker) { return true }
        }
        return false
    }

    /// ``waitFor(_:timeout:)`` on a thread of its own, so that an async test waiting for a process never holds
    /// one of the few threads the tests' in-process services share.
    func waitForOutput(_ marker: String, timeout: Double = 10) async -> Bool {
        await withCheckedContinuation { done in
            Thread { done.resume(returning: self.waitFor(marker, timeout: timeout)) }.start()
        }
    }

    /// Sends `signal` and waits for the process to end; returns its status. One still running after 30 s is
    /// killed and reported as -1 (a hung stop fails the test's expectation instead of trapping the runner).
    @discardableResult
    func stop(_ signal: Int32) -> Int32 {
        guard process.isRunning else { return process.terminationStatus }
        kill(process.processIdentifier, signal)
        for _ in 0..<3000 where process.isRunning { usleep(10_000) }
        guard !process.isRunning else {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            return -1
        }
        return process.terminationStatus
    }
}
