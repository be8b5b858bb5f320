import ConsoleRecords
import Foundation
import GRDB
import Store

extension SessionSummary {
    /// A summary from a row of the SQLite store's sessions table.
    init(row: Row) {
        self.init(
            id: row["id"], console: row["console"], number: UInt32(truncatingIfNeeded: row["number"] as Int64),
            kind: (row["kind"] as String?).flatMap(SessionKind.init(rawValue:)),
            outcome: SessionOutcome(rawValue: row["outcome"]),
            openedAt: (row["opened_at"] as Double?).map(Date.init(timeIntervalSince1970:)),
            closedAt: (row["closed_at"] as Double?).map(Date.init(timeIntervalSince1970:)), final: row["final"],
            recordComplete: row["record_complete"], shotsDelivered: row["shots_delivered"],
            shotsPlanned: row["shots_planned"], deliveredMs: row["delivered_ms"], plannedMs: row["planned_ms"],
            warnings: (row["warnings"] as String).split(separator: ",").map(String.init), signed: row["signed"] ?? false
        )
    }
}
