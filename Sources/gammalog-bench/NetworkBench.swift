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
    var consumers = 16

    @Option(help: "Charges per claim.")
    var batch = 10

    @Option(help: "store.connections of each daemon on PostgreSQL (the configuration's default when absent).")
    var connections: Int?

    /// What one run measured.
    struct Figures {
        /// Close → charge ready, ms, by round (a round closes one session on every console).
        var readyByRound: [Int: [Double]] = [:]
        var ready: [Double] { readyByRound.values.flatMap { $0 } }
        /// The same after the first round, where every daemon decides its first charge on server sessions that
        /// have not yet read the charge tables, all in the same second.
        var readyAfterFirstRound: [Double] { readyByRound.filter { $0.key > 0 }.values.flatMap { $0 } }
        /// Close → the poll that read the session (its charge's creation time): the rest of `ready` is the
        /// commit and the bench seeing it.
        var read: [Double] = []
        var held = 0
        var exported = 0
        var duplicates = 0
        var missing = 0
        var seconds = 0.0
        var rss: [Double] = []
        var anonymous: [Double] = []
        /// PostgreSQL's own counters while sessions close, while the daemons only poll, and while the queue
        /// drains; the daemons' CPU alongside.
        var closing: DatabaseCounters.Change?
        var idle: DatabaseCounters.Change?
        var draining: DatabaseCounters.Change?
        /// Connections to the database at the most, sampled every second.
        var peakConnections = 0
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
        Self.reportServer(postgres, daemons: daemons, sessions: daemons * consoles * sessions)
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
            let port = try LoopbackPort.free()
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
            // Each daemon's log beside its configuration, named when it stops before the run ends.
            FileManager.default.createFile(atPath: folder.path + "/site\(site).log", contents: nil)
            process.standardError = try FileHandle(forWritingTo: folder.appendingPathComponent("site\(site).log"))
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
        // Settled: each daemon has read its consoles once and opened the connections its pool keeps, which
        // on PostgreSQL is when the server's count stops growing for two seconds (30 s at most).
        var (settled, steady) = (-1, 0)
        for _ in 0..<60 where steady < 4 {
            try await Task.sleep(for: .milliseconds(500))
            let now = try database.map { try DatabaseCounters.now($0).connections } ?? 0
            (settled, steady) = (now, now == settled ? steady + 1 : 0)
        }
        var figures = Figures()
        let pids = processes.map(\.processIdentifier)
        let bench = getpid()
        /// The server's counters now, with the daemons' CPU and the benchmark's own.
        func counters() throws -> (DatabaseCounters, Double, Double)? {
            try database.map {
                (
                    try DatabaseCounters.now($0), DatabaseCounters.cpuSeconds(of: pids),
                    DatabaseCounters.cpuSeconds(of: [bench])
                )
            }
        }
        func change(_ from: (DatabaseCounters, Double, Double)?, _ to: (DatabaseCounters, Double, Double)?)
            -> DatabaseCounters.Change?
        {
            guard let (start, startCPU, startBench) = from, let (end, endCPU, endBench) = to else { return nil }
            var change = end.since(start)
            change.watchedCPU = endCPU - startCPU
            change.benchCPU = endBench - startBench
            return change
        }
        /// The most connections seen, asked every second until cancelled (not while only polling: each look is a
        /// connection of its own, which would count in that phase's server CPU).
        func sampleConnections() -> Task<Int, Never> {
            Task {
                var peak = 0
                while !Task.isCancelled, let database {
                    peak = max(peak, (try? DatabaseCounters.now(database).connections) ?? 0)
                    try? await Task.sleep(for: .seconds(1))
                }
                return peak
            }
        }
        var sampler = sampleConnections()
        let beforeClosing = try counters()
        let (ready, read, heldByReader) = try await closeEverySession(&days, database: database, folder: folder)
        (figures.readyByRound, figures.read, figures.held) = (ready, read, heldByReader.reduce(0, +))
        sampler.cancel()
        figures.peakConnections = await sampler.value
        let closed = try counters()
        figures.closing = change(beforeClosing, closed)
        if database != nil {
            // Ten seconds of polling alone: what a site costs the primary between treatments.
            try await Task.sleep(for: .seconds(10))
        }
        let idle = try counters()
        figures.idle = change(closed, idle)
        sampler = sampleConnections()

        // Resident memory once every daemon has polled, committed and served for a while.
        for process in processes {
            figures.rss.append(IdleDaemon.megabytes("VmRSS", of: process.processIdentifier))
            figures.anonymous.append(IdleDaemon.megabytes("RssAnon", of: process.processIdentifier))
        }

        let began = ContinuousClock.now
        try Self.requireRunning(processes, logs: folder)
        let exported = try await BillingConsumer.drainAtOnce(
            consumers, over: ports, token: "bench-billing", batch: batch)
        figures.seconds = (ContinuousClock.now - began).seconds
        figures.draining = change(idle, try counters())
        sampler.cancel()
        figures.peakConnections = max(figures.peakConnections, await sampler.value)
        // One store for the network; on SQLite a store per site, drained only where a consumer claims.
        let drained = database == nil ? min(consumers, daemons) : daemons
        let expected =
            (queued / daemons + consoles * sessions) * drained
            - (database == nil ? heldByReader.prefix(drained).reduce(0, +) : figures.held)
        figures.exported = exported.count
        figures.duplicates = exported.count - Set(exported).count
        figures.missing = expected - Set(exported).count
        for process in processes { kill(process.processIdentifier, SIGTERM) }
        return figures
    }

    /// Fails naming each daemon that has stopped, with the end of its log, instead of counting its charges
    /// missing.
    static func requireRunning(_ processes: [Process], logs folder: URL) throws {
        let stopped = processes.enumerated().filter { !$0.element.isRunning }
        guard !stopped.isEmpty else { return }
        for (site, process) in stopped {
            let log = (try? String(contentsOf: folder.appendingPathComponent("site\(site).log"), encoding: .utf8)) ?? ""
            let last = log.split(separator: "\n").suffix(5).joined(separator: "\n    ")
            print("site\(site)'s gammalogd stopped (status \(process.terminationStatus)):\n    \(last)")
        }
        throw CocoaError(
            .executableLoad,
            userInfo: [NSLocalizedDescriptionKey: "\(stopped.count) daemon(s) stopped; logs in \(folder.path)"])
    }

    /// Closes every console's sessions, all consoles at random phases of each poll interval, and measures each
    /// until its charge is committed where every daemon and consumer reads it (looked for every 25 ms, so the
    /// figures are at most that much high); returns the latencies, ms, and how many charges were held by reader
    /// (none should be: every patient is treated once).
    func closeEverySession(_ days: inout [[BenchDay]], database: String?, folder: URL) async throws -> (
        [Int: [Double]], read: [Double], held: [Int]
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
        [Int: [Double]], read: [Double], held: [Int]
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
                log.closed(
                    DeliverySession.id(serial: serial, number: UInt32(round + 1)), site: site, round: round, at: Date())
            }
        }
        let deadline = Date().addingTimeInterval(Double(intervalMs) / 1000 * 3 + 10)
        while !log.pending().isEmpty && Date() < deadline { try await Task.sleep(for: .milliseconds(50)) }
        let unseen = log.pending()
        if !unseen.isEmpty {
            print("    not seen within the deadline: \(unseen.map(\.id).sorted().joined(separator: " "))")
        }
        var held: [Int] = []
        var read: [String: Date] = [:]
        for (index, reader) in readers.enumerated() {
            let closed = log.closedIDs(site: readers.count == 1 ? nil : index)
            var count = 0
            for id in closed {
                guard let charge = try await reader.charge(id: id, at: Date()) else { continue }
                read[id] = charge.createdAt
                if charge.status == .held { count += 1 }
            }
            held.append(count)
        }
        return (log.latencies(), log.delays(to: read), held)
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
        let (steadySQLite, steadyPostgres) = (sqlite.readyAfterFirstRound, postgres.readyAfterFirstRound)
        row(
            "  after the first round p99, ms", "%.1f", p(steadySQLite, 0.99), p(steadyPostgres, 0.99),
            String(
                format: "<= %.0f: %@", goal,
                p(steadySQLite, 0.99) <= goal && p(steadyPostgres, 0.99) <= goal ? "met" : "NOT met"))
        row("  after the first round max, ms", "%.1f", steadySQLite.max() ?? .nan, steadyPostgres.max() ?? .nan, "")
        row("  of which close -> read by its daemon p50, ms", "%.1f", p(sqlite.read, 0.5), p(postgres.read, 0.5), "")
        row("  of which close -> read by its daemon p99, ms", "%.1f", p(sqlite.read, 0.99), p(postgres.read, 0.99), "")
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

    /// What the network cost its PostgreSQL server, phase by phase, and per session and per site, the figures
    /// from which how many sites one primary carries follows.
    static func reportServer(_ figures: Figures, daemons: Int, sessions: Int) {
        guard let closing = figures.closing, let idle = figures.idle, let draining = figures.draining else { return }
        func row(_ name: String, _ format: String, _ values: [Double]) {
            print(
                name.padding(toLength: 46, withPad: " ", startingAt: 0)
                    + values.map { String(format: format, $0).padding(toLength: 14, withPad: " ", startingAt: 0) }
                    .joined())
        }
        let phases = [closing, idle, draining]
        print("")
        print(
            "PostgreSQL server, by phase".padding(toLength: 46, withPad: " ", startingAt: 0)
                + "closing       polling only  draining")
        row("seconds", "%.1f", phases.map(\.seconds))
        row("transactions/s", "%.1f", phases.map(\.transactionsPerSecond))
        row("WAL written, KB/s", "%.1f", phases.map { $0.walBytes / 1024 / $0.seconds })
        row("server CPU, cores", "%.3f", phases.map(\.serverCores))
        row("gammalogd CPU (all daemons), cores", "%.3f", phases.map(\.watchedCores))
        row("bench CPU (its consoles, readers, consumers), cores", "%.3f", phases.map { $0.benchCPU / $0.seconds })
        row("whole machine busy, cores", "%.3f", phases.map { $0.machineBusy / $0.seconds })
        row("taken by the VM's host (steal), cores", "%.3f", phases.map { $0.machineStolen / $0.seconds })
        print("connections at peak: \(figures.peakConnections)")
        // A session's own cost: the closing phase less what polling alone costs over as long.
        let count = Double(max(sessions, 1))
        let extra = { (total: Double, rate: Double) in (total - rate * closing.seconds) / count }
        print(
            String(
                format: "per session closed, beyond polling: %.1f transactions, %.1f KB WAL, %.1f ms server CPU",
                extra(closing.transactions, idle.transactionsPerSecond),
                extra(closing.walBytes, idle.walBytes / idle.seconds) / 1024,
                extra(closing.serverCPU ?? .nan, (idle.serverCPU ?? .nan) / idle.seconds) * 1000))
        print(
            String(
                format: "per site polling only: %.2f transactions/s, %.2f ms server CPU a second",
                idle.transactionsPerSecond / Double(daemons), idle.serverCores * 1000 / Double(daemons)))
    }
}
