import Logging
import PostgresNIO
import Store
import Synchronization

/// A connection to the store's server whose statements fail when it closes, instead of waiting for ever.
///
/// postgres-nio 1.33 hands a statement to its channel without a promise: one handed over after the server
/// closed the connection and the channel let go of its handlers is dropped, and its caller waits for an answer
/// that never comes (vapor/postgres-nio#487, reverted in #501). A server dying between two statements of a
/// poll's transaction, or under the HL7 sender's lock, would then hold a poller or the sender for good, and
/// the daemon could not stop. So every statement the store sends goes through ``query(_:logger:deadline:)``:
/// the statement runs as a task of its own, and its caller has the first of the server's answer, the
/// connection closing (``Lost``) or the deadline passing. A dropped statement's task
/// stays suspended, a few hundred bytes, once per lost connection.
struct ServerConnection: Sendable {
    let raw: PostgresConnection
    let watch: Watch
    /// The pool it was leased from (``PrimaryPool``); 0 for a connection of its own.
    let generation: Int

    init(_ raw: PostgresConnection, watch: Watch, generation: Int = 0) {
        self.raw = raw
        self.watch = watch
        self.generation = generation
    }

    /// Runs `query` and returns its rows; throws when the connection closes first, or when `deadline` passes
    /// without an answer (the server may be out of reach without the connection knowing), and then closes the
    /// connection.
    @discardableResult
    func query(_ query: PostgresQuery, logger: Logger, deadline: Duration? = nil) async throws
        -> PostgresRowSequence
    {
        guard !raw.isClosed else { throw Self.closed }
        let raw = self.raw
        return try await watch.answer(on: raw, deadline: deadline) {
            try await raw.query(query, logger: logger)
        }
    }

    /// Runs `body` in one transaction: BEGIN, then COMMIT when `body` returns, ROLLBACK when it throws (its
    /// error reaches the caller as it is).
    func withTransaction<Value: Sendable>(
        logger: Logger, _ body: (ServerConnection) async throws -> sending Value
    ) async throws -> Value {
        try await query("BEGIN", logger: logger)
        let value: Value
        do {
            value = try await body(self)
        } catch {
            _ = try? await query("ROLLBACK", logger: logger)
            throw error
        }
        try await query("COMMIT", logger: logger)
        return value
    }

    /// Listens on `channel` until `consume` returns or the connection fails (postgres-nio's LISTEN fails
    /// itself when the connection is gone).
    func listen(
        on channel: String, consume: (PostgresNotificationSequence) async throws -> Void
    ) async throws {
        try await raw.listen(on: channel, consume: consume)
    }

    func close() async throws { try await raw.close() }

    /// The connection is gone, or the server did not answer in time: the statement's fate is unknown.
    struct Lost: Error, CustomStringConvertible {
        let description: String
    }

    static let closed = Lost(description: "the server closed the connection")
    static func unanswered(_ deadline: Duration) -> Lost {
        Lost(description: "the server did not answer within \(deadline)")
    }

    /// The statements waiting for an answer on each open connection, failed when their connection closes.
    final class Watch: Sendable {
        private typealias Answer = CheckedContinuation<PostgresRowSequence, any Error>
        private struct State {
            var next = 0
            /// By connection: presence means its close is watched.
            var waiting: [ObjectIdentifier: [Int: Answer]] = [:]
        }
        private let state = Mutex(State())

        init() {}

        /// The first of `statement`'s answer, `connection` closing, and `deadline`.
        func answer(
            on connection: PostgresConnection, deadline: Duration?,
            _ statement: @escaping @Sendable () async throws -> PostgresRowSequence
        ) async throws -> PostgresRowSequence {
            let key = ObjectIdentifier(connection)
            return try await withCheckedThrowingContinuation { (answer: Answer) in
                let (id, first) = state.withLock { state -> (Int, Bool) in
                    state.next &+= 1
                    let first = state.waiting[key] == nil
                    state.waiting[key, default: [:]][state.next] = answer
                    return (state.next, first)
                }
                if first {
                    // Once per connection: its close answers whatever still waits on it.
                    connection.closeFuture.whenComplete { _ in self.closed(key, connection) }
                }
                // Unanswered in time, the statement's effect is unknown (a lock taken, a row written): the
                // connection closes, so that its session ends with whatever it holds.
                let timer = deadline.map { deadline in
                    Task {
                        guard (try? await Task.sleep(for: deadline)) != nil,
                            self.resume(key, id, with: .failure(ServerConnection.unanswered(deadline)))
                        else { return }
                        try? await connection.close()
                    }
                }
                Task {
                    let result: Result<PostgresRowSequence, any Error>
                    do { result = .success(try await statement()) } catch { result = .failure(error) }
                    timer?.cancel()
                    self.resume(key, id, with: result)
                }
            }
        }

        /// Answers statement `id` with `result` unless it was answered already; returns whether this did.
        @discardableResult
        private func resume(
            _ key: ObjectIdentifier, _ id: Int, with result: Result<PostgresRowSequence, any Error>
        ) -> Bool {
            guard let answer = state.withLock({ $0.waiting[key]?.removeValue(forKey: id) }) else { return false }
            answer.resume(with: result)
            return true
        }

        /// `connection` closed: everything waiting on it fails, and it is no longer watched.
        private func closed(_ key: ObjectIdentifier, _ connection: PostgresConnection) {
            let waiting = state.withLock { $0.waiting.removeValue(forKey: key) } ?? [:]
            for answer in waiting.values { answer.resume(throwing: ServerConnection.closed) }
            withExtendedLifetime(connection) {}
        }
    }
}
