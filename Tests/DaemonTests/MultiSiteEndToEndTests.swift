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
    /// `treatments` treatments on a console, 80 s apart, then `shared` more, 40 s apart, of patients both
    /// sites treat that day (`MRN-BOTH-SITES` for the first, `MRN-BOTH-2`… after it).
    static func scenario(serial: String, shared: Int, treatments: Int = 3) -> String {
        var timeline = (1...treatments).map { index in
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
        for index in 0..<shared {
            timeline.append(
                """
                  - at: \(treatments * 80 + 10 + index * 40)
                    session:
                      patient: {id: "\(index == 0 ? "MRN-BOTH-SITES" : "MRN-BOTH-\(index + 1)")", family: "POE", given: "EDGAR"}
                      plan: "PLAN X"
                      fractions_planned: 1
                      setup_s: 10
                      shots:
                        - {sectors: [8, 8, 8, 8, 8, 8, 8, 8], planned_s: 20}
                """)
        }
        return """
            name: site-\(serial)
            speed: \(shared > 1 ? 120 : 60)
            first_session: 100
            console: {serial: "\(serial)"}
            timeline:
            \(timeline.joined(separator: "\n"))
            """
    }

    /// A running network: the simulators, the daemons by site (process, HTTP port, configuration file).
    final class Network: @unchecked Sendable {
        var directory: URL
        var simulators: [DaemonProcess] = []
        var daemons: [String: (process: DaemonProcess, port: Int, config: String)] = [:]

        init(directory: URL) { self.directory = directory }

        deinit {
            for process in simulators + daemons.values.map(\.process) where process.process.isRunning {
                _ = process.stop(SIGKILL)
            }
        }
    }

    /// Two sites on `database`, each a `gammalogd` polling two simulated consoles, and optionally pushing HL7
    /// to the receiver on `hl7Port`; returns once both listen.
    static func startNetwork(database: String, hl7Port: Int? = nil, shared: Int = 1) throws -> Network {
        var consoles: [String: [(name: String, port: Substring)]] = [:]
        var network: Network?
        var simulators: [DaemonProcess] = []
        for (site, serials) in [("north", ["4711", "4712"]), ("south", ["5811", "5812"])] {
            for (index, serial) in serials.enumerated() {
                let (directory, simulator) = try DaemonProcess.simulator(
                    playing: Self.scenario(serial: serial, shared: index == 0 ? shared : 0), named: "site-\(serial)")
                simulators.append(simulator)
                network = network ?? Network(directory: directory)
                network?.simulators = simulators
                #expect(simulator.waitFor("steps"))
                consoles[site, default: []].append(("gk\(index + 1)", try #require(simulator.listeningPort)))
            }
        }
        let started = try #require(network)
        for site in ["north", "south"] {
            let httpPort = try LoopbackPort.free()
            let config = started.directory.appendingPathComponent("\(site).yaml").path
            try Self.configuration(
                store: try Self.sharedStore(database, site: site), consoles: consoles[site] ?? [], httpPort: httpPort,
                hl7Port: hl7Port
            ).write(toFile: config, atomically: true, encoding: .utf8)
            let process = try DaemonProcess("gammalogd", ["--config", config])
            started.daemons[site] = (process, httpPort, config)
            #expect(process.waitFor("listening", timeout: 30), "\(site): \(process.text)")
        }
        return started
    }

    /// The `store:` section of a site on the shared store `database`, reached over `verify-full`.
    static func sharedStore(_ database: String, site: String) throws -> String {
        sharedStore(
            url: try PostgresServer.url(database: database), passwordFile: try PostgresServer.passwordFile(),
            caFile: try PostgresServer.caFile(), site: site)
    }

    /// The `store:` section of a site on the database at `url`, reached over `verify-full`.
    static func sharedStore(url: String, passwordFile: String, caFile: String, site: String) -> String {
        """
          postgres: "\(url)"
          password_file: "\(passwordFile)"
          tls: "verify-full"
          ca: "\(caFile)"
          site: "\(site)"
        """
    }

    /// Two simulated consoles playing `treatments` treatments each; returns them, their names and ports, and
    /// a folder for the test's files.
    static func twoConsoles(treatments: Int) throws -> (
        simulators: [DaemonProcess], consoles: [(name: String, port: Substring)], directory: URL
    ) {
        var consoles: [(name: String, port: Substring)] = []
        var simulators: [DaemonProcess] = []
        var folder: URL?
        for (index, serial) in ["4711", "4712"].enumerated() {
            let (directory, simulator) = try DaemonProcess.simulator(
                playing: Self.scenario(serial: serial, shared: 0, treatments: treatments), named: "site-\(serial)")
            simulators.append(simulator)
            folder = folder ?? directory
            #expect(simulator.waitFor("steps"))
            consoles.append(("gk\(index + 1)", try #require(simulator.listeningPort)))
        }
        return (simulators, consoles, try #require(folder))
    }

    /// A site's configuration: its store section, its consoles polled every 100 ms, a billing token, and HL7
    /// pushed to `hl7Port` when there is one.
    static func configuration(
        store: String, consoles: [(name: String, port: Substring)], httpPort: Int, hl7Port: Int?
    ) -> String {
        let hl7 = hl7Port.map { port in
            """
            hl7:
              destination: "127.0.0.1:\(port)"
              sending_facility: "HOSP"
              receiving_application: "PB"
              ack_timeout_ms: 1500
              max_attempts: 3
            """
        }
        return """
            store:
            \(store)
            devices: "\(Harness.repositoryRoot.appendingPathComponent("Devices").path)"
            http:
              listen: "127.0.0.1:\(httpPort)"
              tokens:
                - {name: "pb", role: "billing", sha256: "\(HashChain.sha256("billing-secret"))"}
            consoles:
            \(consoles.map { console in
                """
                  - name: \(console.name)
                    address: "tcp://127.0.0.1:\(console.port)"
                    poll_interval_ms: 100
                    response_timeout_ms: 300
                """
            }.joined(separator: "\n"))
            billing:
              chargemaster: {"77371": "33371000", "77373": "33373000"}
            \(hl7 ?? "")
            """
    }

    /// Waits until the store holds `expected` charges; returns how many it holds.
    static func waitForCharges(_ database: String, _ expected: Int) throws -> Int {
        var count = 0
        for _ in 0..<600 {
            count = Int(try PostgresServer.psql(database, "SELECT count(*) FROM charges").output) ?? 0
            if count == expected { break }
            usleep(100_000)
        }
        return count
    }

    @Test func aSiteMovesFromItsSQLiteFileOntoTheSharedStoreMidDayAndGoesOnWithNothingLostOrTwice() async throws {
        let database = try PostgresServer.freshDatabase()
        // Eight treatments a console, one every 1.3 s: the move happens while the day goes on.
        let (simulators, consoles, directory) = try Self.twoConsoles(treatments: 8)
        defer { for simulator in simulators { _ = simulator.stop(SIGKILL) } }
        let sqlite = directory.appendingPathComponent("north.sqlite").path
        let before = directory.appendingPathComponent("north-sqlite.yaml").path
        let after = directory.appendingPathComponent("north.yaml").path
        let httpPort = try LoopbackPort.free()
        try Self.configuration(store: "  sqlite: \"\(sqlite)\"", consoles: consoles, httpPort: httpPort, hl7Port: nil)
            .write(toFile: before, atomically: true, encoding: .utf8)
        try Self.configuration(
            store: try Self.sharedStore(database, site: "north"), consoles: consoles, httpPort: httpPort, hl7Port: nil
        ).write(toFile: after, atomically: true, encoding: .utf8)

        // The site runs on its own file until a few charges are in, then stops for the move.
        let alone = try DaemonProcess("gammalogd", ["--config", before])
        #expect(alone.waitFor("listening", timeout: 30), "\(alone.text)")
        var local = 0
        for _ in 0..<300 where local < 4 {
            local = Int((try? Shell.sqlite3(sqlite, "SELECT count(*) FROM charges")) ?? "") ?? 0
            usleep(50_000)
        }
        #expect(alone.stop(SIGTERM) == 0)
        let moved = try Int(Shell.sqlite3(sqlite, "SELECT count(*) FROM charges")) ?? 0
        #expect((4..<16).contains(moved), "the move happens mid-day: \(moved) charges")

        let move = try DaemonProcess.run(
            ["migrate-store", "--config", after, "--from", sqlite], executable: "gammalog")
        #expect(move.status == 0, "\(move.output)")
        #expect(
            move.output.contains("consoles: north/gk1, north/gk2") && move.output.contains("charges: \(moved) rows"))
        #expect(move.output.contains("chain verified"), "\(move.output)")

        // On the shared store the daemon goes on from the moved cursors: every treatment charged once.
        let shared = try DaemonProcess("gammalogd", ["--config", after])
        #expect(shared.waitFor("listening", timeout: 30), "\(shared.text)")
        #expect(try Self.waitForCharges(database, 16) == 16)
        usleep(500_000)
        #expect(try Self.waitForCharges(database, 16) == 16, "no charge twice")
        let sessions = try PostgresServer.psql(
            database, "SELECT count(*), count(DISTINCT (serial, number)) FROM sessions WHERE kind = 'treatment'"
        ).output
        #expect(sessions == "16|16", "\(sessions)")
        #expect(shared.stop(SIGTERM) == 0)

        let again = try DaemonProcess.run(
            ["migrate-store", "--config", after, "--from", sqlite], executable: "gammalog")
        #expect(again.status == 0 && again.output.contains("an earlier run finished this move"), "\(again.output)")
        let verified = try DaemonProcess.run(["verify", "--config", after], executable: "gammalog")
        #expect(verified.status == 0 && verified.output.contains("chain verified"), "\(verified.output)")
        // The command line works on the shared store as on the file, and sees the whole network.
        let listed = try DaemonProcess.run(["sessions", "--config", after, "--limit", "100"], executable: "gammalog")
        #expect(listed.status == 0 && listed.output.contains("GK-4712-000101"), "\(listed.output)")
        let signed = try DaemonProcess.run(
            ["review", "GK-4711-000100", "--as", "DR ONE", "--config", after], executable: "gammalog")
        #expect(signed.status == 0 && signed.output.contains("signed GK-4711-000100"), "\(signed.output)")
        let exported = try DaemonProcess.run(
            ["export", "GK-4712-000101", "--format", "json", "--config", after], executable: "gammalog")
        #expect(exported.status == 0 && exported.output.contains("GK-4712-000101"), "\(exported.output)")
        let backup = try DaemonProcess.run(
            ["backup", "--config", after, "--to", sqlite + ".copy"], executable: "gammalog")
        #expect(backup.status != 0 && backup.output.contains("pg_dump"), "\(backup.output)")
        let fromSQLite = try DaemonProcess.run(
            ["migrate-store", "--config", before, "--from", sqlite], executable: "gammalog")
        #expect(fromSQLite.status != 0 && fromSQLite.output.contains("store.postgres"), "\(fromSQLite.output)")
    }

    @Test func theDatabaseRestartingMidSessionLosesNothingDuplicatesNothingAndHealthzSays503Meanwhile()
        async throws
    {
        // A server of this test's own: stopping it disturbs no other test.
        let server = try RestartablePostgres()
        let (simulators, consoles, directory) = try Self.twoConsoles(treatments: 8)
        defer { for simulator in simulators { _ = simulator.stop(SIGKILL) } }
        let config = directory.appendingPathComponent("north.yaml").path
        let httpPort = try LoopbackPort.free()
        try Self.configuration(
            store: Self.sharedStore(
                url: server.url, passwordFile: server.passwordFile, caFile: server.caFile, site: "north"),
            consoles: consoles, httpPort: httpPort, hl7Port: nil
        ).write(toFile: config, atomically: true, encoding: .utf8)
        let daemon = try DaemonProcess("gammalogd", ["--config", config])
        defer { _ = daemon.stop(SIGKILL) }
        #expect(daemon.waitFor("listening", timeout: 30), "\(daemon.text)")
        func charges() -> Int { Int((try? server.psql("SELECT count(*) FROM charges")) ?? "") ?? 0 }
        var before = 0
        for _ in 0..<300 where before < 3 {
            before = charges()
            usleep(50_000)
        }
        #expect((3..<16).contains(before), "the database goes away mid-day: \(before) charges")

        try server.stop()
        var health: HTTPProbe.Response?
        for _ in 0..<40 {
            health = try? HTTPProbe.request(port: httpPort, "GET", "/healthz")
            if health?.status == 503 { break }
            usleep(100_000)
        }
        #expect(health?.status == 503 && health?.text.contains("store not writable") == true, "\(health?.text ?? "")")
        // Sessions open and close on the consoles while the database is away.
        sleep(3)
        #expect(daemon.process.isRunning, "the daemon waits for its store: \(daemon.text)")
        try server.start()

        var total = 0
        for _ in 0..<600 where total < 16 {
            total = charges()
            usleep(100_000)
        }
        #expect(total == 16, "every treatment charged once after the restart")
        usleep(500_000)
        let sessions = try server.psql(
            "SELECT count(*), count(DISTINCT (serial, number)) FROM sessions WHERE kind = 'treatment' AND final")
        #expect(sessions == "16|16" && charges() == 16, "\(sessions)")
        for _ in 0..<50 {
            health = try? HTTPProbe.request(port: httpPort, "GET", "/healthz")
            if health?.status == 200 { break }
            usleep(100_000)
        }
        #expect(health?.status == 200, "\(health?.text ?? "")")
        #expect(daemon.stop(SIGTERM) == 0)
        let verified = try DaemonProcess.run(["verify", "--config", config], executable: "gammalog")
        #expect(verified.status == 0 && verified.output.contains("chain verified"), "\(verified.output)")
    }

    @Test
    func twoSitesShareOneStoreFiftyPatientsTreatedAtBothInTheSameSecondGetOneChargeEachAndEightConsumersExportEachOnce()
        async throws
    {
        let database = try PostgresServer.freshDatabase()
        // 50 patients each treated at both sites, the two sessions closing in the same second.
        let network = try Self.startNetwork(database: database, shared: 50)
        let directory = network.directory

        // 4 consoles × 3 treatments, and the 50 patients both sites treated.
        #expect(try Self.waitForCharges(database, 112) == 112)
        let pairs = try PostgresServer.psql(
            database,
            """
            SELECT string_agg(c.status || ':' || (c.body LIKE '%duplicate_service_date%'), ',' ORDER BY c.status)
            FROM charges c WHERE c.patient_id LIKE 'MRN-BOTH-%' GROUP BY c.patient_id
            """
        ).output.split(separator: "\n")
        #expect(pairs.count == 50 && pairs.allSatisfy { $0 == "held:true,ready:false" }, "\(pairs)")
        let apart = try PostgresServer.psql(
            database,
            """
            SELECT max(abs(a.updated_at - b.updated_at)) FROM sessions a JOIN sessions b
                ON a.patient_id = b.patient_id AND a.console < b.console
            WHERE a.patient_id LIKE 'MRN-BOTH-%' AND a.final AND b.final
            """
        ).output
        #expect((Double(apart) ?? 99) < 1, "each pair recorded within the same second: \(apart) s apart at most")
        let consoleNames = try PostgresServer.psql(
            database, "SELECT DISTINCT console FROM sessions ORDER BY console"
        ).output.split(separator: "\n")
        #expect(consoleNames == ["north/gk1", "north/gk2", "south/gk1", "south/gk2"])

        // Eight consumers, four through each daemon, all at once: every ready charge exactly once.
        let ports = [network.daemons["north"]?.port ?? 0, network.daemons["south"]?.port ?? 0]
        let exported = try await BillingConsumer.drainAtOnce(
            8, over: ports, token: "billing-secret", batch: 2, prefix: "pb")
        let notExported = try PostgresServer.psql(
            database,
            """
            SELECT c.id || ' ' || c.status || ' ' || coalesce(c.body::jsonb ->> 'hold_reasons', '') || ' '
                || (SELECT string_agg(h.action || ':' || h.to_status, ',' ORDER BY h.id) FROM charge_history h
                    WHERE h.charge_id = c.id)
            FROM charges c WHERE c.status <> 'exported' AND c.patient_id NOT LIKE 'MRN-BOTH-%'
            """
        ).output
        #expect(
            exported.count == 62 && Set(exported).count == 62,
            "\(exported.sorted()); not exported: \(notExported)")
        let south = try HTTPProbe.request(
            port: ports[1], "GET", "/api/v1/charges?status=exported&limit=100", token: "billing-secret")
        #expect((south.object?["charges"] as? [Any])?.count == 62, "each daemon serves the whole network")

        var logs = ""
        for site in ["north", "south"] {
            guard let daemon = network.daemons[site] else { continue }
            #expect(daemon.process.stop(SIGTERM) == 0)
            logs += daemon.process.text
        }
        for secret in ["MRN-4711-1", "MRN-BOTH-SITES", "ROE", "POE"] { #expect(!logs.contains(secret), "\(secret)") }
        for secret in [try String(contentsOfFile: PostgresServer.passwordFile(), encoding: .utf8)] {
            #expect(!logs.contains(secret.trimmingCharacters(in: .whitespacesAndNewlines)), "the password was logged")
        }

        // gammalog verify walks every console's chain on the shared store, and names a tampered link.
        let northConfig = directory.appendingPathComponent("north.yaml").path
        let intact = try DaemonProcess.run(["verify", "--config", northConfig], executable: "gammalog")
        #expect(intact.status == 0 && intact.output.contains("chain verified"), "\(intact.output)")
        _ = try PostgresServer.psql(
            database,
            """
            ALTER TABLE journal DISABLE TRIGGER journal_append_only;
            UPDATE journal SET body = body || ' ' WHERE id = (SELECT max(id) FROM journal WHERE console = 'south/gk2')
            """)
        let tampered = try DaemonProcess.run(["verify", "--config", northConfig], executable: "gammalog")
        #expect(tampered.status == 1 && tampered.output.contains("BROKEN"), "\(tampered.output)")

        // A daemon older than the schema refuses to start, naming the versions it knows.
        _ = try PostgresServer.psql(database, "INSERT INTO schema_migrations (version) VALUES ('v9: from the future')")
        let refused = try DaemonProcess.run(["--config", directory.appendingPathComponent("north.yaml").path])
        #expect(refused.status != 0)
        #expect(
            refused.output.contains("v9: from the future") && refused.output.contains(PostgresStore.schemaVersions[0]))
    }

    @Test func theHL7SenderKilledMidMessageIsTakenOverAndTheReceiverGetsEveryChargeOnceInOrder() async throws {
        let database = try PostgresServer.freshDatabase()
        // The receiver accepts the first message and never answers the second: its sender is killed meanwhile.
        let peer = try HL7Peer(script: ["AA", "NOACK"])
        let network = try Self.startNetwork(database: database, hl7Port: peer.port)
        #expect(await peer.waitUntil(seconds: 60) { $0.count >= 2 })
        // Reads what each daemon has logged so far.
        let senders = network.daemons.filter { $0.value.process.waitFor("hl7 sender: this daemon sends", timeout: 0.5) }
        #expect(senders.count == 1, "one sender at a time: \(senders.keys.sorted())")
        let (killed, sender) = try #require(senders.first)
        _ = sender.process.stop(SIGKILL)
        let survivor = try #require(network.daemons.first { $0.key != killed }?.value.process)
        #expect(survivor.waitFor("hl7 sender: this daemon sends", timeout: 3), "taken over within 2 × ack_timeout")
        // systemd restarts the killed site, which polls its consoles again and stands by for HL7.
        let restarted = try DaemonProcess("gammalogd", ["--config", sender.config])
        network.daemons[killed] = (restarted, sender.port, sender.config)
        #expect(restarted.waitFor("hl7 sender standing by", timeout: 30), "\(restarted.text)")
        #expect(try Self.waitForCharges(database, 14) == 14)
        #expect(await peer.waitUntil(seconds: 60) { _ in peer.accepted().count >= 13 })
        let ready = try PostgresServer.psql(
            database, "SELECT id FROM charges WHERE status != 'held' ORDER BY queue_seq"
        ).output.split(separator: "\n").map(String.init)
        #expect(ready.count == 13)
        #expect(peer.accepted() == ready, "every charge acknowledged once, in the order it became ready")
        let received = peer.received()
        for id in Set(received.map(\.controlID)) {
            #expect(Set(received.filter { $0.controlID == id }.map(\.message)).count == 1, "\(id) resent as is")
        }
        #expect(received.filter { $0.controlID == ready[1] }.count >= 2, "the unanswered message was resent")
        for message in received { #expect(message.valid, "\(message.controlID): \(message.error ?? "")") }
        #expect(survivor.stop(SIGTERM) == 0)
        #expect(restarted.stop(SIGTERM) == 0)
    }
}
