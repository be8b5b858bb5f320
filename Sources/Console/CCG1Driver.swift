import ConsoleRecords
import Logging
import Modbus

/// Reads a CCG-1 gateway's journal as the register map's §7 says: identity
/// and revision check, one status read per idle poll, journal reads in whole
/// slots, sequence and torn-slot checks, overrun and restart reported as gaps,
/// and session-block reads at open and close.
///
/// It only ever reads (function code 0x04 for CCG-1): its Modbus client has no write.
public actor CCG1Driver: ConsoleDriver {
    /// The console's name in configuration, used in errors and logs.
    public nonisolated let name: String
    let profile: DeviceProfile
    let client: any RegisterReader
    let logger: Logger
    var identity: ConsoleIdentity?
    var requests = 0

    /// The driver runs on its reader's executor (a Modbus link's thread): a poll's requests need no hop.
    public nonisolated var unownedExecutor: UnownedSerialExecutor { client.unownedExecutor }

    /// A driver for the console `name`, reading through `client` per `profile`.
    public init(name: String, profile: DeviceProfile, client: any RegisterReader, logger: Logger) {
        self.name = name
        self.profile = profile
        self.client = client
        self.logger = logger
    }

    public func close() async {
        await client.disconnect()
        identity = nil
    }

    public func poll(from cursor: JournalCursor?) async throws(ConsoleError) -> ConsolePoll {
        requests = 0
        var known = try await currentIdentity()
        var status = try await readStatus()
        if status.bootID != known.bootID {
            known = try await readIdentity()
            status = try await readStatus()
            guard status.bootID == known.bootID else {
                throw ConsoleError(.badData, at: name, "boot_id changes between reads; gateway restarting")
            }
        }
        if let cursor, cursor.consoleSerial != known.serial {
            throw ConsoleError(
                .wrongConsole, at: name,
                "console \(known.serial) answers where \(cursor.consoleSerial) was read before")
        }

        var records: [JournalRecord] = []
        var next: JournalCursor
        if let cursor, cursor.bootID == status.bootID, status.journalHead < cursor.lastSeq {
            // The journal only restarts with a new boot id (map §6): a head below what was read in the same
            // boot is a fault or a lie. Read nothing, so no event is taken twice and no gap is invented.
            throw ConsoleError(
                .badData, at: "\(name) status block",
                "journal_head \(status.journalHead) is below seq \(cursor.lastSeq) already read in boot \(status.bootID)"
            )
        }
        if let cursor, cursor.bootID == status.bootID {
            next = cursor
        } else if let cursor {
            records.append(.gap(restartGap(from: cursor, status: status)))
            records.append(.identity(known))
            if let snapshot = try await readSession(), snapshot.number != 0 {
                records.append(.session(snapshot))
            }
            next = JournalCursor(
                consoleSerial: known.serial, bootID: status.bootID, lastSession: cursor.lastSession)
        } else {
            records.append(.identity(known))
            next = JournalCursor(consoleSerial: known.serial, bootID: status.bootID)
        }
        let beforeJournal = (records, next)

        if status.journalHead > next.lastSeq {
            try await readJournal(upTo: status.journalHead, identity: known, into: &records, cursor: &next)
            let after = try await readStatus()
            if after.bootID != status.bootID {
                // The gateway restarted while its journal was read: the slots may
                // belong to either boot. Keep none; the next poll reports the restart.
                logger.warning("gateway restarted during a journal read", metadata: ["console": "\(name)"])
                (records, next) = beforeJournal
            }
        }
        return ConsolePoll(
            records: records, cursor: next, status: status, identity: known, requests: requests)
    }

    private func restartGap(from cursor: JournalCursor, status: ConsoleStatus) -> JournalGap {
        let (firstLost, overflow) = cursor.lastSeq.addingReportingOverflow(1)
        return JournalGap(
            kind: .gatewayRestart, bootID: cursor.bootID, firstSeq: overflow ? nil : firstLost,
            session: status.activeSession != 0 ? status.activeSession : cursor.lastSession,
            detail:
                "gateway restarted (boot \(cursor.bootID) -> \(status.bootID)); events after seq \(cursor.lastSeq) of the old boot are lost"
        )
    }
}
