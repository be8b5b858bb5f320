import Foundation
import Store

/// multi-site.md 1.1's two roles on a database of their own: the schema's owner, and the daemons' login that
/// owns nothing. Made by the server's administrator for one test; their passwords are in files.
public struct PostgresRoles: Sendable {
    /// The database, owned by `owner`.
    public var database: String
    /// The owner role.
    public var owner: String
    /// The daemons' login role.
    public var login: String
    /// The file holding the owner's password.
    public var ownerPasswordFile: String
    /// The file holding the login's password.
    public var loginPasswordFile: String

    /// Makes both roles and the database.
    public init() throws {
        let tag = UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(12)
        (owner, login, database) = ("gl_owner_\(tag)", "gl_daemon_\(tag)", "gammalog_roles_\(tag)")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gammalog-roles-\(tag)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        ownerPasswordFile = folder.appendingPathComponent("owner").path
        loginPasswordFile = folder.appendingPathComponent("login").path
        try "owner-\(tag)\n".write(toFile: ownerPasswordFile, atomically: true, encoding: .utf8)
        try "login-\(tag)\n".write(toFile: loginPasswordFile, atomically: true, encoding: .utf8)
        for statement in [
            "CREATE ROLE \(owner) LOGIN PASSWORD 'owner-\(tag)'", "CREATE ROLE \(login) LOGIN PASSWORD 'login-\(tag)'",
            "CREATE DATABASE \(database) OWNER \(owner)",
        ] {
            let result = try PostgresServer.psql("postgres", statement)
            guard result.status == 0 else { throw StoreError(.unavailable, at: statement, result.output) }
        }
    }

    /// The store configuration of `database` signing in as `user` with the password in `passwordFile`.
    public func configuration(user: String, passwordFile: String, site: String = "north") throws
        -> PostgresStoreConfiguration
    {
        let url = try PostgresServer.url(database: database).replacingOccurrences(
            of: "://gammalog@", with: "://\(user)@")
        return try PostgresStoreConfiguration(
            url: url, password: PostgresStoreConfiguration.password(file: passwordFile, environment: [:]),
            tls: .require, caFile: PostgresServer.caFile(), site: site)
    }

    /// Runs `sql` on the database signed in as the daemons' login: what its credentials can do.
    public func psqlAsLogin(_ sql: String) throws -> (status: Int32, output: String) {
        // The password in the URL, for this psql only: the environment is the whole test process's.
        let password = try String(contentsOfFile: loginPasswordFile, encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let url = try PostgresServer.url(database: database).replacingOccurrences(
            of: "://gammalog@", with: "://\(login):\(password)@")
        let (status, output) = try Shell.run("/usr/bin/psql", [url, "-X", "-q", "-t", "-A", "-c", sql])
        return (status, output.trimmingCharacters(in: .whitespacesAndNewlines))
    }
}
