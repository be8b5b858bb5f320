import ChargeCapture
import Console
import ConsoleRecords
import DeliveryLog
import Foundation
import Logging
import Metrics
import Modbus
import ServiceLifecycle
import Settings
import Store

/// Polls one console for as long as the daemon runs: each poll's records,
/// the sessions they change and the cursor that covers them are committed in
/// one transaction, and only then does the poller move on. A console that
/// fails stalls nobody else: every poller has its own link thread and task.
public actor ConsolePoller: Service {
    /// The console's settings.
    public nonisolated let settings: DaemonConfiguration.ConsoleSettings
    let driver: CCG1Driver
    let client: ModbusClient
    let store: any DeliveryStore
    let anchor: ChainAnchor?
    let physics: PhysicsSettings
    let logger: Logger
    let logPatientData: Bool
    let now: @Sendable () -> Date
    /// What the console's clock should read now, for the skew check: `now`, but for a simulated console.
    let expectedConsoleTime: @Sendable () -> Date
    /// From a session's close on the console to its charge stored ready.
    let chargeReadyDelay = Metrics.Timer(label: "gammalog_charge_ready_delay_seconds")
    /// What the poller has seen, for health and metrics.
    public nonisolated let health: PollerHealth

    /// The poller runs on the console's link thread, like its driver.
    public nonisolated var unownedExecutor: UnownedSerialExecutor { client.unownedExecutor }

    /// A poller for `settings`, storing into `store` and moving the console's head in `anchor` after each commit.
    public init(
        settings: DaemonConfiguration.ConsoleSettings, profile: DeviceProfile, store: any DeliveryStore,
        anchor: ChainAnchor? = nil, physics: PhysicsSettings, logger: Logger, logPatientData: Bool = false,
        now: @escaping @Sendable () -> Date = Date.init,
        expectedConsoleTime: @escaping @Sendable () -> Date = Date.init
    ) {
        self.now = now
        self.expectedConsoleTime = expectedConsoleTime
        self.settings = settings
        self.logPatientData = logPatientData
        var logger = logger
        logger[metadataKey: "console"] = "\(settings.name)"
        self.logger = logger
        self.client = ModbusClient(
            configuration: .init(
                address: settings.address, unit: settings.unit, responseTimeout: settings.responseTimeout),
            logger: logger)
        self.driver = CCG1Driver(name: settings.name, profile: profile, client: client, logger: logger)
        self.store = store
        self.anchor = anchor
        self.physics = physics
        self.health = PollerHealth(console: settings.name, staleAfter: settings.staleAfter, now: now)
    }

    public func run() async throws {
        do {
            try await cancelWhenGracefulShutdown { try await self.loop() }
        } catch is CancellationError {
            // Shutting down while waiting on the store: a normal stop, nothing half-done.
        }
        await client.disconnect()
        logger.info("poller stopped")
    }

    private func loop() async throws {
        var state = try await loadState()
        logger.info(
            "poller started",
            metadata: ["address": "\(settings.address)", "cursor": "\(state?.cursor.lastSeq.description ?? "none")"])
        while !Task.isCancelled {
            let started = ContinuousClock.now
            state = await pollOnce(after: state)
            try? await Task.sleep(until: started + settings.pollInterval)
        }
    }

    private func loadState() async throws -> ReaderState? {
        while true {
            do {
                return try await store.readerState(console: settings.name)
            } catch  where Task.isCancelled {
                throw CancellationError()
            } catch {
                logger.error("cannot read the reader state; retrying", metadata: ["error": "\(error)"])
                try await Task.sleep(for: .seconds(1))
            }
        }
    }

    /// One poll, applied and committed; returns the state to carry on from.
    func pollOnce(after state: ReaderState?) async -> ReaderState? {
        let started = ContinuousClock.now
        let poll: ConsolePoll
        do {
            poll = try await driver.poll(from: state?.cursor)
        } catch {
            health.recordFailure(error.transport?.code.description ?? error.code.description)
            logger.warning("poll failed", metadata: ["error": "\(error)"])
            return state
        }
        var log =
            state?.log
            ?? DeliveryLog(
                console: ConsoleRef(serial: poll.identity.serial, model: poll.identity.model, name: settings.name),
                settings: physics)
        let now = self.now()
        let changes = log.apply(poll.records, consoleClock: poll.status.clock, now: expectedConsoleTime())
        let next = ReaderState(cursor: poll.cursor, log: log)
        let sessions = changes.updated + changes.finalized
        var charges: [Charge] = []
        if next != state || !sessions.isEmpty {
            do {
                let committed = try await store.commit(
                    PollBatch(
                        console: settings.name, records: poll.records, state: next, sessions: sessions, receivedAt: now)
                )
                charges = committed.charges
                if let head = committed.head, let anchor {
                    do {
                        try await anchor.advance(head)
                    } catch {
                        logger.error("cannot write the chain anchor", metadata: ["error": "\(error)"])
                    }
                }
            } catch {
                if !Task.isCancelled {
                    health.recordFailure("store")
                    logger.error("commit failed; the poll will be read again", metadata: ["error": "\(error)"])
                }
                return state
            }
        }
        health.recordGoodRead(poll: poll, changes: changes, took: ContinuousClock.now - started)
        report(poll, changes, charges)
        return next
    }

    private func report(_ poll: ConsolePoll, _ changes: DeliveryLog.Changes, _ charges: [Charge]) {
        for record in poll.records {
            if case .gap(let gap) = record {
                logger.warning("journal gap", metadata: ["kind": "\(gap.kind.rawValue)", "detail": "\(gap.detail)"])
            }
        }
        for session in changes.finalized {
            // Patient ids and names stay out of the logs unless configuration asks for them.
            let patient: Logger.Metadata =
                logPatientData ? ["patient": "\(session.patient.id ?? "-") \(session.patient.family ?? "")"] : [:]
            logger.info(
                "session recorded",
                metadata: patient.merging([
                    "session": "\(session.id)", "kind": "\(session.kind?.rawValue ?? "unknown")",
                    "outcome": "\(session.outcome.rawValue)", "complete": "\(session.recordComplete)",
                    "flags": "\(session.flags.map(\.code).joined(separator: ","))",
                ]) { _, new in new })
        }
        let closed = Dictionary(changes.finalized.map { ($0.id, $0.closedAt) }, uniquingKeysWith: { first, _ in first })
        for charge in charges {
            if charge.status == .ready, let closedAt = closed[charge.id] ?? nil {
                chargeReadyDelay.record(
                    duration: .milliseconds(max(0, Int64(now().timeIntervalSince(closedAt) * 1000))))
            }
            logger.info(
                "charge captured",
                metadata: [
                    "charge": "\(charge.id)", "status": "\(charge.status.rawValue)", "code": "\(charge.code ?? "none")",
                    "holds": "\(charge.holdReasons.map(\.rawValue).joined(separator: ","))",
                    "service_date": "\(charge.serviceDate ?? "-")",
                ])
        }
        if !changes.unseenSessions.isEmpty {
            logger.error(
                "sessions lost in a gap",
                metadata: ["numbers": "\(changes.unseenSessions.map { "\($0.lowerBound)-\($0.upperBound)" })"])
        }
    }
}
