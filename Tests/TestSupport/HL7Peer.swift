import Foundation

/// The independent HL7 receiver of the tests (`Tests/Tools/mllp_peer.py`):
/// a real MLLP server on loopback that validates every message with hl7apy
/// and answers as its script says (AA, AE, AR, NOACK, DROP).
public final class HL7Peer: Sendable {
    /// One message as the peer received it.
    public struct Received: Sendable, Decodable {
        /// MSH-10.
        public var controlID: String
        /// What the peer did with it.
        public var action: String
        /// Whether hl7apy validated it strictly.
        public var valid: Bool
        /// Why not.
        public var error: String?
        /// The message.
        public var message: String

        enum CodingKeys: String, CodingKey {
            case controlID = "control_id", action, valid, error, message
        }
    }

    /// The port it listens on.
    public let port: Int
    private let process: Process
    private let log: URL

    /// Starts a peer that answers the n-th message with `script[n]`, then AA; over TLS only with `tls`
    /// (its certificate chain and key).
    public init(script: [String] = [], tls: (certificate: String, key: String)? = nil) throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "gammalog-hl7-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let portFile = directory.appendingPathComponent("port")
        log = directory.appendingPathComponent("received.jsonl")
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments =
            [
                "python3", Self.tool.path, "--port-file", portFile.path, "--log", log.path, "--script",
                script.joined(separator: ","),
            ] + (tls.map { ["--tls-cert", $0.certificate, "--tls-key", $0.key] } ?? [])
        try process.run()
        for _ in 0..<500 {
            if let text = try? String(contentsOf: portFile, encoding: .utf8), let number = Int(text) {
                port = number
                return
            }
            Thread.sleep(forTimeInterval: 0.01)
        }
        kill(process.processIdentifier, SIGKILL)
        throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: portFile.path])
    }

    deinit {
        kill(process.processIdentifier, SIGKILL)
        for _ in 0..<200 where process.isRunning { Thread.sleep(forTimeInterval: 0.01) }
    }

    /// Each TLS connection's handshake so far: "ok" or "failed: <reason>".
    public func handshakes() -> [String] {
        let url = URL(fileURLWithPath: log.path + ".tls")
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").compactMap { line in
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: String] else {
                return nil
            }
            return object["handshake"] == "ok" ? "ok" : "failed: \(object["error"] ?? "")"
        }
    }

    /// Every message received so far, in order.
    public func received() -> [Received] {
        guard let text = try? String(contentsOf: log, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").compactMap { try? JSONDecoder().decode(Received.self, from: Data($0.utf8)) }
    }

    /// Control ids the peer accepted, each once (an interface engine de-duplicates by control id).
    public func accepted() -> [String] {
        var seen: Set<String> = []
        return received().filter { $0.action == "AA" }.map(\.controlID).filter { seen.insert($0).inserted }
    }

    /// Waits until `condition` holds for what was received, or `seconds` pass.
    @discardableResult
    public func waitUntil(seconds: Double = 20, _ condition: ([Received]) -> Bool) async -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if condition(received()) { return true }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return condition(received())
    }

    static var tool: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Tools/mllp_peer.py")
    }
}
