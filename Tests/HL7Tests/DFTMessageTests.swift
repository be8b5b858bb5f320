import ChargeCapture
import DeliveryLog
import Foundation
import HL7
import TestSupport
import Testing

@Suite struct DFTMessageTests {
    let chicago = TimeZone(identifier: "America/Chicago") ?? .current
    let now = Date(timeIntervalSince1970: 1_795_000_000)

    func charge(_ session: DeliverySession = closedTreatment(123, patient: "MRN0012345")) throws -> Charge {
        var settings = ChargeSettings()
        settings.chargemaster = ["77371": "33371000"]
        return try #require(ChargeRules.charge(for: session, settings: settings, logHash: nil, at: now).0)
    }

    func fields(_ message: String, _ segment: String) -> [String] {
        let line = message.split(separator: "\r").first { $0.hasPrefix(segment + "|") } ?? ""
        return line.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
    }

    @Test func theSegmentsAndFieldsFollowTheSpecsTable() throws {
        var settings = HL7Settings(host: "127.0.0.1", port: 2575)
        settings.sendingFacility = "HOSP"
        settings.receivingApplication = "PB"
        settings.receivingFacility = "HOSP"
        var made = try charge()
        made.modifiers = ["52", "TC"]
        made.record.operatorID = "RTT1"
        let message = DFTMessage.build(made, settings: settings, at: now, zone: chicago)
        #expect(message.split(separator: "\r").map { String($0.prefix(3)) } == ["MSH", "EVN", "PID", "PV1", "FT1"])
        let msh = fields(message, "MSH")
        #expect(msh[1] == "^~\\&" && msh[2] == "GAMMALOG" && msh[3] == "HOSP" && msh[4] == "PB" && msh[5] == "HOSP")
        #expect(msh[6] == "20261118050640" && msh[8] == "DFT^P03^DFT_P03" && msh[9] == "GK-4711-000123")
        #expect(msh[10] == "P" && msh[11] == "2.5.1")
        #expect(fields(message, "EVN")[1...2] == ["P03", "20261118050640"])
        let pid = fields(message, "PID")
        #expect(pid[1] == "1" && pid[3] == "MRN0012345^^^HOSP^MR" && pid[5] == "DOE^JANE")
        #expect(fields(message, "PV1")[1...3] == ["1", "O", "GK^ROOM1"])
        let ft1 = fields(message, "FT1")
        #expect(ft1[1] == "1" && ft1[2] == "GK-4711-000123" && ft1[4] == "20261118050640" && ft1[6] == "CG")
        #expect(ft1[7] == "33371000^SRS COMPLETE COURSE 1 SESSION MULTI-SOURCE CO-60^CDM" && ft1[10] == "1")
        #expect(ft1[13] == "RADONC" && ft1[16] == "GK^ROOM1" && ft1[20] == "RTT1")
        #expect(ft1[25] == "77371^SRS COMPLETE COURSE 1 SESSION MULTI-SOURCE CO-60^C4")
        #expect(ft1[26] == "52^^C4~TC^^C4")
    }

    @Test func theChargesDiagnosesGoInFT1_19InClaimOrderAndOneDG1EachBeforeTheInsurance() throws {
        var settings = ChargeSettings()
        settings.payers = .example
        let coverage = PatientCoverage(
            coverages: [Coverage(priority: 1, planID: "MCARE", companyID: "CMS", memberID: "W1", source: .adt)],
            diagnoses: [
                Diagnosis(code: "G50.0", system: "ICD10CM", type: "W", source: .api, order: 1),
                Diagnosis(
                    code: "C79.31", text: "Secondary malignant neoplasm of brain", priority: 1, source: .adt, order: 1),
            ])
        let made = try #require(
            ChargeRules.charge(
                for: closedTreatment(123, patient: "MRN0012345"), settings: settings, coverage: coverage, logHash: nil,
                at: now
            ).0)
        #expect(made.status == .ready && made.medicalNecessity?.coveredBy == "C79.31")
        let message = DFTMessage.build(made, settings: .init(host: "h", port: 1), at: now, zone: chicago)
        #expect(
            message.split(separator: "\r").map { String($0.prefix(3)) }
                == ["MSH", "EVN", "PID", "PV1", "FT1", "DG1", "DG1", "IN1"])
        #expect(fields(message, "FT1")[19] == "C79.31^Secondary malignant neoplasm of brain^I10~G50.0^^ICD10CM")
        let dg1s = message.split(separator: "\r").filter { $0.hasPrefix("DG1|") }.map {
            $0.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
        }
        #expect(
            dg1s.map { [$0[1], $0[3], $0[6], $0[15]] } == [
                ["1", "C79.31^Secondary malignant neoplasm of brain^I10", "F", "1"], ["2", "G50.0^^ICD10CM", "W", "2"],
            ])
        #expect(
            !DFTMessage.build(try charge(), settings: .init(host: "h", port: 1), at: now, zone: chicago)
                .contains("DG1|"), "a charge without diagnoses sends none")
    }

    @Test func aCreditSaysCDAndWithoutAChargemasterTheCodeIsTheItem() throws {
        var credit = try charge()
        credit.kind = .credit
        credit.chargemasterCode = nil
        let ft1 = fields(DFTMessage.build(credit, settings: .init(host: "h", port: 1), at: now, zone: chicago), "FT1")
        #expect(ft1[6] == "CD" && ft1[7] == "77371" && ft1[10] == "1")
    }

    @Test func consoleSuppliedTextIsEscapedSoItCannotAddFieldsOrSegments() throws {
        var session = closedTreatment(5, patient: "MRN|1")
        session.patient.family = "O'BRIEN^SMITH&CO"
        session.patient.given = "A~B\\C\rMSH"
        let message = DFTMessage.build(
            try charge(session), settings: .init(host: "h", port: 1), at: now, zone: chicago)
        #expect(message.split(separator: "\r").count == 5)
        let pid = fields(message, "PID")
        #expect(pid.count == 6)
        #expect(pid[3] == "MRN\\F\\1^^^HOSP^MR")
        #expect(pid[5] == "O'BRIEN\\S\\SMITH\\T\\CO^A\\R\\B\\E\\C\\X0D\\MSH")
        #expect(HL7Text.unescape("A\\R\\B\\E\\C\\X0D\\MSH") == "A~B\\C\rMSH")
    }

    @Test func anACKIsReadWithItsCodeControlIDAndText() throws {
        let ack = try #require(
            HL7Acknowledgement(
                parsing: "MSH|^~\\&|PB|HOSP|GAMMALOG|HOSP|20261129||ACK|1|P|2.5.1\rMSA|AE|GK-1|no \\T\\ go\r"))
        #expect(ack.code == "AE" && ack.controlID == "GK-1" && ack.text == "no & go" && !ack.accepted)
        #expect(HL7Acknowledgement(parsing: "MSH|^~\\&|x\rMSA|CA|GK-2")?.accepted == true)
        #expect(HL7Acknowledgement(parsing: "garbage") == nil)
        #expect(HL7Acknowledgement(parsing: "MSH|^~\\&|x\rPID|1") == nil)
    }

    @Test func mllpFramesAreFoundAcrossAndWithinReads() {
        var buffer = MLLPFrameBuffer()
        let one = MLLPFrameBuffer.frame("MSH|1")
        let two = MLLPFrameBuffer.frame("MSH|2")
        #expect(buffer.append(Array(one.prefix(3))).isEmpty)
        #expect(buffer.append(Array(one.dropFirst(3)) + [0x20, 0x20] + two) == ["MSH|1", "MSH|2"])
        #expect(buffer.append([0x1C, 0x0D]).isEmpty, "an end block with no start is noise")
    }

    /// Found by the mllp fuzz target (Tests/Fuzz/regressions/mllp/start-block-inside-a-frame.bin): a frame
    /// a sender abandoned and restarted came out as one message with a start byte inside.
    @Test(arguments: [1, 4, 9, 100])
    func aFrameInterruptedByANewStartBlockIsDroppedAndTheNewOneRead(cut: Int) {
        let bytes = [0x0B] + Array("MSH|half".utf8) + MLLPFrameBuffer.frame("MSH|whole")
        var buffer = MLLPFrameBuffer()
        let cut = min(cut, bytes.count)
        let messages = buffer.append(bytes[..<cut]) + buffer.append(bytes[cut...])
        #expect(messages == ["MSH|whole"])
        #expect(buffer.droppedGarbage)
    }
}
