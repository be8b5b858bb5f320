import ConsoleRecords
import Foundation

/// Rebuilds delivery sessions from one console's journal records: a value
/// with no I/O. Each call applies one poll's records and says which sessions
/// changed and which are final, so the caller can store them together with
/// the cursor. The value itself is stored too, so a restarted reader carries
/// on in the middle of a session.
public struct DeliveryLog: Sendable, Hashable, Codable {
    /// What one batch of records changed.
    public struct Changes: Sendable, Hashable {
        /// Open sessions that changed.
        public var updated: [DeliverySession] = []
        /// Sessions the log is done with, physics checks applied.
        public var finalized: [DeliverySession] = []
        /// Session numbers skipped entirely: opened and closed unseen, inside a gap (ranges, so a console
        /// that jumps by 2^32 costs no memory).
        public var unseenSessions: [ClosedRange<UInt32>] = []
        /// Gaps that hit no open session.
        public var consoleGaps: [JournalGap] = []
    }

    /// The console.
    public private(set) var console: ConsoleRef
    /// Sessions still open, oldest first.
    public private(set) var open: [DeliverySession] = []
    /// The highest session number seen.
    public private(set) var lastSession: UInt32 = 0
    /// The console's identity as last read.
    public private(set) var identity: ConsoleIdentity?
    /// Check tolerances.
    public var settings: PhysicsSettings

    /// A log for `console`.
    public init(console: ConsoleRef, settings: PhysicsSettings = PhysicsSettings()) {
        self.console = console
        self.settings = settings
    }

    /// Applies one poll's `records`. `consoleClock` is the console's clock at
    /// the poll and `now` what it should read, for the skew check; without
    /// both there is no check.
    public mutating func apply(_ records: [JournalRecord], consoleClock: Date? = nil, now: Date? = nil) -> Changes {
        var batch = Batch()
        for record in records {
            switch record {
            case .event(let event): apply(event, in: &batch)
            case .gap(let gap): apply(gap, in: &batch)
            case .session(let snapshot): apply(snapshot, in: &batch)
            case .identity(let identity):
                self.identity = identity
                console.model = identity.model
                console.serial = identity.serial
            }
        }
        closeFromBlocks(in: &batch)
        if let consoleClock, let now {
            let skew = consoleClock.timeIntervalSince(now)
            for index in open.indices where abs(skew) > abs(open[index].clockSkewSeconds ?? 0) {
                open[index].clockSkewSeconds = skew
                batch.touched.insert(open[index].number)
            }
        }
        return finish(batch)
    }

    /// Working state of one batch.
    struct Batch {
        var touched: Set<UInt32> = []
        var closed: [DeliverySession] = []
        var closedByBlock: [UInt32: (outcome: SessionOutcome, closedAt: Date?)] = [:]
        var changes = Changes()
    }

    private mutating func finish(_ batch: Batch) -> Changes {
        var changes = batch.changes
        for var session in batch.closed {
            if !session.blockRead {
                session.gaps.append(
                    RecordGap(
                        kind: "session_block_unavailable",
                        detail: "the session block was not read for this session: patient and plan unknown"))
            }
            session.final = true
            if session.calibration == nil { session.calibration = identity.flatMap(Calibration.init(identity:)) }
            session.flags += PhysicsChecks.flags(for: session, identity: identity, settings: settings)
            changes.finalized.append(session)
        }
        changes.updated = open.filter { batch.touched.contains($0.number) }
        return changes
    }

    /// Runs `body` on session `number`: an open one, one closed in this batch, or
    /// a new one (named incomplete unless `opening`). Returns false for a
    /// session finalized in an earlier batch, which is left alone.
    @discardableResult
    mutating func withSession(
        _ number: UInt32, in batch: inout Batch, opening: Bool = false, _ body: (inout DeliverySession) -> Void
    ) -> Bool {
        if let index = open.firstIndex(where: { $0.number == number }) {
            body(&open[index])
            batch.touched.insert(number)
            return true
        }
        if let index = batch.closed.firstIndex(where: { $0.number == number }) {
            body(&batch.closed[index])
            return true
        }
        guard number > lastSession || (lastSession == 0) else { return false }
        noteSessionNumber(number, in: &batch)
        var session = DeliverySession(console: console, number: number)
        // The calibration in force as the session's first record arrives.
        session.calibration = identity.flatMap(Calibration.init(identity:))
        if !opening {
            session.gaps.append(
                RecordGap(
                    kind: "session_open_not_seen",
                    detail: "events of session \(number) arrived without its session_opened event"))
        }
        body(&session)
        open.append(session)
        batch.touched.insert(number)
        return true
    }

    /// A session keeps at most this many shots, interruptions, faults, flags and gaps (``DeliverySession/hasRoom(in:_:)``).
    public static let maximumListEntries = 1000

    /// At most this many lost sessions become placeholder records in one jump of numbers.
    static let maximumPlaceholders = 1000

    /// Records `number` as seen; numbers skipped since the last one were
    /// sessions opened and closed entirely unseen.
    private mutating func noteSessionNumber(_ number: UInt32, in batch: inout Batch) {
        // Compared in 64 bits: a session number of 2^32 - 1 from the console must not overflow the check.
        if lastSession != 0 && UInt64(number) > UInt64(lastSession) + 1 {
            let unseen = (lastSession + 1)...(number - 1)
            batch.changes.unseenSessions.append(unseen)
            // Each becomes a record that says it was lost, so its charge is held, never silently missing.
            for lost in unseen.prefix(Self.maximumPlaceholders) {
                var session = DeliverySession(console: console, number: lost)
                session.gaps.append(
                    RecordGap(
                        kind: "session_not_seen",
                        detail: "session \(lost) opened and closed inside a journal gap: nothing of it was read"))
                batch.closed.append(session)
            }
        }
        lastSession = max(lastSession, number)
    }

    /// Moves an open session to the batch's closed list.
    mutating func close(_ number: UInt32, in batch: inout Batch) {
        guard let index = open.firstIndex(where: { $0.number == number }) else { return }
        batch.closed.append(open.remove(at: index))
        batch.touched.remove(number)
    }
}
