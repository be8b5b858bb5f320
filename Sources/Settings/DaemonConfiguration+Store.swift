import Foundation
import Store

extension DaemonConfiguration {
    /// Opens the configured SQLite store: the daemon's for writing (creating and
    /// migrating it), the command line's `readOnly` (refusing a schema it
    /// does not know). Links and seals are keyed with `key`. The shared PostgreSQL store is the daemon's
    /// (``DaemonRunner``).
    public func openStore(readOnly: Bool = false, key: ChainKey?) throws(StoreError) -> SQLiteStore {
        switch store {
        case .sqlite(let path): return try SQLiteStore(path: path, readOnly: readOnly, charges: charges, key: key)
        case .postgres(let shared):
            throw StoreError(
                .unavailable, at: shared.description,
                "this command needs a SQLite file; a shared PostgreSQL store is backed up with the database's own "
                    + "tools (pg_dump, replicas)")
        }
    }

    /// Where the chain key is: `store.key_file`, else `chain.key` beside the configuration file, else (the
    /// embedded default) beside its store.
    public var chainKeyPath: String {
        if let chainKeyFile { return chainKeyFile }
        if !file.isEmpty { return Self.sibling("chain.key", of: file) }
        switch store {
        case .sqlite(let path): return Self.sibling("chain.key", of: path)
        case .postgres: return "chain.key"
        }
    }

    /// Where the chain anchor is: `store.anchor_file`, else `chain.anchor` beside a SQLite store; a shared
    /// store's daemons keep one only where `anchor_file` names it (a folder of the daemon's own disk).
    public var anchorPath: String? {
        if let anchorFile { return anchorFile }
        switch store {
        case .sqlite(let path): return Self.sibling("chain.anchor", of: path)
        case .postgres: return nil
        }
    }

    /// The chain key: the daemon's is made at first start when there is none (`creating`); the command line
    /// reads it, and without the file has none (a store never keyed needs none; a keyed one does not verify).
    public func chainKey(creating: Bool) throws(StoreError) -> (key: ChainKey?, created: Bool) {
        if creating {
            let (key, created) = try ChainKey.loadOrCreate(path: chainKeyPath)
            return (key, created)
        }
        return (try ChainKey.load(path: chainKeyPath), false)
    }

    static func sibling(_ name: String, of path: String) -> String {
        URL(fileURLWithPath: path).deletingLastPathComponent().appendingPathComponent(name).path
    }
}
