import Foundation
import Hummingbird

extension APIServer {
    /// 200 when the store takes writes and every console was read within its bound, else 503 naming why.
    func healthz() async -> Response {
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
        if problems.isEmpty { return Self.respond("ok\n", type: "text/plain; charset=utf-8") }
        return Self.respond(
            problems.joined(separator: "\n") + "\n", status: .serviceUnavailable, type: "text/plain; charset=utf-8")
    }
}
