import Foundation
import Store

extension DaemonConfiguration {
    /// Opens the configured SQLite store: the daemon's for writing (creating and
    /// migrating it), the command line's `readOnly` (refusing a schema it
    /// does not know). The shared PostgreSQL store is the daemon's (``DaemonRunner``).
    public func openStore(readOnly: Bool = false) throws(StoreError) -> SQLiteStore {
        switch store {
        case .sqlite(let path): return try SQLiteStore(path: path, readOnly: readOnly, charges: charges)
        case .postgres(let shared):
            throw StoreError(
                .unavailable, at: shared.description,
                "this command needs a SQLite file; a shared PostgreSQL store is backed up with the database's own "
                    + "tools (pg_dump, replicas)")
        }
    }
}
