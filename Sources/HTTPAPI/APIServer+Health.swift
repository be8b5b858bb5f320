import ChargeCapture
import Daemon
import Foundation
import Hummingbird

extension APIServer {
    func healthz() async -> Response {
        var problems: [String] = []
        do {
            try await store.probeWrite()
        } catch {
            problems.append("store not writable: \(error.detail)")
        }
        let now = Date()
        for console in consoles {
            let snapshot = console.health.snapshot
            let bound = Double(console.staleAfter.components.seconds)
            guard let last = snapshot.lastGoodRead else {
                if now.timeIntervalSince(console.health.started) > bound {
                    problems.append("console \(console.health.console): no good read yet")
                }
                continue
            }
            let age = now.timeIntervalSince(last)
            if age > bound {
                problems.append(
                    String(
                        format: "console %@: last good read %.0f s ago (bound %.0f s)", console.health.console, age,
                        bound))
            }
        }
        if problems.isEmpty { return Self.text("ok\n", status: .ok) }
        return Self.text(problems.joined(separator: "\n") + "\n", status: .serviceUnavailable)
    }

    func metrics() async -> Response {
        var lines: [String] = []
        func family(_ name: String, _ type: String, _ help: String) {
            lines.append("# HELP \(name) \(help)")
            lines.append("# TYPE \(name) \(type)")
        }
        let snapshots = consoles.map { ($0.health.console, $0.health.snapshot) }
        family("gammalog_polls_total", "counter", "Successful polls.")
        for (name, s) in snapshots { lines.append("gammalog_polls_total{console=\"\(name)\"} \(s.polls)") }
        family("gammalog_poll_errors_total", "counter", "Failed polls by kind.")
        for (name, s) in snapshots {
            for (kind, count) in s.errors.sorted(by: { $0.key < $1.key }) {
                lines.append("gammalog_poll_errors_total{console=\"\(name)\",kind=\"\(kind)\"} \(count)")
            }
        }
        family("gammalog_events_total", "counter", "Journal events stored.")
        for (name, s) in snapshots { lines.append("gammalog_events_total{console=\"\(name)\"} \(s.events)") }
        family("gammalog_gaps_total", "counter", "Journal gaps stored.")
        for (name, s) in snapshots { lines.append("gammalog_gaps_total{console=\"\(name)\"} \(s.gaps)") }
        family("gammalog_sessions_total", "counter", "Sessions finalized.")
        for (name, s) in snapshots { lines.append("gammalog_sessions_total{console=\"\(name)\"} \(s.sessions)") }
        family("gammalog_last_good_read_timestamp_seconds", "gauge", "Time of the last good read.")
        for (name, s) in snapshots {
            let value = s.lastGoodRead.map { String(format: "%.3f", $0.timeIntervalSince1970) } ?? "0"
            lines.append("gammalog_last_good_read_timestamp_seconds{console=\"\(name)\"} \(value)")
        }
        if let counts = try? await store.chargeCounts(at: Date()) {
            family("gammalog_charges", "gauge", "Charges and credits by status.")
            for status in Charge.Status.allCases {
                lines.append("gammalog_charges{status=\"\(status.rawValue)\"} \(counts[status] ?? 0)")
            }
        }
        return Self.text(lines.joined(separator: "\n") + "\n", status: .ok, type: "text/plain; version=0.0.4")
    }
}
