import Console
import ConsoleRecords
import Foundation
import TestSupport
import Testing

/// Registers laid out by hand from the CCG-1 tables, independent of the profile.
func identityRegisters(magic: UInt16 = 0x4343, revision: UInt16 = 1, serial: String = "4711") -> [UInt16] {
    var registers = [UInt16](repeating: 0, count: 40)
    registers[0] = magic
    registers[1] = revision
    let bytes = Array(serial.utf8) + [UInt8](repeating: 0, count: 16 - serial.utf8.count)
    for index in 0..<8 { registers[2 + index] = UInt16(bytes[2 * index]) << 8 | UInt16(bytes[2 * index + 1]) }
    registers[22] = 192
    registers[23] = 8
    registers[24] = 0
    registers[25] = 3400
    registers[28] = 0x1234
    registers[29] = 0x5678
    registers[30] = 64
    registers[31] = 24
    return registers
}

func slotRegisters(seq: UInt32, type: UInt16, session: UInt32 = 7, shot: UInt16 = 0, code: UInt16 = 0) -> [UInt16] {
    var slot = [UInt16](repeating: 0, count: 24)
    slot[0] = UInt16(seq >> 16)
    slot[1] = UInt16(seq & 0xFFFF)
    slot[2] = 0x6929  // 2025-11-…
    slot[3] = 0x0000
    slot[4] = 250
    slot[5] = type
    slot[6] = UInt16(session >> 16)
    slot[7] = UInt16(session & 0xFFFF)
    slot[8] = shot
    slot[9] = 0xFFFF  // all sectors 16 mm
    slot[10] = 0
    slot[11] = 60_000
    slot[14] = 0x0001
    slot[15] = 0x86A0  // x = 100000 µm
    slot[16] = 0xFFFF
    slot[17] = 0xFFFF  // y = -1 µm
    slot[20] = code
    slot[21] = 90
    slot[23] = UInt16(seq & 0xFFFF)
    return slot
}

@Suite struct DecodingTests {
    @Test func theIdentityBlockDecodesPerTheMap() throws {
        let identity = try Harness.profile().decodeIdentity(identityRegisters()[...], at: "test")
        #expect(identity.serial == "4711" && identity.sourceCount == 192 && identity.sectorCount == 8)
        #expect(identity.referenceDoseRate == 3400)
        #expect(identity.bootID == 0x1234_5678)
        #expect(identity.journalCapacity == 64 && identity.slotSize == 24)
        #expect(identity.calibrationTime == nil)
    }

    @Test func aWrongMagicIsNotAGateway() throws {
        let profile = try Harness.profile()
        #expect {
            _ = try profile.decodeIdentity(identityRegisters(magic: 0x1234)[...], at: "gk1 identity")
        } throws: { error in
            let error = error as? ConsoleError
            return error?.code == .notAGateway && error?.detail.contains("0x1234") == true
        }
    }

    @Test func aNewerMapRevisionIsRefused() throws {
        let profile = try Harness.profile()
        #expect {
            _ = try profile.decodeIdentity(identityRegisters(revision: 2)[...], at: "gk1")
        } throws: { error in
            (error as? ConsoleError)?.code == .unsupportedRevision
        }
    }

    @Test func aSerialWithAControlByteIsBadData() throws {
        let profile = try Harness.profile()
        #expect {
            _ = try profile.decodeIdentity(identityRegisters(serial: "47\u{7}1")[...], at: "gk1")
        } throws: { error in
            let error = error as? ConsoleError
            return error?.code == .badData && error?.detail.contains("0x7") == true
        }
    }

    @Test func aSlotDecodesEveryField() throws {
        let event = try Harness.profile().decodeEvent(
            slotRegisters(seq: 70_000, type: 4, shot: 3, code: 1)[...], bootID: 9, sectorCount: 8, lastSession: 7)
        #expect(event.seq == 70_000 && event.kind == .interrupted && event.reason == .doorOpened)
        #expect(event.session == 7 && event.shot == 3)
        #expect(event.sectors == [16, 16, 16, 16, 16, 16, 16, 16])
        #expect(event.shotDeliveredMs == 0 && event.shotPlannedMs == 60_000)
        #expect(event.xUm == 100_000 && event.yUm == -1)
        #expect(event.gammaAngle == 90)
        #expect(event.time.timeIntervalSince1970 == Double(0x6929_0000) + 0.25)
        #expect(event.anomalies.isEmpty)
    }

    @Test(arguments: [
        (UInt16(42), UInt16(0), UInt16(0), "undefined_event_type"),
        (UInt16(4), UInt16(2), UInt16(42), "undefined_reason"),
        (UInt16(2), UInt16(0), UInt16(0), "missing_shot"),
    ])
    func anOddSlotIsFlaggedNotGuessed(type: UInt16, shot: UInt16, code: UInt16, anomaly: String) throws {
        let event = try Harness.profile().decodeEvent(
            slotRegisters(seq: 5, type: type, shot: shot, code: code)[...], bootID: 1, sectorCount: 8, lastSession: 0)
        #expect(event.anomalies.contains(anomaly))
    }

    @Test func aSlotFromAnOlderSessionIsFlagged() throws {
        let event = try Harness.profile().decodeEvent(
            slotRegisters(seq: 5, type: 2, session: 3, shot: 1)[...], bootID: 1, sectorCount: 8, lastSession: 7)
        #expect(event.anomalies == ["session_out_of_order"])
    }

    @Test func sessionTextWithBadBytesIsNamedInvalid() throws {
        let profile = try Harness.profile()
        var registers = [UInt16](repeating: 0, count: 80)
        registers[1] = 12
        registers[2] = 0x4D52  // "MR"
        registers[3] = 0x4E01  // "N" then 0x01
        registers[26] = 9  // undefined session kind
        let snapshot = profile.decodeSession(registers[...])
        #expect(snapshot.number == 12)
        #expect(snapshot.patientID == nil)
        #expect(snapshot.invalidFields == ["patient_id", "session_kind"])
    }
}
