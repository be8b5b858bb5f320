import ChargeCapture
import Foundation
import HTTPAPI
import Hummingbird
import HummingbirdTesting
import Settings
import Store
import Synchronization
import TestSupport
import Testing
import WebPages

/// Who reaches which page, and for how long a sign-in lasts.
@Suite struct PageAccessTests {
    static let tokens = pageTokens + [.init(name: "root", role: .admin, sha256: TokenAuthority.hash("admin-token"))]

    /// A page, and the roles that may use it (admin holds every role).
    struct Page: Sendable, CustomStringConvertible {
        var method: String
        var path: String
        var roles: Set<DaemonConfiguration.Role>
        var description: String { "\(method) \(path)" }
    }

    static let pages: [Page] = [
        Page(method: "GET", path: "/ui/charges", roles: [.billing, .physicist]),
        Page(method: "GET", path: "/ui/daily", roles: [.billing, .physicist]),
        Page(method: "POST", path: "/ui/patients/MRN1/authorizations", roles: [.billing]),
        Page(method: "GET", path: "/ui/sessions", roles: [.physicist]),
        Page(method: "GET", path: "/ui/sessions/GK-4711-000001", roles: [.physicist]),
        Page(method: "GET", path: "/ui/sessions/GK-4711-000001/export.csv", roles: [.physicist]),
        Page(method: "POST", path: "/ui/sessions/GK-4711-000001/sign", roles: [.physicist]),
        Page(method: "POST", path: "/ui/charges/GK-4711-000001/release", roles: [.physicist]),
        Page(method: "POST", path: "/ui/charges/GK-4711-000001/void", roles: [.physicist]),
        Page(method: "GET", path: "/ui/courses/GK-4711-000001", roles: [.physicist]),
        Page(method: "GET", path: "/ui/trends", roles: [.physicist]),
        Page(method: "GET", path: "/ui/reports/monthly", roles: [.physicist]),
    ]

    /// A clock the test moves.
    final class Clock: Sendable {
        private let time = Mutex(Date())
        var now: Date { time.withLock { $0 } }
        func advance(minutes: Double) { time.withLock { $0 += minutes * 60 } }
    }

    /// Runs `body` with the pages over `store` on a loopback port, their clock `clock`.
    func withPages(
        _ store: SQLiteStore, clock: Clock = Clock(), _ body: @escaping @Sendable (Int) async throws -> Void
    ) async throws {
        let now: @Sendable () -> Date = { clock.now }
        let pages = try WebPages(
            store: store, tokens: Self.tokens, cookies: SessionCookie(key: cookieKey), idleTimeout: .seconds(900),
            now: now)
        let router = APIServer(store: store, tokens: Self.tokens, consoles: [], now: now).router()
        pages.addRoutes(to: router)
        try await Application(router: router).test(.live) { client in try await body(try #require(client.port)) }
    }

    @Test func everyPageAnswersEveryRoleAsTheContractSays() async throws {
        let store = try await pageStore([closedTreatment(1)])
        try await withPages(store) { port in
            for token in ["billing-token", "physicist-token", "admin-token"] {
                let (cookie, csrf) = try await signIn(port, token: token)
                let role = try #require(Self.tokens.first { $0.sha256 == TokenAuthority.hash(token) }?.role)
                for page in Self.pages {
                    // A form post carries a CSRF token from another sign-in, so an allowed role is refused by
                    // the form check, after the role gate, and nothing changes.
                    let response = try await HTTPProbe.send(
                        port: port, page.method, page.path, form: page.method == "POST" ? "csrf=\(csrf)x" : nil,
                        cookie: cookie)
                    let gated = response.status == 403 && response.text.contains("may not do this")
                    let allowed = role == .admin || page.roles.contains(role)
                    #expect(gated == !allowed, "\(page) as \(role): \(response.status) \(response.text.prefix(120))")
                }
            }
        }
        #expect(try await store.reviews(ofSession: "GK-4711-000001").isEmpty)
    }

    @Test func aCookieKeptAfterSignOutOrAnIdleQuarterHourSignsNobodyIn() async throws {
        let store = try await pageStore([closedTreatment(1)])
        let clock = Clock()
        try await withPages(store, clock: clock) { port in
            let (cookie, csrf) = try await signIn(port)
            let out = try await HTTPProbe.send(port: port, "POST", "/ui/sign-out", form: "csrf=\(csrf)", cookie: cookie)
            #expect(out.status == 303)
            let replayed = try await HTTPProbe.send(port: port, "GET", "/ui/sessions", cookie: cookie)
            #expect(replayed.status == 303 && replayed.headers["location"] == "/ui/sign-in")

            let (active, _) = try await signIn(port)
            clock.advance(minutes: 14)
            #expect(try await HTTPProbe.send(port: port, "GET", "/ui/sessions", cookie: active).status == 200)
            clock.advance(minutes: 14)
            #expect(try await HTTPProbe.send(port: port, "GET", "/ui/sessions", cookie: active).status == 200)
            clock.advance(minutes: 16)
            let idle = try await HTTPProbe.send(port: port, "GET", "/ui/sessions", cookie: active)
            #expect(idle.status == 303 && idle.headers["location"] == "/ui/sign-in")
        }
    }
}
