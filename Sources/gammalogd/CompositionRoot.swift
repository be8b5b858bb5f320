import ChargeCapture
import Console
import Daemon
import Foundation
import HL7Interface
import HTTPAPI
import Logging
import Prometheus
import ServiceLifecycle
import Settings
import Store
import Stores
import WebPages

/// Where the daemon is put together, the one place: the store a configuration names, a poller per console,
/// the interfaces over them (HTTP with the API, the pages and `/metrics`; the HL7 push; the ADT feed), the
/// embedded default's simulator and hospital, all run by one `ServiceGroup` until SIGTERM or SIGINT, then
/// stopped with everything committed. A shared PostgreSQL store's pool runs around all of them: it starts
/// first, is migrated (or refused) before any poll, and stops last.
struct CompositionRoot {
    let configuration: DaemonConfiguration
    let security: LinkSecurity
    let metrics: PrometheusCollectorRegistry
    let logger: Logger
    /// What the consoles' clocks should read now: the host's clock, but for a simulated console.
    var expectedConsoleTime: @Sendable () -> Date = Date.init
    /// Services that run before the pollers (the embedded simulator) and stop after them.
    var before: [any Service] = []
    /// Services that run after the interfaces (the embedded hospital) and stop before them.
    var after: [any Service] = []
    /// Told the ADT listener's port once it listens (the embedded hospital sends to it).
    var adtListening: @Sendable (Int) -> Void = { _ in }

    /// Runs the daemon until a shutdown signal.
    func run() async throws {
        let profiles = try configuration.loadProfiles()
        let bell = ChargeBell()
        try await StoreOpener.withStore(configuration, for: .daemon(logger), bell: bell) { store, key in
            guard let key else { throw StoreError(.unavailable, at: configuration.chainKeyPath, "no chain key") }
            let anchor = try configuration.anchorPath.map { path throws(StoreError) in try openAnchor(path, key: key) }
            let pollers = configuration.consoles.compactMap { console in
                profiles[console.name].map { profile in
                    ConsolePoller(
                        settings: console, profile: profile, store: store, anchor: anchor,
                        physics: configuration.physics, logger: logger, logPatientData: configuration.logPatientData,
                        expectedConsoleTime: expectedConsoleTime)
                }
            }
            let services: [any Service] =
                before + pollers + (try interfaces(store: store, bell: bell, pollers: pollers)) + after
                + [SystemdService()]
            let group = ServiceGroup(
                configuration: .init(services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
            try await group.run()
            logger.info("stopped; everything committed")
        }
    }

    /// HTTP or HTTPS (API, pages, metrics), and the HL7 push and the ADT feed when configured, each with its
    /// TLS when it has one.
    func interfaces(store: any GammaLogStore, bell: ChargeBell, pollers: [ConsolePoller]) throws -> [any Service] {
        let tokens = configuration.http.tokens
        let router = APIServer(
            store: store, charges: configuration.charges, tokens: tokens, consoles: pollers.map(\.health),
            physics: configuration.physics
        ).router()
        MetricsEndpoint(registry: metrics, store: store).addRoute(to: router)
        do {
            try WebPages(
                store: store, charges: configuration.charges, tokens: tokens,
                cookies: SessionCookie(secure: security.http != nil), idleTimeout: configuration.http.sessionIdle,
                consoles: configuration.consoles.map(\.name), physics: configuration.physics
            ).addRoutes(to: router)
        } catch {
            logger.error("web pages unavailable; the API runs without them", metadata: ["error": "\(error)"])
        }
        var services: [any Service] = [
            try APIServer.application(
                router: router, host: configuration.http.host, port: configuration.http.port, tls: security.http,
                idleTimeout: configuration.http.idleTimeout, maxConnections: configuration.http.maxConnections,
                logger: logger)
        ]
        if let hl7 = configuration.hl7Link {
            services.append(
                HL7Sender(
                    store: store, bell: bell, settings: hl7, tls: security.hl7, zone: configuration.facility.timeZone,
                    logger: logger))
        }
        if let feed = configuration.hl7In {
            services.append(
                ADTListener(
                    store: store, settings: feed, tls: security.hl7In, payers: configuration.payers ?? PayerSettings(),
                    assigningAuthority: configuration.facility.assigningAuthority,
                    zone: configuration.facility.timeZone, logger: logger, onListening: adtListening))
        }
        return services
    }

    /// The anchor file at `path`. One that does not read or whose seal does not match is kept aside for the
    /// review (`gammalog verify` names it) and a new one begins: charge capture does not stop for it.
    func openAnchor(_ path: String, key: ChainKey) throws(StoreError) -> ChainAnchor {
        do {
            return try ChainAnchor(path: path, key: key)
        } catch {
            let aside = path + ".rejected-\(Int(Date().timeIntervalSince1970))"
            logger.error(
                "the chain anchor does not verify; kept aside, a new one begins",
                metadata: ["anchor": "\(path)", "kept": "\(aside)", "error": "\(error)"])
            guard rename(path, aside) == 0 else {
                throw StoreError(
                    .unavailable, at: path, "cannot move the anchor aside: \(String(cString: strerror(errno)))")
            }
            return try ChainAnchor(path: path, key: key)
        }
    }
}
