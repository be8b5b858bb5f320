import ArgumentParser
import Foundation
import PostgresStore
import SQLiteStore
import Settings
import Store
import Stores

/// `gammalog migrate`: creates or upgrades the store's schema with its owner's credentials, and on the shared
/// store gives the daemons' login role only what a daemon needs (multi-site.md 1.1, least privilege).
struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create or upgrade the store's schema as its owner, and grant the daemons' role only what it needs.",
        discussion: """
            On a shared PostgreSQL store the schema may belong to an owner role other than the daemons' login
            (the user of store.postgres). Run this with the owner's credentials before starting daemons of a new
            version: it migrates under the same lock the daemons use, then grants the login role reading,
            inserting and updating, and never DDL, TRUNCATE, DELETE on append-only tables or trigger rights.
            A SQLite store is migrated by opening it, as the daemon does.
            """)

    @Option(help: "The daemons' configuration file.")
    var config: String

    @Option(help: "The role that owns the schema (default: $PGUSER, else the operating-system user, as libpq).")
    var owner: String?

    @Option(help: "A file whose first line is the owner's password (default: $PGPASSWORD).")
    var ownerPasswordFile: String?

    func run() async throws {
        let configuration = try StoreOptions.configuration(file: config)
        switch configuration.store {
        case .sqlite(let path):
            let key = try configuration.chainKey(creating: false).key
            _ = try StoreOpener.sqlite(configuration, readOnly: false, key: key)
            print("\(path): schema \(SQLiteStore.schemaVersions.last ?? "")")
        case .postgres(let shared):
            let environment = ProcessInfo.processInfo.environment
            let role = owner ?? environment["PGUSER"].flatMap { $0.isEmpty ? nil : $0 } ?? NSUserName()
            var asOwner = shared
            asOwner.user = role
            do {
                asOwner.password = try PostgresStoreConfiguration.password(
                    file: ownerPasswordFile, environment: environment)
            } catch {
                throw ValidationError("--owner-password-file: \(error)")
            }
            let store = try PostgresStore(configuration: asOwner, charges: configuration.charges)
            try await store.whileRunning { try await store.migrate(grantingTo: shared.user) }
            print("\(asOwner): schema \(PostgresStore.schemaVersions.last ?? "")")
            if role != shared.user {
                print("granted \(shared.user) reading, inserting and updating; no DDL, TRUNCATE, DELETE or triggers")
            }
        }
    }
}
