import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Runs programs the tests talk to: sqlite3, mbpoll, systemd-analyze, the project's own executables.
public enum Shell {
    /// Runs `executable` with `arguments` to its end (5 s at most once its output has closed, then it is
    /// stopped and the status is -1); returns its status and what it wrote (stdout and stderr).
    public static func run(_ executable: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        // Foundation on Linux leaves both ends open after the run; a long suite would pass FD_SETSIZE, where
        // libmodbus's select() aborts.
        try? pipe.fileHandleForWriting.close()
        defer { try? pipe.fileHandleForReading.close() }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        // Process.waitUntilExit can hang off the main thread on Linux; poll instead.
        for _ in 0..<500 where process.isRunning { usleep(10_000) }
        guard !process.isRunning else {
            process.terminate()
            return (-1, "\(executable) still running after 5 s: " + String(decoding: data, as: UTF8.self))
        }
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// Runs the sqlite3 shell on `path`, as someone inspecting or tampering with the file would; output trimmed.
    public static func sqlite3(_ path: String, _ sql: String) throws -> String {
        try run("/usr/bin/sqlite3", [path, sql]).output.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
