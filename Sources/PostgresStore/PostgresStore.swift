import ChargeCapture
import Foundation
import Logging
import NIOSSL
import PostgresNIO
import ServiceLifecycle
import Store

/// The shared store of a multi-site network: the store protocols on one PostgreSQL database that many
/// daemons at many sites write at once (multi-site.md).
///
/// It owns one connection pool, which runs as long as ``run()`` does: the daemon runs it in its service
/// group, and a store whose pool is not running answers nothing. After it starts, ``migrate()`` brings the
/// schema up to date under an advisory lock, or refuses a newer one. Each poll commits in one transaction;
/// the database enforces uniqueness and the append-only tables; a console's journal is one hash chain,
/// appended under that console's advisory lock.
public final class PostgresStore: Service, DeliveryStore {
    /// Where the store is, without its password.
    public let configuration: PostgresStoreConfiguration
    /// What the facility configured about its charges.
    public let chargeSettings: ChargeSettings
    /// Rings when a charge this daemon made ready; other daemons' charges are found by the HL7 sender's poll.
    public let readyBell: ChargeBell
    /// What links and seals are keyed with; without one (a store made by a test), plain SHA-256 links.
    public let key: ChainKey?
    /// The pool on whichever configured server accepts writes.
    let pool: PrimaryPool
    let link: Link
    let logger: Logger

    /// A store on the database `configuration` names, keying links and seals with `key` and ringing `bell`
    /// when a charge becomes ready; nothing is connected until ``run()``.
    public init(
        configuration: PostgresStoreConfiguration, charges: ChargeSettings = ChargeSettings(), key: ChainKey? = nil,
        bell: ChargeBell = ChargeBell(), logger: Logger = Logger(label: "gammalog.store.postgres")
    ) throws(StoreError) {
        self.configuration = configuration
        self.chargeSettings = charges
        self.readyBell = bell
        self.key = key
        self.logger = logger
        link = try Self.link(configuration)
        let tls: PostgresClient.Configuration.TLS =
            switch link {
            case .disable: .disable
            case .prefer(let context): .prefer(context)
            case .require(let context): .require(context)
            }
        let (link, logger, watch) = (link, logger, ServerConnection.Watch())
        pool = PrimaryPool(
            endpoints: configuration.endpoints, location: configuration.description, watch: watch, logger: logger,
            makeClient: { endpoint in
                var clientConfiguration = PostgresClient.Configuration(
                    host: endpoint.host, port: endpoint.port, username: configuration.user,
                    password: configuration.password, database: configuration.database, tls: tls)
                clientConfiguration.options.connectTimeout = .seconds(5)
                clientConfiguration.options.maximumConnections = configuration.connections
                // All but one stay open (postgres-nio keeps fewer than the most), from the start: a session's
                // charge then never waits for a connection to be made, which under load costs more than the
                // rest of its commit. The server holds them in any case once sessions close.
                clientConfiguration.options.minimumConnections = max(0, configuration.connections - 1)
                return PostgresClient(configuration: clientConfiguration, backgroundLogger: logger)
            },
            acceptsWrites: { endpoint in
                let connection = try? await Self.connectWritable(
                    to: endpoint, configuration: configuration, link: link, watch: watch, logger: logger)
                try? await connection?.close()
                return connection != nil
            })
    }

    /// Runs the connection pool until cancelled (a `Service`).
    public func run() async throws {
        await pool.run()
    }

    /// How the link to the server is made.
    enum Link {
        case disable
        case prefer(TLSConfiguration)
        case require(TLSConfiguration)
    }

    /// Runs `body` while the connection pool runs, and stops the pool when `body` returns (the daemon's
    /// services, a command, a test).
    public func whileRunning<Value: Sendable>(_ body: () async throws -> sending Value) async throws -> Value {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await self.run() }
            defer { group.cancelAll() }
            return try await body()
        }
    }

    /// multi-site.md's TLS modes: `prefer` and `require` encrypt without checking the certificate, as libpq's
    /// do; `verify-full` checks it against `caFile` (or the system's CAs), and the host name when it is one.
    static func link(_ configuration: PostgresStoreConfiguration) throws(StoreError) -> Link {
        var unverified = TLSConfiguration.makeClientConfiguration()
        unverified.certificateVerification = .none
        switch configuration.tls {
        case .disable: return .disable
        case .prefer: return .prefer(unverified)
        case .require: return .require(unverified)
        case .verifyFull:
            var verified = TLSConfiguration.makeClientConfiguration()
            verified.certificateVerification = .fullVerification
            if let caFile = configuration.caFile {
                do {
                    verified.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(caFile))
                } catch {
                    throw StoreError(.unavailable, at: caFile, "the CA file cannot be read as PEM: \(error)")
                }
            }
            return .require(verified)
        }
    }

    /// One connection of its own, outside the pool, to the first server that accepts writes: migrating holds
    /// it, and a refused one says why at once (a wrong CA, a wrong password) instead of the pool retrying in
    /// the background.
    func connect() async throws(StoreError) -> ServerConnection {
        var failure: StoreError?
        for endpoint in configuration.endpoints {
            do {
                return try await Self.connectWritable(
                    to: endpoint, configuration: configuration, link: link, watch: pool.watch, logger: logger)
            } catch {
                failure = Self.storeError(error, .unavailable, at: location)
            }
        }
        throw failure ?? StoreError(.unavailable, at: location, "no server to connect to")
    }

    /// A connection to `endpoint`, secured as `link` says, if that server accepts writes (libpq's `read-write`:
    /// `transaction_read_only` off); a standby's is closed and refused. A server out of reach answers nothing,
    /// and one that takes more than 5 s to say is no primary to use.
    static func connectWritable(
        to endpoint: PostgresStoreConfiguration.Endpoint, configuration: PostgresStoreConfiguration, link: Link,
        watch: ServerConnection.Watch, logger: Logger
    ) async throws -> ServerConnection {
        let tls: PostgresConnection.Configuration.TLS =
            switch link {
            case .disable: .disable
            case .prefer(let context): .prefer(try NIOSSLContext(configuration: context))
            case .require(let context): .require(try NIOSSLContext(configuration: context))
            }
        var settings = PostgresConnection.Configuration(
            host: endpoint.host, port: endpoint.port, username: configuration.user,
            password: configuration.password, database: configuration.database, tls: tls)
        settings.options.connectTimeout = .seconds(5)
        let connection = ServerConnection(
            try await PostgresConnection.connect(configuration: settings, id: 0, logger: logger), watch: watch)
        do {
            let rows = try await connection.query(
                "SHOW transaction_read_only", logger: logger, deadline: .seconds(5)
            ).collect()
            if try rows.first?.decode(String.self) == "off" { return connection }
        } catch {
            try? await connection.close()
            throw error
        }
        try? await connection.close()
        throw StoreError(.unavailable, at: configuration.description, "\(endpoint) is read-only (a standby)")
    }

    /// Where errors say they happened.
    var location: String { configuration.description }

    /// `name` as the network knows it: `site/name`.
    func qualified(_ name: String) -> String { "\(configuration.site)/\(name)" }

    /// Runs `body` in one transaction: it commits when `body` returns and rolls back when it throws.
    /// A ``StoreError`` from `body` reaches the caller as it is; any other failure is `failing` (a write's,
    /// unless the transaction only reads).
    @discardableResult
    func transaction<Value: Sendable>(
        _ what: String, failing code: StoreError.Code = .writeFailed,
        _ body: (ServerConnection) async throws -> sending Value
    ) async throws(StoreError) -> Value {
        do {
            return try await pool.withTransaction(logger: logger, body)
        } catch {
            throw Self.storeError(error, code, at: "\(location) \(what)")
        }
    }

    /// Runs one statement that commits by itself (no BEGIN and COMMIT around it: one round trip, not three).
    /// Only for a single statement; two statements that must hold together go in a ``transaction(_:_:)``.
    func write(_ what: String, _ statement: PostgresQuery) async throws(StoreError) {
        do {
            try await pool.withConnection { connection in _ = try await connection.query(statement, logger: logger) }
        } catch {
            throw Self.storeError(error, .writeFailed, at: "\(location) \(what)")
        }
    }

    /// Runs `body` on one pooled connection.
    func read<Value: Sendable>(
        _ what: String, _ body: (ServerConnection) async throws -> sending Value
    ) async throws(StoreError) -> Value {
        do {
            return try await pool.withConnection(body)
        } catch {
            throw Self.storeError(error, .readFailed, at: "\(location) \(what)")
        }
    }

    /// The failure of a statement or a transaction, as a ``StoreError`` that says what the server said.
    static func storeError(_ error: any Error, _ code: StoreError.Code, at location: String) -> StoreError {
        if let stored = error as? StoreError { return stored }
        if let lost = error as? ServerConnection.Lost { return StoreError(code, at: location, "\(lost)") }
        if let psql = error as? PSQLError {
            if let message = psql.serverInfo?[.message] { return StoreError(code, at: location, message) }
            // The server said nothing: the connection failed, and what under it (TLS, refused, timed out) says why.
            let cause = psql.underlying.map { "\($0)" } ?? "\(psql.code)"
            return StoreError(code, at: location, "cannot connect: \(cause)")
        }
        return StoreError(code, at: location, "\(error)")
    }

    func decode<Value: Decodable>(_ type: Value.Type, from body: String, at what: String) throws(StoreError) -> Value {
        do {
            return try HashChain.decoder().decode(type, from: Data(body.utf8))
        } catch {
            throw StoreError(.corrupt, at: "\(location) \(what)", "\(error)")
        }
    }
}
