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

    /// Everything about session `id` in `store`; nil when there is none.
    public static func load(_ id: String, from store: any GammaLogStore) async throws -> SessionDetail? {
        guard let session = try await store.session(id: id) else { return nil }
        let charge = try await store.charge(id: id)
        let noCharge: String
        switch ChargeRules.decide(session, settings: ChargeSettings()) {
        case .noCharge(let reason): noCharge = "No charge: \(reason.rawValue)."
        case .charge: noCharge = "No charge on file."
        }
        return SessionDetail(
            session: session, reviews: try await store.reviews(ofSession: id), charge: charge,
            history: charge == nil ? [] : try await store.history(ofCharge: id),
            records: try await store.records(forSession: id), noCharge: noCharge)
    }

    /// The session as the API's document: its JSON and its stored records.
    public var document: SessionDocument {
        SessionDocument(
            session: SessionJSON(session: session, chargeID: charge?.id, reviews: reviews), records: records)
    }

    func context(csrf: String, canAct: Bool) -> [String: Any] {
        let json = SessionJSON(session: session, chargeID: charge?.id, reviews: reviews)
        let object = (try? PageRenderer.plain(Charge.encoder().encode(json))) ?? [:]
        let shots = session.shots.map { shot -> [String: Any] in
            [
                "index": shot.index, "sectors": shot.sectors.map(String.init).joined(separator: " "),
                "position": TerminalText.position(shot, separator: ", "),
                "gamma": shot.gammaAngle, "planned": Formats.seconds(shot.plannedMs),
                "delivered": Formats.seconds(shot.deliveredMs),
                "deviation": Formats.deviation(shot.deliveredMs, of: shot.plannedMs).map { $0 + "%" } ?? "",
            ]
        }
        var context: [String: Any] = [
            "s": object, "shots": shots, "csrf": csrf,
            "plannedTotal": Formats.seconds(session.plannedMs),
            "deliveredTotal": Formats.seconds(session.deliveredMs),
            "deviationTotal": Formats.deviation(session.deliveredMs, of: session.plannedMs).map { $0 + "%" } ?? "",
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

}
