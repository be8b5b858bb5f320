import CBuildInfo
import PostgresStore
import SQLiteStore
import Store

/// What this build is: the version, the commit it was built from, and the
/// store schema versions it knows (a store written by a later one is refused).
public enum BuildInfo {
    /// The release version; the Debian package takes its version from here.
    public static let version = "1.0.0"

    /// The commit, as the release build was told it; "unknown" in a developer's build.
    public static var commit: String { String(cString: gammalog_build_commit()) }

    /// The SQLite store's migrations, oldest first.
    public static var sqliteSchema: [String] { SQLiteStore.schemaVersions }

    /// The shared PostgreSQL store's migrations, oldest first.
    public static var postgresSchema: [String] { PostgresStore.schemaVersions }

    /// `--version`'s text: the version and commit on the first line, then the schemas.
    public static var description: String {
        """
        \(version) (commit \(commit))
        store schema, SQLite: \(schema(sqliteSchema))
        store schema, PostgreSQL: \(schema(postgresSchema))
        configuration: configuration.md version 1
        """
    }

    /// How many migrations, and the latest.
    static func schema(_ migrations: [String]) -> String {
        "\(migrations.count) migration\(migrations.count == 1 ? "" : "s"), the latest \"\(migrations.last ?? "none")\""
    }
}
