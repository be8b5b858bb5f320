import Foundation

/// Two connected pseudo-terminals made by socat, standing in for an RS-485
/// line: the simulator opens one end, the reader the other.
public final class PtyPair: Sendable {
    /// The simulator's end.
    public let serverPath: String
    /// The reader's end.
    public let clientPath: String
    private let process: Process
    private let directory: URL

    /// Starts socat and waits until both ends exist.
    public init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("gammalog-pty-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        serverPath = directory.appendingPathComponent("server").path
        clientPath = directory.appendingPathComponent("client").path
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/socat")
        process.arguments = [
            "pty,raw,echo=0,link=\(serverPath)", "pty,raw,echo=0,link=\(clientPath)",
        ]
        process.standardError = FileHandle.nullDevice
        try process.run()
        for _ in 0..<200 {
            if FileManager.default.fileExists(atPath: serverPath) && FileManager.default.fileExists(atPath: clientPath)
            {
                return
            }
            Thread.sleep(forTimeInterval: 0.01)
        }
        process.terminate()
        throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: serverPath])
    }

    deinit {
        // Process.waitUntilExit can hang off the main thread on Linux; poll instead.
        kill(process.processIdentifier, SIGKILL)
        for _ in 0..<200 where process.isRunning { Thread.sleep(forTimeInterval: 0.01) }
        try? FileManager.default.removeItem(at: directory)
    }

    /// An RTU address for `path` with parity N: a pty refuses parity.
    public static func address(_ path: String, baud: Int = 115_200) -> String {
        "rtu://\(path)?baud=\(baud)&parity=N&data=8&stop=1"
    }
}
