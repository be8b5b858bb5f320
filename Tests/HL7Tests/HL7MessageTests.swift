import ChargeCapture
import Foundation
import HL7
import Testing

@Suite struct HL7MessageTests {
    static let a08 =
        [
            "MSH|^~\\&|ADT|HOSP|GAMMALOG|HOSP|20261118080000||ADT^A08^ADT_A01|MSG0001|P|2.5.1",
            "EVN|A08|20261118080000",
            "PID|1||999^^^OTHER^PI~MRN0012345^^^HOSP^MR||DOE^JANE",
            "IN1|1|UHC-CHOICE|87726|UNITEDHEALTHCARE||||||||20260101|20261231||C|||||||||||||||||||||POL-1|||||||||||||W123456789",
            "IN1|2|MCARE-A|CMS|MEDICARE||||||||20260101",
        ].joined(separator: "\r") + "\r"

    @Test func segmentsFieldsComponentsRepetitionsAndSubcomponentsAreParsedAndUnescaped() throws {
        let message = try HL7Message(
            parsing: "MSH|^~\\&|A|B|||||ADT^A08|C1|P|2.5.1\rZZZ|one^two&sub~rep2|\\F\\\\S\\\\T\\\\R\\\\E\\|\r")
        #expect(message.type == ("ADT", "A08") && message.controlID == "C1")
        let z = try #require(message.first("ZZZ"))
        #expect(z[1].value(1) == "one" && z[1].value(2) == "two" && z[1].repetitions[0][1] == ["two", "sub"])
        #expect(z[1].value(1, repetition: 2) == "rep2" && z[1].repetitions.count == 2)
        #expect(z.value(2) == "|^&~\\")
        #expect(z[9].isEmpty && z.value(9, 4) == "")
    }

    @Test func aMessageWithOtherEncodingCharactersIsReadWithThem() throws {
        let message = try HL7Message(parsing: "MSH#*@\\%#A#B#####ADT*A04#C2#P#2.5.1\rPID#1##X1@Y2*OTHER%SUB\r")
        #expect(message.type == ("ADT", "A04") && message.controlID == "C2")
        let pid = try #require(message.first("PID"))
        #expect(pid[3].value(1) == "X1" && pid[3].value(1, repetition: 2) == "Y2")
        #expect(pid[3].repetitions[1][1] == ["OTHER", "SUB"])
    }

    @Test(arguments: [
        "", "PID|1", "MSH", "MSH|^~", "MSH|^^^^|x", "MSH|^~\\&|A\rpid|1", "MSH|^~\\&|A\rP\u{0}D|1",
    ])
    func bytesThatAreNotHL7AreRefused(text: String) {
        #expect(throws: HL7ParseError.self) { try HL7Message(parsing: text) }
    }

    @Test func encodingEscapesEveryValueAndParsingGivesItBack() throws {
        let hostile = "O'BRIEN|^~\\&\rMSH|x"
        let message = HL7Message([
            HL7Segment(
                "MSH",
                [
                    "|", "^~\\&", "GAMMALOG", .empty, .empty, .empty, .empty, .empty,
                    HL7Field(components: ["ACK", "A08"]), "C3",
                ]),
            HL7Segment(
                "NTE", ["1", HL7Field(components: [hostile, "b"]), HL7Field(repetitions: [[["x"]], [["y", "z"]]])]),
        ])
        let text = message.encoded
        #expect(text.split(separator: "\r").count == 2)
        let back = try HL7Message(parsing: text)
        #expect(back.first("NTE")?[2].value(1) == hostile)
        #expect(back.first("NTE")?[3].repetitions == [[["x"]], [["y", "z"]]])
        #expect(back.encoded == text)
    }

    /// Found by the hl7 fuzz target (Tests/Fuzz/regressions/hl7/combining-mark-after-a-delimiter.bin): read as
    /// grapheme clusters, a delimiter followed by a combining mark was one character, not the delimiter, and
    /// the value re-encoded to different text each time.
    @Test(arguments: [
        "\\\u{485}", "|\u{301}", "^\u{301}", "~\u{485}", "&\u{301}", "\\E\\\u{485}", "a\\\u{485}b\\",
    ])
    func aDelimiterFollowedByACombiningMarkIsStillTheDelimiter(mark: String) throws {
        let text = "MSH|^~\\&|A|\(mark)|x^y\r"
        let message = try HL7Message(parsing: text)
        let encoded = message.encoded
        let again = try HL7Message(parsing: encoded)
        #expect(again == message)
        #expect(again.encoded == encoded)
    }

    @Test func aFieldSeparatorWithACombiningMarkSplitsTheFields() throws {
        let message = try HL7Message(parsing: "MSH|^~\\&|A|\u{301}B\rPID|1|\u{301}X\r")
        #expect(message.first("MSH")?.value(4) == "\u{301}B")
        #expect(message.first("PID")?.value(2) == "\u{301}X")
    }

    @Test func theAckParserReadsMSAAndFallsBackToERR() {
        let ack = HL7Acknowledgement(
            parsing: "MSH|^~\\&|PB|HOSP|GAMMALOG|HOSP|x||ACK|9|P|2.5.1\rMSA|AE|GK-1\rERR||||E||||bad \\T\\ field\r")
        #expect(ack == HL7Acknowledgement(code: "AE", controlID: "GK-1", text: "bad & field"))
        #expect(HL7Acknowledgement(parsing: "garbage") == nil)
        #expect(HL7Acknowledgement(parsing: "MSH|^~\\&|A\r") == nil)
    }

    @Test func anAckAnswersTheMessagesControlIDAndSaysWhyWhenItRefuses() throws {
        let message = try HL7Message(parsing: Self.a08)
        let ack = HL7Acknowledgement.answering(
            message, code: "AE", text: "PID-3: no patient id", controlID: "GL1", at: "20261118080001")
        let parsed = try #require(HL7Acknowledgement(parsing: ack.encoded))
        #expect(parsed.code == "AE" && parsed.controlID == "MSG0001" && parsed.text == "PID-3: no patient id")
        let header = try #require(ack.first("MSH"))
        #expect(
            header.value(3) == "GAMMALOG" && header.value(5) == "ADT" && header.value(9, 1) == "ACK"
                && header.value(10) == "GL1")
        let accepted = HL7Acknowledgement.answering(message, code: "AA", text: "", controlID: "GL2", at: "x")
        #expect(accepted.first("ERR") == nil && accepted.first("MSA")?.value(1) == "AA")
    }

    @Test func anA08GivesThePatientsWholeCoverageFromTheFeedAndIN114AnAuthorization() throws {
        let text = Self.a08.replacingOccurrences(of: "|20261231||C|", with: "|20261231|A123^20261101^UHC|C|")
        var payers = PayerSettings()
        payers.payers = [
            Payer(id: "uhc", name: "UnitedHealthcare", match: .init(companyIDs: ["87726"]), priorAuthorization: true)
        ]
        let update = try ADTUpdate(try HL7Message(parsing: text), assigningAuthority: "HOSP", payers: payers)
        #expect(update.controlID == "MSG0001" && update.event == "A08")
        guard case .coverage(_, let patient, let coverages, let authorizations, _) = update.change else {
            Issue.record("not a coverage update")
            return
        }
        #expect(patient == "MRN0012345", "the MR repetition of the assigning authority")
        #expect(coverages.map(\.priority) == [1, 2] && coverages.map(\.companyID) == ["87726", "CMS"])
        #expect(
            coverages[0].planID == "UHC-CHOICE" && coverages[0].effective == "2026-01-01"
                && coverages[0].expires == "2026-12-31")
        #expect(
            coverages[0].policyNumber == "POL-1" && coverages[0].memberID == "W123456789"
                && coverages[0].planType == "C")
        #expect(
            authorizations == [
                Authorization(
                    id: "adt-uhc-A123-194a99a7", payerID: "uhc", number: "A123", validFrom: "2026-11-01",
                    validTo: "2027-01-29",
                    source: .adt)
            ])
    }

    @Test func anADTMessageBuiltForTheDemoReadsBackAsTheCoverageAndAuthorizationItCarries() throws {
        let uhc = Coverage(
            priority: 1, planID: "UHC-CHOICE", companyID: "87726", companyName: "UNITEDHEALTHCARE",
            effective: "2026-01-01", memberID: "W123456789", source: .adt)
        let medicare = Coverage(
            priority: 2, planID: "MEDICARE-B", companyID: "CMS", companyName: "MEDICARE", planType: "MC",
            expires: "2027-06-30", policyNumber: "P^1", source: .adt)
        let built = ADTMessage(
            event: "A08", controlID: "DEMO-7", patient: "MRN0013579", assigningAuthority: "HOSP",
            insurances: [
                .init(
                    coverage: uhc, authorization: "UHC-SRS-42", authorizedOn: "2026-12-03", authorizationSource: "OPTUM"
                ),
                .init(coverage: medicare),
            ])
        let zone = try #require(TimeZone(identifier: "America/Chicago"))
        let text = built.message(at: Date(timeIntervalSince1970: 1_796_312_400), zone: zone).encoded
        #expect(text.hasPrefix("MSH|^~\\&|ADT|HOSPITAL|GAMMALOG||20261203"), "\(text)")
        #expect(text.contains("\rIN1|1|UHC-CHOICE|87726|UNITEDHEALTHCARE||||||||20260101||UHC-SRS-42^20261203^OPTUM|"))
        #expect(text.contains("|MC|||||||||||||||||||||P\\S\\1\r"), "IN1-15 plan type; IN1-36's ^ escaped")
        var payers = PayerSettings.example
        payers.authorizationDays = 30
        let update = try ADTUpdate(try HL7Message(parsing: text), assigningAuthority: "HOSP", payers: payers)
        #expect(update.controlID == "DEMO-7" && update.event == "A08")
        #expect(
            update.change
                == .coverage(
                    controlID: "DEMO-7", patient: "MRN0013579", coverages: [uhc, medicare],
                    authorizations: [
                        Authorization(
                            id: "adt-uhc-UHC-SRS-42-a9475f9e", payerID: "uhc", number: "UHC-SRS-42",
                            validFrom: "2026-12-03",
                            validTo: "2027-01-01", source: .adt)
                    ]))
    }

    @Test func anA40MergesTheOldIdIntoTheNew() throws {
        let text = "MSH|^~\\&|ADT|HOSP|||x||ADT^A40|M40|P|2.5.1\rPID|1||NEW1^^^HOSP^MR\rMRG|OLD1^^^HOSP^MR\r"
        let update = try ADTUpdate(try HL7Message(parsing: text), assigningAuthority: "HOSP", payers: PayerSettings())
        #expect(update.change == .merge(controlID: "M40", old: "OLD1", patient: "NEW1"))
    }

    @Test(arguments: [
        ("MSH|^~\\&|A|B|||x||ORU^R01|M1|P|2.5.1\rPID|1||X^^^HOSP^MR\r", "AR", "ORU^R01"),
        ("MSH|^~\\&|A|B|||x||ADT^A03|M1|P|2.5.1\rPID|1||X^^^HOSP^MR\r", "AR", "ADT^A03"),
        ("MSH|^~\\&|A|B|||x||ADT^A08|M1|P|2.5.1\rPID|1||\r", "AE", "PID-3"),
        ("MSH|^~\\&|A|B|||x||ADT^A08|M1|P|2.5.1\r", "AE", "PID-3"),
        ("MSH|^~\\&|A|B|||x||ADT^A08||P|2.5.1\rPID|1||X\r", "AE", "MSH-10"),
        ("MSH|^~\\&|A|B|||x||ADT^A08|M1|P|2.5.1\rPID|1||X\rIN1|1|P||\r", "AE", "without a company"),
        ("MSH|^~\\&|A|B|||x||ADT^A08|M1|P|2.5.1\rPID|1||X\rIN1|1|P|CMS|||||||||20261345\r", "AE", "IN1[1]-12"),
        ("MSH|^~\\&|A|B|||x||ADT^A08|M1|P|2.5.1\rPID|1||X\rIN1|1|P|UHC|||||||||||A1^tomorrow\r", "AE", "IN1[1]-14.2"),
        ("MSH|^~\\&|A|B|||x||ADT^A40|M1|P|2.5.1\rPID|1||X\r", "AE", "MRG-1"),
        ("MSH|^~\\&|A|B|||x||ADT^A08|M1|P|2.5.1\rPID|1||X\rDG1|1||^Brain^I10\r", "AE", "DG1[1]-3.1"),
        (
            "MSH|^~\\&|A|B|||x||ADT^A08|M1|P|2.5.1\rPID|1||X\rDG1|1||C79.31^x^I10\rDG1|2||BRAIN^y^I10\r", "AE",
            "DG1[2]-3.1"
        ),
        ("MSH|^~\\&|A|B|||x||ADT^A08|M1|P|2.5.1\rPID|1||X\rDG1|1||U07.1^x^ICD10CM\r", "AE", "DG1[1]-3.1"),
        ("MSH|^~\\&|A|B|||x||ADT^A08|M1|P|2.5.1\rPID|1||X\rDG1|1||C71.9^x^I10||soon\r", "AE", "DG1[1]-5"),
        (
            "MSH|^~\\&|A|B|||x||ADT^A08|M1|P|2.5.1\rPID|1||X\rDG1|1||C71.9^x^I10||||||||||||first\r", "AE",
            "DG1[1]-15"
        ),
    ])
    func aMessageThatCannotBeAppliedIsRefusedSayingWhy(text: String, code: String, says: String) throws {
        let message = try HL7Message(parsing: text)
        #expect {
            _ = try ADTUpdate(message, assigningAuthority: "HOSP", payers: PayerSettings())
        } throws: { error in
            guard let refusal = error as? ADTUpdate.Refusal else { return false }
            return refusal.code == code && refusal.text.contains(says)
        }
    }

    @Test func dg1SegmentsAreThePatientsDiagnosesWithTheirSystemDatesTypesAndPriorities() throws {
        let text =
            "MSH|^~\\&|ADT|HOSP|||x||ADT^A04|D1|P|2.5.1\rPID|1||MRN1^^^HOSP^MR\r"
            + "DG1|1||c79.31^Secondary malignant neoplasm of brain^I10||20261101|F|||||||||2\r"
            + "DG1|2||G50.0^Trigeminal neuralgia^ICD10CM||||||||||||1\r"
            + "DG1|3||191.9^Malignant neoplasm of brain^I9\r" + "DG1|4||D32.0\r"
        let update = try ADTUpdate(try HL7Message(parsing: text), assigningAuthority: "HOSP", payers: PayerSettings())
        #expect(
            update.diagnoses == [
                Diagnosis(
                    code: "c79.31", system: "I10", text: "Secondary malignant neoplasm of brain", priority: 2,
                    from: "2026-11-01", type: "F", source: .adt, order: 1),
                Diagnosis(
                    code: "G50.0", system: "ICD10CM", text: "Trigeminal neuralgia", priority: 1, source: .adt, order: 2),
                Diagnosis(code: "191.9", system: "I9", text: "Malignant neoplasm of brain", source: .adt, order: 3),
                Diagnosis(code: "D32.0", system: "I10", source: .adt, order: 4),
            ])
        // The ICD-9 code is kept and shown, never matched.
        #expect(update.diagnoses?.map(\.countsForNecessity) == [true, true, false, true])
        let without = "MSH|^~\\&|ADT|HOSP|||x||ADT^A08|D2|P|2.5.1\rPID|1||MRN1^^^HOSP^MR\r"
        #expect(
            try ADTUpdate(try HL7Message(parsing: without), assigningAuthority: "HOSP", payers: PayerSettings())
                .diagnoses == nil, "a message without DG1 leaves the diagnoses as they are")
    }
}
