import ChargeCapture
import Console
import ConsoleRecords
import DeliveryLog
import Foundation
import SQLiteStore
import Store

/// A closed, complete single-session treatment, of patient `MRN<serial>-<number>` unless another is named
/// (so that no two sessions share a patient and a service date by chance).
public func closedTreatment(
    _ number: UInt32, serial: String = "4711", patient: String? = nil,
    opened: Date = Date(timeIntervalSince1970: 1_795_000_000), outcome: SessionOutcome = .completed
) -> DeliverySession {
    var session = DeliverySession(
        console: ConsoleRef(serial: serial, model: "CO60-MS192", name: "gk-\(serial)"), number: number)
    session.kind = .treatment
    session.patient = Patient(id: patient ?? "MRN\(serial)-\(number)", family: "DOE", given: "JANE")
    session.fraction = 1
    session.fractionsPlanned = 1
    session.outcome = outcome
    session.openedAt = opened
    session.closedAt = opened.addingTimeInterval(1800)
    session.plannedMs = 1_800_000
    session.deliveredMs = outcome == .completed ? 1_800_000 : 600_000
    session.blockRead = true
    session.final = true
    return session
}

/// Commits `sessions` as the daemon would when they close.
@discardableResult
public func closeSessions(_ sessions: [DeliverySession], in store: some DeliveryStore, console name: String = "gk1")
    async throws -> [Charge]
{
    let reference = sessions.first?.console ?? ConsoleRef(serial: "4711", model: "CO60-MS192", name: "gk1")
    return try await store.commit(
        PollBatch(
            console: name, records: [],
            state: ReaderState(
                cursor: JournalCursor(consoleSerial: reference.serial, bootID: 1, lastSeq: 1),
                log: DeliveryLog(console: reference)),
            sessions: sessions, receivedAt: Date())
    ).charges
}

/// The chain key the tests' stores are keyed with.
public let testChainKey: ChainKey = {
    do {
        return try ChainKey(bytes: Array(repeating: 0x5A, count: 32))
    } catch {
        fatalError("a 32-byte key is a key: \(error)")
    }
}()

/// An empty store in a fresh temporary folder, deciding charges with `charges`.
public func temporaryStore(charges: ChargeSettings = ChargeSettings()) throws -> SQLiteStore {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("gammalog-store-\(UUID().uuidString)")
    return try SQLiteStore(
        path: directory.appendingPathComponent("gammalog.sqlite").path, charges: charges, key: testChainKey)
}

/// A store with ready charges for sessions 1…`ready` and held ones (early ends) after them.
public func storeWithCharges(ready: Int, held: Int = 0) async throws -> SQLiteStore {
    let store = try temporaryStore()
    let sessions =
        (0..<ready).map { closedTreatment(UInt32($0 + 1)) }
        + (0..<held).map { closedTreatment(UInt32(ready + $0 + 1), outcome: .endedByFault) }
    try await closeSessions(sessions, in: store)
    return store
}
