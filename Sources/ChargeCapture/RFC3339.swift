import Foundation

/// RFC 3339 times in UTC without Foundation's formatters: every charge read
/// or written converts several times, and a formatter costs far more than
/// the integer arithmetic of ``CivilTime``.
public enum RFC3339 {
    /// `date` as `YYYY-MM-DDTHH:MM:SSZ`, with `.mmm` when it has milliseconds.
    public static func format(_ date: Date) -> String {
        CivilTime.format(milliseconds: Int64((date.timeIntervalSince1970 * 1000).rounded()))
    }

    /// Parses `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)`; nil for anything else.
    public static func parse(_ text: String) -> Date? {
        CivilTime.parse(text).map(Date.init(timeIntervalSince1970:))
    }
}
