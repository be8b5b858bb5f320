import Foundation
import GRDB
import Store

/// What an online backup wrote and found when it checked the copy.
public struct BackupResult: Sendable, Hashable {
    /// The copy.
    public var path: String
    /// The copy's hash chain, walked.
    public var chain: ChainVerification
    /// Sessions in the copy.
    public var sessions: Int
    /// Charges in the copy.
    public var charges: Int
}

extension SQLiteStore {
    /// A consistent copy of the store at `destination`, taken while the daemon writes: SQLite's online backup
    /// from one read snapshot (every poll committed before it, none half), then opened read-only and its hash
    /// chain walked. `destination` must not exist: a backup never overwrites.
    public func backup(to destination: String) async throws(StoreError) -> BackupResult {
        guard !FileManager.default.fileExists(atPath: destination) else {
            throw StoreError(.backupFailed, at: destination, "the file exists; a backup never overwrites one")
        }
        do {
            // Created owner-only before SQLite opens it, whatever the umask: a copy of patient data (SQLite
            // gives its journal the same mode).
            try PrivateFile.create(destination)
            let target = try DatabaseQueue(path: destination)
            try pool.backup(to: target)
            try target.close()
        } catch {
            try? FileManager.default.removeItem(atPath: destination)
            throw StoreError(.backupFailed, at: destination, "\(error)")
        }
        let copy = try SQLiteStore(path: destination, readOnly: true, key: key)
        let chain = try await copy.verify()
        guard chain.holds else {
            let first = chain.firstBroken.map { "its chain breaks at journal row \($0.id)" }
            throw StoreError(
                .backupFailed, at: destination,
                "the copy does not verify: " + (first ?? chain.problems.map(\.description).joined(separator: "; ")))
        }
        let (sessions, charges) = try await copy.read("counts") { db in
            (
                try Int.fetchOne(db, sql: "SELECT count(*) FROM sessions") ?? 0,
                try Int.fetchOne(db, sql: "SELECT count(*) FROM charges") ?? 0
            )
        }
        return BackupResult(path: destination, chain: chain, sessions: sessions, charges: charges)
    }
}
