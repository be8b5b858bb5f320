import ChargeCapture
import Foundation

/// How the people reading GammaLog's pages, reports and terminal see
/// numbers and times: each fact formatted here, once. JSON keeps its own
/// contract (RFC 3339 UTC, whole milliseconds) and does not use these.
public enum Formats {
    /// Milliseconds as seconds with one decimal, rounded half away from zero in integers: `1150` is `1.2`,
    /// `50` is `0.1`; nil is `-`.
    public static func seconds(_ ms: Int64?) -> String {
        guard let ms else { return "-" }
        return tenths(ms, per: 100)
    }

    /// Milliseconds as minutes with one decimal, rounded as ``seconds(_:)`` rounds.
    public static func minutes(_ ms: Int64) -> String { tenths(ms, per: 6_000) }

    /// `value / per` with one decimal, rounded half away from zero, in integers.
    static func tenths(_ value: Int64, per unit: Int64) -> String {
        let magnitude = value.magnitude
        let tenths = (magnitude + UInt64(unit) / 2) / UInt64(unit)
        return (value < 0 && tenths > 0 ? "-" : "") + "\(tenths / 10).\(tenths % 10)"
    }

    /// Delivered against planned as a signed percentage with two decimals (`+1.25`); nil without a plan.
    public static func deviation(_ delivered: Int64, of planned: Int64?) -> String? {
        guard let planned, planned > 0 else { return nil }
        let value = (delivered - planned) * 10_000
        // Round half away from zero in integers, on either side of zero.
        let rounded = value >= 0 ? (value + planned / 2) / planned : -((-value + planned / 2) / planned)
        let sign = rounded < 0 ? "-" : "+"
        return sign + "\(rounded.magnitude / 100)." + pad(Int64(rounded.magnitude % 100), 2)
    }

    /// A position in micrometres as millimetres with one decimal.
    public static func millimetres(_ um: Int64) -> String { tenths(um, per: 100) }

    /// `date` as the facility's wall clock, with its zone named: `2026-11-28 09:04:05 CST`; nil is `-`.
    public static func time(_ date: Date?, in zone: TimeZone) -> String {
        guard let date else { return "-" }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        let day = "\(pad(c.year ?? 0, 4))-\(pad(c.month ?? 0, 2))-\(pad(c.day ?? 0, 2))"
        let clock = "\(pad(c.hour ?? 0, 2)):\(pad(c.minute ?? 0, 2)):\(pad(c.second ?? 0, 2))"
        return "\(day) \(clock) \(zoneName(zone, at: date))"
    }

    /// The zone's short name at `date` as people there say it (`CST`, `CDT`), or its offset (`GMT+14`).
    public static func zoneName(_ zone: TimeZone, at date: Date) -> String {
        let style: NSTimeZone.NameStyle = zone.isDaylightSavingTime(for: date) ? .shortDaylightSaving : .shortStandard
        return zone.localizedName(for: style, locale: english) ?? zone.identifier
    }

    static let english = Locale(identifier: "en_US")

    static func pad(_ value: some BinaryInteger, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }

    /// `value` with `decimals` decimals (`3412.5`).
    public static func number(_ value: Double, decimals: Int) -> String { String(format: "%.\(decimals)f", value) }

    /// A signed percentage with two decimals (`-1.25 %`).
    public static func percent(_ value: Double) -> String { String(format: "%+.2f %%", value) }

    /// The calendar day of `date` in `zone`, `YYYY-MM-DD`.
    public static func day(_ date: Date, in zone: TimeZone) -> String { ChargeRules.localDate(date, in: zone) }
}
