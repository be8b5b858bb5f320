import ChargeCapture
import Foundation
import HTTPAPI
import Hummingbird
import HummingbirdTesting
import SQLiteStore
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
            store: store, charges: store.chargeSettings, tokens: Self.tokens, cookies: SessionCookie(key: cookieKey),
            idleTimeout: .seconds(900),
            now: now)
        let router = APIServer(store: store, charges: store.chargeSettings, tokens: Self.tokens, consoles: [], now: now)
            .router()
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

    @Test func theAccessLogNamesWhoReadWhatAndKeepsNoRefusedToken() async throws {
        let store = try await pageStore([closedTreatment(1)])
        try await withPages(store) { port in
            let session = try await HTTPProbe.send(
                port: port, "GET", "/api/v1/sessions/GK-4711-000001", token: "physicist-token")
            let charge = try await HTTPProbe.send(
                port: port, "GET", "/api/v1/charges/GK-4711-000001", token: "billing-token")
            let coverage = try await HTTPProbe.send(
                port: port, "GET", "/api/v1/patients/MRN4711-1/coverage", token: "admin-token")
            #expect(session.status == 200 && charge.status == 200 && coverage.status == 200)
            let (cookie, _) = try await signIn(port)
            let export = try await HTTPProbe.send(
                port: port, "GET", "/ui/sessions/GK-4711-000001/export.csv", cookie: cookie)
            #expect(export.status == 200)
            let refused = try await HTTPProbe.send(
                port: port, "GET", "/api/v1/sessions", token: "guessed-secret-4711")
            #expect(refused.status == 401)

            let audit = try await HTTPProbe.send(port: port, "GET", "/api/v1/audit?limit=1000", token: "admin-token")
            #expect(audit.status == 200)
            let body = try #require(try JSONSerialization.jsonObject(with: Data(audit.text.utf8)) as? [String: Any])
            let entries = try #require(body["entries"] as? [[String: Any]])
            func entry(_ route: String) -> [String: Any]? { entries.first { $0["route"] as? String == route } }
            #expect(entry("GET /api/v1/sessions/{id}")?["actor"] as? String == "dr-physicist")
            #expect(entry("GET /api/v1/sessions/{id}")?["patients"] as? [String] == ["MRN4711-1"])
            #expect(entry("GET /api/v1/charges/{id}")?["actor"] as? String == "billing")
            #expect(entry("GET /api/v1/patients/{id}/coverage")?["actor"] as? String == "root")
            #expect(entry("GET /ui/sessions/{id}/export.csv")?["actor"] as? String == "dr-physicist")
            #expect(entry("POST /ui/sign-in")?["outcome"] as? String == "signed_in")
            let refusal = try #require(entry("GET /api/v1/sessions"))
            #expect(refusal["actor"] as? String == "anonymous" && refusal["outcome"] as? String == "refused_credential")
            #expect(refusal["peer"] as? String == "127.0.0.1")
            #expect(!audit.text.contains("guessed-secret"))
            let onlyBilling = try await HTTPProbe.send(
                port: port, "GET", "/api/v1/audit?actor=billing", token: "admin-token")
            #expect(onlyBilling.text.contains("/api/v1/charges/{id}") && !onlyBilling.text.contains("sessions/{id}"))
            let forPatient = try await HTTPProbe.send(
                port: port, "GET", "/api/v1/audit?patient=MRN4711-1&limit=2", token: "admin-token")
            let page = try #require(
                try JSONSerialization.jsonObject(with: Data(forPatient.text.utf8)) as? [String: Any])
            let next = try #require(page["next"] as? String)
            let second = try await HTTPProbe.send(
                port: port, "GET", "/api/v1/audit?patient=MRN4711-1&cursor=\(next)", token: "admin-token")
            #expect(second.status == 200 && second.text.contains("export.csv"))
            let forged = try await HTTPProbe.send(port: port, "GET", "/api/v1/audit?cursor=xyz", token: "admin-token")
            #expect(forged.status == 400)
            let billingReadsAudit = try await HTTPProbe.send(port: port, "GET", "/api/v1/audit", token: "billing-token")
            #expect(billingReadsAudit.status == 403)
            // A sign-in with a wrong token is a refused credential too, kept without the token; a sign-out is kept.
            let wrong = try await HTTPProbe.send(port: port, "POST", "/ui/sign-in", form: "token=typo-secret-99")
            #expect(wrong.status == 401)
            let signIns = try await HTTPProbe.send(
                port: port, "GET", "/api/v1/audit?actor=anonymous&limit=1000", token: "admin-token")
            #expect(signIns.text.contains("POST /ui/sign-in") && signIns.text.contains("refused_credential"))
            #expect(!signIns.text.contains("typo-secret"))
            let (cookie2, csrf2) = try await signIn(port)
            let out = try await HTTPProbe.send(
                port: port, "POST", "/ui/sign-out", form: "csrf=\(csrf2)", cookie: cookie2)
            #expect(out.status == 303)
            let physician = try await HTTPProbe.send(
                port: port, "GET", "/api/v1/audit?actor=dr-physicist&limit=1000", token: "admin-token")
            #expect(physician.text.contains("\"signed_out\""))
        }
        let file = try String(contentsOfFile: store.path, encoding: .isoLatin1)
        #expect(!file.contains("guessed-secret"))
    }

    @Test func aPeerWhoseCredentialsAreRefusedTenTimesIsSlowedWith429() async throws {
        let store = try await pageStore([closedTreatment(1)])
        try await withPages(store) { port in
            for attempt in 1...10 {
                let refused = try await HTTPProbe.send(port: port, "GET", "/api/v1/charges", token: "guess-\(attempt)")
                #expect(refused.status == 401)
            }
            let slowed = try await HTTPProbe.send(port: port, "GET", "/api/v1/charges", token: "guess-11")
            #expect(slowed.status == 429 && slowed.headers["retry-after"] != nil)
            let signIn = try await HTTPProbe.send(port: port, "POST", "/ui/sign-in", form: "token=guess-12")
            #expect(signIn.status == 429)
        }
    }
}
