import ConsoleRecords
import DeliveryLog
import Foundation

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
    /// A summary from its parts (a store's row).
    public init(
        id: String, console: String, number: UInt32, kind: SessionKind?, outcome: SessionOutcome?, openedAt: Date?,
        closedAt: Date?, final: Bool, recordComplete: Bool, shotsDelivered: Int, shotsPlanned: Int?,
        deliveredMs: Int64, plannedMs: Int64?, warnings: [String], signed: Bool
    ) {
        self.id = id
        self.console = console
        self.number = number
        self.kind = kind
        self.outcome = outcome
        self.openedAt = openedAt
        self.closedAt = closedAt
        self.final = final
        self.recordComplete = recordComplete
        self.shotsDelivered = shotsDelivered
        self.shotsPlanned = shotsPlanned
        self.deliveredMs = deliveredMs
        self.plannedMs = plannedMs
        self.warnings = warnings
        self.signed = signed
    }

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
}
