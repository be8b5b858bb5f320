import ChargeCapture
import DeliveryLog
import Foundation
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import Logging
import Settings
import Store

/// The daemon's HTTP interface: the sessions API (physicist), the charge
/// queue (billing), holds and reconciliation (both), and `/healthz`.
/// Routes are grouped by role behind one authentication middleware.
public struct APIServer: Sendable {
    let store: any GammaLogStore
    let authority: TokenAuthority
    let consoles: [any ConsoleHealthSource]
    let physics: PhysicsSettings
    /// The facility's charge settings: its zone (service dates, days of a trend) and the payers it knows.
    let charges: ChargeSettings
    let now: @Sendable () -> Date
    /// `/healthz`'s answer, at most a second old.
    let health: HealthCheck

    /// An API over `store`, authorising with `tokens`, reporting `consoles`, judging courses and trends by
    /// `physics`, days and payers by `charges`, telling time by `now`.
    public init(
        store: any GammaLogStore, charges: ChargeSettings = ChargeSettings(), tokens: [DaemonConfiguration.Token],
        consoles: [any ConsoleHealthSource], physics: PhysicsSettings = PhysicsSettings(),
        now: @escaping @Sendable () -> Date = Date.init
    ) {
        self.charges = charges
        self.store = store
        self.authority = TokenAuthority(tokens: tokens)
        self.consoles = consoles
        self.physics = physics
        self.now = now
        self.health = HealthCheck { await Self.checkHealth(store: store, consoles: consoles, now: now) }
    }

    /// A router with the API's routes and middleware, ready for more routes (the pages, `/metrics`).
    public func router() -> Router<APIRequestContext> {
        let router = Router(context: APIRequestContext.self)
        router.add(middleware: MetricsMiddleware())
        router.add(middleware: RefusalLimitMiddleware(now: now))
        router.add(middleware: AccessLogMiddleware(log: store, now: now))
        router.add(middleware: ErrorBodyMiddleware())
        router.get("/healthz") { _, _ in await healthz() }
        router.get("/api/v1/openapi.json") { _, _ in
            Response.text(OpenAPIDocument.json, type: "application/json; charset=utf-8")
        }
        let api = router.group("/api/v1").add(middleware: TokenAuthenticator(authority: authority))
        api.group("sessions").add(middleware: CallerRolePolicy.gate(.physicist))
            .get(use: listSessions)
            .get("{id}", use: session)
            .post("{id}/review", use: review)
        api.group("courses").add(middleware: CallerRolePolicy.gate(.physicist)).get("{id}", use: course)
        api.group("trends").add(middleware: CallerRolePolicy.gate(.physicist)).get(use: trends)
        api.group("charges").add(middleware: CallerRolePolicy.gate(.billing))
            .get(use: listCharges)
            .get("{id}", use: charge)
            .post("claim", use: claim)
            .post("ack", use: ack)
            .post("nack", use: nack)
        // charge-rules.md: a physicist or a billing person releases holds.
        api.group("charges").add(middleware: CallerRolePolicy.gate(.physicist, .billing))
            .post("{id}/release", use: release)
            .post("{id}/void", use: void)
        api.group("reconciliation").add(middleware: CallerRolePolicy.gate(.billing, .physicist))
            .get(use: reconciliation)
        api.group("patients").add(middleware: CallerRolePolicy.gate(.billing, .physicist))
            .get("{id}/coverage", use: coverage)
            .get("{id}/diagnoses", use: diagnoses)
        api.group("patients").add(middleware: CallerRolePolicy.gate(.billing))
            .put("{id}/coverage", use: replaceCoverage)
            .post("{id}/authorizations", use: addAuthorization)
            .put("{id}/diagnoses", use: replaceDiagnoses)
            .post("{id}/abns", use: addABN)
        api.group("authorizations").add(middleware: CallerRolePolicy.gate(.billing))
            .post("{id}/revoke", use: revokeAuthorization)
        // diagnoses.md: billing (and admin) enter diagnoses and ABNs; a physicist may read them.
        api.group("abns").add(middleware: CallerRolePolicy.gate(.billing))
            .post("{id}/revoke", use: revokeABN)
        api.group("audit").add(middleware: CallerRolePolicy.gate(.admin)).get(use: audit)
        return router
    }

    /// The HTTP service over `router`, bound to `host`:`port`: a connection idle for `idleTimeout` is closed,
    /// and past `maxConnections` open at once new ones wait in the kernel's queue, holding no descriptor.
    public static func application(
        router: Router<APIRequestContext>, host: String, port: Int, tls: TLSConfiguration? = nil,
        idleTimeout: Duration = .seconds(30), maxConnections: Int = 256, logger: Logger
    ) throws -> some ApplicationProtocol {
        let configuration = ApplicationConfiguration(
            address: .hostname(host, port: port), serverName: "gammalogd",
            availableConnectionsDelegate: .maximum(maxConnections, logger: logger))
        let http1 = HTTPServerBuilder.http1(
            configuration: .init(idleTimeout: .nanoseconds(Int64(idleTimeout.components.seconds) * 1_000_000_000)))
        guard let tls else {
            return Application(router: router, server: http1, configuration: configuration, logger: logger)
        }
        return Application(
            router: router, server: try .tls(http1, tlsConfiguration: tls), configuration: configuration,
            logger: logger)
    }
}
