/// Rules P1–P3 of payers.md, added to a treatment's decision: which payer
/// holds a charge carries, the coverage it was decided under and the
/// modifiers the payer asks for. Pure.
public enum PayerRules {
    /// What the payer checks add to a charge.
    public struct Check: Sendable, Hashable {
        /// `coverage_unknown`, `payer_unrecognized`, `authorization_missing`, in that order.
        public var holds: [ChargeDecision.HoldReason]
        /// The coverage the charge carries; nil when none is on file for the date.
        public var coverage: ChargeCoverage?
        /// The payer's modifiers, replacing the facility's; nil keeps the facility's.
        public var modifiers: [String]?
        /// Sentences for the charge's notes.
        public var notes: [String]
    }

    /// The payer holds that can come and go as coverage arrives.
    public static let holdReasons: Set<ChargeDecision.HoldReason> = [
        .coverageUnknown, .payerUnrecognized, .authorizationMissing,
    ]

    /// P1–P3 for a charge of `code` on `day` under `settings`, with the patient's `coverage` on file.
    public static func check(
        code: String?, on day: String?, coverage: PatientCoverage, settings: PayerSettings
    ) -> Check {
        guard let day else {
            return Check(holds: [], coverage: nil, modifiers: nil, notes: [])
        }
        let inForce = coverage.inForce(on: day).map(settings.withCompanyID)
        guard let primary = inForce.first else {
            guard settings.coverageRequired else { return Check(holds: [], coverage: nil, modifiers: nil, notes: []) }
            return Check(
                holds: [.coverageUnknown], coverage: nil, modifiers: nil,
                notes: ["no coverage on file covers \(day)"])
        }
        var holds: [ChargeDecision.HoldReason] = []
        var notes: [String] = []
        let payer = settings.payer(of: primary)
        var carried = ChargeCoverage(
            priority: primary.priority, payer: payer?.id, payerName: payer?.name ?? primary.companyName,
            companyID: primary.companyID, planID: primary.planID, memberID: primary.memberID, authorization: nil,
            all: inForce)
        guard let payer else {
            if settings.unmatched == .hold {
                holds.append(.payerUnrecognized)
                notes.append(
                    "the primary coverage (\(primary.companyID ?? primary.companyName ?? "no company")) matches no configured payer"
                )
            }
            return Check(holds: holds, coverage: carried, modifiers: nil, notes: notes)
        }
        let live = coverage.authorizations.filter { $0.payerID == payer.id }.sorted {
            ($0.validTo, $0.id) < ($1.validTo, $1.id)
        }
        if let code, let used = live.first(where: { $0.covers(code: code, on: day, used: coverage.used[$0.id] ?? 0) }) {
            carried.authorization = ChargeCoverage.Used(
                id: used.id, number: used.number, validFrom: used.validFrom, validTo: used.validTo, source: used.source)
            notes.append("authorization \(used.number) of \(payer.name)")
        } else if payer.priorAuthorization {
            holds.append(.authorizationMissing)
            notes.append(
                "\(payer.name) requires prior authorization and none on file covers \(code ?? "the code") on \(day)")
        }
        if let modifiers = payer.modifiers {
            notes.append(
                "modifiers \(modifiers.isEmpty ? "none" : modifiers.joined(separator: ", ")) by \(payer.name)'s contract"
            )
        }
        return Check(holds: holds, coverage: carried, modifiers: payer.modifiers, notes: notes)
    }
}
