import Console
import ConsoleRecords
import DeliveryLog
import Foundation
import Metrics
import Synchronization

/// What one poller has done: the time of its last good read for /healthz,
/// and its counters and poll durations through swift-metrics, labelled
/// with the console's name.
public final class PollerHealth: Sendable {
    /// The console.
    public let console: String
    /// Past this without a good read, the console is stale.
    public let staleAfter: Duration
    /// When the poller was made.
    public let started: Date
    private let lastRead = Mutex<Date?>(nil)
    private let polls: Counter
    private let events: Counter
    private let gaps: Counter
    private let sessions: Counter
    private let pollDuration: Metrics.Timer
    private let lastGoodReadGauge: Gauge
    private let now: @Sendable () -> Date

    /// Health of the poller of `console`, stale after `staleAfter` without a good read.
    public init(console: String, staleAfter: Duration = .seconds(30), now: @escaping @Sendable () -> Date = Date.init) {
        self.console = console
        self.staleAfter = staleAfter
        self.now = now
        self.started = now()
        let label = [("console", console)]
        polls = Counter(label: "gammalog_polls_total", dimensions: label)
        events = Counter(label: "gammalog_events_total", dimensions: label)
        gaps = Counter(label: "gammalog_gaps_total", dimensions: label)
        sessions = Counter(label: "gammalog_sessions_total", dimensions: label)
        pollDuration = Metrics.Timer(label: "gammalog_poll_duration_seconds", dimensions: label)
        lastGoodReadGauge = Gauge(label: "gammalog_last_good_read_timestamp_seconds", dimensions: label)
    }

    /// When the last good read was, nil before the first.
    public var lastGoodRead: Date? { lastRead.withLock { $0 } }

    /// Counts a failed poll of `kind`.
    public func recordFailure(_ kind: String) {
        Counter(label: "gammalog_poll_errors_total", dimensions: [("console", console), ("kind", kind)]).increment()
    }

    /// Counts a good poll, what it brought and how long it took.
    public func recordGoodRead(poll: ConsolePoll, changes: DeliveryLog.Changes, took duration: Duration) {
        let time = now()
        lastRead.withLock { $0 = time }
        polls.increment()
        pollDuration.record(duration: duration)
        lastGoodReadGauge.record(time.timeIntervalSince1970)
        var eventCount = 0
        var gapCount = 0
        for record in poll.records {
            if case .event = record { eventCount += 1 }
            if case .gap = record { gapCount += 1 }
        }
        if eventCount > 0 { events.increment(by: eventCount) }
        if gapCount > 0 { gaps.increment(by: gapCount) }
        if !changes.finalized.isEmpty { sessions.increment(by: changes.finalized.count) }
    }
}
