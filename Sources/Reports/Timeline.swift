import ChargeCapture
import DeliveryLog
import Foundation

/// The session as the SVG timeline template draws it: beam-on per shot on a
/// 1000-unit axis, interruptions with their reasons, the first and last time.
enum Timeline {
    /// The template's context, or nil when the session has no open time.
    static func model(_ session: DeliverySession) -> [String: Any]? {
        guard let opened = session.openedAt else { return nil }
        let end = session.closedAt ?? session.shots.compactMap { $0.completedAt ?? $0.startedAt }.max() ?? opened
        let span = max(end.timeIntervalSince(opened), 1)
        func x(_ date: Date) -> Int { Int((date.timeIntervalSince(opened) / span * 1000).rounded()) }
        let beams = session.shots.compactMap { shot -> [String: Any]? in
            guard let start = shot.startedAt else { return nil }
            return ["x": x(start), "width": max(x(shot.completedAt ?? end) - x(start), 1), "shot": shot.index]
        }
        let stops = session.interruptions.map { stop -> [String: Any] in
            [
                "x": x(stop.at), "width": max(x(stop.resumedAt ?? end) - x(stop.at), 2),
                "reason": stop.reason?.rawValue ?? "code \(stop.code)",
            ]
        }
        return ["beams": beams, "stops": stops, "from": RFC3339.format(opened), "to": RFC3339.format(end)]
    }
}
