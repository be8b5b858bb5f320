/// A calendar date as charge rules use it, `YYYY-MM-DD`, for the date
/// arithmetic of coverage and authorizations: strings compare in date order,
/// and `adding(days:)` moves along the calendar.
public enum ServiceDay {
    /// Whether `text` is a real date `YYYY-MM-DD` (not 2026-02-30).
    public static func isValid(_ text: String) -> Bool {
        CivilTime.parseDay(Array(text.utf8)) != nil && text.utf8.count == 10
    }

    /// `text` moved by `days` along the calendar; nil when `text` is not a date.
    public static func adding(days: Int, to text: String) -> String? {
        guard text.utf8.count == 10, let day = CivilTime.parseDay(Array(text.utf8)) else { return nil }
        let (year, month, date) = CivilTime.civil(fromDays: day + Int64(days))
        return "\(CivilTime.pad(year, 4))-\(CivilTime.pad(month, 2))-\(CivilTime.pad(date, 2))"
    }

    /// An HL7 DT/DTM (`YYYYMMDD…`) as `YYYY-MM-DD`; nil when it is not a date.
    public static func fromHL7(_ text: String) -> String? {
        let digits = Array(text.utf8.prefix(8))
        guard digits.count == 8, digits.allSatisfy({ (0x30...0x39).contains($0) }) else { return nil }
        let day =
            String(decoding: digits[0..<4], as: UTF8.self) + "-" + String(decoding: digits[4..<6], as: UTF8.self)
            + "-" + String(decoding: digits[6..<8], as: UTF8.self)
        return isValid(day) ? day : nil
    }

    /// `YYYY-MM-DD` as HL7's `YYYYMMDD`.
    public static func toHL7(_ day: String) -> String { day.replacingOccurrences(of: "-", with: "") }
}
