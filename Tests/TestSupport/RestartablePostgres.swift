import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A PostgreSQL server of one test's own (`scripts/postgres.sh`, as the suite's), which the test stops and
/// starts again, as a database restarting or failing over would, without disturbing the other tests'.
public final class RestartablePostgres: @unchecked Sendable {
    /// What went wrong starting or stopping it.
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
        init(_ description: String) { self.description = description }
    }

    /// The folder the script made: the cluster in `data`, the password, the CA, the server's log.
    public let directory: String
    /// The server's URL (its `postgres` database), without the password.
    public let url: String
    /// The file that holds the password.
    public var passwordFile: String { directory + "/password" }
    /// The CA that signed the server's certificate.
    public var caFile: String { directory + "/ca.pem" }

    /// Initialises and starts a new server.
    public init() throws {
        let script = Harness.repositoryRoot.appendingPathComponent("scripts/postgres.sh").path
        let (status, output) = try Self.run("/bin/bash", [script, "start"], timeout: 120)
        var variables: [String: String] = [:]
        for line in output.split(separator: "\n") where line.hasPrefix("export ") {
            let pair = line.dropFirst("export ".count).split(separator: "=", maxSplits: 1)
            guard pair.count == 2 else { continue }
            variables[String(pair[0])] = String(pair[1]).trimmingCharacters(in: CharacterSet(charactersIn: "'"))
        }
        guard status == 0, let directory = variables["GAMMALOG_TEST_POSTGRES_DIR"],
            let url = variables["GAMMALOG_TEST_POSTGRES"]
        else { throw Failure("scripts/postgres.sh start: \(output)") }
        self.directory = directory
        self.url = url
    }

    /// A handle on a server another call made in `directory` (a standby), reached at `url`.
    init(directory: String, url: String) {
        self.directory = directory
        self.url = url
    }

    /// The folder of PostgreSQL's programs.
    static func binaries() throws -> String {
        let bin = try FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")
            .sorted { $0.compare($1, options: .numeric) == .orderedAscending }.last.map {
                "/usr/lib/postgresql/\($0)/bin"
            }
        guard let bin else { throw Failure("no PostgreSQL in /usr/lib/postgresql") }
        return bin
    }

    /// Runs a PostgreSQL program as the server's owner (postgres when the tests run as root).
    static func asOwner(_ program: String, _ arguments: [String], timeout: Double = 90) throws -> (Int32, String) {
        let command = [try binaries() + "/" + program] + arguments
        let asOwner = ["/usr/bin/setpriv", "--reuid=postgres", "--regid=postgres", "--init-groups", "--"]
        let full = getuid() == 0 ? asOwner + command : command
        return try run(full[0], Array(full.dropFirst()), timeout: timeout)
    }

    /// A synchronous standby of this server (`pg_basebackup -R`, `synchronous_standby_names`) on a free
    /// loopback port in a folder of its own, streaming and in sync when this returns: what a network's
    /// failover tool (Patroni) keeps beside the primary.
    public func standby() throws -> RestartablePostgres {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "gammalog-standby.\(UUID().uuidString.prefix(8))"
        ).path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for file in ["password", "ca.pem"] {
            try FileManager.default.copyItem(atPath: directory + "/" + file, toPath: folder + "/" + file)
        }
        if getuid() == 0 { _ = try Self.run("/bin/chown", ["-R", "postgres", folder], timeout: 30) }
        // The password for pg_basebackup (psql sets it in the environment).
        _ = try psql("SELECT 1")
        let primaryPort = url.split(separator: ":").last?.split(separator: "/").first.map(String.init) ?? ""
        let port = try LoopbackPort.free()
        let (copied, copyOutput) = try Self.asOwner(
            "pg_basebackup",
            ["-h", "127.0.0.1", "-p", primaryPort, "-U", "gammalog", "-D", folder + "/data", "-R", "-X", "stream"])
        guard copied == 0 else { throw Failure("pg_basebackup: \(copyOutput)") }
        let conf = folder + "/data/postgresql.conf"
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: conf))
        handle.seekToEndOfFile()
        handle.write(Data("port = \(port)\nunix_socket_directories = '\(folder)'\n".utf8))
        try handle.close()
        let (started, startOutput) = try Self.asOwner(
            "pg_ctl", ["-D", folder + "/data", "-l", folder + "/server.log", "-w", "-t", "60", "start"])
        guard started == 0 else { throw Failure("pg_ctl start (standby): \(startOutput)") }
        // Synchronous from now on; set after the copy, so that the standby, once promoted, does not wait for a
        // standby of its own (a failover tool resets it the same way).
        _ = try psql("ALTER SYSTEM SET synchronous_standby_names = '*'")
        _ = try psql("SELECT pg_reload_conf()")
        for _ in 0..<200 where (try? psql("SELECT sync_state FROM pg_stat_replication")) != "sync" {
            usleep(50_000)
        }
        guard try psql("SELECT sync_state FROM pg_stat_replication") == "sync" else {
            throw Failure("the standby is not in sync")
        }
        return RestartablePostgres(
            directory: folder, url: url.replacingOccurrences(of: ":\(primaryPort)/", with: ":\(port)/"))
    }

    /// The server dies at once (an immediate shutdown: no checkpoint, every connection cut), as a crashed
    /// primary does; returns when its process has gone.
    public func crash() throws {
        let pid = try postmaster()
        guard kill(pid, SIGQUIT) == 0 else { throw Failure("kill \(pid): errno \(errno)") }
        for _ in 0..<600 where kill(pid, 0) == 0 { usleep(50_000) }
        guard kill(pid, 0) != 0 else { throw Failure("the server did not die") }
    }

    /// Promotes this standby to primary; returns when it accepts writes.
    public func promote() throws {
        let (status, output) = try Self.asOwner("pg_ctl", ["-D", directory + "/data", "-w", "-t", "60", "promote"])
        guard status == 0 else { throw Failure("pg_ctl promote: \(output)") }
    }

    deinit {
        let script = Harness.repositoryRoot.appendingPathComponent("scripts/postgres.sh").path
        _ = try? Self.run("/bin/bash", [script, "stop", directory], timeout: 60)
    }

    /// Stops the server at once, every connection dropped (a fast shutdown); returns when it has gone.
    public func stop() throws {
        let pid = try postmaster()
        guard kill(pid, SIGINT) == 0 else { throw Failure("kill \(pid): errno \(errno)") }
        // The server removes its pid file as it exits.
        for _ in 0..<600 where FileManager.default.fileExists(atPath: pidFile) { usleep(50_000) }
        guard !FileManager.default.fileExists(atPath: pidFile) else { throw Failure("the server did not stop") }
    }

    /// The server's pid file.
    var pidFile: String { directory + "/data/postmaster.pid" }

    /// The server's process, as its pid file names it.
    func postmaster() throws -> pid_t {
        guard let first = try String(contentsOfFile: pidFile, encoding: .utf8).split(separator: "\n").first,
            let pid = pid_t(first)
        else { throw Failure("\(pidFile) names no process") }
        return pid
    }

    /// Starts the stopped server on the same port and folder; returns when it takes connections.
    public func start() throws {
        let bin = try FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")
            .sorted { $0.compare($1, options: .numeric) == .orderedAscending }.last.map {
                "/usr/lib/postgresql/\($0)/bin"
            }
        guard let bin else { throw Failure("no PostgreSQL in /usr/lib/postgresql") }
        let control = [
            "\(bin)/pg_ctl", "-D", directory + "/data", "-l", directory + "/server.log", "-w", "-t", "60", "start",
        ]
        let asOwner = ["/usr/bin/setpriv", "--reuid=postgres", "--regid=postgres", "--init-groups", "--"]
        let command = getuid() == 0 ? asOwner + control : control
        let (status, output) = try Self.run(command[0], Array(command.dropFirst()), timeout: 90)
        guard status == 0 else { throw Failure("pg_ctl start: \(output)") }
    }

    /// Runs psql on the server's `postgres` database; output trimmed.
    public func psql(_ sql: String) throws -> String {
        setenv(
            "PGPASSWORD",
            try String(contentsOfFile: passwordFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines),
            1)
        return try Shell.run("/usr/bin/psql", [url, "-X", "-q", "-t", "-A", "-v", "ON_ERROR_STOP=1", "-c", sql])
            .output.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Runs a program whose children outlive it (the server), and waits for it alone. Foundation's `Process`
    /// cannot: it sees its child end only when every copy of a socket it hands the child is closed, and the
    /// server keeps one. Here the program gets no descriptor but its output file, and `waitpid` waits for it.
    static func run(_ executable: String, _ arguments: [String], timeout: Double) throws -> (Int32, String) {
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("gammalog-run-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: log) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, log.path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        // Every other descriptor this process has open (a closed one is ignored by the close action).
        for name in (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? [] {
            if let fd = Int32(name), fd > 2 { posix_spawn_file_actions_addclose(&actions, fd) }
        }
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { for argument in argv { free(argument) } }
        var pid = pid_t()
        let spawned = posix_spawn(&pid, executable, &actions, nil, argv, environ)
        guard spawned == 0 else { throw Failure("\(executable): posix_spawn error \(spawned)") }
        var status: Int32 = 0
        let deadline = Date().addingTimeInterval(timeout)
        while waitpid(pid, &status, WNOHANG) == 0 {
            guard Date() < deadline else {
                kill(pid, SIGKILL)
                _ = waitpid(pid, &status, 0)
                let output = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
                return (-1, "\(executable) still running after \(Int(timeout)) s: \(output)")
            }
            usleep(20_000)
        }
        let output = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        // Exited normally: the status is in the second byte; killed by a signal: -1.
        return (status & 0x7f == 0 ? (status >> 8) & 0xff : -1, output)
    }
}
