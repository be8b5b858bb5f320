import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// `gammalog-sim` run as its own process, so that the benchmark's CPU time is the client's alone.
struct SimulatorProcess {
    let process: Process
    let port: Int
    var pid: Int32 { process.processIdentifier }

    static func start(scenario: String? = nil) throws -> SimulatorProcess {
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent("gammalog-sim")
        let process = Process()
        process.executableURL = executable
        process.arguments =
            ["--address", "tcp://127.0.0.1:0", "--speed", "1"] + (scenario.map { ["--scenario", $0] } ?? [])
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        var text = ""
        let handle = pipe.fileHandleForReading
        while !text.contains("\n") {
            let data = handle.availableData
            if data.isEmpty { break }
            text += String(decoding: data, as: UTF8.self)
        }
        guard let range = text.range(of: "127.0.0.1:"),
            let port = Int(text[range.upperBound...].prefix { $0.isNumber })
        else {
            process.terminate()
            throw CocoaError(.fileReadCorruptFile, userInfo: [NSLocalizedDescriptionKey: "gammalog-sim said: \(text)"])
        }
        return SimulatorProcess(process: process, port: port)
    }

    func stop() {
        kill(process.processIdentifier, SIGTERM)
    }
}
