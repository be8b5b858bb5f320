import ArgumentParser
import Daemon
import DeliveryLog
import Foundation
import Store

/// `gammalog`: the physicists' and operators' command line. It reads the same
/// configuration as the daemon (or the embedded default's state) and works
/// while the daemon runs.
@main
struct Gammalog: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gammalog", abstract: "Review what GammaLog recorded.",
        subcommands: [Sessions.self, Show.self, Verify.self, Reconcile.self, Review.self, Export.self])
}

/// Where to find the store: `--config FILE` or the embedded default's state folder.
struct StoreOptions: ParsableArguments {
    @Option(help: "The daemon's configuration file.")
    var config: String?

    @Option(help: "The embedded default's state folder (default: $STATE_DIRECTORY or ./state).")
    var state: String?

    /// The configuration, when `--config` names one.
    func configuration() throws -> DaemonConfiguration? {
        try config.map { try DaemonConfiguration.load(path: $0) }
    }

    /// The store, read-only: the command line never writes what the daemon writes.
    func open() throws -> SQLiteStore { try open(readOnly: true) }

    /// The store for a signature, the one thing the command line writes.
    func openForWriting() throws -> SQLiteStore { try open(readOnly: false) }

    private func open(readOnly: Bool) throws -> SQLiteStore {
        if let configuration = try configuration() {
            switch configuration.store {
            case .sqlite(let path):
                return try SQLiteStore(path: path, readOnly: readOnly, charges: configuration.charges)
            }
        }
        let folder = state ?? ProcessInfo.processInfo.environment["STATE_DIRECTORY"] ?? "state"
        let path = "\(folder)/gammalog.sqlite"
        guard FileManager.default.fileExists(atPath: path) else {
            throw ValidationError("no store at \(path); run gammalogd first or pass --config")
        }
        return try SQLiteStore(path: path, readOnly: readOnly)
    }
}

struct Sessions: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List sessions, newest first.")

    @OptionGroup var store: StoreOptions

    @Option(help: "Only sessions opened at or after this time (RFC 3339) or date (YYYY-MM-DD).")
    var since: String?

    @Option(help: "Only this console.")
    var console: String?

    @Flag(help: "Only sessions with warnings, alerts or an incomplete record.")
    var flagged = false

    @Option(help: "At most this many.")
    var limit = 100

    func run() async throws {
        let store = try store.open()
        var sinceDate: Date?
        if let since {
            guard let date = Formats.parseDate(since) else {
                throw ValidationError("--since: '\(since)' is not a time")
            }
            sinceDate = date
        }
        let sessions = try await store.summaries(
            SessionQuery(since: sinceDate, console: console, flagged: flagged, limit: limit))
        print(Formats.sessionTable(sessions))
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
        let store = try store.open()
        guard let session = try await store.session(id: id) else {
            throw ValidationError("no session \(id)")
        }
        print(Formats.sessionDetail(session, showPatient: showPatient))
    }
}

struct Verify: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Walk the journal's hash chain; exit non-zero naming the first broken link.")

    @OptionGroup var store: StoreOptions

    func run() async throws {
        let result = try await store.open().verify()
        if let broken = result.firstBroken {
            print(
                "BROKEN at journal record \(broken.id): \(broken.reason) (\(result.checked) links verified before it)")
            throw ExitCode(1)
        }
        print("chain verified: \(result.checked) records")
    }
}
