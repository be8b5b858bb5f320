import Console
import ConsoleRecords
import Foundation
import Logging
import ServiceLifecycle
import Settings
import Store
import Stores

/// Assembles the daemon's services from a configuration and runs them until
/// SIGTERM or SIGINT, then shuts down with everything committed.
public struct DaemonRunner: Sendable {
    /// The configuration.
    public let configuration: DaemonConfiguration
    let logger: Logger
    /// What the consoles' clocks should read now: the host's clock, but for a simulated console.
    let expectedConsoleTime: @Sendable () -> Date

    /// A runner for `configuration`; its pollers check the consoles' clocks against `expectedConsoleTime`.
    public init(
        configuration: DaemonConfiguration, logger: Logger,
        expectedConsoleTime: @escaping @Sendable () -> Date = Date.init
    ) {
        self.configuration = configuration
        self.logger = logger
        self.expectedConsoleTime = expectedConsoleTime
    }

    /// Opens the store, loads the profiles and runs a poller per console,
    /// plus `extra` services (the embedded simulator) and the services
    /// `interfaces` builds over the pollers and the store (HTTP). A shared
    /// PostgreSQL store's connection pool runs around all of them: it starts
    /// first, is migrated (or refused) before any poll, and stops last.
    public func run(
        extra: [any Service] = [],
        interfaces: ([ConsolePoller], any GammaLogStore) throws -> [any Service] = { _, _ in [] }
    ) async throws {
        let profiles = try configuration.loadProfiles()
        try await StoreOpener.withStore(configuration, for: .daemon(logger)) { store, key in
            guard let key else { throw StoreError(.unavailable, at: configuration.chainKeyPath, "no chain key") }
            let anchor = try configuration.anchorPath.map { path throws(StoreError) in try openAnchor(path, key: key) }
            try await run(store: store, anchor: anchor, profiles: profiles, extra: extra, interfaces: interfaces)
        }
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

    func run(
        store: any GammaLogStore, anchor: ChainAnchor?, profiles: [String: DeviceProfile], extra: [any Service],
        interfaces: ([ConsolePoller], any GammaLogStore) throws -> [any Service]
    ) async throws {
        var pollers: [ConsolePoller] = []
        for console in configuration.consoles {
            guard let profile = profiles[console.name] else { continue }
            pollers.append(
                ConsolePoller(
                    settings: console, profile: profile, store: store, anchor: anchor, physics: configuration.physics,
                    logger: logger,
                    logPatientData: configuration.logPatientData, expectedConsoleTime: expectedConsoleTime))
        }
        let services: [any Service] = extra + pollers + (try interfaces(pollers, store)) + [SystemdService()]
        let group = ServiceGroup(
            configuration: .init(services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
        logger.info("stopped; everything committed")
    }
}
