import Daemon
import DeliveryLog
import Foundation
import Hummingbird
import Logging
import Store

/// The daemon's HTTP interface: the sessions API (physicist), the charge
/// queue (billing), reconciliation, `/healthz` and `/metrics`.
public struct APIServer: Sendable {
    /// A console's health as the API reports it.
    public struct ConsoleHealth: Sendable {
        /// The poller's counters.
        public var health: PollerHealth
        /// Past this without a good read, the console is stale.
        public var staleAfter: Duration

        /// A console's health source.
        public init(health: PollerHealth, staleAfter: Duration) {
            self.health = health
            self.staleAfter = staleAfter
        }
    }

    let store: any GammaLogStore
    let authority: TokenAuthority
    let consoles: [ConsoleHealth]

    /// An API over `store`, authorising with `tokens`, reporting `consoles`.
    public init(store: any GammaLogStore, tokens: [DaemonConfiguration.Token], consoles: [ConsoleHealth]) {
        self.store = store
        self.authority = TokenAuthority(tokens: tokens)
        self.consoles = consoles
    }

    /// The routes.
    public func router() -> Router<BasicRequestContext> {
        let router = Router()
        router.get("/api/v1/sessions") { request, _ in try await listSessions(request) }
        router.get("/api/v1/sessions/{id}") { request, context in
            try await session(request, id: try context.parameters.require("id"))
        }
        router.post("/api/v1/sessions/{id}/review") { request, context in
            try await review(request, id: try context.parameters.require("id"))
        }
        router.get("/api/v1/charges") { request, _ in try await listCharges(request) }
        router.get("/api/v1/charges/{id}") { request, context in
            try await getCharge(request, id: try context.parameters.require("id"))
        }
        router.post("/api/v1/charges/claim") { request, _ in try await claim(request) }
        router.post("/api/v1/charges/ack") { request, _ in try await ack(request) }
        router.post("/api/v1/charges/nack") { request, _ in try await nack(request) }
        router.post("/api/v1/charges/{id}/release") { request, context in
            try await release(request, id: try context.parameters.require("id"))
        }
        router.post("/api/v1/charges/{id}/void") { request, context in
            try await void(request, id: try context.parameters.require("id"))
        }
        router.get("/api/v1/reconciliation") { request, _ in try await reconciliation(request) }
        router.get("/healthz") { _, _ in await healthz() }
        router.get("/metrics") { _, _ in await metrics() }
        return router
    }

    /// The HTTP service, bound to `host`:`port`, with `routes` added (the web pages).
    public func application(
        host: String, port: Int, logger: Logger, routes: (Router<BasicRequestContext>) -> Void = { _ in }
    ) -> some ApplicationProtocol {
        let router = router()
        routes(router)
        return Application(
            router: router,
            configuration: .init(address: .hostname(host, port: port), serverName: "gammalogd"),
            logger: logger)
    }

    static func json(_ data: Data, status: HTTPResponse.Status = .ok) -> Response {
        respond(ByteBuffer(bytes: data), status: status, type: "application/json", headers: [.cacheControl: "no-store"])
    }

    static func text(_ text: String, status: HTTPResponse.Status, type: String = "text/plain; charset=utf-8")
        -> Response
    {
        respond(ByteBuffer(string: text), status: status, type: type)
    }

    /// A response with `body` of content `type` and the extra `headers`: every answer the daemon builds.
    public static func respond(
        _ body: ByteBuffer, status: HTTPResponse.Status = .ok, type: String, headers extra: HTTPFields = [:]
    ) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = type
        headers.append(contentsOf: extra)
        return Response(status: status, headers: headers, body: .init(byteBuffer: body))
    }
}
