import ArgumentParser
import Foundation
import PostgresStore
import SQLiteStore
import Settings
import Store

/// `gammalog migrate-store`: moves one site's SQLite store onto the shared PostgreSQL store its configuration
/// names (multi-site.md), verified, and safe to run again after an interruption.
struct MigrateStore: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate-store",
        abstract:
            "Move a site's SQLite store onto the shared PostgreSQL store; run it again to finish an interrupted move.",
        discussion: """
            Stop the site's gammalogd first. The SQLite file is only read. The configuration is the one the
            site's daemon will run with: its store.postgres and store.site say where and as which site.
            """)

    @Option(help: "The daemon's configuration naming the PostgreSQL store and the site.")
    var config: String

    @Option(name: .customLong("from"), help: "The site's SQLite store, e.g. /var/lib/gammalog/gammalog.sqlite.")
    var source: String

    @Option(help: .hidden)
    var batch = 500

    func run() async throws {
        let configuration = try StoreOptions.configuration(file: config)
        guard case .postgres(let shared) = configuration.store else {
            throw ValidationError("\(config) names a SQLite store: migrate-store needs the store.postgres it moves to")
        }
        guard FileManager.default.fileExists(atPath: source) else {
            throw ValidationError("--from: no SQLite store at \(source)")
        }
        // The site's links are checked, and the network's written, with the network's chain key: a site keyed
        // with another is refused by the check before anything is copied.
        let key = try configuration.chainKey(creating: false).key
        let origin = try SQLiteStore(path: source, readOnly: true, charges: configuration.charges, key: key)
        let target = try PostgresStore(configuration: shared, charges: configuration.charges, key: key)
        print("moving \(source) onto \(shared) as site \(shared.site)")
        let report = try await target.whileRunning {
            try await target.migrate()
            return try await target.importSite(from: origin, batchSize: batch)
        }
        print("consoles: \(report.consoles.joined(separator: ", "))")
        if report.alreadyDone {
            print("an earlier run finished this move; nothing was copied")
        } else {
            if report.resumed { print("went on with the move an earlier run began") }
            for (table, copied, kept) in report.tables {
                print("\(table): \(copied) rows" + (kept > 0 ? " (\(kept) the network already had)" : ""))
            }
        }
        if let broken = report.verification.firstBroken {
            print(
                "BROKEN at journal record \(broken.id): \(broken.reason) "
                    + "(\(report.verification.checked) links verified before it)")
            throw ExitCode(1)
        }
        guard report.verification.holds else {
            for problem in report.verification.problems { print("BROKEN \(problem)") }
            throw ExitCode(1)
        }
        print("chain verified: \(report.verification.checked) records on the shared store")
    }
}
