import Foundation
import Store
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// TLS on every link that leaves the host, with the real daemon and certificates each test makes: HTTPS for
/// the API and pages (client certificates when configured), MLLP over TLS to an independent receiver and from
/// an independent ADT sender, and a wrong CA refused with nothing sent in the clear.
@Suite struct TLSEndToEndTests {
    let certificates: TestCertificates

    init() throws { certificates = try TestCertificates() }

    /// A configuration for the simulator at `console`, with `extra` sections (TLS, HL7) appended.
    func configuration(
        in directory: URL, console: Substring, httpPort: Int, http: String = "", extra: String = ""
    ) throws -> String {
        let config = directory.appendingPathComponent("gammalog-\(UUID().uuidString).yaml")
        try """
        store:
          sqlite: "\(directory.appendingPathComponent("gammalog.sqlite").path)"
        devices: "\(Harness.repositoryRoot.appendingPathComponent("Devices").path)"
        http:
          listen: "127.0.0.1:\(httpPort)"
          tokens:
            - {name: "pb", role: "billing", sha256: "\(HashChain.sha256("billing-secret"))"}
            - {name: "dr", role: "physicist", sha256: "\(HashChain.sha256("physicist-secret"))"}
        \(http)
        consoles:
          - name: gk1
            address: "tcp://127.0.0.1:\(console)"
            poll_interval_ms: 100
        billing:
          chargemaster: {"77371": "33371000", "77373": "33373000"}
        \(extra)
        """.write(to: config, atomically: true, encoding: .utf8)
        return config.path
    }

    /// curl, an independent HTTPS client: its exit status and what it printed (`-w` adds the HTTP status).
    func curl(_ arguments: [String]) throws -> (status: Int32, output: String) {
        try Shell.run("/usr/bin/curl", ["-sS", "--max-time", "10", "-w", "\nHTTP %{http_code}"] + arguments)
    }

    @Test func httpsServesTheAPIAndPagesWithASecureCookieAndNoPlainListener() throws {
        let (directory, simulator) = try DaemonProcess.simulator(playing: chargeScenario, named: "https")
        defer { simulator.stop(SIGKILL) }
        #expect(simulator.waitFor("steps"))
        let httpPort = try LoopbackPort.free()
        let config = try configuration(
            in: directory, console: try #require(simulator.listeningPort), httpPort: httpPort,
            http: """
                  tls:
                    certificate: "\(certificates.path("server.pem"))"
                    key: "\(certificates.path("server.key"))"
                """)
        let daemon = try DaemonProcess("gammalogd", ["--config", config])
        defer { daemon.stop(SIGKILL) }
        #expect(daemon.waitFor("Server started"), "\(daemon.text)")
        let base = "https://127.0.0.1:\(httpPort)"

        let sessions = try curl([
            "--cacert", certificates.path("ca.pem"), "-H", "Authorization: Bearer physicist-secret",
            "\(base)/api/v1/sessions",
        ])
        #expect(sessions.status == 0 && sessions.output.hasSuffix("HTTP 200"), "\(sessions.output)")
        let unauthenticated = try curl(["--cacert", certificates.path("ca.pem"), "\(base)/api/v1/sessions"])
        #expect(unauthenticated.output.hasSuffix("HTTP 401"), "\(unauthenticated.output)")
        // The sign-in cookie is Secure once the pages are on HTTPS.
        let signIn = try curl([
            "--cacert", certificates.path("ca.pem"), "-D", "-", "-o", "/dev/null", "--data-urlencode",
            "token=physicist-secret", "\(base)/ui/sign-in",
        ])
        let cookie = signIn.output.split(separator: "\r\n").first { $0.lowercased().hasPrefix("set-cookie:") }
        #expect(cookie?.contains("Secure") == true && cookie?.contains("HttpOnly") == true, "\(signIn.output)")

        // A server certificate the client cannot verify is refused by the client (curl 60).
        let wrongCA = try curl(["--cacert", certificates.path("other-ca.pem"), "\(base)/healthz"])
        #expect(wrongCA.status == 60, "\(wrongCA.output)")
        // No plain listener: HTTP on the port gets no HTTP answer.
        let plain = try curl(["http://127.0.0.1:\(httpPort)/healthz"])
        #expect(plain.status != 0 && plain.output.hasSuffix("HTTP 000"), "\(plain.output)")
        #expect(daemon.stop(SIGTERM) == 0)
    }

    @Test func withAClientCAEveryHTTPSClientMustPresentACertificateItSigned() throws {
        let (directory, simulator) = try DaemonProcess.simulator(playing: chargeScenario, named: "mtls")
        defer { simulator.stop(SIGKILL) }
        #expect(simulator.waitFor("steps"))
        let httpPort = try LoopbackPort.free()
        let config = try configuration(
            in: directory, console: try #require(simulator.listeningPort), httpPort: httpPort,
            http: """
                  tls:
                    certificate: "\(certificates.path("server.pem"))"
                    key: "\(certificates.path("server.key"))"
                    client_ca: "\(certificates.path("ca.pem"))"
                """)
        let daemon = try DaemonProcess("gammalogd", ["--config", config])
        defer { daemon.stop(SIGKILL) }
        #expect(daemon.waitFor("Server started"), "\(daemon.text)")
        let url = "https://127.0.0.1:\(httpPort)/api/v1/charges?status=ready"
        let auth = ["--cacert", certificates.path("ca.pem"), "-H", "Authorization: Bearer billing-secret"]

        let without = try curl(auth + [url])
        #expect(without.status != 0 && without.output.hasSuffix("HTTP 000"), "\(without.output)")
        // A certificate from another CA is no better than none.
        let otherKey = certificates.path("other-ca.key")
        let foreign = try curl(auth + ["--cert", certificates.path("other-ca.pem"), "--key", otherKey, url])
        #expect(foreign.status != 0 && foreign.output.hasSuffix("HTTP 000"), "\(foreign.output)")
        let with = try curl(
            auth + ["--cert", certificates.path("client.pem"), "--key", certificates.path("client.key"), url])
        #expect(with.status == 0 && with.output.hasSuffix("HTTP 200"), "\(with.output)")
        #expect(daemon.stop(SIGTERM) == 0)
    }

    @Test func theHL7PushGoesOverTLSAndAWrongCAIsRefusedWithNothingSentInTheClear() async throws {
        let peer = try HL7Peer(tls: (certificates.path("server.pem"), certificates.path("server.key")))
        let (directory, simulator) = try DaemonProcess.simulator(playing: chargeScenario, named: "mllps")
        defer { simulator.stop(SIGKILL) }
        #expect(await simulator.waitForOutput("steps"))
        let console = try #require(simulator.listeningPort)
        func hl7(ca: String) -> String {
            """
            hl7:
              destination: "127.0.0.1:\(peer.port)"
              ack_timeout_ms: 2000
              tls:
                ca: "\(certificates.path(ca))"
                certificate: "\(certificates.path("client.pem"))"
                key: "\(certificates.path("client.key"))"
            """
        }
        // The wrong CA: the daemon refuses the receiver's certificate and sends nothing; charges wait.
        let wrong = try configuration(
            in: directory, console: console, httpPort: try LoopbackPort.free(), extra: hl7(ca: "other-ca.pem"))
        let refused = try DaemonProcess("gammalogd", ["--config", wrong])
        #expect(await refused.waitForOutput("CERTIFICATE_VERIFY_FAILED", timeout: 60), "\(refused.text)")
        #expect(await peer.waitUntil(seconds: 5) { _ in !peer.handshakes().isEmpty })
        #expect(refused.stop(SIGTERM) == 0)
        #expect(refused.text.contains("hl7 link down; will reconnect and resend"))
        #expect(peer.received().isEmpty, "nothing reached the receiver")
        #expect(!peer.handshakes().isEmpty && !peer.handshakes().contains("ok"), "\(peer.handshakes())")

        // The right CA: every charge that waited goes out over TLS, each once.
        let right = try configuration(
            in: directory, console: console, httpPort: try LoopbackPort.free(), extra: hl7(ca: "ca.pem"))
        let daemon = try DaemonProcess("gammalogd", ["--config", right])
        #expect(await peer.waitUntil(seconds: 60) { _ in peer.accepted().count >= 4 }, "\(daemon.text)")
        #expect(daemon.stop(SIGTERM) == 0)
        let store = directory.appendingPathComponent("gammalog.sqlite").path
        let ready = try Shell.sqlite3(store, "SELECT id FROM charges WHERE status != 'held' ORDER BY queue_seq")
            .split(separator: "\n").map(String.init)
        #expect(peer.accepted() == ready)
        #expect(peer.handshakes().contains("ok"))
        for message in peer.received() { #expect(message.valid, "\(message.controlID): \(message.error ?? "")") }
    }

    @Test func theADTFeedTakesTLSOnlyFromSendersWithACertificateItsCASigned() async throws {
        let (directory, simulator) = try DaemonProcess.simulator(playing: chargeScenario, named: "adts")
        defer { simulator.stop(SIGKILL) }
        #expect(await simulator.waitForOutput("steps"))
        let feedPort = try LoopbackPort.free()
        let config = try configuration(
            in: directory, console: try #require(simulator.listeningPort), httpPort: try LoopbackPort.free(),
            extra: """
                hl7_in:
                  listen: "127.0.0.1:\(feedPort)"
                  tls:
                    certificate: "\(certificates.path("server.pem"))"
                    key: "\(certificates.path("server.key"))"
                    client_ca: "\(certificates.path("ca.pem"))"
                """)
        let daemon = try DaemonProcess("gammalogd", ["--config", config])
        defer { daemon.stop(SIGKILL) }
        #expect(await daemon.waitForOutput("adt feed listening"), "\(daemon.text)")
        let step: [String: any Sendable] = ["event": "A04", "control_id": "TLS1", "patient": "MRN51", "in1": [uhcIN1]]

        // In the clear, and without a client certificate: refused, nothing applied.
        let plain = try await sendADT(port: feedPort, [step])
        #expect(plain.first?["code"] == nil, "\(plain)")
        let anonymous = try await sendADT(port: feedPort, [step], tls: (certificates.path("ca.pem"), nil, nil))
        #expect(anonymous.first?["code"] == nil, "\(anonymous)")
        let store = directory.appendingPathComponent("gammalog.sqlite").path
        #expect(try Shell.sqlite3(store, "SELECT count(*) FROM adt_messages") == "0")

        let signed = try await sendADT(
            port: feedPort, [step],
            tls: (certificates.path("ca.pem"), certificates.path("client.pem"), certificates.path("client.key")))
        #expect(signed.first?["code"] as? String == "AA", "\(signed)")
        #expect(try Shell.sqlite3(store, "SELECT count(*) FROM adt_messages") == "1")
        #expect(await daemon.waitForOutput("adt connection failed; closed"), "\(daemon.text)")
        #expect(daemon.stop(SIGTERM) == 0)
    }

    @Test func checkConfigNamesATLSFileThatDoesNotLoad() throws {
        let directory = certificates.directory
        let config = directory.appendingPathComponent("bad-tls.yaml")
        try """
        consoles:
          - name: gk1
            address: "tcp://127.0.0.1:1502"
        http:
          tls:
            certificate: "\(certificates.path("server.key"))"
            key: "\(certificates.path("client.key"))"
        hl7:
          destination: "127.0.0.1:2575"
          tls:
            ca: "\(directory.appendingPathComponent("missing.pem").path)"
        hl7_in:
          listen: "127.0.0.1:2576"
          tls:
            certificate: "\(certificates.path("server.pem"))"
            key: "\(certificates.path("client.key"))"
        """.write(to: config, atomically: true, encoding: .utf8)
        let run = try DaemonProcess.run(["--check-config", config.path])
        #expect(run.status == 2, "\(run.output)")
        #expect(run.output.contains(":6: http.tls.certificate: "), "\(run.output)")
        #expect(run.output.contains(":11: hl7.tls.ca: "), "\(run.output)")
        // A key that is not the certificate's.
        #expect(run.output.contains(":16: hl7_in.tls.key: "), "\(run.output)")
        #expect(run.output.contains("gammalogd: 3 errors"), "\(run.output)")
    }
}
