import Foundation
import PostgresNIO
import Store
import TestSupport
import Testing

@testable import PostgresStore

/// postgres-nio 1.33 drops a statement handed to a connection whose server has gone, and its caller would wait
/// for ever: the store's statements answer with ``ServerConnection/Lost`` instead, and one the server does not
/// answer in time closes its connection, ending the session's locks with it.
@Suite(.serialized, .timeLimit(.minutes(1))) struct ServerConnectionTests {
    func connection() async throws -> ServerConnection {
        let store = try PostgresStore(configuration: try PostgresServer.configuration(database: "postgres"))
        return try await store.connect()
    }

    func backend(_ connection: ServerConnection) async throws -> Int32 {
        try #require(
            try await connection.query("SELECT pg_backend_pid()", logger: Logger(label: "test")).collect().first?
                .decode(Int32.self))
    }

    func serverEnds(_ pid: Int32) throws {
        let ended = try PostgresServer.psql("postgres", "SELECT pg_terminate_backend(\(pid))")
        #expect(ended.output == "t", "\(ended)")
    }

    @Test func aStatementSentAfterTheServerClosedTheConnectionFailsInsteadOfWaitingForEver() async throws {
        let connection = try await connection()
        try serverEnds(try await backend(connection))
        for _ in 0..<100 where !connection.raw.isClosed { try await Task.sleep(for: .milliseconds(50)) }
        #expect(connection.raw.isClosed)
        // Past the closed-connection check, as a statement racing the close would be: postgres-nio drops it.
        let raw = connection.raw
        let started = ContinuousClock.now
        await #expect(throws: ServerConnection.Lost.self) {
            try await connection.watch.answer(on: raw, deadline: nil) {
                try await raw.query("SELECT 1", logger: Logger(label: "test"))
            }
        }
        #expect(ContinuousClock.now - started < .seconds(2))
        await #expect(throws: ServerConnection.Lost.self) {
            try await connection.query("SELECT 1", logger: Logger(label: "test"))
        }
    }

    @Test func aStatementWaitingWhenTheServerClosesTheConnectionFails() async throws {
        let connection = try await connection()
        let pid = try await backend(connection)
        let sleeping = Task {
            _ = try await connection.query("SELECT pg_sleep(30)", logger: Logger(label: "test")).collect()
        }
        try await Task.sleep(for: .milliseconds(300))
        try serverEnds(pid)
        await #expect(throws: (any Error).self) { try await sleeping.value }
    }

    @Test func aStatementUnansweredInTimeFailsAndItsSessionEndsWithItsLocks() async throws {
        let connection = try await connection()
        let pid = try await backend(connection)
        try await connection.query("SELECT pg_advisory_lock(4711)", logger: Logger(label: "test"))
        // A server notices a client gone mid-statement only when told to look (else when the statement ends).
        try await connection.query("SET client_connection_check_interval = '100ms'", logger: Logger(label: "test"))
        let started = ContinuousClock.now
        await #expect(throws: ServerConnection.Lost.self) {
            try await connection.query(
                "SELECT pg_sleep(30)", logger: Logger(label: "test"), deadline: .milliseconds(300))
        }
        #expect(ContinuousClock.now - started < .seconds(2))
        var gone = false
        for _ in 0..<100 where !gone {
            gone =
                try PostgresServer.psql("postgres", "SELECT count(*) FROM pg_stat_activity WHERE pid = \(pid)").output
                == "0"
            if !gone { try await Task.sleep(for: .milliseconds(50)) }
        }
        #expect(gone, "the session ended")
        let other = try await self.connection()
        let free = try await other.query("SELECT pg_try_advisory_lock(4711)", logger: Logger(label: "test")).collect()
            .first?.decode(Bool.self)
        #expect(free == true, "the lock ended with the session")
        try await other.close()
    }
}
