/// What the rules decided for one closed session.
public struct ChargeDecision: Sendable, Hashable {
    /// Where the charge starts.
    public enum Status: String, Sendable, Hashable {
        case ready
        case held
        case pendingReview = "pending_review"
    }

    /// Why a charge waits for a person.
    public enum HoldReason: String, Sendable, Hashable, CaseIterable {
        case partialDelivery = "partial_delivery"
        case incompleteRecord = "incomplete_record"
        case unsupportedFractionation = "unsupported_fractionation"
        case duplicateServiceDate = "duplicate_service_date"
        case interfaceRejected = "interface_rejected"
        case coverageUnknown = "coverage_unknown"
        case payerUnrecognized = "payer_unrecognized"
        case authorizationMissing = "authorization_missing"
        case diagnosisMissing = "diagnosis_missing"
        case medicalNecessity = "medical_necessity"
    }

    /// Stable id, derived from console serial and session number.
    public var id: String
    /// The status it starts in.
    public var status: Status
    /// CPT/HCPCS code; nil when none can be chosen automatically.
    public var code: String?
    /// Modifiers applied (configured ones only).
    public var modifiers: [String]
    /// Modifiers proposed for a person to confirm; never applied by themselves.
    public var suggestedModifiers: [String]
    /// Units: one per course (77371) or per fraction (77373).
    public var units: Int
    /// Hold reasons; they add up.
    public var holdReasons: [HoldReason]
    /// Service date, the facility's local date the session opened, `YYYY-MM-DD`.
    public var serviceDate: String?
    /// Delivered over planned beam-on time, percent.
    public var deliveredPercent: Double?
    /// Sentences for the charge's notes.
    public var notes: [String]
    /// The coverage it was decided under, when payer checks are on and coverage is on file.
    public var coverage: ChargeCoverage? = nil
    /// The diagnoses on file for its service date, in claim order (diagnoses.md).
    public var diagnoses: [ChargeDiagnosis] = []
    /// How it met its payer's medical-necessity policy; nil when none applies.
    public var medicalNecessity: MedicalNecessity? = nil
}

/// Why a session gets no charge at all.
public enum NoCharge: String, Sendable, Hashable {
    /// QA/phantom or service: logged, never charged.
    case notATreatment = "not_a_treatment"
    /// A treatment closed with no beam-on time: logged as not delivered.
    case notDelivered = "not_delivered"
    /// Still open: the charge is decided when it closes.
    case sessionOpen = "session_open"
}

/// A charge, or the reason there is none.
public enum ChargeOutcome: Sendable, Hashable {
    /// A charge in its starting status.
    case charge(ChargeDecision)
    /// No charge, and why.
    case noCharge(NoCharge)

    /// The charge, if any.
    public var decision: ChargeDecision? {
        if case .charge(let decision) = self { decision } else { nil }
    }
}
