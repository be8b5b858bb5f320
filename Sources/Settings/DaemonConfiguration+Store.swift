import Foundation
import Store

extension DaemonConfiguration {
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
