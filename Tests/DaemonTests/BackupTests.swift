import Foundation
import TestSupport
import Testing

/// `gammalog backup` while the daemon records.
@Suite struct BackupTests {
    @Test func aBackupTakenWhileASessionIsBeingRecordedOpensVerifiesAndHoldsEveryCommittedSession() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("gammalog-backup-\(UUID())")
        let daemon = try DaemonProcess(
            "gammalogd", ["--state", directory.path, "--http-port", "0", "--speed", "1200"])
        defer { daemon.stop(SIGTERM) }
        let source = directory.appendingPathComponent("gammalog.sqlite").path
        func count(_ path: String, _ condition: String) throws -> Int {
            Int(try Shell.sqlite3(path, "SELECT count(*) FROM sessions WHERE \(condition)")) ?? -1
        }
        var copies: [String] = []
        let deadline = Date().addingTimeInterval(60)
        // Each time a session is open and another has closed since the last copy, a copy is taken at once.
        var lastFinal = 0
        while copies.count < 3 && Date() < deadline {
            guard let open = try? count(source, "final = 0"), open > 0,
                let committed = try? count(source, "final = 1"), committed > lastFinal
            else {
                usleep(50_000)
                continue
            }
            lastFinal = committed
            let copy = directory.appendingPathComponent("copy-\(copies.count).sqlite").path
            let backup = try DaemonProcess.run(
                ["backup", "--state", directory.path, "--to", copy], executable: "gammalog")
            #expect(backup.status == 0 && backup.output.contains("chain verified"), "\(backup.output)")
            #expect(try count(copy, "final = 1") >= committed, "every session committed before the copy")
            #expect(try Shell.sqlite3(copy, "PRAGMA integrity_check") == "ok")
            copies.append(copy)
        }
        #expect(copies.count == 3, "\(daemon.text)")
        #expect(try copies.contains { try count($0, "final = 0") > 0 }, "taken while a session was being recorded")
        let again = try DaemonProcess.run(
            ["backup", "--state", directory.path, "--to", try #require(copies.first)], executable: "gammalog")
        #expect(again.status != 0 && again.output.contains("a backup never overwrites"))
        #expect(daemon.stop(SIGTERM) == 0)
    }
}
