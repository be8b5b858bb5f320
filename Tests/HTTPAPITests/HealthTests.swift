import Foundation
import HTTPAPI
import Hummingbird
import HummingbirdTesting
import SQLiteStore
import Store
import Synchronization
import TestSupport
import Testing

/// `/healthz` tells the truth about the store's disk: it writes the main database file, so a full disk is a 503
/// naming the store. The store lives on a small tmpfs of its own (the tests run as
/// root, as CI does).
@Suite(.serialized) struct HealthTests {
    /// Mounts a `size` tmpfs in a fresh folder for `body`, and unmounts it after.
    func withSmallDisk(_ size: String, _ body: (String) async throws -> Void) async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gammalog-disk-\(UUID())").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let mounted = try Shell.run("/bin/mount", ["-t", "tmpfs", "-o", "size=\(size)", "tmpfs", folder])
        try #require(mounted.status == 0, "mounting a tmpfs needs root: \(mounted.output)")
        defer {
            _ = try? Shell.run("/bin/umount", ["-l", folder])
            try? FileManager.default.removeItem(atPath: folder)
        }
        try await body(folder)
    }

    func health(_ store: SQLiteStore) async throws -> (Int, String) {
        let app = Application(
            router: APIServer(store: store, charges: store.chargeSettings, tokens: [], consoles: []).router())
        let answer = Mutex((0, ""))
        try await app.test(.router) { client in
            let got = try await client.execute(uri: "/healthz", method: .get) {
                ($0.status.code, String(buffer: $0.body))
            }
            answer.withLock { $0 = got }
        }
        return answer.withLock { $0 }
    }

    @Test func aFullDiskIsA503NamingTheStore() async throws {
        try await withSmallDisk("8m") { folder in
            let store = try SQLiteStore(path: "\(folder)/gammalog.sqlite")
            #expect(try await health(store).0 == 200)
            // Fill what is left, as a runaway log or another program would.
            let filler =
                FileHandle(forWritingAtPath: "\(folder)/filler")
                ?? {
                    FileManager.default.createFile(atPath: "\(folder)/filler", contents: nil)
                    return FileHandle(forWritingAtPath: "\(folder)/filler")
                }()
            let block = Data(repeating: 0, count: 64 * 1024)
            while (try? filler?.write(contentsOf: block)) != nil {}
            try? filler?.close()
            let (status, text) = try await health(store)
            #expect(status == 503 && text.contains("store not writable"), "\(text)")
        }
    }
}
