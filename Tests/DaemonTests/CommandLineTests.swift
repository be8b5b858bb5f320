import Console
import DeliveryLog
import Foundation
import Store
import TestSupport
import Testing

@Suite struct CommandLineTests {
    /// A state folder holding one recorded session.
    func stateFolder() async throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "gammalog-cli-\(UUID().uuidString)")
        let store = try SQLiteStore(path: directory.appendingPathComponent("gammalog.sqlite").path)
        var log = DeliveryLog(console: ConsoleRef(serial: "4711", model: "CO60-MS192", name: "gk1"))
        let start = Date(timeIntervalSince1970: 1_795_000_000)
        func event(_ seq: UInt32, _ kind: EventKind, shot: Int = 0) -> JournalRecord {
            .event(
                ConsoleEvent(
                    seq: seq, time: start.addingTimeInterval(Double(seq) * 30), kind: kind, session: 9, shot: shot,
                    sectors: shot == 0 ? [] : [4, 4, 4, 4, 4, 4, 4, 4], shotPlannedMs: shot == 0 ? 0 : 60_000,
                    shotDeliveredMs: kind == .shotCompleted ? 60_000 : 0,
                    sessionKind: kind == .sessionOpened ? .treatment : nil))
        }
        let records: [JournalRecord] = [
            event(1, .sessionOpened),
            .session(
                SessionSnapshot(
                    number: 9, patientID: "MRN42", patientFamilyName: "SECRET", plan: "PLAN Z", shotsPlanned: 1,
                    plannedMs: 60_000)),
            event(2, .shotStarted, shot: 1), event(3, .shotCompleted, shot: 1), event(4, .sessionCompleted),
        ]
        let changes = log.apply(records)
        try await store.commit(
            PollBatch(
                console: "gk1", records: records,
                state: ReaderState(cursor: JournalCursor(consoleSerial: "4711", bootID: 1, lastSeq: 4), log: log),
                sessions: changes.finalized, receivedAt: start))
        return directory
    }

    @Test func sessionsShowAndVerifyWorkOnAStateFolder() async throws {
        let state = try await stateFolder().path
        let list = try DaemonProcess.run(["sessions", "--state", state], executable: "gammalog")
        #expect(list.status == 0 && list.output.contains("GK-4711-000009") && list.output.contains("complete"))
        let show = try DaemonProcess.run(
            ["session", "show", "GK-4711-000009", "--state", state], executable: "gammalog")
        #expect(show.status == 0 && show.output.contains("PLAN Z") && show.output.contains("4,4,4,4,4,4,4,4"))
        #expect(!show.output.contains("MRN42") && !show.output.contains("SECRET"))
        let verify = try DaemonProcess.run(["verify", "--state", state], executable: "gammalog")
        #expect(verify.status == 0 && verify.output.contains("chain verified: 5 records"))
    }

    @Test func verifyFailsNamingTheFirstBrokenLink() async throws {
        let state = try await stateFolder()
        let path = state.appendingPathComponent("gammalog.sqlite").path
        _ = try Shell.sqlite3(
            path,
            "DROP TRIGGER journal_no_update; UPDATE journal SET body = replace(body, '\"shot\":1', '\"shot\":2') WHERE id = 4"
        )
        let verify = try DaemonProcess.run(["verify", "--state", state.path], executable: "gammalog")
        #expect(verify.status == 1)
        #expect(verify.output.contains("BROKEN at journal record 4"))
    }

    @Test func anUnknownSessionOrStateIsAClearError() async throws {
        let state = try await stateFolder().path
        let show = try DaemonProcess.run(
            ["session", "show", "GK-4711-000010", "--state", state], executable: "gammalog")
        #expect(show.status != 0 && show.output.contains("no session GK-4711-000010"))
        let missing = try DaemonProcess.run(["sessions", "--state", "/nonexistent"], executable: "gammalog")
        #expect(missing.status != 0 && missing.output.contains("no store at /nonexistent"))
    }
}
