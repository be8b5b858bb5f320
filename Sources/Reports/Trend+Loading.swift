import Foundation
import Store

extension Trend {
    /// The trend of `console` (every console when nil) over the days `from`…`to` (``TrendRange``), read from
    /// `store`, days being the facility's (`zone`); throws ``TrendRangeError`` naming the parameter that cannot
    /// be read.
    public static func load(
        console: String?, from: String?, to: String?, store: any GammaLogStore, zone: TimeZone,
        halfLifeDays: Double, at now: Date
    ) async throws -> (range: TrendRange, trend: Trend) {
        let range = try TrendRange(from: from, to: to, zone: zone, now: now)
        let metrics = try await store.metrics(console: console, from: range.start, to: range.end)
        return (
            range,
            Trend(metrics, from: range.start, to: range.end, zone: zone, halfLifeDays: halfLifeDays)
        )
    }
}
