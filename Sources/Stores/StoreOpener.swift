import Foundation
import Logging
import PostgresStore
import SQLiteStore
import Settings
import Store

/// The store a configuration names, opened the one way the daemon and the command line share: the chain key
/// loaded (made by the daemon at first start), SQLite opened, or PostgreSQL's pool run for as long as the
/// caller needs it.
public enum StoreOpener {
    /// Who opens the store, which decides what opening does.
    public enum Purpose: Sendable {
        /// The daemon: the key made when missing; SQLite created and migrated; PostgreSQL migrated, or refused
        /// when its login does not own an older schema.
        case daemon(Logger)
        /// The command line: the key read; SQLite read-only unless `writing` (a signature); nothing migrated
        /// on PostgreSQL.
        case commandLine(writing: Bool)
    }

    /// The configured SQLite store, keyed with `key`: the daemon's for writing (creating and migrating it),
    /// the command line's `readOnly` (refusing a schema it does not know). A shared store is refused: the
    /// commands that need a file (backup) say so.
    public static func sqlite(
        _ configuration: DaemonConfiguration, readOnly: Bool, key: ChainKey?, bell: ChargeBell = ChargeBell()
    ) throws(StoreError) -> SQLiteStore {
        switch configuration.store {
        case .sqlite(let path):
            return try SQLiteStore(
                path: path, readOnly: readOnly, charges: configuration.charges, key: key, bell: bell)
        case .postgres(let shared):
            throw StoreError(
                .unavailable, at: shared.description,
                "this command needs a SQLite file; a shared PostgreSQL store is backed up with the database's own "
                    + "tools (pg_dump, replicas)")
        }
    }

    /// Runs `body` with the configured store and the chain key it is keyed with, opened for `purpose` and
    /// ringing `bell` when a charge becomes ready; a PostgreSQL store's pool stops when `body` returns.
    public static func withStore<Value: Sendable>(
        _ configuration: DaemonConfiguration, for purpose: Purpose, bell: ChargeBell = ChargeBell(),
        _ body: (any GammaLogStore, ChainKey?) async throws -> sending Value
    ) async throws -> Value {
        let key: ChainKey?
        switch purpose {
        case .daemon(let logger):
            let (made, created) = try configuration.chainKey(creating: true)
            if created, let made {
                logger.notice(
                    "made a new chain key: keep it with the store's backups, readable by the service only",
                    metadata: ["key": "\(configuration.chainKeyPath)", "id": "\(made.id)"])
            }
            key = made
        case .commandLine:
            key = try configuration.chainKey(creating: false).key
        }
        switch (configuration.store, purpose) {
        case (.sqlite, .daemon):
            return try await body(try sqlite(configuration, readOnly: false, key: key, bell: bell), key)
        case (.sqlite, .commandLine(let writing)):
            return try await body(try sqlite(configuration, readOnly: !writing, key: key, bell: bell), key)
        case (.postgres(let shared), .daemon(let logger)):
            let store = try PostgresStore(
                configuration: shared, charges: configuration.charges, key: key, bell: bell, logger: logger)
            return try await store.whileRunning {
                try await store.migrate()
                logger.info("store: \(shared)")
                return try await body(store, key)
            }
        case (.postgres(let shared), .commandLine):
            let store = try PostgresStore(configuration: shared, charges: configuration.charges, key: key, bell: bell)
            return try await store.whileRunning { try await body(store, key) }
        }
    }
}
