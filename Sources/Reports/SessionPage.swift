import ChargeCapture
import DeliveryLog
import Foundation
import Store

/// What a session's page and its print report show, already in the words
/// and units people read: times in the facility's zone with the zone named,
/// seconds and deviations from ``Formats``. The templates walk it as it is.
struct SessionPage {
    /// A planned shot against what was delivered.
    struct ShotRow {
        var index: Int
        var sectors: String
        var position: String
        var gamma: Int
        var planned: String
        var delivered: String
        var deviation: String
    }

    /// A beam interruption and its resumption.
    struct InterruptionRow {
        var shot: Int
        var reason: String
        var at: String
        var resumed: String
    }

    /// A physics check that did not pass.
    struct FlagRow {
        var code: String
        var severity: String
        var message: String
        var values: String
    }

    /// A signature or an addendum.
    struct ReviewRow {
        var kind: String
        var by: String
        var at: String
        var note: String
    }

    /// A step in the charge's history.
    struct HistoryRow {
        var at: String
        var by: String
        var action: String
        var to: String
        var reason: String
    }

    /// The session's charge and what the viewer may do with it.
    struct ChargeView {
        var id: String
        var code: String
        var units: Int
        var status: String
        var holds: [String]
        var suggested: [String]
        var modifiers: [String]
        var csrf: String
        var releasable: Bool
        var voidable: Bool
        var history: [HistoryRow]
    }

    var id: String
    var patientID: String?
    var family: String?
    var given: String?
    var plan: String?
    var fraction: Int?
    var fractionsPlanned: Int?
    /// The course page, for a treatment of a known patient.
    var course: String?
    var kind: String
    var outcome: String
    var opened: String
    var closed: String
    var consoleName: String
    var consoleSerial: String
    var consoleModel: String
    var operatorID: String?
    var immobilization: String?
    var recordComplete: Bool
    var csrf: String
    var shots: [ShotRow]
    var plannedTotal: String
    var deliveredTotal: String
    var deviationTotal: String
    var gaps: [RecordGap]
    var hasGaps: Bool
    var interruptions: [InterruptionRow]
    var hasInterruptions: Bool
    var flags: [FlagRow]
    var hasFlags: Bool
    var reviews: [ReviewRow]
    var hasReviews: Bool
    var signable: Bool
    var signLabel: String
    var eventCount: Int
    var events: String
    var noCharge: String
    var timeline: Timeline?
    var charge: ChargeView?
    var flash: String?
    var problem: String?

    /// The page of `detail` at `now`, in `zone`, for a viewer who may act on it or not.
    init(_ detail: SessionDetail, zone: TimeZone, now: Date, csrf: String, canAct: Bool) {
        let session = detail.session
        func time(_ date: Date?) -> String { Formats.time(date, in: zone) }
        id = session.id
        patientID = session.patient.id
        family = session.patient.family
        given = session.patient.given
        plan = session.plan
        fraction = session.fraction
        course = session.kind == .treatment && session.patient.id != nil ? "/ui/courses/\(session.id)" : nil
        fractionsPlanned = session.fractionsPlanned
        kind = session.kind?.rawValue ?? "unknown"
        outcome = session.outcome.rawValue
        opened = time(session.openedAt)
        closed = time(session.closedAt)
        consoleName = session.console.name
        consoleSerial = session.console.serial
        consoleModel = session.console.model
        operatorID = session.operatorID
        immobilization = session.immobilization?.rawValue
        recordComplete = session.recordComplete
        self.csrf = csrf
        shots = session.shots.map { shot in
            ShotRow(
                index: shot.index, sectors: shot.sectors.map(String.init).joined(separator: " "),
                position: TerminalText.position(shot, separator: ", "), gamma: shot.gammaAngle,
                planned: Formats.seconds(shot.plannedMs), delivered: Formats.seconds(shot.deliveredMs),
                deviation: Formats.deviation(shot.deliveredMs, of: shot.plannedMs).map { $0 + "%" } ?? "")
        }
        plannedTotal = Formats.seconds(session.plannedMs)
        deliveredTotal = Formats.seconds(session.deliveredMs)
        deviationTotal = Formats.deviation(session.deliveredMs, of: session.plannedMs).map { $0 + "%" } ?? ""
        gaps = session.gaps
        hasGaps = !session.gaps.isEmpty
        interruptions = session.interruptions.map {
            InterruptionRow(
                shot: $0.shot, reason: $0.reason?.rawValue ?? "code \($0.code)", at: time($0.at),
                resumed: $0.resumedAt.map(time) ?? "never")
        }
        hasInterruptions = !session.interruptions.isEmpty
        flags = session.flags.map { flag in
            FlagRow(
                code: flag.code, severity: flag.severity.rawValue, message: flag.message,
                values: flag.values.sorted { $0.key < $1.key }.map { "\($0.key)=\(String(format: "%.3g", $0.value))" }
                    .joined(separator: " "))
        }
        hasFlags = !session.flags.isEmpty
        reviews = detail.reviews.map { ReviewRow(kind: $0.kind, by: $0.by, at: time($0.at), note: $0.note) }
        hasReviews = !detail.reviews.isEmpty
        signable = canAct && session.final
        signLabel = detail.reviews.isEmpty ? "Sign" : "Sign an addendum"
        eventCount = detail.records.count
        events = detail.records.map { "\($0.id) \($0.kind) \($0.body)" }.joined(separator: "\n")
        noCharge = detail.noCharge
        timeline = Timeline(session, zone: zone)
        charge = detail.charge.map { charge in
            let status = charge.status(at: now)
            return ChargeView(
                id: charge.id, code: charge.code ?? "no code", units: charge.units, status: status.rawValue,
                holds: charge.holdReasons.map(\.rawValue), suggested: charge.suggestedModifiers,
                modifiers: charge.modifiers, csrf: csrf,
                releasable: canAct && (status == .held || status == .pendingReview),
                voidable: canAct && status != .void && charge.creditedBy == nil,
                history: detail.history.map {
                    HistoryRow(
                        at: time($0.at), by: $0.actor, action: $0.action, to: $0.to.rawValue, reason: $0.reason ?? "")
                })
        }
    }
}
