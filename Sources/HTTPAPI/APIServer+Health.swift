import Foundation
import Hummingbird
import Store

extension APIServer {
    /// 200 when the store takes writes and every console was read within its bound, else 503 naming why;
    /// from an answer at most a second old.
    func healthz() async -> Response {
        let (healthy, text) = await health.answer()
        return Response.text(
            text, status: healthy ? .ok : .serviceUnavailable, type: "text/plain; charset=utf-8")
    }

    /// What `/healthz` says now: the store probed, every console's last good read against its bound.
    static func checkHealth(
        store: any GammaLogStore, consoles: [any ConsoleHealthSource], now: @Sendable () -> Date
    ) async -> HealthCheck.Answer {
        var problems: [String] = []
        do {
            try await store.probeWrite()
        } catch {
            problems.append("store not writable: \(error.detail)")
        }
        let time = now()
        for console in consoles {
            let bound = Double(console.staleAfter.components.seconds)
            guard let last = console.lastGoodRead else {
                if time.timeIntervalSince(console.started) > bound {
                    problems.append("console \(console.console): no good read yet")
                }
                continue
            }
            let age = time.timeIntervalSince(last)
            if age > bound {
                problems.append(
                    "console \(console.console): last good read \(Int(age.rounded())) s ago (bound \(Int(bound)) s)")
            }
        }
        if problems.isEmpty { return (true, "ok\n") }
        return (false, problems.joined(separator: "\n") + "\n")
    }
}
