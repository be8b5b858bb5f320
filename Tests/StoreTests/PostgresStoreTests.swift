import ChargeCapture
import ConsoleRecords
import DeliveryLog
import Foundation
import PostgresStore
import Store
import TestSupport
import Testing

/// What only the shared store has: sites, migrations under a lock, TLS modes, credentials.
@Suite struct PostgresStoreTests {
    @Test func twoSitesDecidingOnePatientsChargesWhileHerDiagnosisChangesNeverLeaveOneHeldOnTheOldFacts()
        async throws
    {
        let database = try PostgresServer.freshDatabase()
        try await withPostgresStore(database: database, site: "north", charges: necessitySettings()) { north in
            try await withPostgresStore(database: database, site: "south", charges: necessitySettings()) { south in
                try await north.applyADT(
                    .coverage(
                        controlID: "M1", patient: "MRN1", coverages: [medicare], authorizations: [],
                        diagnoses: [Diagnosis(code: "G40.909", source: .adt)]), raw: "a", peer: "p", at: now)
                // Twenty treatments on twenty days, ten at each site, while a coder corrects the diagnosis.
                func treatments(_ serial: String, _ days: Range<Int>) -> [DeliverySession] {
                    days.map { day in
                        closedTreatment(
                            UInt32(day + 1), serial: serial, patient: "MRN1",
                            opened: Date(timeIntervalSince1970: 1_795_000_000 + Double(day) * 86_400))
                    }
                }
                async let atNorth = closeSessions(treatments("4711", 0..<10), in: north)
                async let atSouth = closeSessions(treatments("5811", 10..<20), in: south)
                async let corrected: Void = south.replaceDiagnoses(
                    ofPatient: "MRN1", with: [Diagnosis(code: "C71.9", source: .api)], by: "coder", at: now)
                _ = try await (atNorth, atSouth, corrected)
                let charges = try await north.charges(ChargeQuery(limit: 100), at: now)
                #expect(charges.count == 20)
                #expect(
                    charges.allSatisfy { $0.status == .ready && $0.medicalNecessity?.coveredBy == "C71.9" },
                    "\(charges.filter { $0.status != .ready }.map { ($0.id, $0.holdReasons, $0.diagnoses) })")
            }
        }
    }

    @Test(arguments: [
        ("postgres://gammalog@db1.example:5432,db2.example:5433/gammalog", ["db1.example:5432", "db2.example:5433"]),
        ("postgres://gammalog@db1,db2,[::1]:6000/gammalog", ["db1:5432", "db2:5432", "[::1]:6000"]),
        ("postgres://gammalog@db1.example/gammalog", ["db1.example:5432"]),
    ])
    func severalHostsAreReadAsLibpqListsThemAndNamedInOrder(url: String, hosts: [String]) throws {
        let configuration = try PostgresStoreConfiguration(url: url, password: nil, tls: .prefer, site: "north")
        #expect(configuration.endpoints.map(\.description) == hosts)
        #expect("\(configuration)".contains(hosts.joined(separator: ",")))
        #expect(configuration.database == "gammalog" && configuration.user == "gammalog")
    }

    @Test(arguments: ["postgres://g@db1,/g", "postgres://g@db1,db2:99999/g", "postgres://g:pw@db1,db2/g"])
    func aBadHostListIsRefused(url: String) {
        #expect(throws: PostgresStoreConfiguration.Problem.self) {
            _ = try PostgresStoreConfiguration(url: url, password: nil, tls: .prefer, site: "north")
        }
    }

    @Test func twoDaemonsStartingAtOnceMigrateOnce() async throws {
        let database = try PostgresServer.freshDatabase()
        async let north: Void = withPostgresStore(database: database, site: "north") { _ in }
        async let south: Void = withPostgresStore(database: database, site: "south") { _ in }
        _ = try await (north, south)
        let versions = try PostgresServer.psql(database, "SELECT version FROM schema_migrations ORDER BY version")
        #expect(versions.output.split(separator: "\n").map(String.init) == PostgresStore.schemaVersions)
    }

    @Test func aDaemonOlderThanTheSchemaRefusesToStartNamingTheVersionsItKnows() async throws {
        let database = try PostgresServer.freshDatabase()
        try await withPostgresStore(database: database) { _ in }
        _ = try PostgresServer.psql(database, "INSERT INTO schema_migrations (version) VALUES ('v9: from the future')")
        await #expect {
            try await withPostgresStore(database: database) { _ in }
        } throws: { error in
            let detail = (error as? StoreError)?.detail ?? ""
            return (error as? StoreError)?.code == .unavailable && detail.contains("v9: from the future")
                && detail.contains(PostgresStore.schemaVersions[0])
        }
    }

    @Test func theSamePatientClosingAtTwoSitesInTheSameSecondGetsExactlyOneChargeThatIsNotHeldFor50Tries()
        async throws
    {
        let database = try PostgresServer.freshDatabase()
        try await withPostgresStore(database: database, site: "north") { north in
            try await withPostgresStore(database: database, site: "south") { south in
                for attempt in 1...50 {
                    let patient = "MRN-RACE-\(attempt)"
                    let opened = Date(timeIntervalSince1970: 1_795_000_000 + Double(attempt) * 86_400)
                    async let a = closeSessions(
                        [closedTreatment(UInt32(attempt), serial: "4711", patient: patient, opened: opened)],
                        in: north)
                    async let b = closeSessions(
                        [closedTreatment(UInt32(attempt), serial: "5822", patient: patient, opened: opened)],
                        in: south)
                    let charges = try await a + b
                    #expect(charges.count == 2)
                    #expect(
                        charges.filter { !$0.holdReasons.contains(.duplicateServiceDate) }.count == 1,
                        "attempt \(attempt): \(charges.map { ($0.id, $0.holdReasons) })")
                }
            }
        }
    }

    @Test func anAuthorizationEnteredAtOneSiteCoversTheOtherAndItsOneUnitIsUsedOnceUnderConcurrentDecisions()
        async throws
    {
        let database = try PostgresServer.freshDatabase()
        try await withPostgresStore(database: database, site: "north", charges: payerSettings()) { north in
            try await withPostgresStore(database: database, site: "south", charges: payerSettings()) { south in
                for attempt in 1...20 {
                    let patient = "MRN-UNITS-\(attempt)"
                    try await north.applyADT(
                        .coverage(controlID: "U\(attempt)", patient: patient, coverages: [uhc], authorizations: []),
                        raw: "a", peer: "p", at: now)
                    _ = try await north.addAuthorization(
                        uhcAuthorization(units: 1, codes: ["77373"]), forPatient: patient, by: "anna", at: now)
                    func fraction(_ serial: String, day: Double) -> DeliverySession {
                        var session = closedTreatment(
                            UInt32(attempt), serial: serial, patient: patient,
                            opened: Date(timeIntervalSince1970: 1_795_000_000 + day * 86_400))
                        session.fractionsPlanned = 3
                        session.fraction = serial == "4711" ? 1 : 2
                        return session
                    }
                    async let a = closeSessions([fraction("4711", day: 0)], in: north)
                    async let b = closeSessions([fraction("5822", day: 1)], in: south)
                    let charges = try await a + b
                    #expect(charges.filter { $0.status == .ready }.count == 1, "attempt \(attempt)")
                    #expect(charges.filter { $0.holdReasons == [.authorizationMissing] }.count == 1)
                }
            }
        }
    }

    @Test func aChargeMadeReadyAtAnotherSiteWakesTheNetworksHL7SenderWhenItCommits() async throws {
        let database = try PostgresServer.freshDatabase()
        try await withPostgresStore(database: database, site: "north") { north in
            try await withPostgresStore(database: database, site: "south") { south in
                let woken = Counter()
                try await north.whileSoleSender(to: "127.0.0.1:2575", standingBy: .milliseconds(250)) {
                    // The listener is in place once the sender runs; give its LISTEN a moment to reach the server.
                    try await Task.sleep(for: .milliseconds(200))
                    let waiting = Task {
                        await north.readyBell.wait(upTo: .seconds(30))
                        _ = woken.increment()
                    }
                    let closed = ContinuousClock.now
                    try await closeSessions([closedTreatment(1, serial: "5811")], in: south)
                    await waiting.value
                    #expect(woken.increment() == 2)
                    #expect(ContinuousClock.now - closed < .seconds(5), "woken by the commit, not by a timeout")
                }
            }
        }
    }

    @Test func eachConsoleAtEachSiteHasAChainOfItsOwnThatVerifies() async throws {
        let database = try PostgresServer.freshDatabase()
        let reference = ConsoleRef(serial: "4711", model: "CO60-MS192", name: "gk1")
        try await withPostgresStore(database: database, site: "north") { north in
            try await withPostgresStore(database: database, site: "south") { south in
                for (store, count) in [(north, 3), (south, 4)] {
                    var log = DeliveryLog(console: reference)
                    let records = (1...UInt32(count)).map { event($0, .fault, session: 0) }
                    try await store.commit(batch(records, log: &log, lastSeq: UInt32(count)))
                }
                #expect(try await north.readerState(console: "gk1")?.cursor.lastSeq == 3)
                #expect(try await south.readerState(console: "gk1")?.cursor.lastSeq == 4)
                let verified = try await south.verify()
                #expect(verified.holds && verified.checked == 7)
                let firsts = try PostgresServer.psql(
                    database, "SELECT console FROM journal WHERE prev_hash = repeat('0', 64) ORDER BY console")
                #expect(firsts.output.split(separator: "\n") == ["north/gk1", "south/gk1"])
            }
        }
    }

    @Test func whileTheDatabaseCannotBeReachedTheWriteProbeSaysSoWithinItsTimeoutAndNamesTheStore() async throws {
        var configuration = try PostgresServer.configuration(database: "postgres")
        let closed = try LoopbackPort.free()
        configuration.port = closed
        let store = try PostgresStore(configuration: configuration)
        try await store.whileRunning {
            let started = ContinuousClock.now
            await #expect {
                try await store.probeWrite()
            } throws: { error in
                (error as? StoreError)?.location.contains("127.0.0.1:\(closed)") == true
            }
            #expect(ContinuousClock.now - started < .seconds(5))
        }
    }

    @Test func verifyFullWithTheServersCAConnectsOverTLS() async throws {
        let database = try PostgresServer.freshDatabase()
        try await withPostgresStore(database: database, tls: .verifyFull) { store in
            try await store.probeWrite()
            let encrypted = try PostgresServer.psql(
                database,
                """
                SELECT count(*) FROM pg_stat_ssl s JOIN pg_stat_activity a USING (pid)
                WHERE a.datname = '\(database)' AND s.ssl AND a.pid <> pg_backend_pid()
                """)
            #expect((Int(encrypted.output) ?? 0) >= 1)
        }
    }

    @Test func verifyFullWithAnotherCAIsRefusedAndNothingIsWritten() async throws {
        let database = try PostgresServer.freshDatabase()
        let certificates = try TestCertificates()
        var configuration = try PostgresServer.configuration(database: database, tls: .verifyFull)
        configuration.caFile = certificates.path("other-ca.pem")
        let store = try PostgresStore(configuration: configuration)
        await #expect {
            try await store.migrate()
        } throws: { error in
            "\(error)".contains("CERTIFICATE_VERIFY_FAILED") && "\(error)".contains("127.0.0.1")
        }
        let tables = try PostgresServer.psql(database, "SELECT count(*) FROM pg_tables WHERE tablename = 'journal'")
        #expect(tables.output == "0")
    }

    @Test func tlsDisableConnectsInThePlain() async throws {
        let database = try PostgresServer.freshDatabase()
        try await withPostgresStore(database: database, tls: .disable) { store in
            try await store.probeWrite()
            let plain = try PostgresServer.psql(
                database,
                """
                SELECT count(*) FROM pg_stat_ssl s JOIN pg_stat_activity a USING (pid)
                WHERE a.datname = '\(database)' AND NOT s.ssl AND a.pid <> pg_backend_pid()
                """)
            #expect((Int(plain.output) ?? 0) >= 1)
        }
    }

    @Test func thePasswordIsNeverInTheURLNorInWhatTheConfigurationSays() throws {
        #expect(throws: PostgresStoreConfiguration.Problem.self) {
            try PostgresStoreConfiguration(
                url: "postgres://gammalog:secret@db.example/gammalog", password: nil, tls: .require, site: "north")
        }
        let configuration = try PostgresStoreConfiguration(
            url: "postgres://gammalog@db.example:6543/gammalog", password: "s3cret-pw", tls: .verifyFull,
            site: "north")
        #expect(configuration.port == 6543 && configuration.database == "gammalog" && configuration.user == "gammalog")
        #expect(!configuration.description.contains("s3cret-pw"))
        #expect(!"\(configuration)".contains("s3cret-pw"))
    }

    @Test(arguments: ["", "north/east", "a b", String(repeating: "x", count: 33)])
    func aSiteThatCannotPrefixAConsoleNameIsRefused(_ site: String) {
        #expect(throws: PostgresStoreConfiguration.Problem.self) {
            try PostgresStoreConfiguration(
                url: "postgres://gammalog@db.example/gammalog", password: nil, tls: .require, site: site)
        }
    }

    @Test func thePasswordComesFromItsFileBeforePGPASSWORD() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("pw-\(UUID().uuidString)").path
        try "from-file\n".write(toFile: file, atomically: true, encoding: .utf8)
        #expect(try PostgresStoreConfiguration.password(file: file, environment: ["PGPASSWORD": "env"]) == "from-file")
        #expect(try PostgresStoreConfiguration.password(file: nil, environment: ["PGPASSWORD": "env"]) == "env")
        #expect(throws: PostgresStoreConfiguration.Problem.self) {
            try PostgresStoreConfiguration.password(file: "/nonexistent/pw", environment: [:])
        }
    }
}
