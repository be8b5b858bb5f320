import ChargeCapture
import Foundation
import PostgresStore
import Store

/// The throwaway PostgreSQL server `scripts/postgres.sh` started for this run (README's test command starts
/// it); each test gets a database of its own on it.
public enum PostgresServer {
    /// Why a PostgreSQL test cannot run: no server was started for it.
    public struct NotStarted: Error, CustomStringConvertible {
        public var description: String {
            "GAMMALOG_TEST_POSTGRES is not set: run the tests with scripts/test.sh, or start a server with "
                + "`eval \"$(scripts/postgres.sh start DIR)\"` first"
        }
    }

    static func variable(_ name: String) throws -> String {
        guard let value = ProcessInfo.processInfo.environment[name], !value.isEmpty else { throw NotStarted() }
        return value
    }

    /// The server's URL, without a password.
    public static func url(database: String = "postgres") throws -> String {
        let url = try variable("GAMMALOG_TEST_POSTGRES")
        return url.replacingOccurrences(of: "/postgres", with: "/\(database)", options: [.anchored, .backwards])
    }

    /// The file that holds the password.
    public static func passwordFile() throws -> String { try variable("GAMMALOG_TEST_POSTGRES_PASSWORD_FILE") }

    /// The CA that signed the server's certificate (for `verify-full`).
    public static func caFile() throws -> String { try variable("GAMMALOG_TEST_POSTGRES_CA") }

    /// The store configuration of `database` for site `site`.
    public static func configuration(
        database: String, site: String = "north", tls: PostgresStoreConfiguration.TLSMode = .require
    ) throws -> PostgresStoreConfiguration {
        try PostgresStoreConfiguration(
            url: url(database: database),
            password: PostgresStoreConfiguration.password(file: passwordFile(), environment: [:]), tls: tls,
            caFile: caFile(), site: site)
    }

    /// A new, empty database; returns its name.
    public static func freshDatabase() throws -> String {
        let name = "gammalog_test_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        let result = try psql("postgres", "CREATE DATABASE \(name)")
        guard result.status == 0 else { throw StoreError(.unavailable, at: name, result.output) }
        return name
    }

    /// Runs psql on `database` as a database administrator inspecting or tampering with it would.
    public static func psql(_ database: String, _ sql: String) throws -> (status: Int32, output: String) {
        setenv(
            "PGPASSWORD",
            try String(contentsOfFile: passwordFile(), encoding: .utf8).trimmingCharacters(
                in: .whitespacesAndNewlines), 1)
        let (status, output) = try Shell.run(
            "/usr/bin/psql", [try url(database: database), "-X", "-q", "-t", "-A", "-v", "ON_ERROR_STOP=1", "-c", sql])
        return (status, output.trimmingCharacters(in: .whitespacesAndNewlines))
    }
}

/// Runs `body` with a PostgreSQL store on `database` (a fresh one when nil), its pool running and its schema
/// migrated; the pool stops when `body` returns.
public func withPostgresStore<Value: Sendable>(
    database: String? = nil, site: String = "north", tls: PostgresStoreConfiguration.TLSMode = .require,
    charges: ChargeSettings = ChargeSettings(), key: ChainKey? = testChainKey,
    _ body: (PostgresStore) async throws -> Value
) async throws -> Value {
    let store = try PostgresStore(
        configuration: PostgresServer.configuration(
            database: database ?? PostgresServer.freshDatabase(), site: site, tls: tls), charges: charges, key: key)
    return try await store.whileRunning {
        try await store.migrate()
        return try await body(store)
    }
}
