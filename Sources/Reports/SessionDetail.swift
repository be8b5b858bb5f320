import ChargeCapture
import DeliveryLog
import Foundation
import Store

/// Everything a session's page shows: the record, its signatures, its
/// charge and the charge's history, and the raw events.
public struct SessionDetail: Sendable {
    /// The session.
    public var session: DeliverySession
    /// Its signatures, oldest first.
    public var reviews: [SessionReview]
    /// Its charge, if any.
    public var charge: Charge?
    /// The charge's history.
    public var history: [ChargeHistoryEntry]
    /// The stored journal records.
    public var records: [StoredRecord]
    /// Why there is no charge, when there is none.
    public var noCharge: String

    /// A detail.
    public init(
        session: DeliverySession, reviews: [SessionReview], charge: Charge?, history: [ChargeHistoryEntry],
        records: [StoredRecord], noCharge: String
    ) {
        self.session = session
        self.reviews = reviews
        self.charge = charge
        self.history = history
        self.records = records
        self.noCharge = noCharge
    }

    func context(csrf: String, canAct: Bool) -> [String: Any] {
        let json = SessionJSON(session: session, chargeID: charge?.id, reviews: reviews)
        let object = (try? PageRenderer.plain(SessionJSON.encoder.encode(json))) ?? [:]
        let shots = session.shots.map { shot -> [String: Any] in
            [
                "index": shot.index, "sectors": shot.sectors.map(String.init).joined(separator: " "),
                "position": String(
                    format: "%.1f, %.1f, %.1f", Double(shot.xUm) / 1000, Double(shot.yUm) / 1000,
                    Double(shot.zUm) / 1000),
                "gamma": shot.gammaAngle, "planned": Self.seconds(shot.plannedMs),
                "delivered": Self.seconds(shot.deliveredMs),
                "deviation": Self.deviation(shot.deliveredMs, of: shot.plannedMs),
            ]
        }
        var context: [String: Any] = [
            "s": object, "shots": shots, "csrf": csrf,
            "plannedTotal": session.plannedMs.map(Self.seconds) ?? "?",
            "deliveredTotal": Self.seconds(session.deliveredMs),
            "deviationTotal": session.plannedMs.map { Self.deviation(session.deliveredMs, of: $0) } ?? "",
            "gaps": session.gaps.map { ["kind": $0.kind, "detail": $0.detail] }, "has_gaps": !session.gaps.isEmpty,
            "interruptions": session.interruptions.map {
                [
                    "shot": $0.shot, "reason": $0.reason?.rawValue ?? "code \($0.code)", "at": RFC3339.format($0.at),
                    "resumed": $0.resumedAt.map(RFC3339.format) ?? "never",
                ] as [String: Any]
            },
            "has_interruptions": !session.interruptions.isEmpty,
            "flags": session.flags.map {
                [
                    "code": $0.code, "severity": $0.severity.rawValue, "message": $0.message,
                    "values": $0.values.sorted { $0.key < $1.key }.map {
                        "\($0.key)=\(String(format: "%.3g", $0.value))"
                    }
                    .joined(separator: " "),
                ] as [String: Any]
            },
            "has_flags": !session.flags.isEmpty,
            "reviews": reviews.map {
                ["kind": $0.kind, "by": $0.by, "at": RFC3339.format($0.at), "note": $0.note] as [String: Any]
            },
            "has_reviews": !reviews.isEmpty,
            "signable": canAct && session.final, "signLabel": reviews.isEmpty ? "Sign" : "Sign an addendum",
            "eventCount": records.count,
            "events": records.map { "\($0.id) \($0.kind) \($0.body)" }.joined(separator: "\n"),
            "noCharge": noCharge,
        ]
        if let timeline = Timeline.model(session) { context["timeline"] = timeline }
        if let charge {
            let status = charge.status(at: Date())
            context["charge"] =
                [
                    "id": charge.id, "code": charge.code ?? "no code", "units": charge.units, "status": status.rawValue,
                    "holds": charge.holdReasons.map(\.rawValue), "suggested": charge.suggestedModifiers,
                    "modifiers": charge.modifiers, "csrf": csrf,
                    "releasable": canAct && (status == .held || status == .pendingReview),
                    "voidable": canAct && status != .void && charge.creditedBy == nil,
                    "history": history.map {
                        [
                            "at": RFC3339.format($0.at), "by": $0.actor, "action": $0.action, "to": $0.to.rawValue,
                            "reason": $0.reason ?? "",
                        ] as [String: Any]
                    },
                ] as [String: Any]
        }
        return context
    }

    static func seconds(_ ms: Int64) -> String { String(format: "%.1f", Double(ms) / 1000) }

    static func deviation(_ delivered: Int64, of planned: Int64) -> String {
        guard planned > 0 else { return "" }
        return String(format: "%+.2f%%", (Double(delivered) - Double(planned)) / Double(planned) * 100)
    }
}
