import Foundation
import Store
import Synchronization
import TestSupport
import Testing

/// The seals and links a store keeps are checked by later versions of the daemon and by whoever holds the
/// key: their input format is a contract, checked here against HMAC-SHA-256 computed elsewhere (Python's
/// `hmac`), not against this code's own output.
@Suite struct ChainKeyTests {
    @Test func aSealIsHMACSHA256OverItsPurposeAndEachPartLengthPrefixedLineByLine() {
        // HMAC(0x5A × 32, "6:charge\n3:C-1\n7:{\"a\":1}\n")
        #expect(
            testChainKey.seal("charge", ["C-1", #"{"a":1}"#])
                == "1f2437444f559bba55670949a99835d52601fc2c1809ccc9a6202fab873c7506")
        #expect(
            testChainKey.chargeSeal(id: "C-1", body: #"{"a":1}"#)
                == "1f2437444f559bba55670949a99835d52601fc2c1809ccc9a6202fab873c7506")
    }

    @Test func aMissingPartIsADashAndAnEmptyOneIsCountedAsNoBytesAndCountsAreInUTF8Bytes() {
        // HMAC(0x5A × 32, "7:history\n3:C-1\n0:\n-\n1006:Zoë, xxx…\n"): "ë" is two bytes, 1,000 "x" four digits.
        #expect(
            testChainKey.seal("history", ["C-1", "", nil, "Zoë, " + String(repeating: "x", count: 1000)])
                == "e2eb63f0b6d8e57d15d13666f6b04c6610ae00d0eff5f4ae160ef49cee6cead2")
    }

    @Test func daemonsMakingTheFirstKeyAtTheSameMomentAllGetOneKeyAndNoneFails() throws {
        for _ in 0..<20 {
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("chain-key-\(UUID())")
            defer { try? FileManager.default.removeItem(at: folder) }
            let path = folder.appendingPathComponent("chain.key").path
            let outcomes = Mutex<[Result<(String, Bool), StoreError>]>([])
            DispatchQueue.concurrentPerform(iterations: 8) { _ in
                let outcome = Result { () throws(StoreError) in
                    let (key, created) = try ChainKey.loadOrCreate(path: path)
                    return (key.id, created)
                }
                outcomes.withLock { $0.append(outcome) }
            }
            let made = try outcomes.withLock { try $0.map { try $0.get() } }
            #expect(Set(made.map(\.0)).count == 1)
            #expect(made.filter(\.1).count == 1)
            #expect(try ChainKey.load(path: path)?.id == made.first?.0)
            let left = try FileManager.default.contentsOfDirectory(atPath: folder.path)
            #expect(left == ["chain.key"])
        }
    }
}
