import Foundation
import Store

/// What a page of the session list shows: the rows in the facility's zone,
/// the filters as the form shows them, and the links to the pages beside.
struct SessionListPage {
    /// A session's row.
    struct Row {
        var id: String
        var opened: String
        var console: String
        var kind: String
        var outcome: String
        var shots: String
        var beam: String
        var complete: Bool
        var warnings: [String]
        var signed: Bool

        init(_ summary: SessionSummary, zone: TimeZone) {
            id = summary.id
            opened = Formats.time(summary.openedAt, in: zone)
            console = summary.console
            kind = summary.kind?.rawValue ?? "unknown"
            outcome = summary.outcome?.rawValue ?? ""
            shots = "\(summary.shotsDelivered)/\(summary.shotsPlanned.map(String.init) ?? "?")"
            beam = Formats.minutes(summary.deliveredMs)
            complete = summary.recordComplete
            warnings = summary.warnings
            signed = summary.signed
        }
    }

    /// The filter form as it was submitted.
    struct Filters {
        var console: String?
        var from: String?
        var to: String?
        var flagged: Bool
        var unsigned: Bool
    }

    /// A choice of session kind in the filter form.
    struct KindChoice {
        var name: String
        var selected: Bool
    }

    var rows: [Row]
    var filters: Filters
    var kinds: [KindChoice]
    var page: Int
    var previous: String?
    var next: String?
}
