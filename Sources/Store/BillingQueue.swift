import ChargeCapture
import Foundation

/// The billing queue: what billing systems read, claim under a lease and acknowledge, and a charge's history.
/// Every action is one transaction; a refused action (``ChargeError``) changes nothing. Failures of the store
/// itself are ``StoreError``.
public protocol BillingQueue: Sendable {
    /// Charges matching `query`, oldest change first.
    func charges(_ query: ChargeQuery, at now: Date) async throws -> [Charge]

    /// One charge by id, as of `now` (a lapsed lease shows as ready).
    func charge(id: String, at now: Date) async throws -> Charge?

    /// Which of the sessions `ids` have a charge (a charge's id is its session's id).
    func charged(sessions ids: [String]) async throws -> Set<String>

    /// How many charges and credits are in each status now (a lapsed lease counts as ready).
    func chargeCounts(at now: Date) async throws -> [Charge.Status: Int]

    /// A charge's history, oldest first.
    func history(ofCharge id: String) async throws -> [ChargeHistoryEntry]

    /// Up to `max` ready charges, oldest ready first, claimed under a new lease for `consumer` (the name the
    /// client wrote) by `actor` (the authenticated caller).
    func claim(consumer: String, by actor: String, max: Int, leaseSeconds: Int, at now: Date) async throws
        -> ChargeClaim

    /// The charges `ids`, held by `lease`, become exported; all or none.
    func ack(lease: String, ids: [String], by actor: String, at now: Date) async throws

    /// The charges `ids`, held by `lease`, are ready again; all or none.
    func nack(lease: String, ids: [String], reason: String, by actor: String, at now: Date) async throws
}

/// A filter over charges.
public struct ChargeQuery: Sendable, Hashable {
    /// Only charges in this status (as of now: a lapsed lease counts as ready).
    public var status: Charge.Status?
    /// Changed at or after.
    public var since: Date?
    /// Only charges after this place in the listing order (a page's last charge).
    public var after: ChargePosition?
    /// At most this many (1–1001: a caller asks one more than it shows to know whether more match).
    public var limit: Int

    /// A query; 100 at most by default.
    public init(status: Charge.Status? = nil, since: Date? = nil, after: ChargePosition? = nil, limit: Int = 100) {
        self.status = status
        self.since = since
        self.after = after
        self.limit = min(max(limit, 1), 1001)
    }
}

/// What a claim returned.
public struct ChargeClaim: Sendable, Hashable {
    /// The lease token.
    public var lease: String
    /// When the lease lapses.
    public var expiresAt: Date
    /// The charges now held by the lease.
    public var charges: [Charge]

    /// A claim's result.
    public init(lease: String, expiresAt: Date, charges: [Charge]) {
        self.lease = lease
        self.expiresAt = expiresAt
        self.charges = charges
    }
}

extension Charge {
    /// The charge as a reader sees it at `now`: a lapsed lease shows as ready with no lease.
    public func shown(at now: Date) -> Charge {
        var shown = self
        if status(at: now) != status {
            shown.status = status(at: now)
            shown.lease = nil
        }
        return shown
    }
}
