import ChargeCapture
import Foundation
import SQLiteStore
import Store
import TestSupport

/// What the shared cases test: everything a daemon keeps.
typealias TestedStore = GammaLogStore

/// The stores every store test runs against: one set of cases, each implementation.
enum StoreBackend: String, CaseIterable, Sendable, CustomStringConvertible {
    case sqlite
    case postgres

    var description: String { rawValue }

    /// Runs `body` with an empty store of this kind and a way to reach its database behind its back.
    func withEmptyStore(
        charges: ChargeSettings = ChargeSettings(), _ body: (any TestedStore, BehindTheStore) async throws -> Void
    ) async throws {
        switch self {
        case .sqlite:
            let store = try temporaryStore(charges: charges)
            try await body(store, BehindTheStore(backend: self, location: store.path, charges: charges))
        case .postgres:
            let database = try PostgresServer.freshDatabase()
            try await withPostgresStore(database: database, charges: charges) { store in
                try await body(store, BehindTheStore(backend: self, location: database, charges: charges))
            }
        }
    }

    /// What the store calls the console configured as `name`: the network qualifies it with the site.
    func console(_ name: String) -> String {
        self == .postgres ? "north/\(name)" : name
    }
}

/// The database under a store, as an administrator (or an attacker) with its shell would reach it.
struct BehindTheStore: Sendable {
    var backend: StoreBackend
    var location: String
    var charges: ChargeSettings

    /// Runs `body` with a second store on the same database: a restarted daemon, or another site's.
    func withAnotherStore(_ body: (any TestedStore) async throws -> Void) async throws {
        switch backend {
        case .sqlite: try await body(SQLiteStore(path: location, charges: charges, key: testChainKey))
        case .postgres: try await withPostgresStore(database: location, site: "south", charges: charges, body)
        }
    }

    /// Runs the statement this backend's dialect needs; returns the shell's output, errors included.
    func execute(sqlite: String, postgres: String) throws -> String {
        switch backend {
        case .sqlite: return try Shell.sqlite3(location, sqlite)
        case .postgres: return try PostgresServer.psql(location, postgres).output
        }
    }
}
