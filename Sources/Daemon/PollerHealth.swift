import Console
import DeliveryLog
import Foundation
import Synchronization

/// What one poller has done, for /healthz and /metrics: counters and the
/// time of the last good read.
public final class PollerHealth: Sendable {
    /// A copy of the counters.
    public struct Snapshot: Sendable, Hashable {
        /// Polls that succeeded.
        public var polls = 0
        /// Failed polls by kind.
        public var errors: [String: Int] = [:]
        /// Events stored.
        public var events = 0
        /// Gaps stored.
        public var gaps = 0
        /// Sessions finalized.
        public var sessions = 0
        /// When the last good read was.
        public var lastGoodRead: Date?
    }

    /// The console.
    public let console: String
    /// When the poller was made.
    public let started = Date()
    private let state = Mutex(Snapshot())

    /// Health of the poller of `console`.
    public init(console: String) { self.console = console }

    /// The counters now.
    public var snapshot: Snapshot { state.withLock { $0 } }

    /// Counts a failed poll of `kind`.
    public func recordFailure(_ kind: String) {
        state.withLock { $0.errors[kind, default: 0] += 1 }
    }

    /// Counts a good poll and what it brought.
    public func recordGoodRead(poll: ConsolePoll, changes: DeliveryLog.Changes) {
        state.withLock {
            $0.polls += 1
            $0.lastGoodRead = Date()
            for record in poll.records {
                if case .event = record { $0.events += 1 }
                if case .gap = record { $0.gaps += 1 }
            }
            $0.sessions += changes.finalized.count
        }
    }
}
