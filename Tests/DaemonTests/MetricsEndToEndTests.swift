import Foundation
import Store
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

@Suite struct MetricsEndToEndTests {
    @Test func metricsShowPollsChargesHTTPAndHL7InPrometheusTextFormat() async throws {
        let peer = try HL7Peer()
        let (directory, simulator) = try DaemonProcess.simulator(playing: chargeScenario, named: "metrics")
        defer { simulator.stop(SIGKILL) }
        #expect(simulator.waitFor("steps"))
        let port = try #require(simulator.listeningPort)
        let httpPort = try LoopbackPort.free()
        let config = directory.appendingPathComponent("gammalog.yaml")
        try """
        store:
          sqlite: "\(directory.appendingPathComponent("gammalog.sqlite").path)"
        devices: "\(Harness.repositoryRoot.appendingPathComponent("Devices").path)"
        http:
          listen: "127.0.0.1:\(httpPort)"
          tokens:
            - {name: "pb", role: "billing", sha256: "\(HashChain.sha256("billing-secret"))"}
        consoles:
          - {name: gk1, address: "tcp://127.0.0.1:\(port)", poll_interval_ms: 100}
        hl7:
          destination: "127.0.0.1:\(peer.port)"
        """.write(to: config, atomically: true, encoding: .utf8)
        let daemon = try DaemonProcess("gammalogd", ["--config", config.path])
        defer { daemon.stop(SIGTERM) }
        #expect(await peer.waitUntil(seconds: 30) { !$0.isEmpty })
        let charges = try await HTTPProbe.send(port: httpPort, "GET", "/api/v1/charges", token: "billing-secret")
        #expect(charges.status == 200)
        let denied = try await HTTPProbe.send(port: httpPort, "GET", "/api/v1/sessions", token: "billing-secret")
        #expect(denied.status == 403)
        let metrics = try await HTTPProbe.send(port: httpPort, "GET", "/metrics")
        #expect(metrics.status == 200 && metrics.headers["content-type"]?.hasPrefix("text/plain") == true)
        let text = metrics.text
        for line in [
            "# TYPE gammalog_polls_total counter", "# TYPE gammalog_poll_duration_seconds histogram",
            "gammalog_poll_duration_seconds_bucket{console=\"gk1\",le=\"0.1\"}",
            "# TYPE gammalog_charge_ready_delay_seconds histogram", "gammalog_hl7_sends_total{outcome=\"accepted\"}",
            "gammalog_charges{status=\"exported\"}", "gammalog_charges{status=\"held\"}",
            "gammalog_last_good_read_timestamp_seconds{console=\"gk1\"}",
        ] {
            #expect(text.contains(line), "/metrics should contain \(line)")
        }
        let requests = text.split(separator: "\n").filter { $0.hasPrefix("gammalog_http_requests_total{") }
        #expect(requests.contains { $0.contains("http_route=\"/api/v1/charges\"") && $0.contains("\"200\"") })
        #expect(requests.contains { $0.contains("http_route=\"/api/v1/sessions\"") && $0.contains("\"403\"") })
        #expect(!text.contains("MRN"), "no patient ids in metrics")
    }
}
