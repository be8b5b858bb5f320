import Foundation

/// The denial-risk card of the worklist and the monthly report: a table and a bar plot of the charges held and
/// released by hold reason and payer over the month, with the charge lag.
struct DenialRiskPage {
    /// One row, with its bars.
    struct Row {
        var reason: String
        var payer: String
        var held: Int
        var released: Int
        var stillHeld: Int
        /// The bars' top, and their widths out of 600.
        var y: Int
        var textY: Int
        var heldWidth: Int
        var releasedWidth: Int
    }

    var month: String
    var charges: Int
    /// The median charge lag, `3.2 h`, or `-`.
    var lag: String
    var rows: [Row]
    var empty: Bool
    /// The plot's height.
    var height: Int

    init(_ risk: DenialRisk) {
        month = risk.month
        charges = risk.charges
        lag = risk.medianLagHours.map { String(format: "%.1f h", $0) } ?? "-"
        let most = max(risk.rows.map(\.held).max() ?? 1, 1)
        rows = risk.rows.enumerated().map { index, row in
            Row(
                reason: row.reason, payer: row.payer, held: row.held, released: row.released, stillHeld: row.stillHeld,
                y: 10 + index * 30, textY: 25 + index * 30, heldWidth: row.held * 600 / most,
                releasedWidth: row.released * 600 / most)
        }
        empty = rows.isEmpty
        height = 20 + rows.count * 30
    }
}
