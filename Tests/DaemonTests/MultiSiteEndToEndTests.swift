import Foundation
import PostgresStore
import Store
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Two sites, each a real `gammalogd` polling two simulated consoles, one real PostgreSQL (multi-site.md).
@Suite(.serialized) struct MultiSiteEndToEndTests {
    /// Three treatments on a console; with `shared`, a fourth of the patient both sites treat that day.
    static func scenario(serial: String, shared: Bool) -> String {
        var timeline = (1...3).map { index in
            """
              - at: \(index * 80 - 79)
                session:
                  patient: {id: "MRN-\(serial)-\(index)", family: "ROE", given: "ANN"}
                  plan: "PLAN \(index)"
                  fractions_planned: 1
                  setup_s: 10
                  shots:
                    - {sectors: [16, 16, 16, 16, 16, 16, 16, 16], planned_s: 20}
            """
        }
        if shared {
            timeline.append(
                """
                  - at: 250
                    session:
                      patient: {id: "MRN-BOTH-SITES", family: "POE", given: "EDGAR"}
                      plan: "PLAN X"
                      fractions_planned: 1
                      setup_s: 10
                      shots:
                        - {sectors: [8, 8, 8, 8, 8, 8, 8, 8], planned_s: 20}
                """)
        }
        return """
            name: site-\(serial)
            speed: 60
            first_session: 100
            console: {serial: "\(serial)"}
            timeline:
            \(timeline.joined(separator: "\n"))
            """
    }

    @Test func twoSitesShareOneStoreOneChargePerPatientAndDayAndEightConsumersExportEachChargeOnce() async throws {
        let database = try PostgresServer.freshDatabase()
        var simulators: [DaemonProcess] = []
        defer { for simulator in simulators { _ = simulator.stop(SIGKILL) } }
        var consoles: [String: [(name: String, port: Substring)]] = [:]
        var folder: URL?
        for (site, serials) in [("north", ["4711", "4712"]), ("south", ["5811", "5812"])] {
            for (index, serial) in serials.enumerated() {
                let (directory, simulator) = try DaemonProcess.simulator(
                    playing: Self.scenario(serial: serial, shared: index == 0), named: "site-\(serial)")
                simulators.append(simulator)
                #expect(simulator.waitFor("steps"))
                consoles[site, default: []].append(("gk\(index + 1)", try #require(simulator.listeningPort)))
                folder = folder ?? directory
            }
        }
        let directory = try #require(folder)
        var daemons: [String: (process: DaemonProcess, port: Int, config: String)] = [:]
        defer { for daemon in daemons.values { _ = daemon.process.stop(SIGKILL) } }
        for site in ["north", "south"] {
            let httpPort = try freePort()
            let config = directory.appendingPathComponent("\(site).yaml").path
            try """
            store:
              postgres: "\(try PostgresServer.url(database: database))"
              password_file: "\(try PostgresServer.passwordFile())"
              tls: "verify-full"
              ca: "\(try PostgresServer.caFile())"
              site: "\(site)"
            devices: "\(Harness.repositoryRoot.appendingPathComponent("Devices").path)"
            http:
              listen: "127.0.0.1:\(httpPort)"
              tokens:
                - {name: "pb", role: "billing", sha256: "\(HashChain.sha256("billing-secret"))"}
            consoles:
            \((consoles[site] ?? []).map { console in
                """
                  - name: \(console.name)
                    address: "tcp://127.0.0.1:\(console.port)"
                    poll_interval_ms: 100
                    response_timeout_ms: 300
                """
            }.joined(separator: "\n"))
            billing:
              chargemaster: {"77371": "33371000", "77373": "33373000"}
            """.write(toFile: config, atomically: true, encoding: .utf8)
            let process = try DaemonProcess("gammalogd", ["--config", config])
            daemons[site] = (process, httpPort, config)
            #expect(process.waitFor("listening", timeout: 30), "\(site): \(process.text)")
        }

        // 4 consoles × 3 treatments, and the patient both sites treated.
        var count = ""
        for _ in 0..<600 {
            count = try PostgresServer.psql(database, "SELECT count(*) FROM charges").output
            if count == "14" { break }
            usleep(100_000)
        }
        #expect(count == "14")
        let shared = try PostgresServer.psql(
            database, "SELECT status FROM charges WHERE patient_id = 'MRN-BOTH-SITES' ORDER BY status"
        ).output.split(separator: "\n")
        #expect(shared == ["held", "ready"], "one charge for the patient's service date across the network")
        let consoleNames = try PostgresServer.psql(
            database, "SELECT DISTINCT console FROM sessions ORDER BY console"
        ).output.split(separator: "\n")
        #expect(consoleNames == ["north/gk1", "north/gk2", "south/gk1", "south/gk2"])

        // Eight consumers, four through each daemon, all at once: every ready charge exactly once.
        let ports = [daemons["north"]?.port ?? 0, daemons["south"]?.port ?? 0]
        let exported = try await withThrowingTaskGroup(of: [String].self) { group in
            for index in 0..<8 {
                let consumer = BillingConsumer(
                    port: ports[index % 2], token: "billing-secret", name: "pb\(index)", batch: 2)
                group.addTask { try await consumer.drain() }
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }
        #expect(exported.count == 13 && Set(exported).count == 13, "\(exported.sorted())")
        let south = try HTTPProbe.request(
            port: ports[1], "GET", "/api/v1/charges?status=exported&limit=100", token: "billing-secret")
        #expect((south.object?["charges"] as? [Any])?.count == 13, "each daemon serves the whole network")

        var logs = ""
        for site in ["north", "south"] {
            guard let daemon = daemons[site] else { continue }
            #expect(daemon.process.stop(SIGTERM) == 0)
            logs += daemon.process.text
        }
        daemons = [:]
        for secret in ["MRN-4711-1", "MRN-BOTH-SITES", "ROE", "POE"] { #expect(!logs.contains(secret), "\(secret)") }
        for secret in [try String(contentsOfFile: PostgresServer.passwordFile(), encoding: .utf8)] {
            #expect(!logs.contains(secret.trimmingCharacters(in: .whitespacesAndNewlines)), "the password was logged")
        }

        // A daemon older than the schema refuses to start, naming the versions it knows.
        _ = try PostgresServer.psql(database, "INSERT INTO schema_migrations (version) VALUES ('v9: from the future')")
        let refused = try DaemonProcess.run(["--config", directory.appendingPathComponent("north.yaml").path])
        #expect(refused.status != 0)
        #expect(
            refused.output.contains("v9: from the future") && refused.output.contains(PostgresStore.schemaVersions[0]))
    }
}
