import DeliveryLog
import Foundation

/// The session as the SVG timeline template draws it: beam-on per shot on a
/// 1000-unit axis, interruptions with their reasons, the first and last time
/// in the facility's zone.
struct Timeline {
    /// A shot's beam-on span.
    struct Beam {
        var x: Int
        var width: Int
        var shot: Int
    }

    /// An interruption's span, until it resumed or the session ended.
    struct Stop {
        var x: Int
        var width: Int
        var reason: String
    }

    var beams: [Beam]
    var stops: [Stop]
    var from: String
    var to: String

    /// The timeline of `session`, or nil when it has no open time.
    init?(_ session: DeliverySession, zone: TimeZone) {
        guard let opened = session.openedAt else { return nil }
        let end = session.closedAt ?? session.shots.compactMap { $0.completedAt ?? $0.startedAt }.max() ?? opened
        let span = max(end.timeIntervalSince(opened), 1)
        func x(_ date: Date) -> Int { Int((date.timeIntervalSince(opened) / span * 1000).rounded()) }
        beams = session.shots.compactMap { shot in
            guard let start = shot.startedAt else { return nil }
            return Beam(x: x(start), width: max(x(shot.completedAt ?? end) - x(start), 1), shot: shot.index)
        }
        stops = session.interruptions.map { stop in
            Stop(
                x: x(stop.at), width: max(x(stop.resumedAt ?? end) - x(stop.at), 2),
                reason: stop.reason?.rawValue ?? "code \(stop.code)")
        }
        from = Formats.time(opened, in: zone)
        to = Formats.time(end, in: zone)
    }
}
