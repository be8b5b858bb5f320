import Foundation
import Store
import TestSupport
import Testing

/// Copies of patient data are their owner's alone, whatever the umask of whoever made them.
@Suite(.serialized) struct PrivateFileTests {
    @Test func aBackupTakenUnderUmask022IsReadableByItsOwnerOnly() async throws {
        let store = try temporaryStore()
        try await closeSessions([closedTreatment(1)], in: store)
        let target = FileManager.default.temporaryDirectory.appendingPathComponent("backup-\(UUID()).sqlite").path
        defer { try? FileManager.default.removeItem(atPath: target) }
        let previous = umask(0o022)
        defer { umask(previous) }
        let result = try await store.backup(to: target)
        #expect(result.chain.holds && result.charges == 1)
        let mode = try #require(try FileManager.default.attributesOfItem(atPath: target)[.posixPermissions] as? Int)
        #expect(mode & 0o777 == 0o600, "mode \(String(mode, radix: 8))")
    }

    @Test func aPrivateFileIsNeverWrittenOverUnlessAskedAndIsOwnerOnly() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("report-\(UUID()).html").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let previous = umask(0)
        defer { umask(previous) }
        try PrivateFile.write("one", to: path)
        #expect(throws: StoreError.self) { try PrivateFile.write("two", to: path) }
        try PrivateFile.write("three", to: path, replacing: true)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "three")
        let mode = try #require(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
        #expect(mode & 0o777 == 0o600)
    }
}
