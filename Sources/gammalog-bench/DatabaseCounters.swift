import Foundation
import Store
import TestSupport

#if canImport(Glibc)
    import Glibc
#endif

/// The PostgreSQL server's own counters at one moment, for one database: transactions ended, WAL written,
/// connections open, and the CPU time of the whole server (postmaster and every backend, from `/proc`), so
/// that what a network costs its primary is measured, not guessed. The server is the test server
/// `scripts/postgres.sh` started (`GAMMALOG_TEST_POSTGRES_DIR`), on this machine.
struct DatabaseCounters {
    var at = ContinuousClock.now
    /// `xact_commit + xact_rollback` of the database.
    var transactions: Double = 0
    /// WAL written since the server began, bytes (the whole server: WAL is not per database).
    var walBytes: Double = 0
    /// Connections to the database now.
    var connections = 0
    /// Server CPU seconds since it started, `nil` when its processes cannot be read.
    var serverCPU: Double?
    /// The whole machine's CPU seconds since boot (`/proc/stat`): busy, and stolen by the host from this VM.
    var machine = (busy: 0.0, stolen: 0.0)

    /// The counters now, for `database`.
    static func now(_ database: String) throws -> DatabaseCounters {
        let sql = """
            SELECT xact_commit + xact_rollback, pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')::bigint,
                   (SELECT count(*) FROM pg_stat_activity WHERE datname = current_database())
            FROM pg_stat_database WHERE datname = current_database()
            """
        // The statistics a backend reports are flushed at most once a second: ask for them fresh.
        let (status, output) = try PostgresServer.psql(database, "SELECT pg_stat_clear_snapshot(); " + sql)
        let fields = output.split(separator: "\n").last?.split(separator: "|").map(String.init) ?? []
        guard status == 0, fields.count == 3, let transactions = Double(fields[0]), let wal = Double(fields[1]),
            let connections = Int(fields[2])
        else { throw StoreError(.unavailable, at: "postgres", "the server's counters: \(output)") }
        return DatabaseCounters(
            transactions: transactions, walBytes: wal, connections: connections, serverCPU: serverCPUSeconds(),
            machine: machineCPUSeconds())
    }

    /// `/proc/stat`'s first line: user, nice, system, irq and softirq as busy; steal as stolen.
    static func machineCPUSeconds() -> (busy: Double, stolen: Double) {
        guard let text = try? String(contentsOfFile: "/proc/stat", encoding: .utf8),
            let line = text.split(separator: "\n").first
        else { return (0, 0) }
        // cpu user nice system idle iowait irq softirq steal ...
        let ticks = line.split(separator: " ").dropFirst().map { Double($0) ?? 0 }
        guard ticks.count > 7 else { return (0, 0) }
        let hertz = Double(sysconf(Int32(_SC_CLK_TCK)))
        return ((ticks[0] + ticks[1] + ticks[2] + ticks[5] + ticks[6]) / hertz, ticks[7] / hertz)
    }

    /// CPU seconds of the postmaster, the children it reaped, and the children alive now.
    static func serverCPUSeconds() -> Double? {
        guard let folder = ProcessInfo.processInfo.environment["GAMMALOG_TEST_POSTGRES_DIR"],
            let pidText = try? String(contentsOfFile: folder + "/data/postmaster.pid", encoding: .utf8),
            let postmaster = pidText.split(separator: "\n").first.flatMap({ Int32($0) }),
            let own = stat(postmaster)
        else { return nil }
        var ticks = own.ticks + own.reaped
        let processes = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        for name in processes {
            guard let pid = Int32(name), pid != postmaster, let child = stat(pid), child.parent == postmaster else {
                continue
            }
            ticks += child.ticks
        }
        return ticks / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    /// `/proc/PID/stat`: parent, own CPU ticks, reaped children's CPU ticks.
    static func stat(_ pid: Int32) -> (parent: Int32, ticks: Double, reaped: Double)? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = text.lastIndex(of: ")")
        else { return nil }
        // After the command's closing parenthesis: state (3), ppid (4), ... utime (14), stime (15), cutime (16),
        // cstime (17).
        let fields = text[text.index(after: close)...].split(separator: " ")
        guard fields.count > 14, let parent = Int32(fields[1]) else { return nil }
        let number = { (index: Int) in Double(fields[index]) ?? 0 }
        return (parent, number(11) + number(12), number(13) + number(14))
    }

    /// What changed over a phase of a run.
    struct Change {
        var seconds: Double
        var transactions: Double
        var walBytes: Double
        /// Server CPU seconds.
        var serverCPU: Double?
        /// CPU seconds of the processes the caller watched (the daemons).
        var watchedCPU = 0.0
        /// CPU seconds of the benchmark's own process (its simulated consoles, its readers and consumers).
        var benchCPU = 0.0
        /// The whole machine's busy CPU seconds, and those the host took from it.
        var machineBusy = 0.0
        var machineStolen = 0.0

        var transactionsPerSecond: Double { transactions / seconds }
        /// Cores the server kept busy.
        var serverCores: Double { (serverCPU ?? .nan) / seconds }
        var watchedCores: Double { watchedCPU / seconds }
    }

    /// What changed from `earlier` to this.
    func since(_ earlier: DatabaseCounters) -> Change {
        let cpu = serverCPU.flatMap { now in earlier.serverCPU.map { now - $0 } }
        return Change(
            seconds: (at - earlier.at).seconds, transactions: transactions - earlier.transactions,
            walBytes: walBytes - earlier.walBytes, serverCPU: cpu, machineBusy: machine.busy - earlier.machine.busy,
            machineStolen: machine.stolen - earlier.machine.stolen)
    }

    /// CPU seconds the processes `pids` have used so far (their own, not their children's).
    static func cpuSeconds(of pids: [Int32]) -> Double {
        pids.compactMap { stat($0)?.ticks }.reduce(0, +) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }
}
