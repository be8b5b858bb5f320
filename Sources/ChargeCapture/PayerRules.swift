/// Rules P1–P3 of payers.md and P4–P5 of diagnoses.md, added to a treatment's decision: which payer holds a
/// charge carries, the coverage and diagnoses it was decided under, how it met medical necessity, and the
/// modifiers the payer asks for. Pure.
public enum PayerRules {
    /// What the payer checks add to a charge.
    public struct Check: Sendable, Hashable {
        /// `coverage_unknown`, `payer_unrecognized`, `authorization_missing`, `diagnosis_missing`,
        /// `medical_necessity`, in that order.
        public var holds: [ChargeDecision.HoldReason]
        /// The coverage the charge carries; nil when none is on file for the date.
        public var coverage: ChargeCoverage?
        /// The payer's modifiers, replacing the facility's; nil keeps the facility's.
        public var modifiers: [String]?
        /// Sentences for the charge's notes.
        public var notes: [String]
        /// The diagnoses on file for the service date, in claim order.
        public var diagnoses: [ChargeDiagnosis] = []
        /// How the charge met its payer's policy; nil when the payer has none.
        public var medicalNecessity: MedicalNecessity? = nil
        /// Modifiers added after the payer's (or the facility's): `GA` when an ABN let it go out.
        public var addedModifiers: [String] = []

        /// The modifiers a charge of a code goes out with, given the facility's.
        public func modifiers(facility: [String]) -> [String] { (modifiers ?? facility) + addedModifiers }
    }

    /// The payer holds that can come and go as coverage arrives.
    public static let holdReasons: Set<ChargeDecision.HoldReason> = [
        .coverageUnknown, .payerUnrecognized, .authorizationMissing, .diagnosisMissing, .medicalNecessity,
    ]

    /// P1–P5 for a charge of `code` on `day` under `settings`, with the patient's `coverage` (and diagnoses and
    /// ABNs) on file.
    public static func check(
        code: String?, on day: String?, coverage: PatientCoverage, settings: PayerSettings
    ) -> Check {
        guard let day else {
            return Check(holds: [], coverage: nil, modifiers: nil, notes: [])
        }
        var check = payerCheck(code: code, on: day, coverage: coverage, settings: settings)
        let diagnoses = coverage.diagnoses(on: day)
        check.diagnoses = diagnoses.enumerated().map { ChargeDiagnosis($0.element, rank: $0.offset + 1) }
        // P4
        if settings.diagnosisRequired, diagnoses.isEmpty {
            check.holds.append(.diagnosisMissing)
            check.notes.append("no diagnosis on file applies on \(day)")
        }
        // P5: under the primary payer's policy, once a diagnosis is on file.
        guard let payer = check.coverage?.payer.flatMap({ id in settings.payers.first { $0.id == id } }),
            let policy = payer.policy, !diagnoses.isEmpty
        else { return check }
        if let covered = policy.firstCovered(diagnoses) {
            check.medicalNecessity = MedicalNecessity(policy: policy.name, coveredBy: covered.code)
            check.notes.append("\(covered.code) is covered under \(payer.name)'s \(policy.name)")
            return check
        }
        let abn =
            payer.abn
            ? coverage.abns.filter { $0.payerID == payer.id && $0.covers(code: code, on: day) }.min {
                ($0.validTo, $0.id) < ($1.validTo, $1.id)
            } : nil
        if let abn {
            check.medicalNecessity = MedicalNecessity(policy: policy.name, abn: .init(abn))
            check.addedModifiers = ["GA"]
            check.notes.append(
                "no diagnosis on file is covered under \(payer.name)'s \(policy.name); ABN \(abn.id) signed "
                    + "\(abn.signed): modifier GA")
        } else {
            check.medicalNecessity = MedicalNecessity(policy: policy.name)
            check.holds.append(.medicalNecessity)
            let codes = diagnoses.map(\.code).joined(separator: ", ")
            check.notes.append(
                "no diagnosis on file (\(codes)) is covered under \(payer.name)'s \(policy.name)"
                    + (payer.abn ? " and no ABN on file covers \(code ?? "the code") on \(day)" : ""))
        }
        return check
    }

    /// P1–P3 on `day`.
    static func payerCheck(code: String?, on day: String, coverage: PatientCoverage, settings: PayerSettings)
        -> Check
    {
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
