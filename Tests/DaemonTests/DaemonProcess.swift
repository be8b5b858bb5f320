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

    /// Starts `executable` (a sibling of the test bundle) with `arguments`.
    init(_ executable: String, _ arguments: [String], environment extra: [String: String] = [:]) throws {
        process.executableURL = Self.buildDirectory.appendingPathComponent(executable)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(extra) { _, new in new }
        process.standardOutput = output
        process.standardError = output
        try process.run()
    }

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

    /// Sends `signal` and waits for the process to end; returns its status.
    @discardableResult
    func stop(_ signal: Int32) -> Int32 {
        kill(process.processIdentifier, signal)
        for _ in 0..<1000 where process.isRunning { usleep(10_000) }
        return process.terminationStatus
    }
}
