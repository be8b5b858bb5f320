import ArgumentParser
import Daemon
import Foundation
import HTTPAPI
import Hummingbird
import Logging
import SQLiteStore
import Settings
import Store
import TestSupport
import WebPages

/// The physicists' session list over ten years of history: each page over
/// real HTTP, signed in, against the 50 ms goal.
struct PagesBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pages", abstract: "The session list pages over the history store (run `history` first).")

    @Option(help: "The store `history` generated.")
    var path = "/tmp/gammalog-history/gammalog.sqlite"

    @Option(help: "Requests per page; the median and the worst are reported.")
    var runs = 21

    func run() async throws {
        let store = try SQLiteStore(path: path)
        let count = try Shell.sqlite3(path, "SELECT count(*) FROM sessions")
        let (port, cookie, server) = try await Self.serve(store)
        defer { server.cancel() }
        print("session list pages over \(count) sessions, 50 rows a page, signed in, one connection per request")
        for (label, page) in [
            ("newest page", "/ui/sessions"), ("page 2", "/ui/sessions?page=2"),
            ("page 300 (deep)", "/ui/sessions?page=300"), ("flagged", "/ui/sessions?flagged=true"),
            ("unsigned qa", "/ui/sessions?unsigned=true&kind=qa"),
            ("one console, a month", "/ui/sessions?console=gk1&from=2024-03-01&to=2024-03-31"),
            ("session detail", "/ui/sessions/\(try firstID())"),
        ] {
            var times: [Double] = []
            var status = 0
            for _ in 0..<runs {
                let started = ContinuousClock.now
                let response = try HTTPProbe.request(port: port, "GET", page, cookie: cookie)
                times.append((ContinuousClock.now - started).seconds * 1000)
                status = response.status
            }
            times.sort()
            print(
                String(
                    format: "    %@ median %5.1f ms   worst %5.1f ms   (HTTP %d)   goal < 50 ms: %@",
                    label.padding(toLength: 22, withPad: " ", startingAt: 0), times[times.count / 2], times.last ?? 0,
                    status,
                    (times.last ?? 0) < 50 ? "met" : "NOT met"))
        }
    }

    /// The API and the pages over `store` on a loopback port, signed in as a physicist: the port, the cookie, the
    /// server's task (cancel it to stop).
    static func serve(_ store: SQLiteStore, consoles: [String] = []) async throws -> (
        Int, String, Task<Void, any Error>
    ) {
        let token = "bench-physicist"
        let tokens: [DaemonConfiguration.Token] = [
            .init(name: "bench", role: .physicist, sha256: TokenAuthority.hash(token))
        ]
        let pages = try WebPages(store: store, charges: store.chargeSettings, tokens: tokens, consoles: consoles)
        var logger = Logger(label: "bench")
        logger.logLevel = .error
        let port = Int.random(in: 40_000..<50_000)
        let router = APIServer(store: store, charges: store.chargeSettings, tokens: tokens, consoles: []).router()
        pages.addRoutes(to: router)
        let app = try APIServer.application(router: router, host: "127.0.0.1", port: port, logger: logger)
        let server = Task { try await app.runService() }
        for _ in 0..<300 where (try? HTTPProbe.request(port: port, "GET", "/healthz")) == nil {
            try await Task.sleep(for: .milliseconds(10))
        }
        let signIn = try HTTPProbe.request(port: port, "POST", "/ui/sign-in", form: "token=\(token)")
        return (port, String(signIn.headers["set-cookie"]?.split(separator: ";").first ?? ""), server)
    }

    func firstID() throws -> String {
        try Shell.sqlite3(path, "SELECT id FROM sessions ORDER BY opened_at DESC LIMIT 1")
    }
}
