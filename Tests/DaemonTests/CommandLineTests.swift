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

extension CommandLineTests {
    @Test func reviewSignsAsTheOperatorThenAddsAnAddendumAndVerifyStillPasses() async throws {
        let state = try await stateFolder()
        let config = state.appendingPathComponent("g.yaml")
        try """
        store:
          sqlite: "\(state.appendingPathComponent("gammalog.sqlite").path)"
        consoles:
          - {name: gk1, address: "tcp://127.0.0.1:1502"}
        review:
          operator: "DR PHYS"
        """.write(to: config, atomically: true, encoding: .utf8)
        let nobody = try DaemonProcess.run(
            ["review", "GK-4711-000009", "--state", state.path], executable: "gammalog")
        #expect(nobody.status != 0 && nobody.output.contains("review.operator"))
        let first = try DaemonProcess.run(
            ["review", "GK-4711-000009", "--note", "checked", "--config", config.path], executable: "gammalog")
        #expect(first.status == 0 && first.output.contains("review by DR PHYS"))
        let second = try DaemonProcess.run(
            ["review", "GK-4711-000009", "--as", "DR TWO", "--state", state.path], executable: "gammalog")
        #expect(second.status == 0 && second.output.contains("addendum by DR TWO"))
        let missing = try DaemonProcess.run(
            ["review", "GK-4711-000404", "--as", "X", "--state", state.path], executable: "gammalog")
        #expect(missing.status == 1 && missing.output.contains("no session GK-4711-000404"))
        let verify = try DaemonProcess.run(["verify", "--state", state.path], executable: "gammalog")
        #expect(verify.status == 0)
        let store = try SQLiteStore(path: state.appendingPathComponent("gammalog.sqlite").path, readOnly: true)
        #expect(try await store.reviews(ofSession: "GK-4711-000009").map(\.by) == ["DR PHYS", "DR TWO"])
    }

    @Test(arguments: [("csv", "session,console_serial"), ("json", "\"events\":["), ("html", "@media print")])
    func exportWritesTheRecordInEachFormat(format: String, marker: String) async throws {
        let state = try await stateFolder().path
        let export = try DaemonProcess.run(
            ["export", "GK-4711-000009", "--format", format, "--state", state], executable: "gammalog")
        #expect(export.status == 0 && export.output.contains(marker) && export.output.contains("GK-4711-000009"))
    }
}

extension CommandLineTests {
    @Test(arguments: [
        [String](), ["--flagged"], ["--limit", "1"], ["--console", "gk1"], ["--console=nope"],
        ["--since", "2026-11-18"], ["--since", "2030-01-01T00:00:00Z"], ["--limit=5", "--flagged"],
    ])
    func theFastSessionsListAnswersExactlyAsTheFullTool(options: [String]) async throws {
        let state = try await stateFolder().path
        let fast = try Shell.run(
            "/usr/bin/env",
            [
                "GAMMALOG_FAST_PATH_ONLY=1", DaemonProcess.buildDirectory.appendingPathComponent("gammalog").path,
                "sessions", "--state", state,
            ] + options)
        let full = try DaemonProcess.run(["sessions", "--state", state] + options, executable: "gammalog-tool")
        #expect(fast.status == 0, "the fast path answered: \(fast.output)")
        #expect(fast.output == full.output)
    }

    @Test func anythingTheFastPathDoesNotKnowGoesToTheFullTool() async throws {
        let state = try await stateFolder().path
        let refused = try Shell.run(
            "/usr/bin/env",
            [
                "GAMMALOG_FAST_PATH_ONLY=1", DaemonProcess.buildDirectory.appendingPathComponent("gammalog").path,
                "sessions", "--state", state, "--since", "last tuesday",
            ])
        #expect(refused.status == 3)
        let error = try DaemonProcess.run(
            ["sessions", "--state", state, "--since", "last tuesday"], executable: "gammalog")
        #expect(error.status != 0 && error.output.contains("--since"))
        let newer = try await stateFolder()
        _ = try Shell.sqlite3(
            newer.appendingPathComponent("gammalog.sqlite").path,
            "INSERT INTO grdb_migrations VALUES ('v99: from the future')")
        let refusedNewer = try DaemonProcess.run(["sessions", "--state", newer.path], executable: "gammalog")
        #expect(refusedNewer.status != 0 && refusedNewer.output.contains("newer GammaLog"))
    }
}
