import ChargeCapture
import Foundation
import Store

/// The denial-risk view of a month (diagnoses.md): the charges of its service dates held and released, by hold
/// reason and payer, and the median time from service to ready (charge lag). Pure over the charges and their
/// histories; ``load(month:from:at:)`` reads them.
public struct DenialRisk: Sendable, Hashable {
    /// One hold reason under one payer.
    public struct Row: Sendable, Hashable {
        /// The hold reason (`medical_necessity`…).
        public var reason: String
        /// The primary payer's name, or `no coverage on file`.
        public var payer: String
        /// Charges ever held for it.
        public var held: Int
        /// Of those, the ones that went out since (ready, claimed, exported or pending review).
        public var released: Int
        /// Of those, the ones still held for it.
        public var stillHeld: Int
    }

    /// The month, `YYYY-MM`.
    public var month: String
    /// Charges of the month's service dates.
    public var charges: Int
    /// The rows, most held first.
    public var rows: [Row]
    /// The median hours from the session's close to the charge becoming ready; nil when none became ready.
    public var medianLagHours: Double?

    /// The view of `charges` (those of `month`'s service dates) with their `histories` by charge id.
    public init(month: String, charges: [Charge], histories: [String: [ChargeHistoryEntry]]) {
        self.month = month
        self.charges = charges.count
        var rows: [String: Row] = [:]
        var lags: [Double] = []
        for charge in charges where charge.kind == .charge {
            let payer = charge.coverage?.payerName ?? charge.coverage?.payer ?? "no coverage on file"
            let mentioned = (histories[charge.id] ?? []).compactMap(\.reason).joined(separator: " ")
            let out = [.ready, .claimed, .exported, .pendingReview].contains(charge.status)
            for reason in ChargeDecision.HoldReason.allCases
            where charge.holdReasons.contains(reason) || mentioned.contains(reason.rawValue) {
                let key = reason.rawValue + "|" + payer
                var row = rows[key] ?? Row(reason: reason.rawValue, payer: payer, held: 0, released: 0, stillHeld: 0)
                row.held += 1
                if charge.holdReasons.contains(reason) && charge.status == .held { row.stillHeld += 1 }
                if out && !charge.holdReasons.contains(reason) { row.released += 1 }
                rows[key] = row
            }
            if let ready = charge.readyAt, let closed = charge.record.closedAt, ready >= closed {
                lags.append(ready.timeIntervalSince(closed) / 3600)
            }
        }
        self.rows = rows.values.sorted { ($1.held, $0.reason, $0.payer) < ($0.held, $1.reason, $1.payer) }
        lags.sort()
        medianLagHours =
            lags.isEmpty
            ? nil : lags.count % 2 == 1 ? lags[lags.count / 2] : (lags[lags.count / 2 - 1] + lags[lags.count / 2]) / 2
    }

    /// The view of `month` (`YYYY-MM`, the facility's, in `zone`) from `store`: the charges whose service date
    /// falls in it, read page by page from the month's start (none was made before its session), and their
    /// histories; only those of `sessions` when given (one console's month). Nil when `month` is not a month.
    public static func load(
        month: String, from store: any GammaLogStore, zone: TimeZone, sessions: Set<String>? = nil, at now: Date
    ) async throws -> DenialRisk? {
        guard let range = Trend.interval(ofMonth: month, in: zone) else { return nil }
        var charges: [Charge] = []
        var query = ChargeQuery(since: range.start, limit: 1000)
        while true {
            let page = try await store.charges(query, at: now)
            charges += page.filter {
                $0.serviceDate?.hasPrefix(month + "-") == true && (sessions?.contains($0.sessionID) ?? true)
            }
            guard page.count == query.limit, let last = page.last else { break }
            query.after = ChargePosition(of: last)
        }
        var histories: [String: [ChargeHistoryEntry]] = [:]
        // A charge that was ready when it was made was never held: its history says nothing more.
        for charge in charges where charge.readyAt != charge.createdAt {
            histories[charge.id] = try await store.history(ofCharge: charge.id)
        }
        return DenialRisk(month: month, charges: charges, histories: histories)
    }
}
