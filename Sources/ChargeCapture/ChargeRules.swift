import ConsoleRecords
import DeliveryLog
import Foundation

/// The decision table of charge-rules.md, from a session to a charge. Pure.
public enum ChargeRules {
    /// A charge already on file, for the duplicate check.
    public struct PriorCharge: Sendable, Hashable {
        /// Its id.
        public var id: String
        /// Patient id.
        public var patientID: String?
        /// Code.
        public var code: String?
        /// Service date.
        public var serviceDate: String?
        /// Voided charges do not count.
        public var voided: Bool

        /// A prior charge.
        public init(id: String, patientID: String?, code: String?, serviceDate: String?, voided: Bool) {
            self.id = id
            self.patientID = patientID
            self.code = code
            self.serviceDate = serviceDate
            self.voided = voided
        }
    }

    /// The decision for `session`, or why there is no charge. A session whose
    /// kind is unknown because its record is incomplete is held, not dropped.
    /// With payer checks configured, `coverage` is what is on file for the patient (rules P1–P3).
    public static func decide(
        _ session: DeliverySession, settings: ChargeSettings, priorCharges: [PriorCharge] = [],
        coverage: PatientCoverage = PatientCoverage()
    ) -> ChargeOutcome {
        guard session.final else { return .noCharge(.sessionOpen) }
        guard session.kind == .treatment || (session.kind == nil && !session.recordComplete) else {
            return .noCharge(.notATreatment)
        }
        // With a gap in the record, no beam-on time seen is not proof that none was delivered.
        guard session.deliveredMs > 0 || !session.recordComplete else { return .noCharge(.notDelivered) }

        var holds: [ChargeDecision.HoldReason] = []
        var suggested: [String] = []
        var notes: [String] = []
        var code: String?
        var units = 1
        switch session.fractionsPlanned {
        case .some(1): code = settings.singleSessionCode
        case .some(2...5): code = settings.fractionatedCode
        case .some(let planned) where planned > 5:
            holds.append(.unsupportedFractionation)
            notes.append("a course of \(planned) fractions is neither single-session SRS nor 2-5 fraction SBRT")
        default:
            units = 1
        }
        var percent: Double?
        if let planned = session.plannedMs, planned > 0 {
            percent = Double(session.deliveredMs) / Double(planned) * 100
        }
        let endedEarly = session.outcome == .endedByOperator || session.outcome == .endedByFault
        if endedEarly {
            holds.append(.partialDelivery)
            suggested.append(session.immobilization == .frame ? "74" : "52")
            notes.append(
                String(
                    format: "ended early (%@): %.1f%% of planned beam-on delivered", session.outcome.rawValue,
                    percent ?? 0))
        }
        if !session.recordComplete || session.outcome == .open || session.fractionsPlanned == nil {
            holds.append(.incompleteRecord)
            notes.append("record incomplete: \(session.gaps.map(\.kind).joined(separator: ", "))")
        }
        let serviceDate = session.openedAt.map { localDate($0, in: settings.timeZone) }
        if let code, let serviceDate, let patient = session.patient.id {
            let duplicate = priorCharges.first {
                !$0.voided && $0.id != session.id && $0.code == code && $0.patientID == patient
                    && $0.serviceDate == serviceDate
            }
            if let duplicate {
                holds.append(.duplicateServiceDate)
                notes.append("\(duplicate.id) already charges \(code) for this patient on \(serviceDate)")
            }
        }
        var modifiers = settings.modifiers
        var carried: ChargeCoverage?
        var diagnoses: [ChargeDiagnosis] = []
        var necessity: MedicalNecessity?
        if let payers = settings.payers {
            let check = PayerRules.check(code: code, on: serviceDate, coverage: coverage, settings: payers)
            holds += check.holds
            notes += check.notes
            carried = check.coverage
            modifiers = check.modifiers(facility: modifiers)
            diagnoses = check.diagnoses
            necessity = check.medicalNecessity
        }
        if !modifiers.isEmpty && modifiers == settings.modifiers {
            notes.append("modifiers \(settings.modifiers.joined(separator: ", ")) added by facility configuration")
        }
        let status: ChargeDecision.Status =
            !holds.isEmpty ? .held : (settings.release == .afterReview ? .pendingReview : .ready)
        return .charge(
            ChargeDecision(
                id: session.id, status: status, code: code, modifiers: code == nil ? [] : modifiers,
                suggestedModifiers: suggested, units: units, holdReasons: holds, serviceDate: serviceDate,
                deliveredPercent: percent, notes: notes, coverage: carried, diagnoses: diagnoses,
                medicalNecessity: necessity))
    }

    /// The charge for `session`, in its starting status, or why there is none.
    /// `logHash` is the last link of the session's stored log.
    public static func charge(
        for session: DeliverySession, settings: ChargeSettings, priorCharges: [PriorCharge] = [],
        coverage: PatientCoverage = PatientCoverage(), logHash: String?, at now: Date
    ) -> (Charge?, NoCharge?) {
        let decision: ChargeDecision
        switch decide(session, settings: settings, priorCharges: priorCharges, coverage: coverage) {
        case .noCharge(let reason): return (nil, reason)
        case .charge(let made): decision = made
        }
        let charge = Charge(
            id: decision.id, kind: .charge, status: Charge.Status(rawValue: decision.status.rawValue) ?? .held,
            code: decision.code, modifiers: decision.modifiers, units: decision.units,
            revenueCode: settings.revenueCode, chargemasterCode: decision.code.flatMap { settings.chargemaster[$0] },
            serviceDate: decision.serviceDate, placeOfService: settings.placeOfService, patient: session.patient,
            console: session.console,
            session: .init(
                number: session.number, fraction: session.fraction, fractionsPlanned: session.fractionsPlanned),
            holdReasons: decision.holdReasons, suggestedModifiers: decision.suggestedModifiers, attempts: 0,
            createdAt: now, updatedAt: now, readyAt: decision.status == .ready ? now : nil, revision: 1,
            hl7Rejections: 0, notes: decision.notes, record: TechnicalRecord(session: session, logHash: logHash),
            coverage: decision.coverage, diagnoses: decision.diagnoses, medicalNecessity: decision.medicalNecessity)
        return (charge, nil)
    }

    /// `date` as the local calendar date in `zone`, `YYYY-MM-DD`.
    public static func localDate(_ date: Date, in zone: TimeZone) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
    }
}
