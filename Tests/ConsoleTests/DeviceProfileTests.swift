import Console
import ConsoleRecords
import Foundation
import LinkAddress
import Modbus
import TestSupport
import Testing

@Suite struct DeviceProfileTests {
    @Test func theCCG1ProfileEncodesTheRegisterMap() throws {
        let profile = try Harness.profile()
        #expect(profile.name == "ccg1" && profile.mapRevision == 1 && profile.table == .input)
        #expect(profile.identity.start == 0 && profile.identity.count == 40)
        #expect(profile.status.start == 100 && profile.status.count == 20)
        #expect(profile.session.start == 200 && profile.session.count == 80)
        #expect(profile.journalStart == 1000)
        #expect(profile.line.serial == SerialLine(baud: 19200, parity: .even, dataBits: 8, stopBits: 1))
        #expect(profile.line.tcpPort == 502 && profile.line.unit == 1)
        #expect(profile.vocabulary.eventKinds.count == 10)
        #expect(profile.vocabulary.reasons[99] == .other && profile.vocabulary.reasons[7] == .collisionInterlock)
        #expect(profile.slotField("seq_check")?.offset == 23)
    }

    @Test func sectorsDecodeTwoBitsEachSectorOneLowest() throws {
        let vocabulary = try Harness.profile().vocabulary
        // sector 1 = 16 mm (3), sector 2 = 8 mm (2), sector 3 = 4 mm (1), sector 4 blocked (0), rest 16 mm.
        let register: UInt16 = 0b11_11_11_11_00_01_10_11
        #expect(vocabulary.sectors(register, count: 8) == [16, 8, 4, 0, 16, 16, 16, 16])
        #expect(vocabulary.sectorsRegister([16, 8, 4, 0, 16, 16, 16, 16]) == register)
    }

    func profileText(replacing old: String, with new: String) throws -> String {
        let text = try String(
            contentsOf: Harness.repositoryRoot.appendingPathComponent("Devices/ccg1.yaml"), encoding: .utf8)
        #expect(text.contains(old))
        return text.replacingOccurrences(of: old, with: new)
    }

    @Test(arguments: [
        ("{name: journal_head, offset: 4, type: u32}", "{name: head, offset: 4, type: u32}", "journal_head"),
        ("rtu: {baud: 19200, parity: E,", "rtu: {baud: 19200, parity: X,", "line.rtu.parity"),
        ("  10: calibration_changed", "  10: recalibrated", "event_types.10"),
        (
            "{name: operator_id, offset: 42, type: str, length: 4}",
            "{name: operator_id, offset: 78, type: str, length: 4}", "operator_id"
        ),
        ("start: 100\n    count: 20", "start: 100\n    count: 130", "blocks.status.count"),
    ])
    func aBrokenProfileIsRefusedNamingTheKey(old: String, new: String, key: String) throws {
        let text = try profileText(replacing: old, with: new)
        #expect {
            _ = try DeviceProfile(yaml: text, source: "broken.yaml")
        } throws: { error in
            guard let error = error as? ConsoleError else { return false }
            return error.code == .invalidProfile && error.description.contains(key)
        }
    }

    @Test func anUnknownProfileNameSaysWhereItLooked() {
        #expect {
            _ = try DeviceProfile.load(named: "ccg9", searching: ["/nonexistent"])
        } throws: { error in
            (error as? ConsoleError)?.detail.contains("/nonexistent") == true
        }
    }
}
