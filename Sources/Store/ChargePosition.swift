import ChargeCapture
import Foundation

/// A charge's place in the listing order of billing-interfaces.md 1.1: last change time (to the millisecond
/// the charge shows), then id. A page ends at one; the next starts just after it, so charges changed in the
/// same instant (one ack of 150 ids) are neither repeated nor skipped at a page boundary.
public struct ChargePosition: Sendable, Hashable {
    /// The last change, in whole milliseconds since 1970: what the charge's `updated_at` says.
    public var updatedMillis: Int64
    /// The charge id.
    public var id: String

    /// The place of `charge`.
    public init(of charge: Charge) {
        self.init(updatedMillis: Self.millis(charge.updatedAt), id: charge.id)
    }

    /// A place.
    public init(updatedMillis: Int64, id: String) {
        self.updatedMillis = updatedMillis
        self.id = id
    }

    /// The listing column's value for a change at `date`: whole milliseconds, as the charge shows it, so a place
    /// read off a charge is exactly a place in the table.
    public static func column(_ date: Date) -> Double { Double(millis(date)) / 1000 }

    /// `date` in whole milliseconds, rounded as RFC 3339 times are written.
    static func millis(_ date: Date) -> Int64 {
        let value = (date.timeIntervalSince1970 * 1000).rounded()
        return value.isFinite && abs(value) < 9e15 ? Int64(value) : 0
    }

    /// The column bounds of this place's millisecond: a row's column lies within half a millisecond of it.
    public var columnBounds: (lower: Double, upper: Double) {
        ((Double(updatedMillis) - 0.5) / 1000, (Double(updatedMillis) + 0.5) / 1000)
    }
}
