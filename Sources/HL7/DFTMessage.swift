import ChargeCapture
import Foundation

/// A DFT^P03 message for one charge or credit, per billing-interfaces.md §2.
public enum DFTMessage {
    /// Descriptions of the codes the daemon bills.
    public static let descriptions = [
        "77371": "SRS COMPLETE COURSE 1 SESSION MULTI-SOURCE CO-60",
        "77373": "SBRT DELIVERY PER FRACTION",
    ]

    /// The message for `charge`, stamped `now`, with times in the facility's `zone`.
    /// Segments end in carriage returns.
    public static func build(_ charge: Charge, settings: HL7Settings, at now: Date, zone: TimeZone) -> String {
        message(charge, settings: settings, at: now, zone: zone).encoded
    }

    /// The message for `charge` as segments: MSH, EVN, PID, PV1, FT1, one DG1 per diagnosis, then one IN1 per
    /// coverage of the service date.
    public static func message(_ charge: Charge, settings: HL7Settings, at now: Date, zone: TimeZone) -> HL7Message {
        let time = timestamp(now, zone)
        let code = charge.code ?? ""
        let description = descriptions[code] ?? code
        let item: HL7Field =
            charge.chargemasterCode.map { HL7Field(components: [$0, description, settings.chargemasterSystem]) }
            ?? HL7Field(code)
        let modifiers = HL7Field(repetitions: charge.modifiers.map { [[$0], [""], ["C4"]] })
        let patientID = charge.patient.id.map {
            HL7Field(components: [$0, "", "", settings.assigningAuthority, "MR"])
        }
        let location = HL7Field(components: settings.location.components(separatedBy: "^"))
        let opened = charge.record.openedAt.map { timestamp($0, zone) } ?? ""
        let posted = timestamp(charge.readyAt ?? now, zone)
        var ft1 = [HL7Field](repeating: .empty, count: 26)
        func set(_ number: Int, _ field: HL7Field) { ft1[number - 1] = field }
        set(1, "1")
        set(2, HL7Field(charge.id))
        set(4, HL7Field(opened))
        set(5, HL7Field(posted))
        set(6, charge.kind == .credit ? "CD" : "CG")
        set(7, item)
        set(10, HL7Field(String(charge.units)))
        set(13, HL7Field(settings.department))
        set(14, HL7Field(charge.coverage?.planID ?? ""))
        set(16, location)
        // diagnoses.md: the charge's diagnosis codes in claim order.
        set(19, HL7Field(repetitions: charge.diagnoses.map { [[$0.code], [$0.text ?? ""], [$0.system]] }))
        set(20, HL7Field(charge.record.operatorID ?? ""))
        set(25, code.isEmpty ? .empty : HL7Field(components: [code, description, "C4"]))
        set(26, modifiers)
        var segments = [
            HL7Segment(
                "MSH",
                [
                    "|", "^~\\&", HL7Field(settings.sendingApplication), HL7Field(settings.sendingFacility),
                    HL7Field(settings.receivingApplication), HL7Field(settings.receivingFacility), HL7Field(time),
                    .empty,
                    HL7Field(components: ["DFT", "P03", "DFT_P03"]), HL7Field(charge.controlID),
                    HL7Field(settings.processingID), "2.5.1",
                ]),
            HL7Segment("EVN", ["P03", HL7Field(time)]),
            HL7Segment(
                "PID",
                [
                    "1", .empty, patientID ?? .empty, .empty,
                    HL7Field(components: [charge.patient.family ?? "", charge.patient.given ?? ""]),
                ]),
            HL7Segment("PV1", ["1", "O", location]),
            HL7Segment("FT1", ft1),
        ]
        // DFT_P03 places DG1 after the financial transactions and before the insurance.
        for diagnosis in charge.diagnoses { segments.append(Self.diagnosis(diagnosis)) }
        for (index, coverage) in (charge.coverage?.all ?? []).enumerated() {
            segments.append(insurance(coverage, setID: index + 1, used: charge.coverage))
        }
        return HL7Message(segments)
    }

    /// DG1 for one of the charge's diagnoses: 1 set id (its rank), 3 the code as FT1-19 sends it, 6 its type
    /// (`F` when none was given), 15 its priority.
    static func diagnosis(_ diagnosis: ChargeDiagnosis) -> HL7Segment {
        var fields = [HL7Field](repeating: .empty, count: 15)
        fields[0] = HL7Field(String(diagnosis.priority))
        fields[2] = HL7Field(components: [diagnosis.code, diagnosis.text ?? "", diagnosis.system])
        fields[5] = HL7Field(diagnosis.type ?? "F")
        fields[14] = HL7Field(String(diagnosis.priority))
        return HL7Segment("DG1", fields)
    }

    /// IN1 for `coverage`; the authorization the charge used goes on the coverage it was decided under.
    static func insurance(_ coverage: Coverage, setID: Int, used: ChargeCoverage?) -> HL7Segment {
        let decidedUnder = used.flatMap { $0.priority == coverage.priority ? $0 : nil }
        let authorization = decidedUnder?.authorization.map {
            HL7Field(components: [$0.number, ServiceDay.toHL7($0.validFrom), $0.source.rawValue])
        }
        return HL7Segment.insurance(
            coverage, setID: setID, companyName: decidedUnder?.payerName, authorization: authorization)
    }

    /// `date` as `YYYYMMDDHHMMSS` local time in `zone`.
    public static func timestamp(_ date: Date, _ zone: TimeZone) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let p = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return String(
            format: "%04d%02d%02d%02d%02d%02d", p.year ?? 0, p.month ?? 0, p.day ?? 0, p.hour ?? 0, p.minute ?? 0,
            p.second ?? 0)
    }
}
