import ChargeCapture
import Foundation

/// Billing's worklist: the held charges grouped by reason and payer, each with what would release it, and a
/// form for what is missing: an authorization, a diagnosis, an ABN.
struct WorklistPage {
    /// One group: a hold reason and a payer.
    struct Group {
        var reason: String
        var payer: String
        var rows: [Row]
    }

    /// A held charge.
    struct Row {
        var id: String
        var session: String
        var patient: String
        var serviceDate: String
        var code: String
        var holds: [String]
        var release: String
        var needsAuthorization: Bool
        /// Held for a missing or uncovered diagnosis: a coder may enter one here.
        var needsDiagnosis: Bool
        /// Held for medical necessity: billing may enter the ABN the patient signed.
        var needsABN: Bool
        var payerID: String
        var csrf: String
    }

    var groups: [Group]
    var empty: Bool
    var flash: String?
    var problem: String?
    /// The month's denial risk, under the held charges.
    var risk: DenialRiskPage?

    /// The worklist of `held` charges.
    init(_ held: [Charge], csrf: String) {
        var groups: [String: Group] = [:]
        var order: [String] = []
        for charge in held {
            let reason = charge.holdReasons.first?.rawValue ?? "held"
            let payer = charge.coverage?.payerName ?? charge.coverage?.payer ?? "no coverage on file"
            let key = reason + "|" + payer
            if groups[key] == nil {
                groups[key] = Group(reason: reason, payer: payer, rows: [])
                order.append(key)
            }
            groups[key]?.rows.append(
                Row(
                    id: charge.id, session: charge.sessionID, patient: charge.patient.id ?? "unknown",
                    serviceDate: charge.serviceDate ?? "-", code: charge.code ?? "no code",
                    holds: charge.holdReasons.map(\.rawValue),
                    release: charge.holdReasons.map { Self.release($0, charge) }.joined(separator: "; "),
                    needsAuthorization: charge.holdReasons.contains(.authorizationMissing) && charge.patient.id != nil,
                    needsDiagnosis: !Set(charge.holdReasons).isDisjoint(with: [.diagnosisMissing, .medicalNecessity])
                        && charge.patient.id != nil,
                    needsABN: charge.holdReasons.contains(.medicalNecessity) && charge.patient.id != nil,
                    payerID: charge.coverage?.payer ?? "", csrf: csrf))
        }
        self.groups = order.sorted().compactMap { groups[$0] }
        empty = held.isEmpty
    }

    /// What would release a charge held for `reason`.
    static func release(_ reason: ChargeDecision.HoldReason, _ charge: Charge) -> String {
        let day = charge.serviceDate ?? "the service date"
        let payer = charge.coverage?.payerName ?? "the payer"
        switch reason {
        case .authorizationMissing:
            return
                "an authorization from \(payer) covering \(day) and \(charge.code ?? "the code") (ADT IN1-14 or below)"
        case .coverageUnknown: return "coverage for \(day), from the ADT feed or entered through the API"
        case .payerUnrecognized:
            return "a payer entry matching the coverage's company, or coverage entered with a payer"
        case .partialDelivery: return "a physicist's or billing's release with a reason (modifier suggested)"
        case .incompleteRecord: return "a review of the delivery record, then a release with a reason"
        case .unsupportedFractionation: return "a release with a code chosen by a person"
        case .duplicateServiceDate: return "voiding one of the two charges of the day"
        case .interfaceRejected: return "fixing what the interface engine refused, then a release"
        case .diagnosisMissing:
            return "a diagnosis applying on \(day), from the ADT feed (DG1) or entered by a coder"
        case .medicalNecessity:
            let policy = charge.medicalNecessity?.policy ?? "the payer's policy"
            return "a diagnosis \(policy) covers, an ABN signed for \(payer) before \(day) (GA), or a coder's "
                + "release (GZ)"
        }
    }
}
