import ArgumentParser
import ChargeCapture
import Console
import ConsoleRecords
import Daemon
import DeliveryLog
import Foundation
import HL7
import HL7Interface
import HTTPAPI
import Hummingbird
import Logging
import Modbus
import PostgresStore
import Settings
import Store
import TestSupport

/// Session close → charge ready → HL7 ACK, in poll intervals; and claim + ack
/// throughput over HTTP. With `--postgres`, the same on the shared store of the server
/// `scripts/postgres.sh start` started, the consumers spread over several daemons' APIs.
struct ChargeBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "charges", abstract: "Close-to-ready and close-to-ACK latency; claim + ack throughput.")

    @Option(help: "Sessions to close.")
    var sessions = 40

    @Option(help: "Poll interval, ms.")
    var intervalMs = 200

    @Option(help: "Charges in the queue for the throughput run.")
    var charges = 4000

    @Option(help: "Charges per claim.")
    var batch = 10

    @Option(help: "Consumers claiming at once.")
    var consumers = 4

    @Flag(help: "Also on PostgreSQL (the server scripts/postgres.sh started; GAMMALOG_TEST_POSTGRES).")
    var postgres = false

    @Option(help: "With --postgres: daemons (each its own pool and API) the consumers are spread over.")
    var daemons = 8

    @Option(
        help:
            "Patients whose coverage and diagnoses are on file for the latency run, the sessions' among them, with the payer and medical-necessity checks on (diagnoses.md); 0 = checks off."
    )
    var patients = 0

    @Option(help: "With --patients: diagnoses on file per patient (the one the policy covers last).")
    var diagnoses = 20

    func run() async throws {
        print("SQLite")
        if patients > 0 {
            var settings = ChargeSettings()
            settings.payers = .example
            settings.payers?.diagnosisRequired = true
            let checked = try temporaryStore(charges: settings)
            try await fill(checked)
            print("  with \(patients) patients' coverage and \(diagnoses) diagnoses each on file, P1-P5 on:")
            try await latency(checked, bell: checked.readyBell)
            return
        }
        let sqlite = try temporaryStore()
        try await latency(sqlite, bell: sqlite.readyBell)
        try await throughput([try temporaryStore()])
        guard postgres else { return }
        print("\nPostgreSQL, \(daemons) daemons on one database")
        try await withPostgresStore { store in try await latency(store, bell: store.readyBell) }
        let database = try PostgresServer.freshDatabase()
        try await Self.withStores(daemons, on: database) { stores in try await throughput(stores) }
    }

    /// `count` stores on `database`, each with its own pool and site, as `count` daemons have.
    static func withStores(
        _ count: Int, on database: String, _ stores: [PostgresStore] = [],
        _ body: ([PostgresStore]) async throws -> Void
    ) async throws {
        guard stores.count < count else { return try await body(stores) }
        try await withPostgresStore(database: database, site: "site\(stores.count)") { store in
            try await withStores(count, on: database, stores + [store], body)
        }
    }

    /// Medicare coverage and `diagnoses` diagnoses for `patients` patients, the sessions' patients first; the one
    /// diagnosis the example policy covers comes last, so each decision walks them all.
    func fill(_ store: some GammaLogStore) async throws {
        let uncovered = ["E11.9", "I10", "E78.5", "K21.9", "M54.5", "J45.909", "F32.9", "N39.0", "R51.9", "Z51.11"]
        for patient in 0..<patients {
            var codes = (0..<max(diagnoses - 1, 0)).map { uncovered[$0 % uncovered.count] }
            codes.append("C79.31")
            let change = CoverageChange.coverage(
                controlID: "FILL-\(patient)",
                patient: patient < sessions ? "MRN4711-\(patient)" : "MRN-FILL-\(patient)",
                coverages: [Coverage(priority: 1, planID: "MCARE", companyID: "CMS", memberID: "M", source: .adt)],
                authorizations: [],
                diagnoses: codes.enumerated().map { Diagnosis(code: $1, priority: $0 + 1, source: .adt, order: $0 + 1) }
            )
            try await store.applyADT(change, raw: "MSH", peer: "bench", at: Date())
        }
    }

    func latency(_ store: some GammaLogStore, bell: ChargeBell) async throws {
        var day = try BenchDay(sessions: sessions)
        let poller = try day.poller(storing: store, every: intervalMs)
        var logger = Logger(label: "bench")
        logger.logLevel = .error
        let responder = try AckResponder()
        let sender = HL7Sender(
            store: store, bell: bell, settings: HL7Settings(host: "127.0.0.1", port: responder.port), zone: .current,
            logger: logger
        )
        let tasks = [Task { try await poller.run() }, Task { try await sender.run() }]
        var ready: [Double] = []
        var acked: [Double] = []
        for number in 1...sessions {
            try await Task.sleep(for: .milliseconds(Int.random(in: 0..<intervalMs)))
            day.closeNextSession()
            let closed = ContinuousClock.now
            let id = DeliverySession.id(serial: "4711", number: UInt32(number))
            var readyAt: ContinuousClock.Instant?
            while true {
                let status = try await store.charge(id: id, at: .now)?.status
                if readyAt == nil, status == .ready || status == .exported { readyAt = ContinuousClock.now }
                if status == .exported { break }
                try await Task.sleep(for: .milliseconds(1))
            }
            ready.append(((readyAt ?? closed) - closed).seconds * 1000)
            acked.append((ContinuousClock.now - closed).seconds * 1000)
        }
        tasks.forEach { $0.cancel() }
        day.simulator.stop()
        let interval = Double(intervalMs)
        BenchDay.report(
            "session close at the console -> charge ready, \(sessions) sessions, poll interval \(intervalMs) ms",
            ready, interval: interval, goal: interval + 50)
        BenchDay.report(
            "session close at the console -> HL7 ACK (loopback receiver answering AA at once)", acked,
            interval: interval, goal: interval + 150)
        let extra = zip(acked, ready).map { $0 - $1 }
        print(
            String(
                format: "    ready -> ACK alone: p50 %.1f ms, p99 %.1f ms (goal <= 100 ms more)",
                BenchDay.percentile(extra, 0.5), BenchDay.percentile(extra, 0.99)))
    }

    /// Claim + ack over HTTP, the consumers spread over one API per store in `stores`.
    func throughput(_ stores: [any GammaLogStore]) async throws {
        guard let store = stores.first else { return }
        let start = Date(timeIntervalSince1970: 1_795_000_000)
        var made = 0
        while made < charges {
            let count = min(500, charges - made)
            try await closeSessions(
                (0..<count).map {
                    closedTreatment(
                        UInt32(made + $0 + 1), patient: "MRN\(made + $0)",
                        opened: start.addingTimeInterval(Double(made + $0)))
                },
                in: store)
            made += count
        }
        let token = "bench-billing"
        var logger = Logger(label: "bench")
        logger.logLevel = .error
        var ports: [Int] = []
        var servers: [Task<Void, any Error>] = []
        defer { servers.forEach { $0.cancel() } }
        for (index, each) in stores.enumerated() {
            let api = APIServer(
                store: each, tokens: [.init(name: "bench", role: .billing, sha256: TokenAuthority.hash(token))],
                consoles: [])
            let port = 30_000 + Int.random(in: 0..<1000) * 10 + index
            let app = try APIServer.application(router: api.router(), host: "127.0.0.1", port: port, logger: logger)
            servers.append(Task { try await app.runService() })
            for _ in 0..<200 where (try? HTTPProbe.request(port: port, "GET", "/healthz")) == nil {
                try await Task.sleep(for: .milliseconds(10))
            }
            ports.append(port)
        }
        let began = ContinuousClock.now
        let exported = try await BillingConsumer.drainAtOnce(consumers, over: ports, token: token, batch: batch)
        let seconds = (ContinuousClock.now - began).seconds
        let counts = try await store.chargeCounts(at: Date())
        print("")
        print(
            "claim + ack over HTTP, \(consumers) consumers over \(ports.count) API(s), \(batch) charges per claim, "
                + "one connection per request")
        print(
            String(
                format:
                    "    %d charges exported in %.2f s: %.0f charges/s (%.0f claim+ack pairs/s); "
                    + "duplicates %d, missing %d",
                exported.count, seconds, Double(exported.count) / seconds,
                Double(exported.count) / Double(batch) / seconds, exported.count - Set(exported).count,
                charges - (counts[.exported] ?? 0)))
    }
}
