import ArgumentParser
import ChargeCapture
import Foundation
import PostgresStore
import Reports
import SQLiteStore
import Settings
import Store
import Stores

/// `gammalog`: the physicists' and operators' command line. It reads the
/// daemon's configuration (or the embedded default's state folder) and
/// works while the daemon runs.
@main
struct Gammalog: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gammalog", abstract: "Review what GammaLog recorded.",
        subcommands: [
            Sessions.self, Show.self, Verify.self, Reconcile.self, Review.self, Export.self, Report.self, Backup.self,
            Audit.self, Migrate.self, MigrateStore.self,
        ])
}

/// Where the store is: `--config FILE`, `--state DIR`, or with neither
/// `$GAMMALOG_CONFIG` or `/etc/gammalog/gammalog.yaml` when there is one,
/// else the embedded default's state folder.
struct StoreOptions: ParsableArguments {
    @Option(help: "The daemon's configuration file (default: $GAMMALOG_CONFIG, else /etc/gammalog/gammalog.yaml).")
    var config: String?

    @Option(help: "The embedded default's state folder (default: $STATE_DIRECTORY or ./state).")
    var state: String?

    /// The installed configuration file, read when neither `--config` nor `--state` is given.
    static let installedConfiguration = "/etc/gammalog/gammalog.yaml"

    /// The configuration file in force, if any.
    var configurationFile: String? {
        if let config { return config }
        guard state == nil else { return nil }
        if let path = ProcessInfo.processInfo.environment["GAMMALOG_CONFIG"], !path.isEmpty { return path }
        return FileManager.default.fileExists(atPath: Self.installedConfiguration) ? Self.installedConfiguration : nil
    }

    /// The configuration: the file's, or the embedded default's with its state folder. A bad file exits 2.
    func configuration() throws -> DaemonConfiguration {
        if let file = configurationFile { return try Self.configuration(file: file) }
        let folder = state ?? ProcessInfo.processInfo.environment["STATE_DIRECTORY"] ?? "state"
        let path = "\(folder)/gammalog.sqlite"
        guard FileManager.default.fileExists(atPath: path) else {
            throw ValidationError("no store at \(path); run gammalogd first or pass --config")
        }
        var configuration = DaemonConfiguration()
        configuration.store = .sqlite(path)
        return configuration
    }

    /// The configuration in `file`. A bad file exits 2.
    static func configuration(file: String) throws -> DaemonConfiguration {
        do {
            return try DaemonConfiguration.load(path: file)
        } catch {
            FileHandle.standardError.write(Data("gammalog: configuration error: \(error)\n".utf8))
            throw ExitCode(2)
        }
    }

    /// The store file, read-only: the command line never writes what the daemon writes.
    func open() throws -> SQLiteStore {
        let configuration = try configuration()
        return try StoreOpener.sqlite(configuration, readOnly: true, key: configuration.chainKey(creating: false).key)
    }

    /// Runs `body` with the configured store: a SQLite file, read-only unless `writing` (a signature, the one
    /// thing the command line writes), or the shared PostgreSQL store with its pool running for the command.
    func withStore<Value: Sendable>(
        writing: Bool = false, _ body: (any GammaLogStore, DaemonConfiguration) async throws -> sending Value
    ) async throws -> Value {
        let configuration = try configuration()
        return try await StoreOpener.withStore(configuration, for: .commandLine(writing: writing)) { store, _ in
            try await body(store, configuration)
        }
    }
}

struct Sessions: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List sessions, newest first.")

    @OptionGroup var store: StoreOptions

    @Option(help: "Only sessions opened at or after this time (RFC 3339) or local date (YYYY-MM-DD, facility's zone).")
    var since: String?

    @Option(help: "Only this console.")
    var console: String?

    @Flag(help: "Only sessions with warnings, alerts or an incomplete record.")
    var flagged = false

    @Option(help: "At most this many (1-1000).")
    var limit = 100

    func run() async throws {
        let zone = try store.configuration().facility.timeZone
        var query = SessionQuery(console: console, flagged: flagged, limit: limit)
        if let since {
            guard let start = RFC3339.parse(since) ?? Reconciliation.interval(of: since, in: zone)?.start else {
                throw ValidationError("--since: '\(since)' is neither an RFC 3339 time nor a date YYYY-MM-DD")
            }
            query.since = start
        }
        let sessions = try await store.withStore { store, _ in try await store.summaries(query) }
        print(TerminalText.sessions(sessions, zone: zone))
    }
}

struct Show: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "session", abstract: "Show one session shot by shot.")

    @OptionGroup var store: StoreOptions

    @Argument(help: "show")
    var verb: String

    @Argument(help: "The session id, e.g. GK-4711-004211.")
    var id: String

    @Flag(help: "Show the patient's id and name.")
    var showPatient = false

    func validate() throws {
        guard verb == "show" else { throw ValidationError("usage: gammalog session show ID") }
    }

    func run() async throws {
        let zone = try store.configuration().facility.timeZone
        guard let session = try await store.withStore({ store, _ in try await store.session(id: id) }) else {
            throw ValidationError("no session \(id)")
        }
        print(TerminalText.session(session, showPatient: showPatient, zone: zone))
    }
}

struct Verify: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check the journal's chain, its heads and anchor, and the seals of sessions, charges and their "
            + "history; exit non-zero naming each thing GammaLog did not write.")

    @OptionGroup var store: StoreOptions

    func run() async throws {
        // On the shared store, every console's chain of every site; nothing is written.
        let configuration = try store.configuration()
        var anchor: [String: ChainHead] = [:]
        var anchorProblem: String?
        if let path = configuration.anchorPath, let key = try configuration.chainKey(creating: false).key {
            do {
                anchor = try ChainAnchor.read(path: path, key: key) ?? [:]
            } catch {
                anchorProblem = "anchor \(path): \(error.detail)"
            }
        }
        let result = try await store.withStore { store, _ in try await store.verify(anchor: anchor) }
        let problems =
            result.problems.filter { $0.kind != .journalLink }.map(\.description) + (anchorProblem.map { [$0] } ?? [])
        guard problems.isEmpty, result.firstBroken == nil else {
            for problem in problems { print("BROKEN \(problem)") }
            if let broken = result.firstBroken {
                print(
                    "BROKEN at journal record \(broken.id): \(broken.reason) (\(result.checked) links verified before it)"
                )
            }
            throw ExitCode(1)
        }
        print("chain verified: \(result.checked) records; sessions, charges and their history hold")
    }
}
