import ChargeCapture
import DeliveryLog
import Foundation

/// The session as an SVG timeline: beam-on per shot, pauses between shots,
/// interruptions with their reasons. Text is XML-escaped here because the
/// SVG is built as one string and inserted whole into the page.
enum Timeline {
    static func svg(_ session: DeliverySession) -> String {
        guard let opened = session.openedAt else { return "<p class=\"muted\">No open time: no timeline.</p>" }
        let end =
            session.closedAt ?? session.shots.compactMap { $0.completedAt ?? $0.startedAt }.max() ?? opened
        let span = max(end.timeIntervalSince(opened), 1)
        let width = 1000.0
        func x(_ date: Date) -> Double { (date.timeIntervalSince(opened) / span * width).rounded() }
        var parts = [
            "<svg viewBox=\"0 0 1000 70\" role=\"img\" aria-label=\"session timeline\">",
            "<rect x=\"0\" y=\"20\" width=\"1000\" height=\"20\" fill=\"#e9ecef\"><title>paused / setup</title></rect>",
        ]
        for shot in session.shots {
            guard let start = shot.startedAt else { continue }
            let stop = shot.completedAt ?? end
            parts.append(
                "<rect x=\"\(x(start))\" y=\"20\" width=\"\(max(x(stop) - x(start), 1))\" height=\"20\" fill=\"#2a9d8f\">"
                    + "<title>shot \(shot.index): beam on</title></rect>")
        }
        for interruption in session.interruptions {
            let stop = interruption.resumedAt ?? end
            let reason = escape(interruption.reason?.rawValue ?? "code \(interruption.code)")
            parts.append(
                "<rect x=\"\(x(interruption.at))\" y=\"16\" width=\"\(max(x(stop) - x(interruption.at), 2))\" height=\"28\" "
                    + "fill=\"#e76f51\"><title>interrupted: \(reason)</title></rect>"
                    + "<text x=\"\(x(interruption.at))\" y=\"60\" font-size=\"11\">\(reason)</text>")
        }
        parts.append("<text x=\"0\" y=\"12\" font-size=\"11\">\(escape(RFC3339.format(opened)))</text>")
        parts.append(
            "<text x=\"1000\" y=\"12\" font-size=\"11\" text-anchor=\"end\">\(escape(RFC3339.format(end)))</text>")
        parts.append("</svg>")
        return parts.joined()
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
