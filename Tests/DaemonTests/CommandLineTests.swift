import Console
import ConsoleRecords
import DeliveryLog
import Foundation
import SQLiteStore
import Store
import TestSupport
import Testing

@Suite struct CommandLineTests {
    /// A state folder holding one recorded session.
    func stateFolder() async throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "gammalog-cli-\(UUID().uuidString)")
        // Keyed as the daemon keys it, with the key file beside the store that the command line reads.
        let key = try ChainKey.loadOrCreate(path: directory.appendingPathComponent("chain.key").path).key
        let store = try SQLiteStore(path: directory.appendingPathComponent("gammalog.sqlite").path, key: key)
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
        let committed = try await store.commit(
            PollBatch(
                console: "gk1", records: records,
                state: ReaderState(cursor: JournalCursor(consoleSerial: "4711", bootID: 1, lastSeq: 4), log: log),
                sessions: changes.finalized, receivedAt: start))
        if let head = committed.head {
            try await ChainAnchor(path: directory.appendingPathComponent("chain.anchor").path, key: key).advance(head)
        }
        return directory
    }

    @Test func auditExportsTheAccessLogAsCSVOldestFirstFilteredByPatient() async throws {
        let state = try await stateFolder()
        let store = try SQLiteStore(path: state.appendingPathComponent("gammalog.sqlite").path)
        let start = Date(timeIntervalSince1970: 1_795_000_000)
        try await store.recordAccess([
            AccessEntry(
                at: start, actor: "dr, physicist", peer: "10.1.2.3", route: "GET /api/v1/sessions/{id}",
                resource: "GK-4711-000009", patients: ["MRN42"], outcome: "ok"),
            AccessEntry(
                at: start.addingTimeInterval(1), actor: "anonymous", peer: "10.9.9.9", route: "GET /api/v1/charges",
                resource: nil, patients: [], outcome: "refused_credential"),
        ])
        let all = try DaemonProcess.run(["audit", "--state", state.path], executable: "gammalog")
        let lines = all.output.split(separator: "\n")
        #expect(all.status == 0 && lines.count == 3, "\(all.output)")
        #expect(lines.first == "id,at,actor,peer,route,resource,patients,outcome")
        #expect(lines.dropFirst().first?.contains("\"dr, physicist\",10.1.2.3,GET /api/v1/sessions/{id}") == true)
        #expect(lines.last?.hasSuffix("refused_credential") == true)
        let one = try DaemonProcess.run(
            ["audit", "--state", state.path, "--patient", "MRN42"], executable: "gammalog")
        #expect(one.output.split(separator: "\n").count == 2 && one.output.contains("MRN42"))
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

    @Test func reportWritesTheMonthAsHTMLAndPrintsItToPDFThroughChromium() async throws {
        let state = try await stateFolder()
        let html = state.appendingPathComponent("november.html").path
        let report = try DaemonProcess.run(
            ["report", "--state", state.path, "--month", "2026-11", "--out", html, "--pdf"], executable: "gammalog")
        #expect(report.status == 0, "\(report.output)")
        #expect(report.output.contains("1 sessions, 0 charges held"), "\(report.output)")
        let text = try String(contentsOfFile: html, encoding: .utf8)
        #expect(
            text.contains("Monthly report gk1, 2026-11") && text.contains("<td>Treatments</td><td class=\"num\">1<"))
        #expect(!text.contains("Sign out"), "the file has no signed-in header")
        let pdf = try Data(contentsOf: state.appendingPathComponent("november.pdf"))
        #expect(pdf.prefix(5) == Data("%PDF-".utf8) && pdf.count > 5_000)
        let bad = try DaemonProcess.run(
            ["report", "--state", state.path, "--month", "November"], executable: "gammalog")
        #expect(bad.status != 0 && bad.output.contains("--month: 'November' is not a month YYYY-MM"))
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

    @Test(arguments: [
        (
            "DROP TRIGGER journal_no_delete; DELETE FROM journal WHERE id > 3",
            "BROKEN journal tail gk1: its journal ends at link #3, its sealed head is link #5: the tail was cut"
        ),
        (
            "DROP TRIGGER journal_no_delete; DELETE FROM journal WHERE id > 3; "
                + "UPDATE readers SET head_id = NULL, head_hash = NULL, head_seal = NULL",
            "BROKEN anchor gk1: its journal ends at link #3, behind the anchor file's link #5: cut or rolled back"
        ),
        (
            "DELETE FROM sessions",
            "BROKEN session gk1 #9: the journal holds its records and its row is gone: deleted"
        ),
        (
            "DROP TRIGGER charge_history_no_update; UPDATE charge_history SET reason = 'looked fine'",
            "BROKEN charge history GK-4711-000009: entry 1 (created) does not match its seal"
        ),
    ])
    func verifyNamesWhatADatabaseWriterWithoutTheKeyDid(tamper: String, named: String) async throws {
        let state = try await stateFolder()
        #expect(try DaemonProcess.run(["verify", "--state", state.path], executable: "gammalog").status == 0)
        _ = try Shell.sqlite3(state.appendingPathComponent("gammalog.sqlite").path, tamper)
        let verify = try DaemonProcess.run(["verify", "--state", state.path], executable: "gammalog")
        #expect(verify.status == 1 && verify.output.contains(named), "\(verify.output)")
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
    /// A configuration over the state folder's store, in `zone`.
    func configuration(_ state: URL, zone: String, extra: String = "") throws -> URL {
        let config = state.appendingPathComponent("gammalog.yaml")
        try """
        facility:
          time_zone: "\(zone)"
        store:
          sqlite: "\(state.appendingPathComponent("gammalog.sqlite").path)"
        consoles:
          - {name: gk1, address: "tcp://127.0.0.1:1502"}
        \(extra)
        """.write(to: config, atomically: true, encoding: .utf8)
        return config
    }

    @Test func withNeitherConfigNorStateTheCommandReadsGammalogConfig() async throws {
        let state = try await stateFolder()
        let config = try configuration(state, zone: "America/Chicago")
        let list = try Shell.run(
            "/usr/bin/env",
            [
                "GAMMALOG_CONFIG=\(config.path)", DaemonProcess.buildDirectory.appendingPathComponent("gammalog").path,
                "sessions",
            ])
        #expect(list.status == 0 && list.output.contains("GK-4711-000009"), "\(list.output)")
    }

    @Test func timesAreTheFacilitysAndADateMeansItsLocalMidnight() async throws {
        let state = try await stateFolder()
        // The session opened at 2026-11-18T11:07:10Z: 01:07:10 on the 19th on Kiritimati (UTC+14).
        let config = try configuration(state, zone: "Pacific/Kiritimati")
        let all = try DaemonProcess.run(["sessions", "--config", config.path], executable: "gammalog")
        #expect(all.output.contains("2026-11-19 01:07:10 GMT+14"), "\(all.output)")
        // UTC midnight of the 19th would leave it out; the island's midnight is fourteen hours earlier.
        let fromThe19th = try DaemonProcess.run(
            ["sessions", "--config", config.path, "--since", "2026-11-19"], executable: "gammalog")
        #expect(fromThe19th.output.contains("GK-4711-000009"), "\(fromThe19th.output)")
        let fromThe20th = try DaemonProcess.run(
            ["sessions", "--config", config.path, "--since", "2026-11-20"], executable: "gammalog")
        #expect(fromThe20th.status == 0 && fromThe20th.output.contains("0 session(s)"), "\(fromThe20th.output)")
        let shown = try DaemonProcess.run(
            ["session", "show", "GK-4711-000009", "--config", config.path], executable: "gammalog")
        #expect(shown.output.contains("opened     2026-11-19 01:07:10 GMT+14"), "\(shown.output)")
    }

    @Test func aBadSinceOrConfigurationOrNewerStoreIsAClearError() async throws {
        let state = try await stateFolder()
        let error = try DaemonProcess.run(
            ["sessions", "--state", state.path, "--since", "last tuesday"], executable: "gammalog")
        #expect(error.status != 0 && error.output.contains("--since"))
        let config = try configuration(state, zone: "Mars/Olympus")
        let bad = try DaemonProcess.run(["sessions", "--config", config.path], executable: "gammalog")
        #expect(bad.status == 2 && bad.output.contains("facility.time_zone") && bad.output.contains(":2:"))
        _ = try Shell.sqlite3(
            state.appendingPathComponent("gammalog.sqlite").path,
            "INSERT INTO grdb_migrations VALUES ('v99: from the future')")
        let refusedNewer = try DaemonProcess.run(["sessions", "--state", state.path], executable: "gammalog")
        #expect(refusedNewer.status != 0 && refusedNewer.output.contains("newer GammaLog"))
    }
}
