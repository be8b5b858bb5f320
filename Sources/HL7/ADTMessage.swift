import ChargeCapture
import Foundation

/// An ADT message carrying a patient's coverage and diagnoses as a hospital's interface engine sends it to the
/// feed of payers.md and diagnoses.md: MSH, EVN, PID, PV1, one DG1 per diagnosis and one IN1 per coverage (the
/// IN1 layout of DFT^P03, plus IN1-15 plan type). The embedded demo's hospital builds these; `ADTUpdate` reads
/// them back.
public struct ADTMessage: Sendable, Hashable {
    /// One IN1: a coverage and the authorization the payer granted under it, if any.
    public struct Insurance: Sendable, Hashable {
        /// The coverage; its `priority` is the IN1 set id.
        public var coverage: Coverage
        /// IN1-14.1, the authorization number; nil = none on file.
        public var authorization: String?
        /// IN1-14.2, the authorization's date, `YYYY-MM-DD`.
        public var authorizedOn: String?
        /// IN1-14.3, who granted it (`OPTUM`, `EVICORE`…).
        public var authorizationSource: String

        /// An IN1 for `coverage`, with `authorization` dated `authorizedOn` when given.
        public init(
            coverage: Coverage, authorization: String? = nil, authorizedOn: String? = nil,
            authorizationSource: String = ""
        ) {
            self.coverage = coverage
            self.authorization = authorization
            self.authorizedOn = authorizedOn
            self.authorizationSource = authorizationSource
        }
    }

    /// `A04`, `A08`… (a coverage event of `ADTUpdate.coverageEvents`).
    public var event: String
    /// MSH-10.
    public var controlID: String
    /// PID-3.1, the id the console knows the patient by.
    public var patient: String
    /// PID-3.4.
    public var assigningAuthority: String
    /// The patient's whole coverage, in priority order.
    public var insurances: [Insurance]
    /// The patient's diagnoses, primary first (DG1-15 is the order); none sends no DG1.
    public var diagnoses: [Diagnosis] = []
    /// MSH-3.
    public var sendingApplication = "ADT"
    /// MSH-4.
    public var sendingFacility = "HOSPITAL"

    /// A message of `event` for `patient` with `insurances`.
    public init(
        event: String, controlID: String, patient: String, assigningAuthority: String, insurances: [Insurance]
    ) {
        self.event = event
        self.controlID = controlID
        self.patient = patient
        self.assigningAuthority = assigningAuthority
        self.insurances = insurances
    }

    /// The message as segments, sent at `time` (MSH-7, EVN-2 in `zone`).
    public func message(at time: Date, zone: TimeZone) -> HL7Message {
        let stamp = HL7Field(DFTMessage.timestamp(time, zone))
        var segments = [
            HL7Segment(
                "MSH",
                [
                    "|", "^~\\&", HL7Field(sendingApplication), HL7Field(sendingFacility), "GAMMALOG", .empty, stamp,
                    .empty, HL7Field(components: ["ADT", event, "ADT_A01"]), HL7Field(controlID), "P", "2.5.1",
                ]),
            HL7Segment("EVN", [HL7Field(event), stamp]),
            HL7Segment(
                "PID", ["1", .empty, HL7Field(components: [patient, "", "", assigningAuthority, "MR"])]),
            HL7Segment("PV1", ["1", "O"]),
        ]
        for (index, diagnosis) in diagnoses.enumerated() {
            var dg1 = [HL7Field](repeating: .empty, count: 15)
            dg1[0] = HL7Field(String(index + 1))
            dg1[2] = HL7Field(components: [diagnosis.code, diagnosis.text ?? "", diagnosis.system])
            dg1[5] = HL7Field(diagnosis.type ?? "F")
            dg1[14] = HL7Field(String(index + 1))
            segments.append(HL7Segment("DG1", dg1))
        }
        for insurance in insurances {
            let authorization = insurance.authorization.map {
                HL7Field(
                    components: [
                        $0, insurance.authorizedOn.map(ServiceDay.toHL7) ?? "", insurance.authorizationSource,
                    ])
            }
            var in1 = HL7Segment.insurance(
                insurance.coverage, setID: insurance.coverage.priority, authorization: authorization)
            in1.fields[14] = HL7Field(insurance.coverage.planType ?? "")
            segments.append(in1)
        }
        return HL7Message(segments)
    }
}
