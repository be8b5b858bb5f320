import ArgumentParser
import ChargeCapture
import DeliveryLog
import Foundation
import PostgresStore
import SQLiteStore
import Store
import TestSupport

#if canImport(Glibc)
    import Glibc
#endif

/// multi-site.md's network as a hospital runs it: `daemons` real `gammalogd` processes, each polling
/// `consoles` simulated consoles, on one PostgreSQL database, and beside it the same with a SQLite file each.
/// Prints session close → charge ready, claim + ack through the daemons' APIs, duplicates and missing charges,
/// and the daemons' resident memory.
struct NetworkBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "network",
        abstract: "Many gammalogd on one PostgreSQL beside the same on SQLite: latency, throughput, memory.")

    @Option(help: "gammalogd processes (sites).")
    var daemons = 8

    @Option(help: "Simulated consoles each daemon polls.")
    var consoles = 4

    @Option(help: "Sessions closed on each console.")
    var sessions = 6

    @Option(help: "Poll interval, ms.")
    var intervalMs = 1000

    @Option(help: "Charges queued before the throughput run, spread over the daemons.")
    var charges = 4000

    @Option(help: "Consumers claiming at once, spread over the daemons' APIs.")
    var consumers = 8

    @Option(help: "Charges per claim.")
    var batch = 10

    @Option(help: "store.connections of each daemon on PostgreSQL (the configuration's default when absent).")
    var connections: Int?

    /// What one run measured.
    struct Figures {
        var ready: [Double] = []
        var held = 0
        var exported = 0
        var duplicates = 0
        var missing = 0
        var seconds = 0.0
        var rss: [Double] = []
        var anonymous: [Double] = []
    }

    func run() async throws {
        print(
            "\(daemons) gammalogd x \(consoles) simulated consoles, \(intervalMs) ms polls, \(sessions) sessions a console, "
                + "MALLOC_ARENA_MAX=2 as in the unit")
        let sqlite = try await measure(postgres: nil)
        let database = try PostgresServer.freshDatabase()
        let postgres = try await measure(postgres: database)
        Self.report(
            sqlite: sqlite, postgres: postgres, interval: Double(intervalMs), consumers: consumers, batch: batch)
    }

    /// One network's run: the simulators, the daemons, the sessions closed, the queue drained.
    func measure(postgres database: String?) async throws -> Figures {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gammalog-network-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var days: [[BenchDay]] = []
        for site in 0..<daemons {
            days.append(
                try (0..<consoles).map { console in
                    try BenchDay(sessions: sessions, serial: "\(7000 + site * 10 + console)")
                })
        }
        defer { for day in days.joined() { day.simulator.stop() } }

        // The queue the throughput run drains, written before the daemons start, as earlier days left it.
        let queued = charges / daemons * daemons
        for site in 0..<daemons {
            let sessions = (0..<queued / daemons).map { index in
                closedTreatment(
                    UInt32(index + 1), serial: "\(9000 + site)", patient: "MRN-Q\(site)-\(index)",
                    opened: Date(timeIntervalSince1970: 1_795_000_000 + Double(index)))
            }
            if let database {
                try await withPostgresStore(database: database, site: "site\(site)") { store in
                    _ = try await closeSessions(sessions, in: store, console: "queue")
                }
            } else {
                try await closeSessions(
                    sessions, in: SQLiteStore(path: folder.path + "/site\(site).sqlite"), console: "queue")
            }
        }

        var processes: [Process] = []
        var ports: [Int] = []
        defer { for process in processes where process.isRunning { kill(process.processIdentifier, SIGKILL) } }
        for site in 0..<daemons {
            let port = try PostgresServer.freePort()
            let store =
                try database.map { database in
                    """
                      postgres: "\(try PostgresServer.url(database: database))"
                      password_file: "\(try PostgresServer.passwordFile())"
                      tls: "require"
                      site: "site\(site)"
                    """ + (connections.map { "\n  connections: \($0)" } ?? "")
                } ?? "  sqlite: \"\(folder.path)/site\(site).sqlite\""
            let config = """
                store:
                \(store)
                http:
                  listen: "127.0.0.1:\(port)"
                  tokens:
                    - {name: bench, role: billing, sha256: "\(HashChain.sha256("bench-billing"))"}
                consoles:
                \(days[site].enumerated().map { index, day in
                    "  - {name: gk\(index + 1), address: \"\(day.address)\", poll_interval_ms: \(intervalMs)}"
                }.joined(separator: "\n"))
                """
            let path = folder.path + "/site\(site).yaml"
            try config.write(toFile: path, atomically: true, encoding: .utf8)
            let process = Process()
            process.executableURL = IdleDaemon.executable
            process.arguments = ["--config", path]
            process.environment = ProcessInfo.processInfo.environment.merging(["MALLOC_ARENA_MAX": "2"]) { $1 }
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            processes.append(process)
            ports.append(port)
        }
        for port in ports {
            for _ in 0..<600 {
                if (try? HTTPProbe.request(port: port, "GET", "/healthz")) != nil { break }
                try await Task.sleep(for: .milliseconds(50))
            }
        }
        var figures = Figures()
        (figures.ready, figures.held) = try await closeEverySession(&days, database: database, folder: folder)

        // Resident memory once every daemon has polled, committed and served for a while.
        for process in processes {
            figures.rss.append(IdleDaemon.megabytes("VmRSS", of: process.processIdentifier))
            figures.anonymous.append(IdleDaemon.megabytes("RssAnon", of: process.processIdentifier))
        }

        let began = ContinuousClock.now
        let exported = try await BillingConsumer.drainAtOnce(
            consumers, over: ports, token: "bench-billing", batch: batch)
        figures.seconds = (ContinuousClock.now - began).seconds
        let expected = queued + daemons * consoles * sessions - figures.held
        figures.exported = exported.count
        figures.duplicates = exported.count - Set(exported).count
        figures.missing = expected - Set(exported).count
        for process in processes { kill(process.processIdentifier, SIGTERM) }
        return figures
    }

    /// Closes every console's sessions, all consoles at random phases of each poll interval, and measures each
    /// until its charge is committed where every daemon and consumer reads it (looked for every 25 ms, so the
    /// figures are at most that much high); returns the latencies, ms, and how many charges were held (none
    /// should be: every patient is treated once).
    func closeEverySession(_ days: inout [[BenchDay]], database: String?, folder: URL) async throws -> (
        [Double], held: Int
    ) {
        if let database {
            // The bench's own reader: one pool, as one more daemon would have.
            return try await withPostgresStore(database: database, site: "bench") { store in
                try await closeEverySession(&days, readers: [store])
            }
        }
        let stores = try (0..<daemons).map { site in
            try SQLiteStore(path: folder.path + "/site\(site).sqlite", readOnly: true)
        }
        return try await closeEverySession(&days, readers: stores)
    }

    /// The same, reading each site's charges from `readers` (one for the whole network, or one per site).
    func closeEverySession(_ days: inout [[BenchDay]], readers: [any ChargeStore]) async throws -> (
        [Double], held: Int
    ) {
        let log = CloseLog()
        let watcher = Task {
            while !Task.isCancelled {
                try await Task.sleep(for: .milliseconds(25))
                let pending = log.pending()
                for (index, reader) in readers.enumerated() {
                    let mine = pending.filter { readers.count == 1 || $0.site == index }.map(\.id)
                    guard !mine.isEmpty else { continue }
                    log.seen(try await reader.charged(sessions: mine), at: Date())
                }
            }
        }
        defer { watcher.cancel() }
        // Rounds two intervals long, so that no console closes two sessions within one poll (a session takes
        // minutes; two in one poll would be read as one with its block overwritten, and held).
        let start = ContinuousClock.now
        for round in 0..<sessions {
            let phases = (0..<daemons * consoles).map { ($0, Int.random(in: 0..<intervalMs)) }.sorted { $0.1 < $1.1 }
            let began = start + .milliseconds(round * 2 * intervalMs)
            for (index, phase) in phases {
                try await Task.sleep(until: began + .milliseconds(phase))
                let (site, console) = (index / consoles, index % consoles)
                days[site][console].closeNextSession()
                let serial = "\(7000 + site * 10 + console)"
                log.closed(DeliverySession.id(serial: serial, number: UInt32(round + 1)), site: site, at: Date())
            }
        }
        let deadline = Date().addingTimeInterval(Double(intervalMs) / 1000 * 3 + 10)
        while !log.pending().isEmpty && Date() < deadline { try await Task.sleep(for: .milliseconds(50)) }
        let unseen = log.pending()
        if !unseen.isEmpty {
            print("    not seen within the deadline: \(unseen.map(\.id).sorted().joined(separator: " "))")
        }
        var held = 0
        for (index, reader) in readers.enumerated() {
            let closed = log.closedIDs(site: readers.count == 1 ? nil : index)
            for id in closed where try await reader.charge(id: id, at: Date())?.status == .held { held += 1 }
        }
        return (log.latencies(), held)
    }

    static func report(sqlite: Figures, postgres: Figures, interval: Double, consumers: Int, batch: Int) {
        func p(_ samples: [Double], _ q: Double) -> Double { BenchDay.percentile(samples, q) }
        func median(_ values: [Double]) -> Double { p(values, 0.5) }
        func row(_ name: String, _ format: String, _ a: Double, _ b: Double, _ goal: String) {
            print(
                name.padding(toLength: 46, withPad: " ", startingAt: 0)
                    + String(format: format, a).padding(toLength: 14, withPad: " ", startingAt: 0)
                    + String(format: format, b).padding(toLength: 14, withPad: " ", startingAt: 0) + goal)
        }
        print("")
        print("figure".padding(toLength: 46, withPad: " ", startingAt: 0) + "SQLite        PostgreSQL    goal")
        row("sessions measured", "%.0f", Double(sqlite.ready.count), Double(postgres.ready.count), "")
        row("close -> charge ready p50, ms", "%.1f", p(sqlite.ready, 0.5), p(postgres.ready, 0.5), "")
        let goal = interval + 100
        let met = p(postgres.ready, 0.99) <= goal && p(sqlite.ready, 0.99) <= goal
        row(
            "close -> charge ready p99, ms", "%.1f", p(sqlite.ready, 0.99), p(postgres.ready, 0.99),
            String(format: "<= %.0f: %@", goal, met ? "met" : "NOT met"))
        row("close -> charge ready max, ms", "%.1f", sqlite.ready.max() ?? .nan, postgres.ready.max() ?? .nan, "")
        let rateSQLite = Double(sqlite.exported) / sqlite.seconds
        let ratePostgres = Double(postgres.exported) / postgres.seconds
        row(
            "claim + ack, \(consumers) consumers, \(batch)/claim, charges/s", "%.0f", rateSQLite, ratePostgres,
            ratePostgres >= 1000 ? ">= 1000: met" : ">= 1000: NOT met")
        row("charges exported", "%.0f", Double(sqlite.exported), Double(postgres.exported), "")
        let clean = sqlite.duplicates + sqlite.missing + postgres.duplicates + postgres.missing == 0
        row(
            "duplicates", "%.0f", Double(sqlite.duplicates), Double(postgres.duplicates),
            clean ? "0: met" : "0: NOT met")
        row("missing", "%.0f", Double(sqlite.missing), Double(postgres.missing), clean ? "0: met" : "0: NOT met")
        row("held (not expected)", "%.0f", Double(sqlite.held), Double(postgres.held), "")
        let difference = median(postgres.rss) - median(sqlite.rss)
        row(
            "gammalogd VmRSS median, MB", "%.1f", median(sqlite.rss), median(postgres.rss),
            String(format: "within 5 MB: %+.1f MB %@", difference, abs(difference) <= 5 ? "met" : "NOT met"))
        row("gammalogd VmRSS max, MB", "%.1f", sqlite.rss.max() ?? .nan, postgres.rss.max() ?? .nan, "")
        row("gammalogd RssAnon median, MB", "%.1f", median(sqlite.anonymous), median(postgres.anonymous), "")
    }
}
