import Foundation
import Synchronization

/// The page sign-ins this daemon has open. A signed cookie alone would stay good until it expires, whoever
/// kept a copy; here sign-out and an idle time end it on the server (HIPAA's automatic log-off), so the copy
/// is worth nothing after. Kept in memory: a restart of the daemon signs everyone out.
final class PageSessions: Sendable {
    /// How long a sign-in lasts without a request.
    let idleTimeout: Duration
    /// Open sign-ins by cookie value, with the time of their last request.
    private let lastSeen = Mutex<[String: Date]>([:])

    /// Sign-ins ending after `idleTimeout` without a request.
    init(idleTimeout: Duration) { self.idleTimeout = idleTimeout }

    /// Opens the sign-in of cookie `value`, forgetting those gone idle.
    func begin(_ value: String, at now: Date) {
        let limit = idleSeconds
        lastSeen.withLock { open in
            open = open.filter { now.timeIntervalSince($0.value) <= limit }
            open[value] = now
        }
    }

    /// Whether cookie `value` is an open sign-in that has not gone idle; counts this request as activity.
    func touch(_ value: String, at now: Date) -> Bool {
        let limit = idleSeconds
        return lastSeen.withLock { open in
            guard let seen = open[value] else { return false }
            guard now.timeIntervalSince(seen) <= limit else {
                open[value] = nil
                return false
            }
            open[value] = now
            return true
        }
    }

    /// Ends the sign-in of cookie `value`.
    func end(_ value: String) { _ = lastSeen.withLock { $0.removeValue(forKey: value) } }

    private var idleSeconds: Double {
        Double(idleTimeout.components.seconds) + Double(idleTimeout.components.attoseconds) / 1e18
    }
}
