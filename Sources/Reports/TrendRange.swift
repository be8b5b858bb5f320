import ChargeCapture
import Foundation

/// The range a trend or report covers, from the query's `from` and `to`
/// (calendar days in the facility's zone, both included): the last twelve
/// months to today when absent.
public struct TrendRange: Sendable, Hashable {
    /// The start of `from`.
    public var start: Date
    /// The end of `to` (exclusive).
    public var end: Date

    /// The range of `from`…`to` in `zone` at `now`; throws a message naming the parameter when one is not a
    /// date or the range is empty or longer than 20 years.
    public init(from: String?, to: String?, zone: TimeZone, now: Date) throws(TrendRangeError) {
        func day(_ text: String?, _ name: String) throws(TrendRangeError) -> (start: Date, end: Date)? {
            guard let text, !text.isEmpty else { return nil }
            guard let interval = Reconciliation.interval(of: text, in: zone) else {
                throw TrendRangeError(message: "\(name): '\(text)' is not a calendar date YYYY-MM-DD")
            }
            return (interval.start, interval.end)
        }
        let today = Reconciliation.interval(of: ChargeRules.localDate(now, in: zone), in: zone)
        end = try day(to, "to")?.end ?? today?.end ?? now
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        start = try day(from, "from")?.start ?? calendar.date(byAdding: .year, value: -1, to: end) ?? end
        guard start < end else { throw TrendRangeError(message: "from: after to") }
        guard end.timeIntervalSince(start) <= 20 * 366 * 86_400 else {
            throw TrendRangeError(message: "from: a range of at most 20 years")
        }
    }
}

/// A trend range that cannot be read, with the parameter named.
public struct TrendRangeError: Error, Sendable, CustomStringConvertible {
    /// What is wrong.
    public var message: String

    public var description: String { message }
}
