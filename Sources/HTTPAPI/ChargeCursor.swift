import ChargeCapture
import Store

/// The charge list's paging cursor (billing-interfaces.md 1.1): the status it lists and the place of the page's
/// last charge, as an opaque token `c1.<status or ->.<milliseconds>.<id>`. A token of another shape is refused.
struct ChargeCursor: Sendable, Hashable {
    /// The status the listing was asked with, nil for all.
    var status: Charge.Status?
    /// Where the page ended.
    var position: ChargePosition

    /// The cursor after `position` of a listing of `status`.
    init(status: Charge.Status?, position: ChargePosition) {
        self.status = status
        self.position = position
    }

    /// The cursor `text` says, nil when this daemon could not have made it.
    init?(_ text: String) {
        let parts = text.split(separator: ".", maxSplits: 3, omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0] == "c1", let millis = Int64(parts[2]), millis >= 0,
            APIServer.isRecordID(String(parts[3])), !parts[3].isEmpty
        else { return nil }
        if parts[1] == "-" {
            status = nil
        } else if let named = Charge.Status(rawValue: String(parts[1])) {
            status = named
        } else {
            return nil
        }
        position = ChargePosition(updatedMillis: millis, id: String(parts[3]))
    }

    /// The token.
    var text: String { "c1.\(status?.rawValue ?? "-").\(position.updatedMillis).\(position.id)" }
}
