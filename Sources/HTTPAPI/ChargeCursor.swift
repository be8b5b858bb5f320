import ChargeCapture
import Store

/// The charge list's paging cursor (billing-interfaces.md 1.1): the place of a page's last charge, as an opaque
/// token `c1.<milliseconds>.<id>`. Asked with the same status, the next page continues exactly after it; a token
/// of another shape is refused.
struct ChargeCursor: Sendable, Hashable {
    /// Where the page ended.
    var position: ChargePosition

    /// The cursor after `position`.
    init(position: ChargePosition) { self.position = position }

    /// The cursor `text` says, nil when this daemon could not have made it.
    init?(_ text: String) {
        let parts = text.split(separator: ".", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "c1", parts[1].count <= 16, let millis = Int64(parts[1]), millis >= 0,
            !parts[2].isEmpty, RouteValues.isRecordID(String(parts[2]))
        else { return nil }
        position = ChargePosition(updatedMillis: millis, id: String(parts[2]))
    }

    /// The token.
    var text: String { "c1.\(position.updatedMillis).\(position.id)" }
}
