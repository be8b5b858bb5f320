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
        let e = HL7Text.escape
        let time = timestamp(now, zone)
        let code = charge.code ?? ""
        let description = descriptions[code] ?? code
        let item: String
        if let chargemaster = charge.chargemasterCode {
            item = "\(e(chargemaster))^\(e(description))^\(e(settings.chargemasterSystem))"
        } else {
            item = e(code)
        }
        let modifiers = charge.modifiers.map { "\(e($0))^^C4" }.joined(separator: "~")
        let patientID = charge.patient.id.map { "\(e($0))^^^\(e(settings.assigningAuthority))^MR" } ?? ""
        let name = "\(e(charge.patient.family ?? ""))^\(e(charge.patient.given ?? ""))"
        let location = HL7Text.composite(settings.location)
        let opened = charge.record.openedAt.map { timestamp($0, zone) } ?? ""
        let posted = timestamp(charge.readyAt ?? now, zone)
        let segments = [
            fields(
                "MSH", "^~\\&", e(settings.sendingApplication), e(settings.sendingFacility),
                e(settings.receivingApplication), e(settings.receivingFacility), time, "", "DFT^P03^DFT_P03",
                e(charge.controlID), e(settings.processingID), "2.5.1"),
            fields("EVN", "P03", time),
            fields("PID", "1", "", patientID, "", name),
            fields("PV1", "1", "O", location),
            fields(
                "FT1", "1", e(charge.id), "", opened, posted, charge.kind == .credit ? "CD" : "CG", item, "", "",
                String(charge.units), "", "", e(settings.department), "", "", location, "", "", "",
                e(charge.record.operatorID ?? ""), "", "", "", "",
                code.isEmpty ? "" : "\(e(code))^\(e(description))^C4",
                modifiers),
        ]
        return segments.joined(separator: "\r") + "\r"
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

    /// A segment from its id and fields, trailing empty fields dropped.
    static func fields(_ id: String, _ values: String...) -> String {
        var values = values
        while values.last == "" { values.removeLast() }
        return ([id] + values).joined(separator: "|")
    }
}
