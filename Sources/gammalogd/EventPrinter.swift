import Console
import Foundation

/// One line of text per journal record, for the console output of the demo.
/// Patient ids and names are masked unless asked for.
struct EventPrinter: Sendable {
    var showPatients: Bool

    func line(for record: JournalRecord) -> String {
        switch record {
        case .event(let event):
            var text = "\(Self.time(event.time)) #\(event.seq) \(event.kind?.rawValue ?? "type \(event.typeCode)")"
            if event.session != 0 { text += " session \(event.session)" }
            if event.shot != 0 {
                text += " shot \(event.shot) \(event.shotDeliveredMs / 1000)/\(event.shotPlannedMs / 1000) s"
                text += " sectors \(event.sectors.map(String.init).joined(separator: ","))"
            }
            if let reason = event.reason { text += " reason \(reason.rawValue)" }
            if event.kind == .fault || event.kind == .faultCleared { text += " code \(event.code)" }
            if !event.anomalies.isEmpty { text += " ANOMALY \(event.anomalies.joined(separator: ","))" }
            return text
        case .gap(let gap):
            return
                "GAP \(gap.kind.rawValue) boot \(gap.bootID) seq \(gap.firstSeq.map(String.init) ?? "?")-\(gap.lastSeq.map(String.init) ?? "?"): \(gap.detail)"
        case .session(let snapshot):
            let patient =
                showPatients ? "\(snapshot.patientID ?? "-") \(snapshot.patientFamilyName ?? "")" : "patient ***"
            return
                "session \(snapshot.number) \(snapshot.kind?.rawValue ?? "?") \(patient) plan \(snapshot.plan ?? "-")"
                + " \(snapshot.outcome?.rawValue ?? "?") shots \(snapshot.shotsCompleted)/\(snapshot.shotsPlanned)"
                + " beam-on \(snapshot.deliveredMs / 1000)/\(snapshot.plannedMs / 1000) s"
        case .identity(let identity):
            return
                "console \(identity.serial) \(identity.model) firmware \(identity.firmware), boot \(identity.bootID),"
                + " \(identity.sourceCount) sources, \(identity.referenceDoseRate) mGy/min reference"
        }
    }

    static func time(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }
}
