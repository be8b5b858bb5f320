import Foundation
import HTTPAPI
import Store
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The API's OpenAPI 3.1 document against the live daemon: served as it is in the repository, and
/// schemathesis (PyPI, an independent client generating requests from the document) run with each role's
/// token finds no 5xx and no answer that breaks the document.
@Suite(.serialized) struct OpenAPITests {
    /// A daemon with a billing, a physicist and an admin token, the example's payers, and a simulated console
    /// that has recorded sessions and charges.
    static func daemon() async throws -> (daemon: DaemonProcess, simulator: DaemonProcess, port: Int) {
        let (directory, simulator) = try DaemonProcess.simulator(playing: chargeScenario, named: "openapi")
        #expect(await simulator.waitForOutput("steps"))
        let console = try #require(simulator.listeningPort)
        let example = try String(
            contentsOf: Harness.repositoryRoot.appendingPathComponent("systemd/gammalog.yaml"), encoding: .utf8)
        let payers = try #require(example.components(separatedBy: "\npayers:").last)
        let port = try LoopbackPort.free()
        let config = directory.appendingPathComponent("gammalog.yaml")
        try """
        store:
          sqlite: "\(directory.appendingPathComponent("gammalog.sqlite").path)"
        devices: "\(Harness.repositoryRoot.appendingPathComponent("Devices").path)"
        http:
          listen: "127.0.0.1:\(port)"
          tokens:
            - {name: "pb", role: "billing", sha256: "\(HashChain.sha256("billing-secret"))"}
            - {name: "dr", role: "physicist", sha256: "\(HashChain.sha256("physicist-secret"))"}
            - {name: "it", role: "admin", sha256: "\(HashChain.sha256("admin-secret"))"}
        consoles:
          - name: gk1
            address: "tcp://127.0.0.1:\(console)"
            poll_interval_ms: 100
        billing:
          chargemaster: {"77371": "33371000", "77373": "33373000"}
        payers:\(payers)
        """.write(to: config, atomically: true, encoding: .utf8)
        let daemon = try DaemonProcess("gammalogd", ["--config", config.path])
        #expect(await daemon.waitForOutput("Server started"), "\(daemon.text)")
        // Sessions close and charges are decided while the scenario plays; give it a few.
        let store = directory.appendingPathComponent("gammalog.sqlite").path
        for _ in 0..<300 where Int((try? Shell.sqlite3(store, "SELECT count(*) FROM charges")) ?? "") ?? 0 < 3 {
            try await Task.sleep(for: .milliseconds(100))
        }
        return (daemon, simulator, port)
    }

    @Test func theServedDocumentIsTheRepositorysOpenAPI31Document() async throws {
        let (daemon, simulator, port) = try await Self.daemon()
        defer {
            daemon.stop(SIGKILL)
            simulator.stop(SIGKILL)
        }
        let served = try HTTPProbe.request(port: port, "GET", "/api/v1/openapi.json")
        #expect(served.status == 200)
        #expect(served.text == OpenAPIDocument.json)
        let document = try #require(
            try JSONSerialization.jsonObject(with: Data(OpenAPIDocument.json.utf8)) as? [String: Any])
        #expect(document["openapi"] as? String == "3.1.0")
        // A documented path asked with a method it does not have is a 405 naming the ones it has.
        let refused = try HTTPProbe.request(port: port, "DELETE", "/api/v1/charges/GK-4711-000501")
        #expect(
            refused.status == 405 && refused.headers["allow"]?.uppercased() == "GET",
            "\(refused.status) \(refused.headers)")
        let ack = try HTTPProbe.request(port: port, "GET", "/api/v1/charges/ack")
        #expect(ack.status == 405 && ack.headers["allow"]?.uppercased() == "POST", "\(ack.status) \(ack.headers)")
        #expect(daemon.stop(SIGTERM) == 0)
    }

    @Test(arguments: ["billing-secret", "physicist-secret", "admin-secret"])
    func schemathesisFindsNoServerErrorAndNoAnswerBreakingTheDocument(token: String) async throws {
        let (daemon, simulator, port) = try await Self.daemon()
        defer {
            daemon.stop(SIGKILL)
            simulator.stop(SIGKILL)
        }
        let config = Harness.repositoryRoot.appendingPathComponent("Tests/Tools/schemathesis.toml").path
        let run = try await Self.onItsOwnThread {
            try Shell.run(
                "/usr/bin/env",
                [
                    // The CLI through its module, wherever pip put its script.
                    "python3", "-c", "import sys; from schemathesis.cli import schemathesis; sys.exit(schemathesis())",
                    "--no-color", "--config-file", config, "run",
                    "http://127.0.0.1:\(port)/api/v1/openapi.json", "-H", "Authorization: Bearer \(token)",
                    "--workers", "1", "--seed", "14",
                ])
        }
        let summary = run.output.split(separator: "\n").filter {
            $0.contains("generated") || $0.contains("passed") || $0.contains("failures") || $0.contains("Selected")
        }
        print("schemathesis with \(token.prefix { $0 != "-" }) token: \(summary.joined(separator: " | "))")
        #expect(run.status == 0, "\(run.output)")
        // Every operation schemathesis selected from the document was tested (it leaves out the document's own).
        let selected =
            run.output.split(separator: "\n").first { $0.contains("Selected:") }?
            .split(separator: " ").last?.split(separator: "/").compactMap { Int($0) } ?? []
        #expect(selected.count == 2 && selected[0] == selected[1] && selected[0] >= 19, "\(run.output)")
        #expect(daemon.stop(SIGTERM) == 0)
    }

    /// `body` on a thread of its own: the daemon is another process, but the wait must not hold a test thread.
    static func onItsOwnThread<Value: Sendable>(_ body: @escaping @Sendable () throws -> Value) async throws -> Value {
        try await withCheckedThrowingContinuation { done in Thread { done.resume(with: Result { try body() }) }.start()
        }
    }
}
