import Logging
import PostgresNIO
import Store
import Synchronization

/// The connection pool on whichever of the configured servers accepts writes (multi-site.md 1.1, libpq's
/// `target_session_attrs=read-write`): it asks each server in the URL's order, runs a pool on the first that
/// is writable, and when a connection to it fails (or it turns out read-only, a demoted primary) drops that
/// pool and asks again, with back-off, until one accepts writes. A standby is never written to, and while no
/// server accepts writes every request fails at once with ``StoreError/Code/unavailable``, so `/healthz`
/// says 503 naming the store and a poll that cannot commit is read again.
///
/// Everything the store does on the server, the HL7 sender's lock and listener included, goes through it, so
/// all of it follows the primary; a sender whose connection died loses its turn with it.
final class PrimaryPool: Sendable {
    /// The pool in use, and which one it is (a failure reported for an older one changes nothing).
    private struct Current {
        var client: PostgresClient
        var endpoint: PostgresStoreConfiguration.Endpoint
        var generation: Int
    }

    private struct State {
        var current: Current?
        var generation = 0
        /// The generation a request found broken, waking the supervisor.
        var lost: Int?
        var wake: CheckedContinuation<Void, Never>?
        /// Whether the servers are being asked now (from the start, until the first answer).
        var searching = true
        /// Requests waiting for the servers' answer.
        var waiting: [CheckedContinuation<Void, Never>] = []
    }

    let endpoints: [PostgresStoreConfiguration.Endpoint]
    /// Fails the statements of a connection that closes (``ServerConnection``).
    let watch: ServerConnection.Watch
    /// A pool on one server.
    let makeClient: @Sendable (PostgresStoreConfiguration.Endpoint) -> PostgresClient
    /// Whether one server accepts writes now (a connection of its own, closed after).
    let acceptsWrites: @Sendable (PostgresStoreConfiguration.Endpoint) async -> Bool
    let location: String
    let logger: Logger
    private let state = Mutex(State())

    init(
        endpoints: [PostgresStoreConfiguration.Endpoint], location: String, watch: ServerConnection.Watch,
        logger: Logger, makeClient: @escaping @Sendable (PostgresStoreConfiguration.Endpoint) -> PostgresClient,
        acceptsWrites: @escaping @Sendable (PostgresStoreConfiguration.Endpoint) async -> Bool
    ) {
        self.endpoints = endpoints
        self.watch = watch
        self.location = location
        self.logger = logger
        self.makeClient = makeClient
        self.acceptsWrites = acceptsWrites
    }

    /// Finds the writable server and runs a pool on it, again whenever it is lost, until cancelled. With one
    /// server there is nothing to choose: its pool runs and reconnects by itself, as postgres-nio's does.
    func run() async {
        if let only = endpoints.first, endpoints.count == 1 {
            let client = makeClient(only)
            state.withLock { state in
                state.generation += 1
                state.current = Current(client: client, endpoint: only, generation: state.generation)
            }
            answered()
            await client.run()
            return
        }
        var attempts = 0
        while !Task.isCancelled {
            state.withLock { $0.searching = true }
            var chosen: PostgresStoreConfiguration.Endpoint?
            for endpoint in endpoints where await acceptsWrites(endpoint) {
                chosen = endpoint
                break
            }
            guard let endpoint = chosen else {
                answered()
                attempts += 1
                if attempts == 1 {
                    logger.error(
                        "no server of the store accepts writes; asking again", metadata: ["store": "\(location)"])
                }
                try? await Task.sleep(for: Self.backoff(attempts))
                continue
            }
            attempts = 0
            let client = makeClient(endpoint)
            let generation = state.withLock { state in
                state.generation += 1
                state.current = Current(client: client, endpoint: endpoint, generation: state.generation)
                state.lost = nil
                return state.generation
            }
            answered()
            if endpoints.count > 1 {
                logger.notice("store: writing to \(endpoint)", metadata: ["store": "\(location)"])
            }
            await withTaskGroup(of: Void.self) { group in
                group.addTask { await client.run() }
                group.addTask { await self.untilLost(generation) }
                group.addTask { await self.whileWritable(endpoint) }
                await group.next()
                group.cancelAll()
            }
            state.withLock { state in
                if state.current?.generation == generation { state.current = nil }
            }
            if !Task.isCancelled {
                logger.warning("store: lost the server it wrote to", metadata: ["server": "\(endpoint)"])
            }
        }
    }

    /// Runs `body` on a connection of the writable server's pool.
    func withConnection<Value: Sendable>(_ body: (ServerConnection) async throws -> sending Value) async throws
        -> Value
    {
        let current = try await self.current()
        do {
            return try await current.client.withConnection { connection in
                try await body(ServerConnection(connection, watch: watch, generation: current.generation))
            }
        } catch {
            if Self.meansServerLost(error) { lost(current.generation) }
            throw error
        }
    }

    /// Runs `body` in a transaction on the writable server.
    func withTransaction<Value: Sendable>(
        logger: Logger, _ body: (ServerConnection) async throws -> sending Value
    ) async throws -> Value {
        try await withConnection { connection in try await connection.withTransaction(logger: logger, body) }
    }

    /// Whether `connection` is of the pool in use: after a failover, a connection kept from before is to a
    /// server that is no longer the primary (the HL7 sender's turn ends with it).
    func isCurrent(_ connection: ServerConnection) -> Bool {
        state.withLock { $0.current?.generation == connection.generation }
    }

    /// The servers have answered: requests waiting for them go on.
    private func answered() {
        let waiting = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.searching = false
            defer { state.waiting = [] }
            return state.waiting
        }
        for request in waiting { request.resume() }
    }

    /// The pool in use; while the servers are being asked (at start, after a loss), a request waits for their
    /// answer instead of failing at once.
    private func current() async throws(StoreError) -> Current {
        let waited = state.withLock { $0.current == nil && $0.searching }
        if waited {
            await withCheckedContinuation { (request: CheckedContinuation<Void, Never>) in
                let now = state.withLock { state -> Bool in
                    guard state.current == nil, state.searching else { return true }
                    state.waiting.append(request)
                    return false
                }
                if now { request.resume() }
            }
        }
        guard let current = state.withLock({ $0.current }) else {
            let tried = endpoints.map(\.description).joined(separator: ", ")
            throw StoreError(.unavailable, at: location, "no server accepts writes now (tried \(tried))")
        }
        return current
    }

    /// A request found the pool `generation` broken: the supervisor drops it and asks the servers again.
    private func lost(_ generation: Int) {
        guard endpoints.count > 1 else { return }
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            guard state.current?.generation == generation else { return nil }
            state.lost = generation
            defer { state.wake = nil }
            return state.wake
        }
        waiter?.resume()
    }

    /// Returns once pool `generation` was reported lost, or when cancelled.
    private func untilLost(_ generation: Int) async {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (wake: CheckedContinuation<Void, Never>) in
                let now = state.withLock { state -> Bool in
                    if state.lost == generation || Task.isCancelled { return true }
                    state.wake = wake
                    return false
                }
                if now { wake.resume() }
            }
        } onCancel: {
            state.withLock { state -> CheckedContinuation<Void, Never>? in
                defer { state.wake = nil }
                return state.wake
            }?.resume()
        }
    }

    /// Returns when `endpoint` has twice in a row not accepted writes, asked every two seconds: a dead primary
    /// leaves a pool's requests waiting for a connection rather than failing, and a demoted one answers reads.
    private func whileWritable(_ endpoint: PostgresStoreConfiguration.Endpoint) async {
        var refusals = 0
        while !Task.isCancelled, refusals < 2 {
            guard (try? await Task.sleep(for: .seconds(2))) != nil else { return }
            refusals = await acceptsWrites(endpoint) ? 0 : refusals + 1
        }
    }

    /// Whether `error` says the server is gone or no longer takes writes, rather than refusing one request.
    static func meansServerLost(_ error: any Error) -> Bool {
        if error is ServerConnection.Lost { return true }
        guard let psql = error as? PSQLError else { return false }
        switch psql.code {
        case .connectionError, .serverClosedConnection, .uncleanShutdown, .poolClosed: return true
        case .server:
            let state = psql.serverInfo?[.sqlState] ?? ""
            // read_only_sql_transaction, the shutdowns and "cannot connect now", connection exceptions.
            return state == "25006" || state.hasPrefix("57P") || state.hasPrefix("08")
        default: return false
        }
    }

    /// 100 ms doubling to 5 s.
    static func backoff(_ attempts: Int) -> Duration {
        .milliseconds(min(100 << min(attempts - 1, 6), 5000))
    }
}
