import ChargeCapture
import Foundation
import Store
import Testing

/// `gammalogd` with no configuration: the demo on its simulator, as a newcomer first runs it.
@Suite struct EmbeddedDefaultTests {
    @Test func theDemoPlaysOnTodaysDateAndItsSessionsAreNotFlaggedForClockSkew() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("gammalog-demo-\(UUID())")
        let daemon = try DaemonProcess(
            "gammalogd", ["--state", directory.path, "--http-port", "0", "--speed", "600"])
        defer { daemon.stop(SIGTERM) }
        var recorded: [Substring] = []
        let deadline = Date().addingTimeInterval(60)
        while recorded.count < 2 && Date() < deadline {
            _ = await daemon.waitForOutput("\u{0}", timeout: 0.5)
            recorded = daemon.text.split(separator: "\n").filter { $0.contains("session recorded") }
        }
        #expect(recorded.count >= 2, "\(daemon.text)")
        #expect(!recorded.contains { $0.contains("clock_skew") }, "\(recorded)")
        daemon.stop(SIGTERM)
        let store = try SQLiteStore(path: directory.appendingPathComponent("gammalog.sqlite").path, readOnly: true)
        let sessions = try await store.summaries(SessionQuery(limit: 10))
        let zone = try #require(TimeZone(identifier: "America/Chicago"))
        let today = ChargeRules.localDate(Date(), in: zone)
        #expect(sessions.count >= 2)
        for session in sessions {
            #expect(session.openedAt.map { ChargeRules.localDate($0, in: zone) } == today, "\(session.id)")
        }
    }
}
