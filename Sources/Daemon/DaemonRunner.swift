import Console
import ConsoleRecords
import Foundation
import Logging
import PostgresStore
import ServiceLifecycle
import Settings
import Store

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
        switch configuration.store {
        case .sqlite:
            try await run(store: configuration.openStore(), profiles: profiles, extra: extra, interfaces: interfaces)
        case .postgres(let shared):
            let store = try PostgresStore(
                configuration: shared, charges: configuration.charges, logger: logger)
            try await store.whileRunning {
                try await store.migrate()
                logger.info("store: \(shared)")
                try await run(store: store, profiles: profiles, extra: extra, interfaces: interfaces)
            }
        }
    }

    func run(
        store: any GammaLogStore, profiles: [String: DeviceProfile], extra: [any Service],
        interfaces: ([ConsolePoller], any GammaLogStore) throws -> [any Service]
    ) async throws {
        var pollers: [ConsolePoller] = []
        for console in configuration.consoles {
            guard let profile = profiles[console.name] else { continue }
            pollers.append(
                ConsolePoller(
                    settings: console, profile: profile, store: store, physics: configuration.physics, logger: logger,
                    logPatientData: configuration.logPatientData, expectedConsoleTime: expectedConsoleTime))
        }
        let services: [any Service] = extra + pollers + (try interfaces(pollers, store)) + [SystemdService()]
        let group = ServiceGroup(
            configuration: .init(services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
        logger.info("stopped; everything committed")
    }
}
