import ConsoleRecords
import DeliveryLog
import Foundation
import GRDB

/// A session as a list shows it: one row, read without decoding the record.
public struct SessionSummary: Sendable, Hashable {
    /// Session id.
    public var id: String
    /// Console name.
    public var console: String
    /// Session number.
    public var number: UInt32
    /// Kind, when known.
    public var kind: SessionKind?
    /// Outcome.
    public var outcome: SessionOutcome?
    /// Opened.
    public var openedAt: Date?
    /// Closed.
    public var closedAt: Date?
    /// Whether the log is done with it.
    public var final: Bool
    /// Whether nothing is missing from the record.
    public var recordComplete: Bool
    /// Shots delivered.
    public var shotsDelivered: Int
    /// Shots planned.
    public var shotsPlanned: Int?
    /// Delivered beam-on, ms.
    public var deliveredMs: Int64
    /// Planned beam-on, ms.
    public var plannedMs: Int64?
    /// Codes of the warning and alert flags.
    public var warnings: [String]
    /// Whether a physicist has signed it.
    public var signed: Bool

    /// The summary of `session` recorded on console `console`: what a store that keeps only the
    /// record derives, equal to what the SQLite store's columns hold.
    public init(_ session: DeliverySession, console: String, signed: Bool) {
        id = session.id
        self.console = console
        number = session.number
        kind = session.kind
        outcome = session.outcome
        openedAt = session.openedAt
        closedAt = session.closedAt
        final = session.final
        recordComplete = session.recordComplete
        shotsDelivered = session.shotsDelivered
        shotsPlanned = session.shotsPlanned
        deliveredMs = session.deliveredMs
        plannedMs = session.plannedMs
        warnings = session.flags.filter { $0.severity != .info }.map(\.code)
        self.signed = signed
    }

    init(row: Row) {
        id = row["id"]
        console = row["console"]
        number = UInt32(truncatingIfNeeded: row["number"] as Int64)
        kind = (row["kind"] as String?).flatMap(SessionKind.init(rawValue:))
        outcome = SessionOutcome(rawValue: row["outcome"])
        openedAt = (row["opened_at"] as Double?).map(Date.init(timeIntervalSince1970:))
        closedAt = (row["closed_at"] as Double?).map(Date.init(timeIntervalSince1970:))
        final = row["final"]
        recordComplete = row["record_complete"]
        shotsDelivered = row["shots_delivered"]
        shotsPlanned = row["shots_planned"]
        deliveredMs = row["delivered_ms"]
        plannedMs = row["planned_ms"]
        let text: String = row["warnings"]
        warnings = text.isEmpty ? [] : text.split(separator: ",").map(String.init)
        signed = row["signed"] ?? false
    }
}
