import ChargeCapture
import ConsoleRecords
import DeliveryLog
import Foundation

/// Where the daemon keeps what it records. SQLite is the embedded default; a
/// PostgreSQL store for multi-site deployments implements the same protocol
/// without touching the domain code.
public protocol DeliveryStore: Sendable {
    /// The reader state of console `name`: its cursor and delivery log, or nil before first contact.
    func readerState(console name: String) async throws(StoreError) -> ReaderState?

    /// Stores one poll atomically: its records (appended to the hash chain),
    /// the sessions it changed, the reader state that covers them, and the
    /// charge of each session that became final. Returns the charges created and the console's new head.
    @discardableResult
    func commit(_ batch: PollBatch) async throws(StoreError) -> PollCommit

    /// Sessions matching `query`, newest first.
    func sessions(_ query: SessionQuery) async throws(StoreError) -> [DeliverySession]

    /// The same sessions as ``sessions(_:)``, summarised for lists: no shots, no events.
    func summaries(_ query: SessionQuery) async throws(StoreError) -> [SessionSummary]

    /// One session by id.
    func session(id: String) async throws(StoreError) -> DeliverySession?

    /// The journal records stored for a session, in order.
    func records(forSession id: String) async throws(StoreError) -> [StoredRecord]

    /// Proves the store takes writes now (for /healthz), writing nothing that stays.
    func probeWrite() async throws(StoreError)

    /// The metrics of the final sessions of `console` (any when nil) opened in `from..<to`, oldest first.
    func metrics(console: String?, from: Date?, to: Date?) async throws(StoreError) -> [SessionMetrics]

    /// Walks the journal's chain (naming the first broken link), each console's sealed head against the
    /// journal's end and against `anchor` (the heads of the anchor file, when there is one), and the seals of
    /// sessions, charges and their histories (``ChainWalk``).
    func verify(anchor: [String: ChainHead]) async throws(StoreError) -> ChainVerification
}

extension DeliveryStore {
    /// ``verify(anchor:)`` without an anchor file.
    public func verify() async throws(StoreError) -> ChainVerification { try await verify(anchor: [:]) }
}

/// Everything the daemon keeps: delivery records and the charge queue.
public typealias GammaLogStore = DeliveryStore & ChargeStore & ReviewStore & CoverageStore & AccessLogStore

/// A console reader's durable state.
public struct ReaderState: Sendable, Hashable, Codable {
    /// How far the journal has been read.
    public var cursor: JournalCursor
    /// The sessions still open, and what the log knows.
    public var log: DeliveryLog

    /// A state from its parts.
    public init(cursor: JournalCursor, log: DeliveryLog) {
        self.cursor = cursor
        self.log = log
    }
}

/// One poll's worth of writes, committed together.
public struct PollBatch: Sendable {
    /// The console's name in configuration.
    public var console: String
    /// What the poll returned.
    public var records: [JournalRecord]
    /// The reader state after applying them.
    public var state: ReaderState
    /// Sessions to write: updated and finalized.
    public var sessions: [DeliverySession]
    /// When the daemon received them.
    public var receivedAt: Date

    /// A batch from its parts.
    public init(
        console: String, records: [JournalRecord], state: ReaderState, sessions: [DeliverySession], receivedAt: Date
    ) {
        self.console = console
        self.records = records
        self.state = state
        self.sessions = sessions
        self.receivedAt = receivedAt
    }
}

extension PollBatch {
    /// What every store writes of the batch: its records as journal entries, and the canonical bodies of the
    /// reader state and of each session. A failure names `location`.
    public func encoded(at location: String) throws(StoreError) -> (
        entries: [JournalEntry], state: String, sessions: [(DeliverySession, String)]
    ) {
        do {
            return (
                try records.map(JournalEntry.init), try HashChain.canonical(state),
                try sessions.map { ($0, try HashChain.canonical($0)) }
            )
        } catch {
            throw StoreError(.writeFailed, at: location, "cannot encode: \(error)")
        }
    }
}

/// What a committed poll made: the charges it created, and the console's chain head when the poll added
/// keyed links (for the ``ChainAnchor``).
public struct PollCommit: Sendable {
    /// Charges created.
    public var charges: [Charge]
    /// The console's last link, when the poll added keyed links.
    public var head: ChainHead?

    /// A commit's outcome.
    public init(charges: [Charge], head: ChainHead?) {
        self.charges = charges
        self.head = head
    }
}

/// A filter over sessions.
public struct SessionQuery: Sendable, Hashable {
    /// Opened at or after.
    public var since: Date?
    /// Console name.
    public var console: String?
    /// Only sessions with a warning or alert flag, or an incomplete record.
    public var flagged = false
    /// At most this many (1–1000).
    public var limit = 100
    /// Opened before.
    public var until: Date?
    /// Only sessions no physicist has signed.
    public var unsigned = false
    /// Only this kind.
    public var kind: SessionKind?
    /// Skip this many (paging).
    public var offset = 0
    /// Only this patient's sessions (a course).
    public var patient: String?

    /// A query; everything by default, 100 at most.
    public init(
        since: Date? = nil, console: String? = nil, flagged: Bool = false, limit: Int = 100, until: Date? = nil,
        unsigned: Bool = false, kind: SessionKind? = nil, offset: Int = 0
    ) {
        self.since = since
        self.console = console
        self.flagged = flagged
        self.limit = min(max(limit, 1), 1000)
        self.until = until
        self.unsigned = unsigned
        self.kind = kind
        self.offset = max(offset, 0)
    }
}

/// A journal record as stored, with its place in the chain.
public struct StoredRecord: Sendable, Hashable {
    /// Row id: the order of the chain.
    public var id: Int64
    /// Console name.
    public var console: String
    /// `event`, `gap`, `session` or `identity`.
    public var kind: String
    /// The canonical JSON of the record.
    public var body: String
    /// The previous link's hash.
    public var previousHash: String
    /// This link's hash.
    public var hash: String

    /// A record as read back.
    public init(id: Int64, console: String, kind: String, body: String, previousHash: String, hash: String) {
        self.id = id
        self.console = console
        self.kind = kind
        self.body = body
        self.previousHash = previousHash
        self.hash = hash
    }
}

/// What walking the chain found.
public struct ChainVerification: Sendable, Hashable {
    /// Links checked.
    public var checked: Int
    /// The first broken link, or nil when the chain holds.
    public var firstBroken: BrokenLink?
    /// Everything found that GammaLog did not write, the broken link among it.
    public var problems: [IntegrityProblem]

    /// Whether everything holds.
    public var holds: Bool { firstBroken == nil && problems.isEmpty }

    /// What a walk found.
    public init(checked: Int, firstBroken: BrokenLink?, problems: [IntegrityProblem] = []) {
        self.checked = checked
        self.firstBroken = firstBroken
        self.problems = problems
    }
}

/// A link of the chain that does not hold.
public struct BrokenLink: Sendable, Hashable {
    /// Its journal row id.
    public var id: Int64
    /// What is wrong with it.
    public var reason: String

    /// A broken link.
    public init(id: Int64, reason: String) {
        self.id = id
        self.reason = reason
    }
}
